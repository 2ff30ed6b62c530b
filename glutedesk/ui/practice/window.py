"""The Practice window: every practice figure with the clients it rests on and its rules.

The figures are worked out on a worker thread (a progress bar shows how far it has got), so the
window opens at once even on a large clinic. Each row has a "Records…" button listing the
anonymous record codes behind the figure; the Definitions tab lists every rule and its source.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QThreadPool, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.insights.definitions import DEFINITIONS, definition
from glutedesk.domain.insights.figures import Figure, PracticeInsights, Section
from glutedesk.ui.practice.jobs import COMPUTE_STEPS, InsightsJob, ReportJob
from glutedesk.ui.practice.records import RecordsDialog
from glutedesk.ui.report_actions import SavePdfDialog

PERIODS = ("All records", "Last 12 months", "This calendar year", "Chosen dates")
CAUTION = (
    "What your own records show, not a research study: no comparison group, so a change seen "
    "during care does not show that care caused it. Anonymous: record codes, age bands."
)


class PracticeWindow(QMainWindow):
    """The Practice view over one clinic file."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.setWindowTitle("Practice insights — GluteDesk")
        self.insights: PracticeInsights | None = None
        self.pool = QThreadPool.globalInstance()
        self._jobs: set[object] = set()
        self._latest: object | None = None
        self.tables: dict[str, QTableWidget] = {}
        self._build()

    # Building -------------------------------------------------------------------------------

    def _build(self) -> None:
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.addLayout(self._period_bar())
        self.progress = QProgressBar()
        self.progress.setRange(0, COMPUTE_STEPS)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.status = QLabel("")
        self.status.setObjectName("practiceStatus")
        caution = QLabel(CAUTION)
        caution.setWordWrap(True)
        caution.setStyleSheet("color: #5b6770;")
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(caution)
        self.tabs = QTabWidget()
        self.figures_page = QWidget()
        self.figures_layout = QVBoxLayout(self.figures_page)
        self.charts_page = QWidget()
        self.charts_layout = QVBoxLayout(self.charts_page)
        self.tabs.addTab(_scrolled(self.figures_page), "Figures")
        self.tabs.addTab(_scrolled(self.charts_page), "Charts")
        self.definitions_table = _definitions_table()
        self.tabs.addTab(self.definitions_table, "Definitions")
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(root)

    def _period_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Period:"))
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        today = QDate.currentDate()
        self.from_date = QDateEdit(today.addYears(-1))
        self.to_date = QDateEdit(today)
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setEnabled(False)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.refresh_button = QPushButton("Show figures")
        self.refresh_button.clicked.connect(self.refresh)
        self.save_button = QPushButton("Save report PDF…")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_report)
        self.from_label, self.to_label = QLabel("from"), QLabel("to")
        self._dates = (self.from_label, self.from_date, self.to_label, self.to_date)
        for widget in (self.period, *self._dates):
            bar.addWidget(widget)
        for widget in self._dates:
            widget.setVisible(False)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        return bar

    def _period_changed(self, index: int) -> None:
        chosen = PERIODS[index] == "Chosen dates"
        for widget in self._dates:
            widget.setEnabled(chosen)
            widget.setVisible(chosen)
        if not chosen:
            self.refresh()

    def period_dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The chosen period as (from, to); None for an open end."""
        today = dt.date.today()
        name = PERIODS[self.period.currentIndex()]
        if name == "Last 12 months":
            return today - dt.timedelta(days=365), today
        if name == "This calendar year":
            return dt.date(today.year, 1, 1), today
        if name == "Chosen dates":
            return self.from_date.date().toPython(), self.to_date.date().toPython()
        return None, None

    # Computing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Work the figures out again for the chosen period, on a worker thread."""
        start, end = self.period_dates()
        if start and end and start > end:
            self.status.setText("The period's start is after its end: choose the dates again.")
            return
        job = InsightsJob(self.db_path, start, end)
        job.setAutoDelete(False)
        job.signals.progress.connect(
            lambda step, steps, j=job: self._on_progress(step, steps) if j is self._latest else None
        )
        job.signals.finished.connect(lambda ins, j=job: self._on_finished(j, ins))
        job.signals.charts.connect(lambda pngs, j=job: self._on_charts(j, pngs))
        job.signals.failed.connect(lambda text, j=job: self._on_failed(j, text))
        self._jobs.add(job)
        self._latest = job  # an older job still running is ignored when it ends
        self.progress.setValue(0)
        self.progress.show()
        self.refresh_button.setEnabled(False)
        self.status.setText("Working out the figures…")
        self.pool.start(job)

    def _on_progress(self, step: int, steps: int) -> None:
        self.progress.setMaximum(steps)
        self.progress.setValue(step)

    def _on_failed(self, job: object, text: str) -> None:
        self._jobs.discard(job)
        if job is not self._latest:
            return
        self.refresh_button.setEnabled(True)
        self.progress.hide()
        self.status.setText(text)

    def _on_finished(self, job: object, insights: PracticeInsights) -> None:
        if job is not self._latest:
            return
        self.insights = insights
        self.refresh_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.progress.hide()
        self.status.setText(
            f"{insights.period_text} · {insights.clients:,} clients · {insights.visits:,} visits"
        )
        self._show_sections(insights.sections)

    def _on_charts(self, job: object, pngs: list[bytes]) -> None:
        self._jobs.discard(job)
        if job is not self._latest:
            return
        _clear(self.charts_layout)
        for png in pngs:
            label = QLabel()
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            label.setPixmap(pixmap)
            self.charts_layout.addWidget(label)
        if not pngs:
            self.charts_layout.addWidget(QLabel("The charts could not be drawn."))
        self.charts_layout.addStretch(1)

    # Showing --------------------------------------------------------------------------------

    def _show_sections(self, sections: tuple[Section, ...]) -> None:
        _clear(self.figures_layout)
        self.tables.clear()
        for section in sections:
            title = QLabel(section.title)
            title.setStyleSheet("font-size: 15px; font-weight: 600; color: #1f6f78;")
            note = QLabel(section.note)
            note.setWordWrap(True)
            note.setStyleSheet("color: #5b6770;")
            table = self._section_table(section)
            self.tables[section.key] = table
            for widget in (title, note, table):
                self.figures_layout.addWidget(widget)
        self.figures_layout.addStretch(1)

    def _section_table(self, section: Section) -> _FigureTable:
        table = _FigureTable(len(section.figures), 5)
        table.setHorizontalHeaderLabels(["Figure", "Result", "Clients", "Rules used", ""])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        for row, fig in enumerate(section.figures):
            result = QTableWidgetItem(_result(fig))
            if fig.too_few:
                result.setForeground(Qt.GlobalColor.gray)
            rules = QTableWidgetItem("; ".join(definition(d).term for d in fig.definitions))
            rules.setToolTip(
                "\n\n".join(
                    f"{definition(d).term}: {definition(d).rule}\nSource: {definition(d).source}"
                    for d in fig.definitions
                )
            )
            clients = QTableWidgetItem(f"{fig.n:,}")
            clients.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for col, item in enumerate((QTableWidgetItem(fig.label), result, clients, rules)):
                table.setItem(row, col, item)
            button = QPushButton("Records…")
            button.setObjectName(f"records_{fig.key}")
            button.setFlat(True)
            button.clicked.connect(lambda _checked=False, f=fig: self.show_records(f))
            table.setCellWidget(row, 4, button)
        # The figure's name and its rules share the room left (a narrow window wraps them onto
        # more lines instead of cutting the name short); the table grows to fit its rows.
        table.setWordWrap(True)
        header = table.horizontalHeader()
        for col in (0, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Fixed)
        buttons = [table.cellWidget(r, 4) for r in range(table.rowCount())]
        header.resizeSection(4, max((b.sizeHint().width() for b in buttons), default=80) + 16)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.fit_rows()
        return table

    def show_records(self, fig: Figure) -> RecordsDialog:
        """Open the anonymous list of records behind ``fig``."""
        dialog = RecordsDialog(fig, self)
        dialog.show()
        return dialog

    # Report ---------------------------------------------------------------------------------

    def save_report(self) -> ReportJob | None:
        """Ask where, then write the anonymous practice report PDF on a worker thread."""
        if self.insights is None:
            return None
        suggested = Path.home() / f"Practice report {dt.date.today().isoformat()}.pdf"
        out = SavePdfDialog.ask(self, suggested)
        if out is None:
            return None
        job = ReportJob(self.db_path, self.insights, out)
        job.setAutoDelete(False)
        job.signals.finished.connect(lambda path, j=job: self._report_written(j, path))
        job.signals.failed.connect(lambda text, j=job: self._report_failed(j, text))
        self._jobs.add(job)
        self.save_button.setEnabled(False)
        self.status.setText("Writing the practice report…")
        self.pool.start(job)
        return job

    def _report_written(self, job: object, path: Path) -> None:
        self._jobs.discard(job)
        self.save_button.setEnabled(True)
        self.status.setText(f"Practice report saved to {path}")
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _report_failed(self, job: object, text: str) -> None:
        self._jobs.discard(job)
        self.save_button.setEnabled(True)
        self.status.setText("The practice report was not saved.")
        QMessageBox.warning(self, "Practice report not saved", text)


