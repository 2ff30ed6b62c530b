"""The timeline's table: one row per visit with its key figures (a thin adapter over
:class:`~glutedesk.reports.series.VisitFigures`)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from glutedesk.domain.models import Side, Visit
from glutedesk.domain.strength import unit_label
from glutedesk.reports.correction_notes import (
    NPRS_NOW,
    marked,
    outcome_prefix,
    result_prefix,
    tooltip,
)
from glutedesk.reports.series import GLUTE_MAX, GLUTE_MED, VisitFigures, format_lsi, format_score
from glutedesk.ui.alert_marks import ALERTS_TIP, alert_marks, alert_tooltip
from glutedesk.ui.formatting import format_date
from glutedesk.ui.list_table_model import ListTableModel
from glutedesk.ui.style import themed
from glutedesk.ui.timeline.outcome_cells import OUTCOME_TIPS, outcome_cell, outcome_tooltip

VisitIdRole = Qt.ItemDataRole.UserRole + 1

LSI_TIP = (
    "Limb symmetry index of {muscle}: from dynamometer readings when both sides have one in "
    "the same unit (unit shown), else from grades; involved ÷ uninvolved when the involved side "
    "is known, else weaker ÷ stronger"
)

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
    "Gluteus maximus, client's left: Oxford grade and/or dynamometer reading with its unit",
    "Gluteus maximus, client's right: Oxford grade and/or dynamometer reading with its unit",
    "Gluteus medius, client's left: Oxford grade and/or dynamometer reading with its unit",
    "Gluteus medius, client's right: Oxford grade and/or dynamometer reading with its unit",
    LSI_TIP.format(muscle="gluteus maximus"),
    LSI_TIP.format(muscle="gluteus medius"),
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
_LSI_COLUMNS = {LSI_MAX: GLUTE_MAX, LSI_MED: GLUTE_MED}
_ALERT_COLOUR = "#a3312a"
_CORRECTED_COLOUR = "#8a5a12"  # the amber of amendments on paper
_CENTRED = Qt.AlignmentFlag.AlignHCenter
# The roles a cell answers; the view asks each cell for several more (font, size hint,
# decoration...) at every paint and, for a client with readings, when it sizes each column to
# all 100 rows: those are None at once, before a cell's correction prefixes are worked out.
_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        VisitIdRole,
    )
)


class TimelineModel(ListTableModel[VisitFigures]):
    """Visits oldest first, one column per key figure."""

    headers = HEADERS
    header_tips = HEADER_TIPS
    alignments: ClassVar[dict[int, Qt.AlignmentFlag]] = {
        column: _CENTRED for column in range(NPRS, ALERTS + 1)
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent=parent)
        self.visits: dict[str, Visit] = {}  # by id, set by the view: the corrections to mark

    def cell(self, figures: VisitFigures, column: int, role: int) -> Any:
        if role not in _ROLES:
            return None
        prefixes = _corrected_prefixes(column)
        visit = self.visits.get(figures.visit_id) if prefixes else None
        if role == Qt.ItemDataRole.DisplayRole:
            text = display(figures, column)
            return marked(visit, text, *prefixes) if visit is not None else text
        if role == Qt.ItemDataRole.ToolTipRole and visit is not None and tooltip(visit, *prefixes):
            return tooltip(visit, *prefixes)
        if role == Qt.ItemDataRole.ForegroundRole and visit and tooltip(visit, *prefixes):
            return QColor(themed(_CORRECTED_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole and column in _LSI_COLUMNS:
            found = figures.symmetry_detail(_LSI_COLUMNS[column])
            return None if found is None else f"Limb symmetry index {found.text}"
        if role == Qt.ItemDataRole.ToolTipRole and column in (ODI, RMDQ, STARTBACK):
            return outcome_tooltip(figures.outcomes, column - ODI)
        if role == Qt.ItemDataRole.ToolTipRole and column == ALERTS:
            return alert_tooltip(figures.red_flags, figures.referrals, figures.nerve_symptoms)
        if role == Qt.ItemDataRole.ForegroundRole and column == ALERTS and _marks(figures):
            return QColor(themed(_ALERT_COLOUR))
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
        return figures.strength_text(*_GRADE_COLUMNS[column], "\n")
    if column in _LSI_COLUMNS:
        found = figures.symmetry_detail(_LSI_COLUMNS[column])
        if found is None or found.basis != "readings":
            return format_lsi(figures.symmetry(_LSI_COLUMNS[column]))
        return f"{format_lsi(found.index)}\n{unit_label(found.unit)}"
    if column == PSFS:
        return format_score(figures.psfs)
    if column in (ODI, RMDQ, STARTBACK):
        return outcome_cell(figures.outcomes, column - ODI)
    if column == ALERTS:
        return _marks(figures)
    return ""


def _corrected_prefixes(column: int) -> tuple[str, ...]:
    if column == NPRS:
        return (NPRS_NOW,)
    if column in _GRADE_COLUMNS:
        return (result_prefix(*_GRADE_COLUMNS[column]),)
    if column == PSFS:
        return (outcome_prefix("psfs"),)
    if column in OUTCOME_COLUMNS:
        return (outcome_prefix(("odi", "rmdq", "startback")[OUTCOME_COLUMNS.index(column)]),)
    return ()


def _marks(figures: VisitFigures) -> str:
    return alert_marks(figures.red_flags, figures.referrals, figures.nerve_symptoms)
