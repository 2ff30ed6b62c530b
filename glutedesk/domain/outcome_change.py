"""Change in an outcome measure between two visits, judged by the clinical reference's rules.

The measures charted and summarised over visits are NPRS (pain now), ODI, RMDQ and PSFS; each
has a meaningful-change threshold (clinical reference, Decisions "Outcome measures" and section
4): NPRS 2 points or 30%, ODI 10 points, RMDQ 5 points, PSFS 2 points. STarT Back is a baseline
risk tool and is reported as its risk group, never as a change.

Numbers are also written here with the precision they were recorded with: 5.85 stays "5.85"
and 7.97 is never rounded into 8.01's "8".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from glutedesk.domain.outcomes import MEANINGFUL_CHANGE, change_direction

Way = Literal["better", "worse", "unchanged"]


@dataclass(frozen=True)
class MeasureInfo:
    """How a charted outcome measure is named and read: its unit and which way is better."""

    key: str
    name: str
    unit: str
    top: float
    higher_is_better: bool

    def with_unit(self, value: float) -> str:
        """``value`` with the measure's unit: "6/10", "36%", "11/24"."""
        number = format_number(value)
        return f"{number}%" if self.unit == "%" else f"{number}{self.unit}"


MEASURES: Mapping[str, MeasureInfo] = {
    "nprs": MeasureInfo("nprs", "Pain (NPRS)", "/10", 10, higher_is_better=False),
    "odi": MeasureInfo("odi", "Disability (ODI)", "%", 100, higher_is_better=False),
    "rmdq": MeasureInfo("rmdq", "Disability (RMDQ)", "/24", 24, higher_is_better=False),
    "psfs": MeasureInfo("psfs", "Everyday activities (PSFS)", "/10", 10, higher_is_better=True),
}


@dataclass(frozen=True)
class OutcomeChange:
    """The change of one measure from ``baseline`` to ``current``.

    ``way`` is the plain direction (lower NPRS/ODI/RMDQ and higher PSFS are "better");
    ``meaningful`` is True when the change reaches the measure's threshold in that direction.
    """

    measure: MeasureInfo
    baseline: float
    current: float
    way: Way
    meaningful: bool

    @property
    def points(self) -> float:
        """The size of the change in the measure's own points (never negative)."""
        return abs(round(self.current - self.baseline, 9))


def threshold_text(key: str) -> str:
    """The meaningful-change rule of ``key`` in words: "2 points or 30%", "10 points"."""
    rule = MEANINGFUL_CHANGE[key]
    text = f"{format_number(rule.points)} points"
    if rule.percent is not None:
        text += f" or {format_number(rule.percent)}%"
    return text


def outcome_change(key: str, baseline: float, current: float) -> OutcomeChange:
    """Judge the change of measure ``key`` ("nprs", "odi", "rmdq", "psfs") between two scores.

    For example ODI 46 -> 34 is "better" and meaningful (12 >= 10 points); RMDQ 14 -> 11 is
    "better" but not meaningful (3 < 5); NPRS 3 -> 2 is meaningful (a 33% fall). Raises
    ``KeyError`` for an unknown measure.
    """
    measure = MEASURES[key]
    difference = round(current - baseline, 9)
    if difference == 0:
        return OutcomeChange(measure, baseline, current, "unchanged", False)
    better = (difference > 0) == measure.higher_is_better
    direction = change_direction(key, baseline, current)
    meaningful = direction == ("improved" if better else "worse")
    return OutcomeChange(measure, baseline, current, "better" if better else "worse", meaningful)


def format_number(value: float) -> str:
    """Write a recorded number with its own precision: 5.85, 8.01, 7.97, 182, 35.6.

    Up to four decimals are kept and trailing zeros dropped, so 6.0 prints "6" and a value
    typed as 5.85 is never shortened to 5.8. Non-finite values print as "–".
    """
    if not math.isfinite(value):
        return "–"
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
