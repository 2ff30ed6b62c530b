"""What a therapist may correct in a signed visit, in words, and whether a correction holds.

The amend dialog lists :func:`correctable_values`, reads a typed value with
:func:`parse_value`, and refuses what :func:`correction_problems` returns; the importer runs the
same check. A correction must pass the same save gate as the editor
(:func:`glutedesk.domain.record_rules.check_visit`): any error the corrected visit has that the
original had not is a refusal, in the editor's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from glutedesk.domain.catalogue import Catalogue, FieldType, TestDefinition
from glutedesk.domain.corrections import (
    NPRS_FIELDS,
    CorrectionError,
    ValueCorrection,
    group_of,
    nprs_path,
    outcome_item_path,
    pain_path,
    plain,
    result_path,
    result_value_path,
    value_at,
    with_value,
)
from glutedesk.domain.grades import normalise_grade
from glutedesk.domain.models import SymptomType, Visit
from glutedesk.domain.record_rules import _default_context, check_visit
from glutedesk.domain.regions import RegionManifest

NOT_RECORDED = "not recorded"
_SYMPTOM_WORDS = {s.value: s.value.replace("_", " ") for s in SymptomType}
_INSTRUMENT_NAMES = {"odi": "ODI", "rmdq": "RMDQ", "psfs": "PSFS", "startback": "STarT Back"}
_ATTRIBUTE_LABELS = {
    "variant": "variant",
    "note": "note",
    "not_tested_reason": "reason not tested",
    "symptom_provoked": "symptom provoked",
}


@dataclass(frozen=True)
class Correctable:
    """One recorded value the amend dialog offers: its path, its name, and its choices.

    ``choices`` lists (stored value, label) when the value is one of a fixed set (an Oxford
    grade, a choice, yes/no, a symptom); it is empty for a typed number or text.
    """

    path: str
    label: str
    kind: str  # "integer", "number", "text", "choice", "boolean", "oxford"
    choices: tuple[tuple[Any, str], ...] = ()


def _context(
    catalogue: Catalogue | None, regions: RegionManifest | None
) -> tuple[Catalogue, RegionManifest]:
    default_catalogue, default_regions = _default_context()
    return catalogue or default_catalogue, regions or default_regions


def _test_entries(visit: Visit, catalogue: Catalogue) -> list[Correctable]:
    out: list[Correctable] = []
    known = {t.id: t for t in catalogue.tests}
    for result in visit.test_results:
        test = known.get(result.test_id)
        where = f"{test.name if test else result.test_id}, {result.side}"
        if test is not None and result.tested:
            for f in test.fields:
                out.append(
                    Correctable(
                        result_value_path(result.test_id, result.side, f.id),
                        f"{where}: {f.label}",
                        *_field_kind(test, f.id),
                    )
                )
        out.append(
            Correctable(result_path(result.test_id, result.side, "note"), f"{where}: note", "text")
        )
    return out


def _field_kind(test: TestDefinition, field_id: str) -> tuple[str, tuple[tuple[Any, str], ...]]:
    f = test.field(field_id)
    if f.type is FieldType.OXFORD:
        from glutedesk.domain.grades import OXFORD_GRADES

        return "oxford", tuple((g, g) for g in OXFORD_GRADES)
    if f.type is FieldType.CHOICE:
        return "choice", tuple((o.id, o.label) for o in f.options)
    if f.type is FieldType.BOOLEAN:
        return "boolean", ((True, "yes"), (False, "no"))
    if f.type in (FieldType.INTEGER, FieldType.NUMBER):
        return str(f.type), ()
    return "text", ()


def correctable_values(
    visit: Visit, catalogue: Catalogue | None = None, regions: RegionManifest | None = None
) -> list[Correctable]:
    """Return every recorded value of ``visit`` a correction may change, in record order."""
    catalogue, regions = _context(catalogue, regions)
    out = [
        Correctable(nprs_path(which), f"Pain (NPRS) {which}", "integer") for which in NPRS_FIELDS
    ]
    for mark in visit.pain_marks:
        name = _region_label(regions, mark.region_id)
        out.append(Correctable(pain_path(mark.region_id), f"Pain map, {name}: rating", "integer"))
        out.append(
            Correctable(
                pain_path(mark.region_id, "symptom"),
                f"Pain map, {name}: symptom",
                "choice",
                tuple(_SYMPTOM_WORDS.items()),
            )
        )
    out.extend(_test_entries(visit, catalogue))
    for score in visit.outcome_scores:
        name = _INSTRUMENT_NAMES.get(score.instrument, str(score.instrument))
        for n in range(1, len(score.items) + 1):
            out.append(
                Correctable(outcome_item_path(score.instrument, n), f"{name} answer {n}", "number")
            )
        for n in range(1, len(score.labels) + 1):
            out.append(
                Correctable(
                    outcome_item_path(score.instrument, n, "labels"),
                    f"{name} activity {n} (name)",
                    "text",
                )
            )
    return out


def _region_label(regions: RegionManifest, region_id: str) -> str:
    try:
        return regions.get(region_id).label
    except KeyError:
        return region_id


def describe(
    path: str, catalogue: Catalogue | None = None, regions: RegionManifest | None = None
) -> str:
    """Return the name of the value at ``path`` in words (the path itself if unknown)."""
    catalogue, regions = _context(catalogue, regions)
    parts = path.split("/")
    group = parts[0]
    if group == "nprs" and len(parts) == 2:
        return f"Pain (NPRS) {parts[1]}"
    if group == "pain_marks" and len(parts) == 3:
        what = "rating" if parts[2] == "intensity" else parts[2]
        return f"Pain map, {_region_label(regions, parts[1])}: {what}"
    if group == "tests" and len(parts) in (4, 5):
        test = next((t for t in catalogue.tests if t.id == parts[1]), None)
        where = f"{test.name if test else parts[1]}, {parts[2]}"
        if len(parts) == 5:
            label = parts[4]
            if test is not None:
                label = next((f.label for f in test.fields if f.id == parts[4]), label)
            return f"{where}: {label}"
        return f"{where}: {_ATTRIBUTE_LABELS.get(parts[3], parts[3])}"
    if group == "outcomes" and len(parts) == 4:
        name = _INSTRUMENT_NAMES.get(parts[1], parts[1])
        return f"{name} {'answer' if parts[2] == 'items' else 'activity name'} {parts[3]}"
    return path


def format_value(value: Any) -> str:
    """Return a recorded value as a reader sees it (None: "not recorded")."""
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    if isinstance(value, str):
        return _SYMPTOM_WORDS.get(value, value)
    return str(value)


def parse_value(entry: Correctable, text: str) -> Any:
    """Return the value typed (or picked) for ``entry`` as it is stored; blank: not recorded.

    Raises :class:`CorrectionError` with a message for the therapist when it cannot be read.
    """
    text = text.strip()
    if not text:
        return None
    for value, label in entry.choices:
        if text in (str(value), label):
            return value
    if entry.kind == "oxford":
        try:
            return normalise_grade(text)
        except ValueError as exc:
            raise CorrectionError(str(exc)) from None
    if entry.choices:
        allowed = ", ".join(label for _v, label in entry.choices)
        raise CorrectionError(f"{entry.label}: choose one of {allowed}")
    if entry.kind in ("integer", "number"):
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise CorrectionError(f"{entry.label}: {text!r} is not a number") from None
        if entry.kind == "integer" or number.is_integer():
            if entry.kind == "integer" and not number.is_integer():
                raise CorrectionError(f"{entry.label}: enter a whole number")
            return int(number)
        return number
    return text


def correction_problems(
    visit: Visit,
    corrections: Sequence[ValueCorrection],
    *,
    catalogue: Catalogue | None = None,
    regions: RegionManifest | None = None,
) -> list[str]:
    """Return why ``corrections`` cannot be made to ``visit`` as it now stands (empty: fine).

    Each must name a recorded value once, state the value it replaces as it now reads, and
    change it; the corrected visit must pass the editor's save gate wherever the original did.
    """
    catalogue, regions = _context(catalogue, regions)
    problems: list[str] = []
    if not corrections:
        return ["Choose a recorded value to correct"]
    current = plain(visit)
    seen: set[str] = set()
    for c in corrections:
        try:
            group_of(c.field)
            now = value_at(current, c.field)
            if c.field in seen:
                problems.append(f"{describe(c.field, catalogue, regions)} is corrected twice")
            elif now != c.old_value:
                problems.append(
                    f"{describe(c.field, catalogue, regions)} now reads {format_value(now)}, "
                    f"not {format_value(c.old_value)}"
                )
            elif c.new_value == now and type(c.new_value) is type(now):
                problems.append(
                    f"{describe(c.field, catalogue, regions)} already reads "
                    f"{format_value(now)}: enter the corrected value"
                )
            current = with_value(current, c.field, c.new_value)
        except CorrectionError as exc:
            problems.append(str(exc))
        seen.add(c.field)
    if problems:
        return problems
    before = {
        (p.field, p.message)
        for p in check_visit(plain(visit), catalogue=catalogue, regions=regions)
        if p.is_error
    }
    after = check_visit(current, catalogue=catalogue, regions=regions)
    return [p.message for p in after if p.is_error and (p.field, p.message) not in before]
