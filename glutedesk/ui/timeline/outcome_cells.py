"""The timeline table's ODI, RMDQ and STarT Back cells (text and tooltips)."""

from __future__ import annotations

from glutedesk.reports.outcome_series import OutcomeFigures, format_outcome, format_startback

OUTCOME_TIPS = (
    "Oswestry Disability Index, 0–100% (lower is better; 10 points is a meaningful change). "
    "'(total)': a total scored on paper",
    "Roland-Morris Disability Questionnaire, 0–24 (lower is better; 5 points is a meaningful "
    "change). '(total)': a total scored on paper",
    "Keele STarT Back: risk group and total of 9 (a baseline tool)",
)


def outcome_cell(outcomes: OutcomeFigures, which: int) -> str:
    """Cell text of outcome column ``which`` (0 ODI, 1 RMDQ, 2 STarT Back)."""
    if which == 0:
        return format_outcome(outcomes.odi, "odi")
    if which == 1:
        return format_outcome(outcomes.rmdq, "rmdq")
    return format_startback(outcomes.startback)


def outcome_tooltip(outcomes: OutcomeFigures, which: int) -> str | None:
    """Tooltip of an outcome cell: says when a score is a total scored on paper."""
    point = (outcomes.odi, outcomes.rmdq, None)[which]
    if point is not None and point.total_only:
        return "Total only: scored on paper and entered as its total (no item answers)"
    if which == 2 and outcomes.startback is not None:
        result = outcomes.startback
        return f"Total {result.total}/9, distress subscale {result.distress}/5: {result.risk} risk"
    return None
