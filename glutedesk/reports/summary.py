"""The progress report's summary: what changed since the first visit, in words that match the
numbers.

Every statement of change names its measure and unit ("Disability (ODI) 34%, down 12
percentage points from 46%"), says which visits it compares, and judges the change by the
clinical reference's thresholds (:mod:`glutedesk.domain.outcome_change`). A measure recorded
at one visit only is given as that one value, never as a change and never as "not recorded";
gaps and skipped questionnaire items are said; numbers keep their recorded precision.
"""

from __future__ import annotations

from collections.abc import Sequence

from glutedesk.domain.dates import format_date
from glutedesk.domain.models import Instrument, Visit
from glutedesk.domain.outcome_change import (
    MEASURES,
    OutcomeChange,
    format_number,
    outcome_change,
    threshold_text,
)
from glutedesk.domain.outcomes import StartBackResult, odi_band
from glutedesk.reports.outcome_series import OutcomePoint, outcome_points, startback_points
from glutedesk.reports.series import strength_series
from glutedesk.reports.strength_words import (
    baseline_strength_sentences,
    strength_change_sentences,
    symmetry_sentences,
)

NO_VISITS = "No visits yet: there is nothing to report until the first visit has been recorded."
ONE_VISIT = (
    "This is the first assessment. The figures below are the starting point; change is shown "
    "from the next visit on."
)
NOTHING_AT_ONE = "No pain rating, outcome questionnaire or strength grade was recorded."
ORDER = ("nprs", "odi", "rmdq", "psfs")
ODI_BANDS = {
    "minimal": "0–20%",
    "moderate": "21–40%",
    "severe": "41–60%",
    "crippled": "61–80%",
    "bed-bound": "81–100%",
}
MISSING_WORDS = {"nprs": "pain ratings (NPRS)", "psfs": "activity scores (PSFS)"}
POINT_WORDS = {"nprs": "point", "odi": "percentage point", "rmdq": "point", "psfs": "point"}


def build_summary(visits: Sequence[Visit], involved_side: str | None = None) -> list[str]:
    """Return plain-English sentences on the change from the first to the latest visit.

    See :func:`glutedesk.reports.wording.change_summary`, which calls this.
    """
    if not visits:
        return [NO_VISITS]
    ordered = sorted(visits, key=lambda v: v.visit_date)
    if len(ordered) == 1:
        return [ONE_VISIT, *(_baseline_sentences(ordered[0]) or [NOTHING_AT_ONE])]
    sentences: list[str] = []
    missing: list[str] = []
    for key in ORDER:
        points = outcome_points(ordered, key)
        if not points:
            if key in MISSING_WORDS:
                missing.append(MISSING_WORDS[key])
            continue
        sentences.append(_measure_sentence(ordered, key, points))
        sentences.extend(_skipped_items(ordered, key))
    sentences.extend(_startback_sentences(ordered))
    strength = strength_change_sentences(ordered) + _single_grade_sentences(ordered)
    if not any(s.points for s in strength_series(ordered)):
        missing.append("glute strength (grades or readings)")
    sentences.extend(strength)
    sentences.extend(symmetry_sentences(ordered, involved_side))
    if not sentences:
        return [
            f"No pain ratings, outcome questionnaires or strength grades were recorded at any "
            f"of the {len(ordered)} visits."
        ]
    if missing:
        sentences.append(f"Not recorded at any visit: {_join(missing)}.")
    return sentences


def outcome_lines(visits: Sequence[Visit]) -> list[str]:
    """The outcome measures for a letter: each measure's latest score and its change since it
    was first scored (NPRS, ODI with its band, RMDQ, PSFS), then the STarT Back risk group.

    ``visits`` are the visits up to the one the letter reports. Empty when nothing was scored.
    """
    ordered = sorted(visits, key=lambda v: v.visit_date)
    lines: list[str] = []
    for key in ORDER:
        points = outcome_points(ordered, key)
        if not points:
            continue
        sentence = (
            _measure_sentence(ordered, key, points)
            if len(points) > 1
            else (
                f"{MEASURES[key].name}: {MEASURES[key].with_unit(points[0].value)} on "
                f"{format_date(points[0].date)}{_paper(points[0])}."
            )
        )
        if key == "odi":
            band = odi_band(points[-1].value)
            sentence += f" Latest ODI band: {band} disability ({ODI_BANDS[band]})."
        lines.append(sentence)
    lines.extend(_startback_sentences(ordered))
    return lines


def _baseline_sentences(visit: Visit) -> list[str]:
    sentences = []
    for key in ORDER:
        points = outcome_points([visit], key)
        if points:
            measure = MEASURES[key]
            sentences.append(
                f"{measure.name} at the first visit: {measure.with_unit(points[0].value)}"
                f"{_paper(points[0])}."
            )
            sentences.extend(_skipped_items([visit], key))
    sentences.extend(_startback_sentences([visit]))
    sentences.extend(baseline_strength_sentences(visit))
    return sentences


