"""A client's visits as a Qt table model: a thin adapter over ``list[VisitSummary]``."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from glutedesk.domain.models import VisitSummary
from glutedesk.ui.formatting import format_date, plural
from glutedesk.ui.list_table_model import ListTableModel

VisitIdRole = Qt.ItemDataRole.UserRole + 1

RED_FLAG_MARK = "⚑"
REFERRAL_MARK = "→"

_HEADERS = ("Date", "Therapist", "Pain now", "Alerts")
_HEADER_TIPS = (
    "Date of the visit",
    "Therapist who saw the client",
    "Pain now on the 0–10 numeric rating scale (NPRS)",
    f"{RED_FLAG_MARK} red flag present at the visit · {REFERRAL_MARK} referral made",
)
DATE, THERAPIST, NPRS, ALERTS = range(len(_HEADERS))

_ALERT_COLOUR = QColor("#a3312a")


class VisitListModel(ListTableModel[VisitSummary]):
    """Rows of visit summaries, in the order given."""

    headers = _HEADERS
    header_tips = _HEADER_TIPS
    alignments: ClassVar[dict[int, Qt.AlignmentFlag]] = {NPRS: Qt.AlignmentFlag.AlignHCenter}

    def cell(self, visit: VisitSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(visit, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return alert_tooltip(visit) if column == ALERTS else None
        if role == Qt.ItemDataRole.ForegroundRole and column == ALERTS and visit.red_flag_count:
            return _ALERT_COLOUR
        if role == VisitIdRole:
            return visit.id
        return None


def alert_marks(visit: VisitSummary) -> str:
    """Return the markers shown for a visit: "⚑" for red flags, "→" for referrals."""
    marks = []
    if visit.red_flag_count:
        marks.append(RED_FLAG_MARK)
    if visit.referral_count:
        marks.append(REFERRAL_MARK)
    return "  ".join(marks)


def alert_tooltip(visit: VisitSummary) -> str | None:
    """Return the plain-words explanation of a visit's markers (None when it has none)."""
    parts = []
    if visit.red_flag_count:
        parts.append(
            f"{RED_FLAG_MARK} {plural(visit.red_flag_count, 'red flag')} present at this visit"
        )
    if visit.referral_count:
        parts.append(f"{REFERRAL_MARK} {plural(visit.referral_count, 'referral')} made")
    return "\n".join(parts) or None


def _display(visit: VisitSummary, column: int) -> str | None:
    if column == DATE:
        return format_date(visit.visit_date)
    if column == THERAPIST:
        return visit.therapist
    if column == NPRS:
        return "" if visit.nprs_now is None else f"{visit.nprs_now}/10"
    if column == ALERTS:
        return alert_marks(visit)
    return None
