"""Corrected values of a signed visit: addressing a recorded value and applying corrections.

A signed visit is never changed; an amendment may carry :class:`ValueCorrection` entries, each
naming one recorded value by a *field path* and keeping the value it replaces. The corrected
view of a visit is computed here and only here (:func:`apply_corrections`): the visit with each
corrected value in place and a :class:`CorrectionMark` per corrected field, so every timeline,
chart and document reads the same corrected values and can mark them.

Field paths (``/`` separates parts; body-region ids contain dots):

- ``nprs/now``, ``nprs/best``, ``nprs/worst``: NPRS 0-10 (None: not recorded)
- ``pain_marks/<region id>/intensity`` or ``/symptom``: a marked region on the body diagram
- ``tests/<test id>/<side>/values/<field id>``: a typed result field of a recorded test
- ``tests/<test id>/<side>/<attribute>``: ``variant``, ``note``, ``not_tested_reason`` or
  ``symptom_provoked``
- ``outcomes/<instrument>/items/<n>``: answer ``n`` (from 1) of a questionnaire;
  ``outcomes/psfs/labels/<n>``: the name of PSFS activity ``n``
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from glutedesk.domain.correction_models import CorrectionMark, ValueCorrection
from glutedesk.domain.models import (
    OutcomeScore,
    PainMark,
    Side,
    SymptomType,
    TestResult,
    Visit,
)

__all__ = [
    "CorrectionError",
    "CorrectionMark",
    "ValueCorrection",
    "apply_corrections",
    "group_of",
    "nprs_path",
    "outcome_item_path",
    "pain_path",
    "result_path",
    "result_value_path",
    "value_at",
    "with_value",
]

NPRS_FIELDS = ("now", "best", "worst")
PAIN_FIELDS = ("intensity", "symptom")
TEST_ATTRIBUTES = ("variant", "note", "not_tested_reason", "symptom_provoked")
OUTCOME_PARTS = ("items", "labels")
GROUPS = ("nprs", "pain_marks", "tests", "outcomes")


class CorrectionError(ValueError):
    """A correction names no recorded value, or cannot be applied; the message says why."""


def nprs_path(which: str) -> str:
    """The path of NPRS ``now``, ``best`` or ``worst``."""
    return f"nprs/{which}"


def pain_path(region_id: str, attribute: str = "intensity") -> str:
    """The path of a pain mark's ``intensity`` or ``symptom``."""
    return f"pain_marks/{region_id}/{attribute}"


def result_value_path(test_id: str, side: Side | str, field_id: str) -> str:
    """The path of one typed result field (``grade``, ``dynamometer`` …) of a test result."""
    return f"tests/{test_id}/{Side(side).value}/values/{field_id}"


def result_path(test_id: str, side: Side | str, attribute: str) -> str:
    """The path of a test result's ``variant``, ``note``, ``not_tested_reason`` or
    ``symptom_provoked``."""
    return f"tests/{test_id}/{Side(side).value}/{attribute}"


def outcome_item_path(instrument: str, number: int, part: str = "items") -> str:
    """The path of answer ``number`` (from 1) of a questionnaire (or a PSFS activity name)."""
    return f"outcomes/{instrument}/{part}/{number}"


def group_of(path: str) -> str:
    """The part of the visit a path belongs to: ``nprs``, ``pain_marks``, ``tests`` or
    ``outcomes``."""
    group = path.split("/", 1)[0]
    if group not in GROUPS:
        raise CorrectionError(f"{path!r} is not a recorded value that can be corrected")
    return group


def _parts(path: str, group: str, count: int) -> list[str]:
    parts = path.split("/")
    if len(parts) != count or not all(parts):
        raise CorrectionError(f"{path!r} is not a recorded value that can be corrected")
    return parts


def _test(visit: Visit, path: str) -> tuple[int, TestResult, list[str]]:
    parts = path.split("/")
    if len(parts) not in (4, 5) or not all(parts):
        raise CorrectionError(f"{path!r} is not a recorded value that can be corrected")
    _, test_id, side, *rest = parts
    if (len(rest) == 2 and rest[0] != "values") or (
        len(rest) == 1 and rest[0] not in TEST_ATTRIBUTES
    ):
        raise CorrectionError(f"{path!r} is not a recorded value that can be corrected")
    for i, result in enumerate(visit.test_results):
        if result.test_id == test_id and str(result.side) == side:
            return i, result, rest
    raise CorrectionError(f"No {test_id} result for side {side} was recorded at this visit")


def _pain(visit: Visit, path: str) -> tuple[int, PainMark, str]:
    _, region_id, attribute = _parts(path, "pain_marks", 3)
    if attribute not in PAIN_FIELDS:
        raise CorrectionError(f"{path!r} is not a recorded value that can be corrected")
    for i, mark in enumerate(visit.pain_marks):
        if mark.region_id == region_id:
            return i, mark, attribute
    raise CorrectionError(f"No pain was marked on {region_id} at this visit")