def _paper(point: OutcomePoint) -> str:
    return " (a total scored on paper)" if point.total_only else ""


def _when(visits: Sequence[Visit], point: OutcomePoint) -> str:
    """ "at the first visit (5 Jan 2026)", "at the latest visit (…)" or "on 2 Feb 2026"."""
    if point.visit_id == visits[0].id:
        return f"at the first visit ({format_date(point.date)})"
    if point.visit_id == visits[-1].id:
        return f"at the latest visit ({format_date(point.date)})"
    return f"on {format_date(point.date)}"


def _bare(when: str) -> str:
    return when.removeprefix("at ").removeprefix("on ")


def _measure_sentence(visits: Sequence[Visit], key: str, points: list[OutcomePoint]) -> str:
    measure = MEASURES[key]
    if len(points) == 1:
        only = points[0]
        return (
            f"{measure.name} was recorded only {_when(visits, only)}: "
            f"{measure.with_unit(only.value)}{_paper(only)}; there is no second score to "
            "compare."
        )
    first, latest = points[0], points[-1]
    change = outcome_change(key, first.value, latest.value)
    coverage = ""
    if len(points) != len(visits):
        coverage = f", scored at {len(points)} of {len(visits)} visits"
    papers = [p for p in (first, latest) if p.total_only]
    paper = ""
    if len(papers) == 1:
        paper = f" The score of {format_date(papers[0].date)} is a total scored on paper."
    elif papers:
        dates = " and ".join(format_date(p.date) for p in papers)
        paper = f" The scores of {dates} are totals scored on paper."
    if change.way == "unchanged":
        return (
            f"{measure.name} unchanged at {measure.with_unit(latest.value)} from "
            f"{_bare(_when(visits, first))} to "
            f"{_bare(_when(visits, latest))}{coverage}.{paper}"
        )
    return (
        f"{measure.name}: {measure.with_unit(latest.value)} {_when(visits, latest)}, "
        f"{_updown(change)} {_points(change.points, POINT_WORDS[key])} from "
        f"{measure.with_unit(first.value)} {_when(visits, first)}{coverage}"
        f" — {_verdict(key, change)}.{paper}"
    )


def _points(size: float, word: str) -> str:
    return f"{format_number(size)} {word}{'' if size == 1 else 's'}"


def _updown(change: OutcomeChange) -> str:
    return "up" if change.current > change.baseline else "down"


def _verdict(key: str, change: OutcomeChange) -> str:
    rule = threshold_text(key)
    if change.meaningful and change.way == "better":
        return f"a meaningful improvement (at least {rule})"
    if change.meaningful:
        return f"a meaningful worsening (at least {rule})"
    if change.way == "better":
        return f"an improvement, but not yet a meaningful change ({rule})"
    return f"worse, though less than a meaningful change ({rule})"


def _skipped_items(visits: Sequence[Visit], key: str) -> list[str]:
    """Say where ODI sections were skipped or PSFS activities left unrated."""
    if key not in ("odi", "psfs"):
        return []
    notes = []
    for visit in visits:
        score = visit.score(Instrument(key))
        if score is None or score.total_only:
            continue
        skipped = sum(v is None for v in score.items)
        if not skipped or skipped == len(score.items):
            continue
        if key == "odi":
            answered = len(score.items) - skipped
            notes.append(
                f"ODI on {format_date(visit.visit_date)}: {skipped} of {len(score.items)} "
                f"sections skipped, so the index is of the {answered} answered."
            )
        else:
            notes.append(
                f"PSFS on {format_date(visit.visit_date)}: {skipped} of {len(score.items)} "
                "activities not rated; the score is the mean of those rated."
            )
    return notes


def _startback_sentences(visits: Sequence[Visit]) -> list[str]:
    points = startback_points(visits)
    if not points:
        return []

    def words(result: StartBackResult) -> str:
        return f"{result.risk} risk (total {result.total}/9, distress subscale {result.distress}/5)"

    first_date, first = points[0]
    text = f"STarT Back on {format_date(first_date)}: {words(first)}"
    if len(points) > 1:
        last_date, last = points[-1]
        text += f"; on {format_date(last_date)}: {words(last)}"
    return [text + ". STarT Back stratifies risk at the start; it is not a measure of change."]


def _single_grade_sentences(visits: Sequence[Visit]) -> list[str]:
    sentences = []
    for s in strength_series(visits):
        if len(s.graded_points) != 1:
            continue
        only = s.graded_points[0]
        where = (
            "the first visit"
            if only.visit_id == visits[0].id
            else ("the latest visit" if only.visit_id == visits[-1].id else "one visit")
        )
        sentences.append(
            f"{s.label} strength was graded only at {where} ({format_date(only.date)}): "
            f"{only.grade} (Oxford); there is no second grade to compare."
        )
    return sentences


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]
