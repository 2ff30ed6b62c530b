"""The timeline's table: one row per visit with its key figures (a thin adapter over
:class:`~glutedesk.reports.series.VisitFigures`)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from glutedesk.domain.models import Side
from glutedesk.reports.series import GLUTE_MAX, GLUTE_MED, VisitFigures, format_lsi, format_score
from glutedesk.ui.alert_marks import ALERTS_TIP, alert_marks, alert_tooltip
from glutedesk.ui.formatting import format_date
from glutedesk.ui.list_table_model import ListTableModel
from glutedesk.ui.timeline.outcome_cells import OUTCOME_TIPS, outcome_cell, outcome_tooltip

VisitIdRole = Qt.ItemDataRole.UserRole + 1

HEADERS = (
    "Date",
    "Pain",
    "Max L",
    "Max R",
    "Med L",
    "Med R",
    "LSI max",
    "LSI med",
    "PSFS",
    "ODI",
    "RMDQ",
    "STarT Back",
    "Alerts",
)
HEADER_TIPS = (
    "Date of the visit",
    "Pain now on the 0–10 numeric rating scale (NPRS)",
    "Gluteus maximus, client's left: Oxford grade",
    "Gluteus maximus, client's right: Oxford grade",
    "Gluteus medius, client's left: Oxford grade",
    "Gluteus medius, client's right: Oxford grade",
    "Limb symmetry index of gluteus maximus: weaker side as % of the stronger",
    "Limb symmetry index of gluteus medius: weaker side as % of the stronger",
    "Patient-Specific Functional Scale: mean of the rated activities, 0–10",
    *OUTCOME_TIPS,
    ALERTS_TIP,
)
(DATE, NPRS, MAX_L, MAX_R, MED_L, MED_R, LSI_MAX, LSI_MED, PSFS, ODI, RMDQ, STARTBACK, ALERTS) = (
    range(len(HEADERS))
)

OUTCOME_COLUMNS = (ODI, RMDQ, STARTBACK)
_GRADE_COLUMNS = {
    MAX_L: (GLUTE_MAX, Side.LEFT),
    MAX_R: (GLUTE_MAX, Side.RIGHT),
    MED_L: (GLUTE_MED, Side.LEFT),
    MED_R: (GLUTE_MED, Side.RIGHT),
}
_ALERT_COLOUR = QColor("#a3312a")
_CENTRED = Qt.AlignmentFlag.AlignHCenter


class TimelineModel(ListTableModel[VisitFigures]):
    """Visits oldest first, one column per key figure."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    alignments: ClassVar[dict[int, Qt.AlignmentFlag]] = {
        column: _CENTRED for column in range(NPRS, ALERTS + 1)
    }

    def cell(self, figures: VisitFigures, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return display(figures, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (ODI, RMDQ, STARTBACK):
            return outcome_tooltip(figures.outcomes, column - ODI)
        if role == Qt.ItemDataRole.ToolTipRole and column == ALERTS:
            return alert_tooltip(figures.red_flags, figures.referrals, figures.nerve_symptoms)
        if role == Qt.ItemDataRole.ForegroundRole and column == ALERTS and _marks(figures):
            return _ALERT_COLOUR
        if role == VisitIdRole:
            return figures.visit_id
        return None


def display(figures: VisitFigures, column: int) -> str:
    """The text of one cell."""
    if column == DATE:
        return format_date(figures.date)
    if column == NPRS:
        return "" if figures.nprs is None else f"{figures.nprs}/10"
    if column in _GRADE_COLUMNS:
        return figures.grade(*_GRADE_COLUMNS[column]) or ""
    if column == LSI_MAX:
        return format_lsi(figures.symmetry(GLUTE_MAX))
    if column == LSI_MED:
        return format_lsi(figures.symmetry(GLUTE_MED))
    if column == PSFS:
        return format_score(figures.psfs)
    if column in (ODI, RMDQ, STARTBACK):
        return outcome_cell(figures.outcomes, column - ODI)
    if column == ALERTS:
        return _marks(figures)
    return ""


def _marks(figures: VisitFigures) -> str:
    return alert_marks(figures.red_flags, figures.referrals, figures.nerve_symptoms)
