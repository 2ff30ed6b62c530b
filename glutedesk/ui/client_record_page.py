"""The record page of the client details: name line, cards and the visit table.

Split from :mod:`glutedesk.ui.client_details` so the window's first paint, which shows no
client, need not build it: :class:`~glutedesk.ui.client_details.ClientDetailsView` builds it
when a record is first shown (or one of its parts is first asked for).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from glutedesk.ui.keys import StandardKey, key_text
from glutedesk.ui.row_tables import set_up_row_table

MISSING = "—"

# A row of a card: a field label and either plain text or (for our own markup) rich text.
Row = tuple[str, str]


class Card(QFrame):
    """A titled white panel of "label: value" rows; the rows can be replaced."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel(title.upper())
        self.title.setObjectName("cardTitle")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(7)
        self.grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows: Sequence[Row], *, rich: bool = False, empty_text: str = "") -> None:
        """Replace the rows. Values are plain text unless ``rich`` (only for our own markup).

        With no rows, ``empty_text`` is shown in muted type instead.
        """
        while self.grid.count():
            child = self.grid.takeAt(0).widget()
            if child is not None:
                child.hide()
                child.deleteLater()
        if not rows and empty_text:
            note = QLabel(empty_text)
            note.setProperty("role", "muted")
            self.grid.addWidget(note, 0, 0, 1, 2)
        for row, (label, value) in enumerate(rows):
            name = QLabel(label)
            name.setProperty("role", "fieldLabel")
            name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            shown = QLabel(value or MISSING)
            shown.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if not value:
                shown.setProperty("role", "muted")
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(shown, row, 1)

    def value_texts(self) -> dict[str, str]:
        """Return the shown rows as {label: plain-text value} (for tests and checks)."""
        texts: dict[str, str] = {}
        for row in range(self.grid.rowCount()):
            label = self.grid.itemAtPosition(row, 0)
            value = self.grid.itemAtPosition(row, 1)
            if label and value:
                shown = value.widget()
                text = shown.text()
                if shown.textFormat() == Qt.TextFormat.RichText:
                    text = QTextDocumentFragment.fromHtml(text).toPlainText()
                texts[label.widget().text()] = text.replace("\xa0", " ")
        return texts


class RecordPage(QScrollArea):
    """Layout only: the scrollable page showing one client's record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_label = QLabel()
        self.name_label.setObjectName("clientName")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("clientSubtitle")
        self.edit_button = QPushButton("Edit client…")
        self.edit_button.setObjectName("editClientButton")
        self.new_visit_button = QPushButton("New visit")
        self.new_visit_button.setObjectName("newVisitButton")
        self.new_visit_button.setToolTip(f"Record a new visit ({key_text(StandardKey.New)})")

        self.contact_card = Card("Contact")
        self.gp_card = Card("GP")
        self.lifestyle_card = Card("Work and activity")
        self.consents_card = Card("Consents")
        self.history_card = Card("Case history")

        self.visits_card = QFrame()
        self.visits_card.setObjectName("card")
        self.visits_title = QLabel("VISITS")
        self.visits_title.setObjectName("cardTitle")
        self.visits_hint = QLabel("Newest first")
        self.visits_hint.setProperty("role", "muted")
        self.no_visits_label = QLabel("No visits recorded yet.")
        self.no_visits_label.setProperty("role", "muted")
        self.visit_table = set_up_row_table(QTableView(), "visitTable", row_height=32)
        self.visit_table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.visit_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.visit_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.visit_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        visits_header = QHBoxLayout()
        visits_header.addWidget(self.visits_title)
        visits_header.addStretch(1)
        visits_header.addWidget(self.visits_hint)
        visits_layout = QVBoxLayout(self.visits_card)
        visits_layout.setContentsMargins(16, 14, 16, 14)
        visits_layout.setSpacing(10)
        visits_layout.addLayout(visits_header)
        visits_layout.addWidget(self.no_visits_label)
        visits_layout.addWidget(self.visit_table)

        page = QWidget()
        page.setObjectName("detailsPage")
        self.card_grid = QGridLayout()
        self.card_grid.setSpacing(14)
        self._columns = 0
        self.arrange_cards(2)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(28, 24, 28, 28)
        page_layout.setSpacing(4)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_label, 1)
        name_row.addWidget(self.edit_button)
        name_row.addWidget(self.new_visit_button)
        page_layout.addLayout(name_row)
        page_layout.addWidget(self.subtitle_label)
        page_layout.addSpacing(14)
        page_layout.addLayout(self.card_grid)
        page_layout.addStretch(1)

        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWidget(page)

    def arrange_cards(self, columns: int) -> None:
        """Lay the cards out in two columns, or one when the panel is narrow."""
        if columns == self._columns:
            return
        self._columns = columns
        grid = self.card_grid
        cards = [self.contact_card, self.gp_card, self.lifestyle_card, self.consents_card]
        for card in [*cards, self.visits_card, self.history_card]:
            grid.removeWidget(card)
        for i, card in enumerate(cards):
            grid.addWidget(card, *divmod(i, columns))
        rows = (len(cards) + columns - 1) // columns
        grid.addWidget(self.visits_card, rows, 0, 1, columns)
        grid.addWidget(self.history_card, rows + 1, 0, 1, columns)
        for column in range(2):
            grid.setColumnStretch(column, 1 if column < columns else 0)

    def fit_visit_table(self) -> None:
        """Size the visit table to show every row, so only the page scrolls."""
        table = self.visit_table
        header = table.horizontalHeader()
        rows = table.model().rowCount() if table.model() else 0
        height = header.sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
        table.setFixedHeight(height + 2 * table.frameWidth() + 2)
