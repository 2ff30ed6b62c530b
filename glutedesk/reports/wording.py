"""Plain-English sentences for the printed documents: change since the first visit, exercise
doses, and test results as the therapist recorded them.

Everything here describes what was measured or observed. Nothing names a diagnosis or labels
a firing order "abnormal" (clinical reference, Decisions).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from glutedesk.domain.catalogue import Catalogue, FieldType, TestDefinition
from glutedesk.domain.models import ExercisePrescription, TestResult, Visit
from glutedesk.domain.outcome_change import format_number
from glutedesk.domain.strength import reading_of
from glutedesk.reports.series import LEGACY_SIDE_WORDS, SIDES
from glutedesk.reports.summary import NO_VISITS as NO_VISITS
from glutedesk.reports.summary import ONE_VISIT as ONE_VISIT


def _number(value: float) -> str:
    return format_number(value)


def change_summary(visits: Sequence[Visit], involved_side: str | None = None) -> list[str]:
    """Return plain-English sentences on the change from the first to the latest visit.

    For example "Right gluteus medius strength improved from 3- to 4+ (Oxford)." and "Pain
    (NPRS) 2/10 at the latest visit (…), down 5 points from 7/10 at the first visit (…) — a
    meaningful improvement (at least 2 points or 30%)." NPRS, ODI, RMDQ, PSFS, STarT Back and
    strength (grades and dynamometer readings, each in its unit) are each said as recorded: a
    measure scored once is given as that one value. With one visit the sentences give the
    starting point; with none, a single "No visits yet". ``involved_side`` decides how the
    symmetry index is worked out (involved ÷ uninvolved when known).
    """
    from glutedesk.reports.summary import build_summary

    return build_summary(visits, involved_side)


# Exercise doses ----------------------------------------------------------------------------


def frequency_text(per_week: int) -> str:
    """Return "every day", "once a week", "twice a week" or "3 times a week"."""
    if per_week >= 7:
        return "every day"
    if per_week == 1:
        return "once a week"
    if per_week == 2:
        return "twice a week"
    return f"{per_week} times a week"


def dose_text(prescription: ExercisePrescription) -> str:
    """Return the dose as "3 sets × 10 reps, each side, 3 times a week".

    A hold is written "3 sets × 30 s hold"; "each side" appears only for per-side exercises.
    """
    sets = f"{prescription.sets} set{'s' if prescription.sets != 1 else ''}"
    if prescription.hold_seconds is not None:
        amount = f"{prescription.hold_seconds} s hold"
    elif prescription.reps is not None:
        amount = f"{prescription.reps} rep{'s' if prescription.reps != 1 else ''}"
    else:
        amount = ""
    parts = [f"{sets} × {amount}" if amount else sets]
    if prescription.per_side:
        parts.append("each side")
    parts.append(frequency_text(prescription.frequency_per_week))
    return ", ".join(parts)


def cue_list(prescription: ExercisePrescription, default: Sequence[str] = ()) -> list[str]:
    """Return the prescription's cues as a list, or ``default`` (the catalogue's) when none.

    Cues typed by the therapist are split on ";" and new lines. Cues that are the catalogue's
    own, joined by "; " (as a default prescription stores them), come back as the catalogue
    wrote them, so a cue containing ";" stays whole.
    """
    if default and prescription.cues.strip() == "; ".join(default):
        return list(default)
    cues = [c.strip() for c in re.split(r"[;\n]", prescription.cues) if c.strip()]
    return cues or list(default)


# Test results -----------------------------------------------------------------------------


def _field_text(test: TestDefinition, field_id: str, value: Any) -> str:
    try:
        field = test.field(field_id)
    except KeyError:
        return f"{field_id}: {value}"
    if value is None or value == "" or value == []:
        return ""
    if field.type == FieldType.OXFORD:
        return f"{value}"
    if field.type == FieldType.BOOLEAN:
        return f"{field.label}: {'yes' if value else 'no'}"
    if field.type == FieldType.CHOICE:
        try:
            label = field.option(str(value)).label
        except KeyError:
            label = str(value)
        return label if field.id in ("result", "rating", "pattern") else f"{field.label}: {label}"
    if field.type in (FieldType.MULTI, FieldType.ORDER):
        labels = []
        for item in value if isinstance(value, list | tuple) else [value]:
            try:
                labels.append(field.option(str(item)).label)
            except KeyError:
                labels.append(str(item))
        joiner = " → " if field.type == FieldType.ORDER else ", "
        return f"{field.label}: {joiner.join(labels)}"
    if field.type in (FieldType.INTEGER, FieldType.NUMBER):
        number = _number(float(value)) if isinstance(value, int | float) else str(value)
        unit = field.unit
        if unit == "°":
            return f"{field.label.removesuffix(' °')}: {number}°"
        return f"{field.label}: {number}{(' ' + unit) if unit else ''}"
    return f"{field.label}: {value}"


def describe_result(test: TestDefinition, result: TestResult) -> str:
    """Return a recorded result as the therapist would read it out, e.g. "Drop; Seconds held:
    20 s; Pain during the test: yes". "Not tested (reason)" when it was not done.
    """
    if not result.tested:
        reason = (result.not_tested_reason or "").strip()
        return f"Not tested ({reason})" if reason else "Not tested"
    parts = []
    values = dict(result.values)
    if "dynamometer" in values and values.get("dynamometer") is not None:
        reading = reading_of(values)
        values.pop("dynamometer_unit", None)
        grade = values.pop("grade", None)
        values.pop("dynamometer")
        if grade:
            parts.append(str(grade))
        if reading is not None:
            parts.append(f"dynamometer {reading.text}")
    else:
        values.pop("dynamometer_unit", None)
    values.pop("position", None)
    for field in test.fields:
        if field.id in values:
            text = _field_text(test, field.id, values[field.id])
            if text:
                parts.append(text)
    if result.symptom_provoked:
        parts.append("symptoms provoked")
    if result.compensations:
        labels = []
        for comp in result.compensations:
            match = next((c.label for c in test.compensations if c.id == comp), comp)
            labels.append(match)
        parts.append("compensations: " + ", ".join(labels))
    if result.note.strip():
        parts.append(result.note.strip())
    return "; ".join(parts) if parts else "Recorded"


def key_test_rows(visit: Visit, catalogue: Catalogue) -> list[tuple[str, str, str]]:
    """Return (test name, left or whole-body result, right result) for each test at ``visit``.

    Tests are in catalogue order; a test that is not per side fills the first column only.
    """
    rows: list[tuple[str, str, str]] = []
    for test in catalogue.tests:
        results = [r for r in visit.test_results if r.test_id == test.id]
        if not results:
            continue
        if test.per_side:
            by_side = {r.side: r for r in results}
            cells = [
                describe_result(test, by_side[side]) if side in by_side else "" for side in SIDES
            ]
            if any(side in by_side for side in SIDES):
                rows.append((test.name, cells[0], cells[1]))
            for side, result in by_side.items():  # an old record's other side: shown, not dropped
                if side not in SIDES:
                    word = LEGACY_SIDE_WORDS.get(side, side.value)
                    rows.append(
                        (f"{test.name} ({word}, old record)", describe_result(test, result), "")
                    )
        else:
            rows.append((test.name, describe_result(test, results[0]), ""))
    return rows


def observed_symptom(label: str) -> str:
    """Turn a pain-character question into an observation.

    "Pins and needles or tingling?" becomes "Pins and needles or tingling"; "Is the leg pain
    worse than the back pain?" becomes "Leg pain worse than the back pain".
    """
    text = label.strip().rstrip("?").strip()
    match = re.match(r"^(?:Is|Does) (?:the |it )?(.*?) (?:is |feels? )?(worse|better)(.*)$", text)
    if match and text.startswith("Is the "):
        text = f"{match.group(1)} {match.group(2)}{match.group(3)}"
    text = re.sub(r"^(Is it|Does it feel like|Does it) ", "", text)
    return text[:1].upper() + text[1:]
