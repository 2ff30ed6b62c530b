"""The selected client's record: identity, contact, GP, lifestyle, consents, history, visits.

``ClientDetailsView`` only builds and lays out widgets; ``ClientDetails`` is the finished widget
that fills them from a :class:`Client` and its visit summaries and wires the signals.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from glutedesk.ui import style
from glutedesk.ui.formatting import (
    HISTORY_LABELS,
    age_on,
    format_date,
    format_hours,
    plural,
)
from glutedesk.ui.keys import StandardKey, key_text
from glutedesk.ui.visit_list_model import ALERTS, DATE, NPRS, VisitIdRole, VisitListModel

if TYPE_CHECKING:  # the domain model loads with the first client shown
    from glutedesk.domain.ids import VisitId
    from glutedesk.domain.models import Client, VisitSummary

MISSING = "—"
TWO_COLUMN_WIDTH = 700  # below this the record page shows its cards in one column

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


class ClientDetailsView(QStackedWidget):
    """Layout only: an empty-state page and a scrollable record page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.setContentsMargins(48, 48, 48, 48)
        empty_layout.addWidget(self.empty_label)

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
        self.visit_table = QTableView()
        self.visit_table.setObjectName("visitTable")
        self.visit_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.visit_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.visit_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.visit_table.setAlternatingRowColors(True)
        self.visit_table.setShowGrid(False)
        self.visit_table.setWordWrap(False)
        self.visit_table.verticalHeader().hide()
        self.visit_table.verticalHeader().setDefaultSectionSize(32)
        self.visit_table.horizontalHeader().setHighlightSections(False)
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

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setWidget(page)

        self.empty_page = empty_page
        self.record_page = self.scroll_area
        self.addWidget(empty_page)
        self.addWidget(self.scroll_area)

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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange_cards(2 if event.size().width() >= TWO_COLUMN_WIDTH else 1)

    def fit_visit_table(self) -> None:
        """Size the visit table to show every row, so only the page scrolls."""
        table = self.visit_table
        header = table.horizontalHeader()
        rows = table.model().rowCount() if table.model() else 0
        height = header.sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
        table.setFixedHeight(height + 2 * table.frameWidth() + 2)


class ClientDetails(QWidget):
    """The record of one client, or an empty-state message when none is shown."""

    visit_activated = Signal(str)
    """A visit row was double-clicked or Enter was pressed on it (carries the visit id)."""
    edit_requested = Signal()
    new_visit_requested = Signal()

    def __init__(
        self,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        view: ClientDetailsView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._client: Client | None = None
        self.view = view or ClientDetailsView()
        self.visit_model = VisitListModel(parent=self)
        self.view.visit_table.setModel(self.visit_model)
        header = self.view.visit_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (DATE, NPRS, ALERTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(DATE, 130)
        header.resizeSection(NPRS, 100)
        header.resizeSection(ALERTS, 90)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._connect_callbacks()
        self.show_message("")

    @property
    def client(self) -> Client | None:
        """The client shown, or None when the empty state is up."""
        return self._client

    def show_message(self, text: str, *, rich: bool = False) -> None:
        """Show the empty state with ``text`` (plain, or our own markup if ``rich``)."""
        self._client = None
        self.visit_model.set_items([])
        label = self.view.empty_label
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        label.setText(text)
        self.view.setCurrentWidget(self.view.empty_page)

    def show_client(self, client: Client, visits: Sequence[VisitSummary]) -> None:
        """Show ``client``'s record with ``visits`` (given oldest first, shown newest first)."""
        self._client = client
        view = self.view
        view.name_label.setText(client.name)
        view.subtitle_label.setText(self._subtitle(client, visits))
        view.contact_card.set_rows(
            [("Phone", client.phone), ("Email", client.email), ("Address", client.address)]
        )
        view.gp_card.set_rows(
            [
                ("GP", client.gp_name),
                ("Practice", client.gp_practice),
                ("Address", client.gp_address),
            ]
        )
        view.lifestyle_card.set_rows(
            [
                ("Occupation", client.occupation),
                ("Sitting", format_hours(client.sitting_hours_per_day)),
                ("Sport / activity", client.sport_activity),
            ]
        )
        view.consents_card.set_rows(_consent_rows(client), rich=True)
        history = _history_rows(client)
        view.history_card.set_rows(history, empty_text="No case history recorded yet.")
        newest_first = sorted(visits, key=lambda v: v.visit_date, reverse=True)
        self.visit_model.set_items(newest_first)
        view.visits_title.setText(f"VISITS · {len(visits)}" if visits else "VISITS")
        view.no_visits_label.setVisible(not visits)
        view.visits_hint.setVisible(len(visits) > 1)
        view.visit_table.setVisible(bool(visits))
        view.fit_visit_table()
        view.scroll_area.verticalScrollBar().setValue(0)
        view.setCurrentWidget(view.record_page)

    def visit_ids(self) -> list[VisitId]:
        """The ids of the visits listed, top to bottom."""
        return [v.id for v in self.visit_model.items()]

    def _subtitle(self, client: Client, visits: Sequence[VisitSummary]) -> str:
        parts = []
        if client.date_of_birth is not None:
            age = age_on(client.date_of_birth, self._today())
            parts.append(f"{age} years (born {format_date(client.date_of_birth)})")
        else:
            parts.append("Date of birth not recorded")
        if visits:
            last = max(v.visit_date for v in visits)
            parts.append(f"{plural(len(visits), 'visit')}, last on {format_date(last)}")
        else:
            parts.append("No visits yet")
        return "  ·  ".join(parts)

    def _connect_callbacks(self) -> None:
        self.view.visit_table.activated.connect(self._on_visit_activated)
        self.view.edit_button.clicked.connect(self.edit_requested)
        self.view.new_visit_button.clicked.connect(self.new_visit_requested)

    def _on_visit_activated(self, index: QModelIndex) -> None:
        visit_id = index.data(VisitIdRole)
        if visit_id:
            self.visit_activated.emit(visit_id)


def _consent_rows(client: Client) -> list[Row]:
    from glutedesk.domain.models import ConsentKind
    from glutedesk.ui.formatting import CONSENT_LABELS

    rows: list[Row] = []
    for kind in ConsentKind:
        consent = client.consent(kind)
        if consent is None:
            value = f'<span style="color:{style.MUTED}">Not recorded</span>'
        else:
            colour = style.ACCENT_DARK if consent.given else style.ALERT
            word = "Given" if consent.given else "Declined"
            value = f'<span style="color:{colour}; font-weight:600">{word}</span>'
            details = []
            if consent.date is not None:
                details.append(_nowrap(format_date(consent.date)))
            if consent.wording_version:
                details.append(_nowrap(f"wording {html.escape(consent.wording_version)}"))
            if details:
                value += f'<br><span style="color:{style.MUTED}">{"&nbsp;· ".join(details)}</span>'
        rows.append((CONSENT_LABELS[kind], value))
    return rows


def _nowrap(text: str) -> str:
    return text.replace(" ", "&nbsp;")


def _history_rows(client: Client) -> list[Row]:
    rows = [
        (label, value)
        for name, label in HISTORY_LABELS.items()
        if (value := getattr(client.history, name, "").strip())
    ]
    from glutedesk.domain.strength import INVOLVED_SIDES  # not needed to paint the window

    side = INVOLVED_SIDES.get(client.history.involved_side, client.history.involved_side)
    if rows or client.history.involved_side != "not_known":  # "Not known" is said, not hidden
        rows.insert(0, ("Involved side", side.capitalize()))
    if client.notes.strip():
        rows.append(("Notes", client.notes.strip()))
    return rows