def _outcome(visit: Visit, path: str) -> tuple[int, OutcomeScore, str, int]:
    _, instrument, part, number = _parts(path, "outcomes", 4)
    if part not in OUTCOME_PARTS or not number.isdigit():
        raise CorrectionError(f"{path!r} is not a recorded value that can be corrected")
    for i, score in enumerate(visit.outcome_scores):
        if score.instrument == instrument:
            values = score.items if part == "items" else score.labels
            if not 1 <= int(number) <= len(values):
                raise CorrectionError(
                    f"{instrument.upper()} has no {part[:-1]} {number} at this visit"
                )
            return i, score, part, int(number) - 1
    raise CorrectionError(f"No {instrument.upper()} was recorded at this visit")


def value_at(visit: Visit, path: str) -> Any:
    """Return the value recorded at ``path`` as plain JSON (None: not recorded).

    Raises :class:`CorrectionError` when the path names nothing recorded at the visit (a test
    or questionnaire not done, a region not marked, an unknown field).
    """
    group = group_of(path)
    if group == "nprs":
        which = _parts(path, group, 2)[1]
        if which not in NPRS_FIELDS:
            raise CorrectionError(f"{path!r} is not a recorded value that can be corrected")
        return getattr(visit.nprs, which)
    if group == "pain_marks":
        _, mark, attribute = _pain(visit, path)
        value = getattr(mark, attribute)
        return str(value) if attribute == "symptom" else value
    if group == "tests":
        _, result, rest = _test(visit, path)
        return result.values.get(rest[1]) if len(rest) == 2 else getattr(result, rest[0])
    _, score, part, index = _outcome(visit, path)
    return (score.items if part == "items" else score.labels)[index]


def with_value(visit: Visit, path: str, value: Any) -> Visit:
    """Return ``visit`` with the value at ``path`` replaced by ``value`` (a new Visit).

    None removes a test's result field (not recorded). Raises :class:`CorrectionError` as
    :func:`value_at` does, or when ``value`` cannot stand where it would go.
    """
    value_at(visit, path)  # the path must name a recorded value
    group = group_of(path)
    if group == "nprs":
        return replace(visit, nprs=replace(visit.nprs, **{path.split("/")[1]: value}))
    if group == "pain_marks":
        i, mark, attribute = _pain(visit, path)
        if attribute == "symptom":
            try:
                value = SymptomType(value)
            except ValueError:
                raise CorrectionError(f"{value!r} is not a kind of symptom") from None
        marks = list(visit.pain_marks)
        marks[i] = replace(mark, **{attribute: value})
        return replace(visit, pain_marks=tuple(marks))
    if group == "tests":
        i, result, rest = _test(visit, path)
        if len(rest) == 2:
            values = {k: v for k, v in result.values.items() if k != rest[1]}
            if value is not None:
                values[rest[1]] = value
            changed = replace(result, values=values)
        else:
            changed = replace(result, **{rest[0]: value})
        results = list(visit.test_results)
        results[i] = changed
        return replace(visit, test_results=tuple(results))
    i, score, part, index = _outcome(visit, path)
    if part == "items":
        items = list(score.items)
        items[index] = value
        changed_score = replace(score, items=tuple(items))
    else:
        labels = list(score.labels)
        labels[index] = value
        changed_score = replace(score, labels=tuple(labels))
    scores = list(visit.outcome_scores)
    scores[i] = changed_score
    return replace(visit, outcome_scores=tuple(scores))


def apply_corrections(visit: Visit, marks: Iterable[CorrectionMark]) -> Visit:
    """Return the corrected view of ``visit``: every correction applied, oldest first.

    The result carries one :class:`CorrectionMark` per corrected field in ``corrections``:
    the latest correction's author, time and reason, and the value *as originally recorded*
    as ``old_value``. A value corrected back to its original is still marked (it was
    corrected). ``visit`` itself is not changed; with no marks it is returned as it is.
    """
    ordered = sorted(marks, key=lambda m: m.corrected_at)
    if not ordered:
        return visit
    corrected = visit
    latest: dict[str, CorrectionMark] = {}
    for mark in ordered:
        corrected = with_value(corrected, mark.field, mark.new_value)
        first = latest.get(mark.field)
        original = mark.old_value if first is None else first.old_value
        latest[mark.field] = replace(mark, old_value=original)
    return replace(corrected, corrections=tuple(latest.values()))


def marks_from(
    corrections: Iterable[ValueCorrection], corrected_at: Any, author: str, reason: str
) -> list[CorrectionMark]:
    """Return the marks of one amendment's corrections (its time, author and reason)."""
    return [
        CorrectionMark(c.field, c.old_value, c.new_value, corrected_at, author, reason)
        for c in corrections
    ]


def plain(visit: Visit) -> Visit:
    """Return ``visit`` without correction marks (for validating or saving the values)."""
    return replace(visit, corrections=()) if visit.corrections else visit


def marks_under(visit: Visit, *prefixes: str) -> tuple[CorrectionMark, ...]:
    """Return the visit's correction marks at or below any of ``prefixes`` (paths or their
    leading parts, e.g. ``tests/oxford_glute_max/left`` or ``outcomes/psfs``)."""
    return tuple(
        m
        for m in visit.corrections
        if any(m.field == p or m.field.startswith(p.rstrip("/") + "/") for p in prefixes)
    )
