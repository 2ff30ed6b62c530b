"""Scoring of the outcome measures from item scores, and meaningful-change rules.

Only numbers are handled here: the licensed ODI, RMDQ and STarT Back wording is never
reproduced (clinical reference, Decisions "Outcome measures"). Items are in questionnaire order;
None means skipped (ODI, PSFS) or not applicable / not ticked (RMDQ).

Meaningful-change thresholds (clinical reference, Decisions and section 4): NPRS 2 points or 30%,
ODI 10 points, RMDQ 5 points, PSFS 2 points. Lower is better for NPRS, ODI and RMDQ; higher is
better for the PSFS. STarT Back is a baseline stratification tool and has no change threshold.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from glutedesk.domain.models import Instrument, OutcomeScore, PaperTotal, TotalScale

ODI_SECTIONS = 10
ODI_ITEM_MAX = 5
RMDQ_ITEMS = 24
PSFS_MAX_ACTIVITIES = 5
PSFS_ITEM_MAX = 10
STARTBACK_ITEMS = 9
STARTBACK_DISTRESS_ITEMS = (5, 6, 7, 8, 9)  # 1-based item numbers

_NAMES: dict[str, str] = {
    "nprs": "NPRS",
    Instrument.ODI: "ODI",
    Instrument.RMDQ: "RMDQ",
    Instrument.PSFS: "PSFS",
    Instrument.STARTBACK: "STarT Back",
}

# Which stated scales a total scored on paper may use, and each scale's top.
PAPER_SCALES: Mapping[str, tuple[TotalScale, ...]] = {
    Instrument.ODI: (TotalScale.PERCENT, TotalScale.POINTS_OF_50),
    Instrument.RMDQ: (TotalScale.POINTS_OF_24,),
}
SCALE_TOP: Mapping[str, int] = {
    TotalScale.PERCENT: 100,
    TotalScale.POINTS_OF_50: 50,
    TotalScale.POINTS_OF_24: 24,
}

Direction = Literal["improved", "worse", "no meaningful change"]
RiskGroup = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class ChangeThreshold:
    """A meaningful-change rule: ``points`` (or ``percent`` of baseline when set) of change."""

    points: float
    percent: float | None
    higher_is_better: bool


MEANINGFUL_CHANGE: Mapping[str, ChangeThreshold] = {
    "nprs": ChangeThreshold(points=2, percent=30, higher_is_better=False),
    Instrument.ODI: ChangeThreshold(points=10, percent=None, higher_is_better=False),
    Instrument.RMDQ: ChangeThreshold(points=5, percent=None, higher_is_better=False),
    Instrument.PSFS: ChangeThreshold(points=2, percent=None, higher_is_better=True),
}


@dataclass(frozen=True)
class StartBackResult:
    """STarT Back total (0–9), distress subscale (items 5–9, 0–5) and risk group."""

    total: int
    distress: int
    risk: RiskGroup


def _name(instrument: Instrument | str) -> str:
    return _NAMES.get(instrument, str(instrument))


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool | complex)
        and math.isfinite(value)
    )


def validate_items(instrument: Instrument | str, items: Sequence[float | None]) -> list[str]:
    """Return plain-English problems with ``items`` for ``instrument`` (empty when valid).

    Checks the item count (ODI 10, RMDQ 24, STarT Back 9, PSFS 1–5 activities) and that every
    answer is a whole number in range (ODI 0–5, RMDQ 0/1, STarT Back 0/1, PSFS 0–10). Skipped
    items (None) are allowed except on STarT Back, whose risk group needs all 9 answers.
    """
    try:
        instrument = Instrument(instrument)
    except ValueError:
        return [f"Unknown outcome measure {instrument!r}"]
    name = _name(instrument)
    problems: list[str] = []
    items = tuple(items)
    if instrument is Instrument.ODI:
        expected, low, high, allow_none = ODI_SECTIONS, 0, ODI_ITEM_MAX, True
        if len(items) != expected:
            problems.append(f"{name} needs {expected} section scores; {len(items)} were given")
    elif instrument is Instrument.RMDQ:
        expected, low, high, allow_none = RMDQ_ITEMS, 0, 1, True
        if len(items) != expected:
            problems.append(f"{name} needs {expected} item answers; {len(items)} were given")
    elif instrument is Instrument.STARTBACK:
        expected, low, high, allow_none = STARTBACK_ITEMS, 0, 1, False
        if len(items) != expected:
            problems.append(f"{name} needs {expected} item answers; {len(items)} were given")
    else:  # PSFS
        low, high, allow_none = 0, PSFS_ITEM_MAX, True
        if not items:
            problems.append(f"{name} needs at least one activity")
        elif len(items) > PSFS_MAX_ACTIVITIES:
            problems.append(
                f"{name} takes at most {PSFS_MAX_ACTIVITIES} activities; {len(items)} were given"
            )
    for number, value in enumerate(items, start=1):
        label = "activity" if instrument is Instrument.PSFS else "item"
        if instrument is Instrument.ODI:
            label = "section"
        if value is None:
            if not allow_none:
                problems.append(f"{name} {label} {number} is not answered; answer all items")
            continue
        if not _is_number(value) or value != int(value) or not low <= value <= high:
            allowed = f"{low} or {high}" if high - low == 1 else f"a whole number {low}–{high}"
            problems.append(f"{name} {label} {number} must be {allowed}, not {value!r}")
    return problems


def _checked(instrument: Instrument, items: Sequence[float | None]) -> tuple[int | None, ...]:
    problems = validate_items(instrument, items)
    if problems:
        raise ValueError("; ".join(problems))
    return tuple(None if v is None else int(v) for v in items)


def odi_score(items: Sequence[float | None]) -> float | None:
    """Return the Oswestry Disability Index (0–100, 1 decimal) from 10 section scores 0–5.

    Index = sum / (5 x sections answered) x 100, so a skipped section (None) lowers the
    denominator by 5: 16 points over 9 answered sections gives 35.6. Returns None when no
    section is answered. Raises ``ValueError`` for the wrong count or out-of-range scores.
    """
    answered = [v for v in _checked(Instrument.ODI, items) if v is not None]
    if not answered:
        return None
    return round(sum(answered) / (ODI_ITEM_MAX * len(answered)) * 100, 1)


def odi_band(score: float) -> str:
    """Return the ODI interpretation band of ``score`` (0–100).

    0–20 "minimal", 21–40 "moderate", 41–60 "severe", 61–80 "crippled", 81–100 "bed-bound"
    (bed-bound or exaggerating). Decimal scores between bands (e.g. 20.4) go to the higher
    band once above the lower band's top. Raises ``ValueError`` outside 0–100.
    """
    if not _is_number(score) or not 0 <= score <= 100:
        raise ValueError(f"ODI score must be 0–100, not {score!r}")
    for top, band in ((20, "minimal"), (40, "moderate"), (60, "severe"), (80, "crippled")):
        if score <= top:
            return band
    return "bed-bound"


def rmdq_score(items: Sequence[float | None]) -> int:
    """Return the Roland-Morris score (0–24): the number of the 24 statements ticked.

    Items are 1 (ticked) or 0; None (not applicable) counts as not ticked. Raises
    ``ValueError`` for the wrong count or values other than 0/1.
    """
    return sum(v for v in _checked(Instrument.RMDQ, items) if v is not None)


def psfs_score(items: Sequence[float | None]) -> float | None:
    """Return the Patient-Specific Functional Scale score: the mean rating, 1 decimal.

    Up to 5 client-named activities, each 0 (unable) to 10 (pre-injury level); unrated
    activities (None) are left out. Returns None when nothing is rated. Raises ``ValueError``
    for more than 5 activities or ratings outside 0–10.
    """
    items = tuple(items)
    if not items:
        return None
    rated = [v for v in _checked(Instrument.PSFS, items) if v is not None]
    if not rated:
        return None
    return round(sum(rated) / len(rated), 1)


def startback_score(items: Sequence[int]) -> StartBackResult:
    """Return the STarT Back total, distress subscale and risk group from 9 items (each 0/1).

    Item 9 (bothersomeness) must already be dichotomised. Total = all 9 items; distress =
    items 5–9. Risk (clinical reference 3.3): total <= 3 is "low"; otherwise distress >= 4 is
    "high" and distress <= 3 is "medium". Raises ``ValueError`` for the wrong count, values
    other than 0/1, or unanswered (None) items.
    """
    values = _checked(Instrument.STARTBACK, items)
    answers = [int(v or 0) for v in values]
    total = sum(answers)
    distress = sum(answers[n - 1] for n in STARTBACK_DISTRESS_ITEMS)
    risk: RiskGroup
    if total <= 3:
        risk = "low"
    elif distress >= 4:
        risk = "high"
    else:
        risk = "medium"
    return StartBackResult(total=total, distress=distress, risk=risk)


def validate_paper_total(instrument: Instrument | str, total: PaperTotal) -> list[str]:
    """Return plain-English problems with a total scored on paper (empty when valid).

    Only the ODI (stated as a percentage 0–100, or as points 0–50) and the RMDQ (points 0–24)
    may be entered as a total; points are whole numbers, a percentage may have decimals.
    """
    name = _name(instrument)
    scales = PAPER_SCALES.get(str(instrument))
    if scales is None:
        return [f"{name} cannot be entered as a total only: enter its items"]
    if total.scale not in scales:
        allowed = " or ".join(_scale_words(s) for s in scales)
        return [f"{name} total must be stated as {allowed}, not {total.scale!s}"]
    top = SCALE_TOP[total.scale]
    value = total.value
    if not _is_number(value) or not 0 <= value <= top:
        return [f"{name} total must be 0–{top} ({_scale_words(total.scale)}), not {value!r}"]
    if total.scale is not TotalScale.PERCENT and value != int(value):
        return [f"{name} total in points must be a whole number, not {value!r}"]
    return []


def _scale_words(scale: TotalScale | str) -> str:
    words: dict[str, str] = {
        TotalScale.PERCENT: "a percentage",
        TotalScale.POINTS_OF_50: "points of 50",
        TotalScale.POINTS_OF_24: "points of 24",
    }
    return words.get(str(scale), str(scale))


def validate_score(score: OutcomeScore) -> list[str]:
    """Return the problems of a whole outcome score: its items, or its total scored on paper.

    A total-only score must have no items (the total would otherwise disagree with them).
    """
    if score.paper_total is None:
        if not score.items and str(score.instrument) in PAPER_SCALES:
            name = _name(score.instrument)
            return [f"{name} has no answers: enter its items, or its total scored on paper"]
        return validate_items(score.instrument, score.items)
    problems = validate_paper_total(score.instrument, score.paper_total)
    if score.items:
        problems.append(
            f"{_name(score.instrument)} has both item answers and a total scored on paper: keep one"
        )
    return problems


def paper_total_score(instrument: Instrument | str, total: PaperTotal) -> float:
    """Return the headline number of a total scored on paper: ODI %, or the RMDQ count.

    An ODI stated as points of 50 is doubled (22 of 50 is 44%). Raises ``ValueError`` when
    the total is invalid (see :func:`validate_paper_total`).
    """
    problems = validate_paper_total(instrument, total)
    if problems:
        raise ValueError("; ".join(problems))
    if total.scale is TotalScale.POINTS_OF_50:
        return float(total.value) * 2
    return float(total.value)


def score_outcome(score: OutcomeScore) -> float | None:
    """Return the headline number of an outcome measure, computed from its items.

    ODI index, RMDQ count, PSFS mean, or the STarT Back total; a total-only ODI or RMDQ gives
    its paper total (:func:`paper_total_score`). None when there is nothing to score (no ODI
    section answered, no PSFS activity rated, a STarT Back item unanswered). Raises
    ``ValueError`` when the items are invalid (see :func:`validate_score`).
    """
    instrument = Instrument(score.instrument)
    if score.paper_total is not None:
        if score.items:
            raise ValueError("; ".join(validate_score(score)))
        return paper_total_score(instrument, score.paper_total)
    if instrument is Instrument.ODI:
        return odi_score(score.items)
    if instrument is Instrument.RMDQ:
        return float(rmdq_score(score.items))
    if instrument is Instrument.PSFS:
        return psfs_score(score.items)
    if any(v is None for v in score.items):
        _checked(instrument, tuple(0 if v is None else v for v in score.items))
        return None
    return float(startback_score(score.items).total)  # type: ignore[arg-type]  # no None left


def _threshold(instrument: Instrument | str) -> ChangeThreshold:
    key = str(instrument).lower()
    if key == Instrument.STARTBACK:
        raise ValueError("STarT Back is a baseline risk tool and has no meaningful-change rule")
    try:
        return MEANINGFUL_CHANGE[key]
    except KeyError:
        raise ValueError(
            f"Unknown outcome measure {instrument!r}; use nprs, odi, rmdq or psfs"
        ) from None


def _check_value(instrument: Instrument | str, which: str, value: float) -> None:
    if not _is_number(value):
        raise ValueError(f"{_name(instrument)} {which} score must be a number, not {value!r}")


def _meaningful(threshold: ChangeThreshold, baseline: float, change: float) -> bool:
    """True when a change of ``change`` (positive = in the better direction) is meaningful."""
    size = round(change, 9)
    if size <= 0:
        return False
    if size >= threshold.points:
        return True
    return (
        threshold.percent is not None
        and baseline > 0
        and round(size * 100, 9) >= round(threshold.percent * baseline, 9)
    )


def nprs_change_is_meaningful(baseline: int, current: int) -> bool:
    """True when NPRS fell by at least 2 points or by at least 30% of ``baseline``.

    Lower is better: a rise is never a meaningful improvement. For example 4 -> 2 and
    3 -> 2 (33%) are meaningful; 8 -> 7 is not. Raises ``ValueError`` outside 0–10.
    """
    for which, value in (("baseline", baseline), ("current", current)):
        if not _is_number(value) or not 0 <= value <= 10:
            raise ValueError(f"NPRS {which} must be 0–10, not {value!r}")
    return _meaningful(MEANINGFUL_CHANGE["nprs"], baseline, baseline - current)


def is_meaningful_change(instrument: Instrument | str, baseline: float, current: float) -> bool:
    """True only for a meaningful IMPROVEMENT from ``baseline`` to ``current``.

    ``instrument`` is an :class:`Instrument` or "nprs". Lower is better for NPRS, ODI and
    RMDQ; higher is better for the PSFS. Thresholds are in :data:`MEANINGFUL_CHANGE`.
    Raises ``ValueError`` for STarT Back (baseline only) or an unknown instrument.
    """
    threshold = _threshold(instrument)
    _check_value(instrument, "baseline", baseline)
    _check_value(instrument, "current", current)
    change = current - baseline if threshold.higher_is_better else baseline - current
    return _meaningful(threshold, baseline, change)


def change_direction(instrument: Instrument | str, baseline: float, current: float) -> Direction:
    """Return "improved", "worse" or "no meaningful change" between two scores.

    A change counts only when it reaches the instrument's threshold (the 30% NPRS rule is
    taken of the baseline in both directions). Raises ``ValueError`` like
    :func:`is_meaningful_change`.
    """
    if is_meaningful_change(instrument, baseline, current):
        return "improved"
    threshold = _threshold(instrument)
    change = baseline - current if threshold.higher_is_better else current - baseline
    if _meaningful(threshold, baseline, change):
        return "worse"
    return "no meaningful change"
