"""Tools ▸ Retention list…: clients past their retention period, with erasure from there."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.dates import format_date
from glutedesk.ui.clinic_jobs.work import RetentionList
from glutedesk.ui.formatting import plural

if TYPE_CHECKING:
    from glutedesk.storage.gdpr import RetentionItem

COLUMNS = ("", "Client", "Keep until", "Why")


class RetentionDialog(QDialog):
    """The retention list; "Erase selected…" calls ``on_erase(item)`` (which reloads it)."""

    def __init__(
        self,
        parent: QWidget | None,
        listing: RetentionList,
        on_erase: Callable[[RetentionItem], None],
        *,
        can_erase: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Retention list")
        self.resize(820, 480)
        self._on_erase = on_erase
        self._can_erase = can_erase
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.show_all = QCheckBox("Show every client, not only those past their period")
        layout.addWidget(self.show_all)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Clients and the day their record may be erased")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(
            "No client record is past its retention period. Tick “Show every client” to see "
            "the day each record may be erased."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("retentionEmpty")
        layout.addWidget(self.empty, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.erase_button: QPushButton = buttons.addButton(
            "Erase selected…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self._erase)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_all.toggled.connect(lambda _on: self._fill())
        self.table.itemSelectionChanged.connect(self._update_button)
        self.set_listing(listing)

    def set_listing(self, listing: RetentionList) -> None:
        """Show ``listing`` (again, after an erasure)."""
        self.listing = listing
        due = listing.due
        self.summary.setText(
            f"<b>{len(due)} of {plural(len(listing.items), 'client record')}: past their retention "
            f"period</b> ({listing.years} years after the last visit, or age 25 if later). "
            "Nothing is deleted unless you erase a record here."
        )
        self._fill()

    def shown_items(self) -> tuple[RetentionItem, ...]:
        return self.listing.items if self.show_all.isChecked() else self.listing.due

    def _fill(self) -> None:
        items = self.shown_items()
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            due = item.is_due(self.listing.today)
            cells = (
                "Due" if due else "Keep",
                item.name,
                format_date(item.keep_until),
                item.reason,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 0 and due:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                cell.setData(Qt.ItemDataRole.UserRole, item.client_id)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self.table.setVisible(bool(items))
        self.empty.setVisible(not items)
        self._update_button()

    def selected_item(self) -> RetentionItem | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.shown_items()[rows[0].row()]

    def _update_button(self) -> None:
        self.erase_button.setEnabled(self._can_erase and self.selected_item() is not None)

    def _erase(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._on_erase(item)
