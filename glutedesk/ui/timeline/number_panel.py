"""The timeline's "Any measurement" tab: chart any number the test catalogue defines.

The list comes from the catalogue (every integer or number field of every test), so a test
added to ``resources/tests.json`` appears here with no code change. Measurements this client
has are listed first. A tick chooses the measurement for the clinic's progress reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from glutedesk.domain.catalogue import Catalogue, load_catalogue
from glutedesk.domain.models import Visit
from glutedesk.reports.number_series import NumericMeasure, number_series, numeric_measures
from glutedesk.storage.clinic import Clinic
from glutedesk.ui.timeline.chart_panel import ChartPanel

if TYPE_CHECKING:
    from matplotlib.figure import Figure

NOT_RECORDED = " (not recorded for this client)"


class NumberChartPanel(ChartPanel):
    """A measurement picker above a chart of the chosen measurement over the visits."""

    def __init__(self, catalogue: Catalogue | None = None, parent: QWidget | None = None) -> None:
        super().__init__("number", parent)
        self._catalogue = catalogue or load_catalogue()
        self._clinic: Clinic | None = None
        self.measures: list[NumericMeasure] = numeric_measures(self._catalogue)
        self.picker = QComboBox()
        self.picker.setObjectName("numberMeasurePicker")
        # Sized to a name of 16 letters, not the longest one: the longest widened the record
        # pane past a laptop screen and pushed the client list aside when the tab opened.
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picker.setMinimumContentsLength(16)
        self.picker.setToolTip("Any number the test catalogue defines, charted over the visits")
        self.in_report = QCheckBox("Chart in reports")  # short: this row sets the Timeline's width
        self.in_report.setObjectName("numberInReport")
        self.in_report.setToolTip(
            "Progress reports of every client chart this measurement when it was recorded"
        )
        row = QHBoxLayout()
        row.addWidget(QLabel("Measurement"))
        row.addWidget(self.picker, 1)
        row.addSpacing(12)
        row.addWidget(self.in_report)
        self._layout.insertLayout(0, row)
        self._fill_picker(())
        self.picker.currentIndexChanged.connect(self._on_pick)
        self.in_report.toggled.connect(self._on_in_report)

    def bind(self, clinic: Clinic) -> None:
        """Use ``clinic`` for the progress-report choice."""
        self._clinic = clinic
        self._sync_tick()

    @property
    def measure(self) -> NumericMeasure | None:
        """The measurement charted."""
        key = self.picker.currentData()
        return next((m for m in self.measures if m.key == key), None)

    def select(self, key: str) -> None:
        """Chart the measurement ``key`` ("test_id.field_id")."""
        index = self.picker.findData(key)
        if index >= 0:
            self.picker.setCurrentIndex(index)

    def set_visits(self, visits: Sequence[Visit]) -> None:
        self._fill_picker(visits)
        super().set_visits(visits)

    def build_figure(self, visits: Sequence[Visit]) -> Figure:
        from glutedesk.reports.number_chart import number_figure

        measure = self.measure or self.measures[0]
        return number_figure(visits, measure, catalogue=self._catalogue)

    def _fill_picker(self, visits: Sequence[Visit]) -> None:
        current = self.picker.currentData()
        recorded = [m for m in self.measures if number_series(visits, m)]
        others = [m for m in self.measures if m not in recorded]
        self.picker.blockSignals(True)
        self.picker.clear()
        for measure in recorded:
            self.picker.addItem(measure.title, measure.key)
        for measure in others:
            self.picker.addItem(measure.title + NOT_RECORDED, measure.key)
        # Keep the measurement shown if this client has it; else show their first recorded one.
        keep = current if current in {m.key for m in recorded} or not recorded else None
        index = self.picker.findData(keep) if keep else -1
        self.picker.setCurrentIndex(max(index, 0))
        self.picker.blockSignals(False)
        self._sync_tick()

    def _on_pick(self, _index: int) -> None:
        self._sync_tick()
        self._stale = True
        if self.isVisible():
            self.render()

    def _sync_tick(self) -> None:
        measure = self.measure
        chosen = self._clinic is not None and measure is not None
        self.in_report.setEnabled(chosen and not self._read_only())
        self.in_report.blockSignals(True)
        self.in_report.setChecked(
            bool(chosen and measure and measure.key in self._clinic.report_charts())  # type: ignore[union-attr]
        )
        self.in_report.blockSignals(False)

    def _read_only(self) -> bool:
        return bool(getattr(self._clinic, "read_only", False))

    def _on_in_report(self, checked: bool) -> None:
        measure = self.measure
        if self._clinic is None or measure is None:
            return
        keys = [k for k in self._clinic.report_charts() if k != measure.key]
        if checked:
            keys.append(measure.key)
        self._clinic.set_report_charts(keys)
