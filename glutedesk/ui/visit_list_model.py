"""A client's visits as a Qt table model: a thin adapter over ``list[VisitSummary]``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from glutedesk.ui.alert_marks import ALERTS_TIP, alert_marks, alert_tooltip
from glutedesk.ui.formatting import format_date
from glutedesk.ui.list_table_model import ListTableModel
from glutedesk.ui.style import themed

if TYPE_CHECKING:
    from glutedesk.domain.models import VisitSummary

VisitIdRole = Qt.ItemDataRole.UserRole + 1

_HEADERS = ("Date", "Therapist", "Pain now", "Alerts")
_HEADER_TIPS = (
    "Date of the visit",
    "Therapist who saw the client",
    "Pain now on the 0–10 numeric rating scale (NPRS)",
    ALERTS_TIP,
)
DATE, THERAPIST, NPRS, ALERTS = range(len(_HEADERS))

_ALERT_COLOUR = "#a3312a"


class VisitListModel(ListTableModel["VisitSummary"]):
    """Rows of visit summaries, in the order given."""

    headers = _HEADERS
    header_tips = _HEADER_TIPS
    alignments: ClassVar[dict[int, Qt.AlignmentFlag]] = {NPRS: Qt.AlignmentFlag.AlignHCenter}

    def cell(self, visit: VisitSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(visit, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(visit) if column == ALERTS else None
        if role == Qt.ItemDataRole.ForegroundRole and column == ALERTS and visit.red_flag_count:
            return QColor(themed(_ALERT_COLOUR))
        if role == VisitIdRole:
            return visit.id
        return None


def _display(visit: VisitSummary, column: int) -> str | None:
    if column == DATE:
        return format_date(visit.visit_date)
    if column == THERAPIST:
        return visit.therapist
    if column == NPRS:
        return "" if visit.nprs_now is None else f"{visit.nprs_now}/10"
    if column == ALERTS:
        return alert_marks(visit.red_flag_count, visit.referral_count, visit.nerve_symptoms)
    return None


def _tooltip(visit: VisitSummary) -> str | None:
    return alert_tooltip(visit.red_flag_count, visit.referral_count, visit.nerve_symptoms)
