"""The main window: the client list on the left, the selected client's record on the right."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QWidget
from sqlite_utils import Database

from glutedesk.storage.changes import Changes
from glutedesk.storage.clients import (
    ClientListItem,
    ClientNotFound,
    count_clients,
    get_client,
    list_clients,
    search_clients,
)
from glutedesk.storage.database import default_db_path
from glutedesk.storage.visits import visit_summaries
from glutedesk.ui.client_details import ClientDetails
from glutedesk.ui.client_list import ClientList
from glutedesk.ui.dialogs import AboutDialog
from glutedesk.ui.formatting import plural

DEFAULT_SIZE = (1280, 800)
LIST_WIDTH = 500
SEARCH_LIMIT = 1000
EMPTY_SELECTION = "Select a client from the list to see their record."


def empty_database_message(db_path: Path) -> str:
    """The right-hand panel's text (rich text) for a database without clients."""
    command = "glutedesk demo"
    if Path(db_path) != default_db_path():
        command += f' --db "{db_path}"'
    return (
        "<p>No clients yet.</p>"
        "<p>To explore GluteDesk with a demo clinic, close the app and run</p>"
        f'<p style="font-family: monospace">{html.escape(command)}</p>'
    )


class MainWindow(QMainWindow):
    """GluteDesk's main window over one open database.

    Args:
        db: The open database (the caller owns it and closes it).
        db_path: The database file, shown in the title and status bar.
        today: Gives today's date (ages); tests pass a fixed date.
    """

    def __init__(
        self,
        db: Database,
        db_path: Path,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._db_path = Path(db_path)
        self.setWindowTitle(f"GluteDesk — {self._db_path.name}")
        self.resize(*DEFAULT_SIZE)

        self.client_list = ClientList(self._search)
        self.details = ClientDetails(today=today)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.splitter.addWidget(self.client_list)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([LIST_WIDTH, DEFAULT_SIZE[0] - LIST_WIDTH])
        self.client_list.setMinimumWidth(430)
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel()
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().setSizeGripEnabled(False)

        self._build_menus()
        self._connect_callbacks()
        self.refresh()

    @property
    def db_path(self) -> Path:
        return self._db_path

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload the client list (keeping the selection) and the record shown.

        Later screens call this after a save with the write's :class:`Changes`; the record
        on the right is reloaded only when the change touched that client (or with None).
        """
        selection_changed = self.client_list.reload()
        selected = self.client_list.selected_id
        if not selection_changed and (
            selected is None or changes is None or selected in changes.clients
        ):
            self._show_client(selected)
        self._update_status()

    # Building ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        edit_menu = menu_bar.addMenu("&Edit")
        self.find_action = QAction("&Find client…", self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        edit_menu.addAction(self.find_action)

        help_menu = menu_bar.addMenu("&Help")
        self.about_action = QAction("&About GluteDesk", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    def _connect_callbacks(self) -> None:
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self.client_list.focus_search)
        self.about_action.triggered.connect(lambda: AboutDialog.ask(self))
        self.client_list.client_selected.connect(self._show_client)

    # Handlers ------------------------------------------------------------------------------

    def _search(self, text: str) -> list[ClientListItem]:
        if not text.strip():
            return list_clients(self._db)
        return search_clients(self._db, text, limit=SEARCH_LIMIT)

    def _show_client(self, client_id: str | None) -> None:
        if client_id is not None:
            try:
                client = get_client(self._db, client_id)
            except ClientNotFound:
                client = None
            if client is not None:
                self.details.show_client(client, visit_summaries(self._db, client_id))
                return
        if count_clients(self._db) == 0:
            self.details.show_message(empty_database_message(self._db_path), rich=True)
        else:
            self.details.show_message(EMPTY_SELECTION)

    def _update_status(self) -> None:
        count = count_clients(self._db)
        self.status_label.setText(f"{plural(count, 'client')} · {self._db_path}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.client_list.search_timer.stop()
        super().closeEvent(event)