def _result(fig: Figure) -> str:
    if fig.too_few:
        return f"too few to say ({fig.n})"
    if fig.kind == "share":
        return f"{fig.share:.0f} %  ({len(fig.hits):,} of {fig.n:,})"
    if fig.kind == "value":
        return f"median {fig.value:g}{fig.unit}  ({fig.detail})"
    return f"{fig.value:+.1f}{fig.unit}  ({fig.detail})"


def _definitions_table() -> QTableWidget:
    table = QTableWidget(len(DEFINITIONS), 3)
    table.setHorizontalHeaderLabels(["Term", "Rule", "Source"])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    for row, d in enumerate(DEFINITIONS):
        for col, text in enumerate((d.term, d.rule, d.source)):
            table.setItem(row, col, QTableWidgetItem(text))
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
    table.resizeRowsToContents()
    return table


class _FigureTable(QTableWidget):
    """A section's figures: rows as tall as their wrapped text and the table as tall as its
    rows, again whenever its width changes (the page scrolls, not each table)."""

    def fit_rows(self) -> None:
        self.resizeRowsToContents()
        height = self.horizontalHeader().height() + sum(
            self.rowHeight(r) for r in range(self.rowCount())
        )
        self.setFixedHeight(height + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self.fit_rows)  # once the stretched columns have their width


def _scrolled(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()
