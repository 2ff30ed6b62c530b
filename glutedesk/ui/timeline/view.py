"""The client's timeline: every visit's key figures, the progress charts, and body-map compare.

``TimelinePanels`` only builds and lays out widgets; ``TimelineView`` fills them from the
database and wires the signals.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.ids import VisitId
from glutedesk.domain.models import Visit
from glutedesk.domain.regions import RegionManifest
from glutedesk.reports.series import timeline
from glutedesk.storage.clients import ClientNotFound
from glutedesk.storage.clinic import Clinic
from glutedesk.ui.formatting import plural
from glutedesk.ui.keys import multi_select_click
from glutedesk.ui.row_tables import set_up_row_table
from glutedesk.ui.timeline.chart_panel import ChartPanel
from glutedesk.ui.timeline.columns import fit_columns
from glutedesk.ui.timeline.model import (
    DATE,
    HEADERS,
    OUTCOME_COLUMNS,
    TimelineModel,
    VisitIdRole,
)
from glutedesk.ui.timeline.number_panel import NumberChartPanel

# The table keeps room for this many visits by default (the charts take the rest, never less
# than CHART_MIN_HEIGHT); at 1024×640 the charts' old 300 px minimum left it one row.
TABLE_ROWS = 4
CHART_MIN_HEIGHT = 200
TABLE_SHARE = 0.35  # on a tall screen the table may show more rows than TABLE_ROWS

NO_CLIENT = "Select a client to see their timeline."
NO_VISITS = "No visits yet. The timeline fills in as visits are recorded."
COMPARE_HINT = f"Select two visits ({multi_select_click()}) to compare their body maps."


class TimelinePanels(QStackedWidget):
    """Layout only: an empty-state page, and the table above the chart tabs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_label = QLabel(NO_CLIENT)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.setContentsMargins(48, 48, 48, 48)
        empty_layout.addWidget(self.empty_label)

        self.title = QLabel("TIMELINE")
        self.title.setObjectName("cardTitle")
        self.hint = QLabel(COMPARE_HINT)
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)  # a long hint must not widen the main window
        self.open_button = QPushButton("Open visit")
        self.open_button.setToolTip("Open the selected visit (or double-click a row)")
        self.compare_button = QPushButton("Compare body maps")
        self.compare_button.setToolTip("Show the two selected visits' body maps side by side")
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.open_button)
        header.addWidget(self.compare_button)

        self.table = set_up_row_table(QTableView(), "timelineTable", several=True, row_height=30)

        self.strength_chart = ChartPanel("strength_figure")
        self.pain_chart = ChartPanel("pain_function_figure")
        self.charts = QTabWidget()
        self.charts.setDocumentMode(True)
        self.charts.addTab(self.strength_chart, "Glute strength")
        self.charts.addTab(self.pain_chart, "Pain and activities")
        self.disability_chart = ChartPanel("glutedesk.reports.outcome_charts:disability_figure")
        self.number_chart = NumberChartPanel()
        self.charts.addTab(self.disability_chart, "Disability (ODI, RMDQ)")
        self.charts.addTab(self.number_chart, "Any measurement")

        top = self.table_box = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(20, 10, 20, 4)
        top_layout.setSpacing(6)
        top_layout.addLayout(header)
        # Below the buttons, not beside them: beside them it set the Timeline's minimum width
        # (leaving 2 px at 1024 wide) and wrapped to four cut-off lines.
        top_layout.addWidget(self.hint)
        top_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(20, 0, 20, 6)
        chart_layout.addWidget(self.charts)
        chart_box.setMinimumHeight(CHART_MIN_HEIGHT)
        self.splitter.addWidget(chart_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([280, 520])
        # Until the therapist drags the handle, the split follows the window (fit_split).
        self.split_chosen = False
        self.splitter.splitterMoved.connect(self._on_split_dragged)

        self.empty_page = empty_page
        self.timeline_page = self.splitter
        self.addWidget(empty_page)
        self.addWidget(self.splitter)

    def fit_split(self) -> None:
        """Give the table room for :data:`TABLE_ROWS` rows (fewer visits: as many as there are;
        a tall window: its share) and the charts the rest, unless the therapist has dragged
        the handle."""
        total = sum(self.splitter.sizes())
        if self.split_chosen or total <= 0 or not self.splitter.isVisible():
            return
        table = self.table
        around = self.table_box.height() - table.height()  # margins, title, buttons, hint
        model = table.model()
        count = min(max(model.rowCount() if model is not None else 0, 1), TABLE_ROWS)
        rows = count * table.verticalHeader().defaultSectionSize()
        bar = table.horizontalScrollBar()
        scroll = bar.sizeHint().height() if bar.isVisible() else 0
        need = around + table.horizontalHeader().height() + 2 * table.frameWidth() + rows + scroll
        top = min(max(need, int(total * TABLE_SHARE)), total - CHART_MIN_HEIGHT)
        if top != self.splitter.sizes()[0]:
            self.splitter.setSizes([top, total - top])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self.fit_split)  # once the table's own layout has the new size

    def _on_split_dragged(self, *_: object) -> None:
        self.split_chosen = True


