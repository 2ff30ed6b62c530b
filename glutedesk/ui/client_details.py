"""The selected client's record: identity, contact, GP, lifestyle, consents, history, visits.

``ClientDetailsView`` only builds and lays out widgets (the record page itself is in
:mod:`glutedesk.ui.client_record_page`); ``ClientDetails`` is the finished widget that fills
them from a :class:`Client` and its visit summaries and wires the signals.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
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
from glutedesk.ui.visit_list_model import ALERTS, DATE, NPRS, VisitIdRole, VisitListModel

if TYPE_CHECKING:  # the domain model and the record page load with the first client shown
    from glutedesk.domain.ids import VisitId
    from glutedesk.domain.models import Client, VisitSummary
    from glutedesk.ui.client_record_page import Card, RecordPage, Row

TWO_COLUMN_WIDTH = 700  # below this the record page shows its cards in one column

# The record page's parts, reached through the view (``view.edit_button``): the page is built
# when one of them is first asked for, so the first paint, which shows no client, skips it.
_RECORD_PARTS = frozenset(
    {
        "name_label",
        "subtitle_label",
        "edit_button",
        "new_visit_button",
        "contact_card",
        "gp_card",
        "lifestyle_card",
        "consents_card",
        "history_card",
        "visits_card",
        "visits_title",
        "visits_hint",
        "no_visits_label",
        "visit_table",
        "card_grid",
        "arrange_cards",
        "fit_visit_table",
    }
)


class ClientDetailsView(QStackedWidget):
    """Layout only: an empty-state page and a scrollable record page (built when first needed).

    Building the record page and fitting it into the window cost about a tenth of the app's
    work before its first paint (issue #14), which shows the empty state: the page is built
    the first time :attr:`record_page` or one of its parts (``view.edit_button``...) is asked
    for, usually when the first client is selected.
    """

    name_label: QLabel
    subtitle_label: QLabel
    edit_button: QPushButton
    new_visit_button: QPushButton
    contact_card: Card
    gp_card: Card
    lifestyle_card: Card
    consents_card: Card
    history_card: Card
    visits_card: QFrame
    visits_title: QLabel
    visits_hint: QLabel
    no_visits_label: QLabel
    visit_table: QTableView
    card_grid: QGridLayout

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._record: RecordPage | None = None
        self._when_built: list[Callable[[RecordPage], None]] = []
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.setContentsMargins(48, 48, 48, 48)
        empty_layout.addWidget(self.empty_label)
        self.empty_page = empty_page
        self.addWidget(empty_page)

    @property
    def record_page(self) -> RecordPage:
        """The scrollable record page (built, and set up by its owner, on first use)."""
        if self._record is None:
            from glutedesk.ui.client_record_page import RecordPage

            self._record = RecordPage()
            self._record.arrange_cards(self._columns_for(self.width()))
            self.addWidget(self._record)
            for set_up in self._when_built:
                set_up(self._record)
        return self._record

    @property
    def scroll_area(self) -> RecordPage:
        return self.record_page

    def when_built(self, set_up: Callable[[RecordPage], None]) -> None:
        """Call ``set_up(page)`` once the record page is built (at once if it already is)."""
        self._when_built.append(set_up)
        if self._record is not None:
            set_up(self._record)

    def __getattr__(self, name: str) -> Any:
        if name in _RECORD_PARTS:  # the parts live on the record page, built here if need be
            return getattr(self.record_page, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._record is not None:
            self._record.arrange_cards(self._columns_for(event.size().width()))

    @staticmethod
    def _columns_for(width: int) -> int:
        return 2 if width >= TWO_COLUMN_WIDTH else 1


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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.when_built(self._set_up_record)
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

    def _set_up_record(self, page: RecordPage) -> None:
        page.visit_table.setModel(self.visit_model)
        header = page.visit_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (DATE, NPRS, ALERTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(DATE, 130)
        header.resizeSection(NPRS, 100)
        header.resizeSection(ALERTS, 90)
        page.visit_table.activated.connect(self._on_visit_activated)
        page.edit_button.clicked.connect(self.edit_requested)
        page.new_visit_button.clicked.connect(self.new_visit_requested)

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
