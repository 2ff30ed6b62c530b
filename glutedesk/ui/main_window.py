"""The main window: the client list on the left, the selected client's record on the right."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from glutedesk.storage.client_list import ClientListItem, ClientNotFound
from glutedesk.storage.clinic import Clinic
from glutedesk.ui.busy import busy_cursor
from glutedesk.ui.client_details import ClientDetails
from glutedesk.ui.client_list import ClientList
from glutedesk.ui.dialogs import AboutDialog
from glutedesk.ui.empty_clinic import NEW_CLIENT_KEY, empty_database_message
from glutedesk.ui.first_paint import after_first_paint
from glutedesk.ui.formatting import plural
from glutedesk.ui.keys import standard_or
from glutedesk.ui.list_splitter import LIST_MIN_WIDTH, ListSplitter, list_width_for
from glutedesk.ui.practice.menu import install_practice_menu
from glutedesk.ui.report_actions import ReportActions
from glutedesk.ui.style import themed
from glutedesk.ui.window_fit import fit_window, guard_input

if TYPE_CHECKING:
    from glutedesk.storage.changes import Changes
    from glutedesk.ui.backup_actions import BackupActions
    from glutedesk.ui.clinic_files import ClinicFiles
    from glutedesk.ui.clinic_jobs.actions import ClinicJobs
    from glutedesk.ui.integrity_watch import IntegrityWatch
    from glutedesk.ui.protection import Protection
    from glutedesk.ui.timeline import TimelineView

DEFAULT_SIZE = (1280, 800)
SEARCH_LIMIT = 1000
# No standard key exists for these two: written as key combinations (⌘ on macOS).
EDIT_CLIENT_KEY = Qt.Modifier.CTRL | Qt.Key.Key_E
QUIT_KEY = QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q)  # where the platform has no Quit key
FIRST_PAGE = 200  # clients listed for the first paint; the rest follow straight after it
EMPTY_SELECTION = "Select a client from the list to see their record."


class MainWindow(QMainWindow):
    """GluteDesk's main window over one open database.

    Args:
        clinic: The open clinic (the caller owns it and closes it).
        db_path: The database file, shown in the title and status bar.
        today: Gives today's date (ages); tests pass a fixed date.
        read_only: Why it was opened read-only (a banner says so; no editing, no saving), or None.
    """

    closed = Signal()  # the close was accepted (built by window_assembly: deleted next)

    def __init__(
        self,
        clinic: Clinic,
        db_path: Path,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        read_only: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.read_only: str | None = None
        # Wired by ui.app, the composition root, once the window is built.
        self.backup_actions: BackupActions | None = None
        self.integrity_watch: IntegrityWatch | None = None
        self.clinic_files: ClinicFiles | None = None
        self.clinic_jobs: ClinicJobs | None = None
        self.protection: Protection | None = None
        self._clinic = clinic
        self._db_path = Path(db_path)
        self._today = today
        self._editors: dict[str, QWidget] = {}  # open visit editors by visit id
        self.setWindowTitle(f"GluteDesk — {self._db_path.name}")
        fit_window(self, *DEFAULT_SIZE, guard=False)
        after_first_paint(self, guard_input)  # its event filter slows building widgets

        # Built from the window down: a widget moved into the styled window is re-styled with
        # all its children, so panels are added to their final place as soon as they exist.
        central = QWidget(self)
        self.setCentralWidget(central)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.read_only_banner = QLabel()  # styled when shown (set_read_only)
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_banner.hide()
        column.addWidget(self.read_only_banner)
        self.splitter = ListSplitter()
        column.addWidget(self.splitter, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        rows_of = self._clinic.client_list_rows  # refresh() below loads the list
        self.client_list = ClientList(self._search, rows_of=rows_of, load=False)
        self.splitter.addWidget(self.client_list)
        self.record_tabs = QTabWidget()
        self.splitter.addWidget(self.record_tabs)
        self.record_tabs.setDocumentMode(True)
        self.details = ClientDetails(today=today)
        self.record_tabs.addTab(self.details, "Record")
        self._timeline: TimelineView | None = None  # built when first needed
        self._timeline_client: str | None = None  # the client it should show
        self._timeline_stale = False
        self._timeline_page = QWidget()
        QVBoxLayout(self._timeline_page).setContentsMargins(0, 0, 0, 0)
        self.record_tabs.addTab(self._timeline_page, "Timeline")
        self.reports = ReportActions(self._clinic, Path(db_path), self)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        list_width = list_width_for(self.width())  # the window is already fitted to the screen
        self.splitter.setSizes([list_width, self.width() - list_width])
        self.client_list.setMinimumWidth(LIST_MIN_WIDTH)

        self.status_label = QLabel()
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().setSizeGripEnabled(False)

        self._build_menus()
        self._connect_callbacks()
        self._list_limit: int | None = FIRST_PAGE  # a large clinic paints its first page first
        self.refresh()
        self._list_limit = None
        if self.client_list.model.rowCount() >= FIRST_PAGE:
            after_first_paint(self, self.client_list.reload)
        if read_only:
            self.set_read_only(read_only)
        after_first_paint(self, self.offer_drafts)

    def set_read_only(self, reason: str) -> None:
        """Show the records read-only: a banner saying why, no editing or saving anywhere."""
        self.read_only = reason
        self.setWindowTitle(f"GluteDesk — {self._db_path.name} (read-only)")
        self.read_only_banner.setStyleSheet(
            themed(
                "QLabel#readOnlyBanner { background: #fff4ce; color: #4a3500; padding: 8px 12px;"
                " border-bottom: 1px solid #e0c36a; }"
            )
        )
        self.read_only_banner.setText(
            f"<b>Read-only:</b> {html.escape(reason)}. You can read, search and print the "
            "records; nothing can be added or changed, and nothing is written to the file."
        )
        self.read_only_banner.show()
        for action in (self.new_client_action, self.new_visit_action, self.edit_client_action):
            action.setEnabled(False)
        self.details.view.edit_button.setEnabled(False)
        self.details.view.new_visit_button.setEnabled(False)
        self.details.view.edit_button.hide()
        self.details.view.new_visit_button.hide()
        for editor in self._editors.values():
            editor.lock_read_only()
        self._update_status()

    @property
    def clinic(self) -> Clinic:
        """The open clinic (the storage door) this window shows."""
        return self._clinic

    @property
    def db_path(self) -> Path:
        return self._db_path

    @property
    def timeline(self) -> TimelineView:
        """The Timeline tab's view, showing the selected client.

        Built, and the client's history loaded, only when the tab is opened (or the view is
        asked for): selecting clients on the Record tab loads no history nobody looks at.
        """
        return self._current_timeline()

    def _current_timeline(self) -> TimelineView:
        if self._timeline is not None and not self._timeline_stale:
            return self._timeline
        with busy_cursor():  # a long history and its charts take a moment
            if self._timeline is None:
                from glutedesk.ui.timeline import TimelineView

                self._timeline = TimelineView(self._clinic)
                self._timeline.visit_activated.connect(self.details.visit_activated)
                self._timeline_page.layout().addWidget(self._timeline)
                self._timeline_stale = True
            self._timeline_stale = False
            self._timeline.set_client(self._timeline_client)
        return self._timeline

    def refresh(self, changes: Changes | None = None) -> None:
        """Show a save's :class:`Changes` (None: anything may have changed) in the client list,
        keeping the selection, and in the record shown, if the change touched that client."""
        selection_changed = self.client_list.refresh_clients(changes and changes.clients)
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
        self.file_menu = file_menu  # backup_actions adds Back up / Restore above Quit
        self.new_client_action = QAction("New &client…", self)
        self.new_client_action.setShortcut(QKeySequence(NEW_CLIENT_KEY))
        file_menu.addAction(self.new_client_action)
        self.new_visit_action = QAction("&New visit", self)
        self.new_visit_action.setShortcut(QKeySequence.StandardKey.New)
        file_menu.addAction(self.new_visit_action)
        file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcuts(standard_or(QKeySequence.StandardKey.Quit, QUIT_KEY))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        edit_menu = menu_bar.addMenu("&Edit")
        self.find_action = QAction("&Find client…", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        edit_menu.addAction(self.find_action)
        self.edit_client_action = QAction("&Edit client…", self)
        self.edit_client_action.setShortcut(QKeySequence(EDIT_CLIENT_KEY))
        edit_menu.addAction(self.edit_client_action)

        self.reports_menu = self.reports.build_menu(menu_bar.addMenu("&Reports"))
        self.practice_menu = install_practice_menu(self, menu_bar, self._db_path)

        help_menu = menu_bar.addMenu("&Help")
        self.help_menu = help_menu  # help_actions adds Open log folder
        self.about_action = QAction("&About GluteDesk", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    def _connect_callbacks(self) -> None:
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self.client_list.focus_search)
        self.about_action.triggered.connect(lambda: AboutDialog.ask(self))
        self.client_list.client_selected.connect(self._show_client)
        self.new_client_action.triggered.connect(self.new_client)
        self.edit_client_action.triggered.connect(self.edit_client)
        self.new_visit_action.triggered.connect(self.new_visit)
        self.details.visit_activated.connect(self.open_visit)
        self.details.edit_requested.connect(self.edit_client)
        self.details.new_visit_requested.connect(self.new_visit)
        self.record_tabs.currentChanged.connect(self._sync_timeline)
        self.reports.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

    # Handlers ------------------------------------------------------------------------------

    def _search(self, text: str) -> list[ClientListItem]:
        if not text.strip():
            return self._clinic.client_list(limit=self._list_limit)
        return self._clinic.find_clients(text, limit=SEARCH_LIMIT)

    def _show_client(self, client_id: str | None) -> None:
        if client_id is not None:
            try:
                client = self._clinic.client(client_id)
            except ClientNotFound:
                client = None
            if client is not None:
                self.details.show_client(client, self._clinic.visit_summaries(client_id))
                self._set_timeline_client(client.id)
                self.reports.set_client(client.id, client.name)
                return
        self._set_timeline_client(None)
        self.reports.set_client(None)
        if self._clinic.count_clients() == 0:
            self.details.show_message(empty_database_message(self._db_path), rich=True)
        else:
            self.details.show_message(EMPTY_SELECTION)

    def _set_timeline_client(self, client_id: str | None) -> None:
        self._timeline_client = client_id
        self._timeline_stale = True  # also after a save: the history changed
        self._sync_timeline()

    def _sync_timeline(self, *_: object) -> None:
        if self.record_tabs.currentWidget() is self._timeline_page:
            self._current_timeline()

    # Clients and visits (the visit editor is imported only when first used) ---------------

    def new_client(self) -> None:
        from glutedesk.ui.client_form import ClientForm

        if self.read_only:
            return
        result = ClientForm.ask(self, self._clinic, today=self._today)
        if result is not None:
            client, changes = result
            self.client_list.view.search_edit.clear()
            self.refresh(changes)
            self.client_list.select_client(client.id)

    def edit_client(self) -> None:
        from glutedesk.ui.client_form import ClientForm

        client_id = self.client_list.selected_id
        if client_id is None or self.read_only:
            return
        result = ClientForm.ask(self, self._clinic, client_id, today=self._today)
        if result is not None:
            self.refresh(result[1])

    def new_visit(self) -> None:
        """Open the visit editor on a new visit for the selected client (Ctrl+N)."""
        client_id = self.client_list.selected_id
        if client_id is not None and not self.read_only:
            self.open_visit_editor(client_id, None)

    def open_visit(self, visit_id: str) -> None:
        """Open a saved visit of the client shown (a visit row was activated)."""
        client = self.details.client
        if client is not None:
            self.open_visit_editor(client.id, visit_id)

    def open_visit_editor(self, client_id: str, visit_id: str | None, draft=None):
        from glutedesk.ui.visit_editor import open_visit_editor

        if visit_id is not None and visit_id in self._editors:
            editor = self._editors[visit_id]
            editor.show()
            editor.raise_()
            editor.activateWindow()
            return editor
        editor = open_visit_editor(
            self._clinic,
            client_id,
            visit_id,
            parent=self,
            on_saved=self.refresh,
            draft=draft,
            offer_drafts=draft is None and not self.read_only,
            today=self._today,
        )
        if self.read_only:
            editor.lock_read_only()
            editor.set_status("Read-only: this visit can be read and printed, not changed.")
        self._editors[editor.visit_id] = editor
        editor.closed.connect(lambda vid=editor.visit_id: self._editor_closed(vid))
        return editor

    def _editor_closed(self, visit_id: str) -> None:
        editor = self._editors.pop(visit_id, None)
        if editor is not None:
            editor.deleteLater()

    def offer_drafts(self) -> None:
        """At start-up, offer to restore visits that were being edited when the app stopped."""
        from glutedesk.storage.drafts import discard_draft, drafts_dir, list_drafts

        folder = drafts_dir(self._db_path)
        drafts = list_drafts(folder)
        if not drafts or not self.isVisible() or self.read_only:
            return
        # The editor is imported only when there is a draft to offer (keeps start-up lean).
        from glutedesk.ui.visit_editor import describe_draft
        from glutedesk.ui.visit_editor.dialogs import RestoreDraftDialog

        for draft in drafts:
            if draft.visit.id in self._editors:
                continue
            try:
                client = self._clinic.client(draft.client_id)
            except ClientNotFound:
                continue
            choice = RestoreDraftDialog.ask(self, describe_draft(draft, client.name))
            if choice == "restore":
                self.client_list.select_client(client.id)
                self.open_visit_editor(client.id, draft.visit.id, draft=draft)
            else:
                discard_draft(folder, draft.visit.id)

    def _update_status(self) -> None:
        count = self._clinic.count_clients()
        mode = " · read-only" if self.read_only else ""
        self.status_label.setText(f"{plural(count, 'client')} · {self._db_path}{mode}")

    def closeEvent(self, event: QCloseEvent) -> None:
        for editor in list(self._editors.values()):
            if not editor.close():  # the editor asks about unsaved changes
                event.ignore()
                return
        self.client_list.search_timer.stop()
        # A document still being written finishes before the window (and its database) goes.
        QThreadPool.globalInstance().waitForDone(30_000)
        super().closeEvent(event)
        self.closed.emit()