class TimelineView(QWidget):
    """One client's visits in date order, with charts; open or compare visits from here.

    Args:
        clinic: The open clinic (read on the GUI thread; reads are quick).
        regions: The body-region manifest for the compare window (default: the shipped one).
    """

    visit_activated = Signal(str)
    """A visit was opened from the timeline (double-click, Enter or "Open visit")."""

    def __init__(
        self,
        clinic: Clinic,
        *,
        regions: RegionManifest | None = None,
        panels: TimelinePanels | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clinic = clinic
        self._regions = regions
        self._client_id: str | None = None
        self._client_name = ""
        self._visits: list[Visit] = []
        self.compare_window: QWidget | None = None
        self.panels = panels or TimelinePanels()
        self.model = TimelineModel(parent=self)
        self.panels.table.setModel(self.model)
        self.panels.number_chart.bind(self._clinic)
        header = self.panels.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DATE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(DATE, 120)
        for column in OUTCOME_COLUMNS:  # "34% (total)", "Medium 5/9": never cut
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panels)
        self._connect_callbacks()
        self._update_buttons()

    # Public API --------------------------------------------------------------------------

    @property
    def client_id(self) -> str | None:
        return self._client_id

    @property
    def visits(self) -> list[Visit]:
        """The visits shown, oldest first."""
        return list(self._visits)

    def set_client(self, client_id: str | None) -> None:
        """Show ``client_id``'s timeline (None: the empty state)."""
        self._client_id = client_id
        self.refresh()

    def refresh(self) -> None:
        """Reload the client's visits from the database (after a save), keeping the selection."""
        selected = self.selected_visit_ids()
        if self._client_id is None:
            self._show_empty(NO_CLIENT)
            return
        try:
            client = self._clinic.client(self._client_id)
            self._client_name = client.name
        except ClientNotFound:
            self._client_id = None
            self._show_empty(NO_CLIENT)
            return
        self._visits = self._clinic.visits(self._client_id)
        self.model.visits = {v.id: v for v in self._visits}
        rows = timeline(self._visits, client.history.involved_side)
        self.model.set_items(rows)
        two_lines = any(f.readings for f in rows)  # a grade with its reading below it
        self.panels.table.verticalHeader().setDefaultSectionSize(42 if two_lines else 30)
        QTimer.singleShot(0, self.panels, self.panels.fit_split)  # the rows' height may change
        mode = QHeaderView.ResizeMode
        header = self.panels.table.horizontalHeader()
        # Readings with their units are never cut short: with readings every column takes the
        # width its text needs (the table scrolls sideways if the window is narrow).
        header.setSectionResizeMode(mode.Fixed if two_lines else mode.Stretch)
        header.setSectionResizeMode(DATE, mode.Fixed)
        header.setStretchLastSection(two_lines)
        if two_lines:  # as ResizeToContents would, measuring a few cells, not all 1,300
            fit_columns(self.panels.table, range(DATE + 1, len(HEADERS) - 1))  # the last stretches
        if not self._visits:  # first: hidden, the charts draw nothing until the next client
            self._show_empty(NO_VISITS, keep_client=True)
        self.panels.strength_chart.set_visits(self._visits)
        self.panels.pain_chart.set_visits(self._visits)
        self.panels.disability_chart.set_visits(self._visits)
        self.panels.number_chart.set_visits(self._visits)
        if not self._visits:
            return
        self.panels.title.setText(f"TIMELINE · {plural(len(self._visits), 'visit').upper()}")
        self.panels.setCurrentWidget(self.panels.timeline_page)
        self.select_visits(selected)
        self._update_buttons()

    def visit_ids(self) -> list[VisitId]:
        """The ids of the rows, top (oldest) to bottom."""
        return [figures.visit_id for figures in self.model.items()]

    def selected_visit_ids(self) -> list[VisitId]:
        """The selected rows' visit ids, oldest first."""
        selection = self.panels.table.selectionModel()
        if selection is None:
            return []
        rows = sorted(index.row() for index in selection.selectedRows())
        return [self.model.item(row).visit_id for row in rows if row < self.model.rowCount()]

    def select_visits(self, visit_ids: Sequence[str]) -> None:
        """Select the rows of ``visit_ids`` (unknown ids are ignored)."""
        selection = self.panels.table.selectionModel()
        selection.clearSelection()
        wanted = set(visit_ids)
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, figures in enumerate(self.model.items()):
            if figures.visit_id in wanted:
                selection.select(self.model.index(row, 0), flags)
        self._update_buttons()

    def open_selected(self) -> None:
        """Emit :attr:`visit_activated` for the (first) selected visit."""
        ids = self.selected_visit_ids()
        if ids:
            self.visit_activated.emit(ids[0])

    def compare_selected(self) -> QWidget | None:
        """Open the body maps of the two selected visits side by side (None unless two)."""
        ids = self.selected_visit_ids()
        if len(ids) != 2:
            return None
        return self.compare_visits(ids[0], ids[1])

    def compare_visits(self, first_id: str, second_id: str) -> QWidget | None:
        """Open the body maps of two visits side by side, earlier on the left."""
        from glutedesk.ui.timeline.compare import CompareMapsWindow

        by_id = {v.id: v for v in self._visits}
        if first_id not in by_id or second_id not in by_id:
            return None
        earlier, later = sorted((by_id[first_id], by_id[second_id]), key=lambda v: v.visit_date)
        if self.compare_window is not None:
            self.compare_window.close()
        window = CompareMapsWindow(
            self._client_name, earlier, later, regions=self._regions, parent=self
        )
        window.destroyed.connect(self._forget_compare_window)
        self.compare_window = window
        window.show()
        return window

    # Wiring ------------------------------------------------------------------------------

    def _connect_callbacks(self) -> None:
        self.panels.table.activated.connect(self._on_activated)
        self.panels.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.panels.open_button.clicked.connect(self.open_selected)
        self.panels.compare_button.clicked.connect(self.compare_selected)

    def _on_activated(self, index: QModelIndex) -> None:
        visit_id = index.data(VisitIdRole)
        if visit_id:
            self.visit_activated.emit(visit_id)

    def _update_buttons(self, *_: object) -> None:
        count = len(self.selected_visit_ids())
        self.panels.open_button.setEnabled(count >= 1)
        self.panels.compare_button.setEnabled(count == 2)

    def _forget_compare_window(self, *_: object) -> None:
        self.compare_window = None

    def _show_empty(self, text: str, *, keep_client: bool = False) -> None:
        if not keep_client:
            self._visits = []
            self.model.set_items([])
        self.panels.empty_label.setText(text)
        self.panels.setCurrentWidget(self.panels.empty_page)
        self._update_buttons()
