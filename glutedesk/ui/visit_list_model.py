"""A client's visits as a Qt table model: a thin adapter over ``list[VisitSummary]``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from glutedesk.domain.models import VisitSummary
from glutedesk.ui.formatting import format_date, plural

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
_Index = QModelIndex | QPersistentModelIndex


class VisitListModel(QAbstractTableModel):
    """Rows of visit summaries, in the order given."""

    def __init__(self, items: Sequence[VisitSummary] = (), parent=None) -> None:
        super().__init__(parent)
        self._items: list[VisitSummary] = list(items)

    def set_items(self, items: Sequence[VisitSummary]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> VisitSummary:
        return self._items[row]

    def items(self) -> list[VisitSummary]:
        return list(self._items)

    # Qt overrides -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        visit = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(visit, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return alert_tooltip(visit) if column == ALERTS else None
        if role == Qt.ItemDataRole.ForegroundRole and column == ALERTS and visit.red_flag_count:
            return _ALERT_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column == NPRS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == VisitIdRole:
            return visit.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == NPRS:
            return int(Qt.AlignmentFlag.AlignCenter)
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
