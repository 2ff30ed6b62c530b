"""Computing the practice insights and writing the report off the GUI thread.

Each job opens its own connection from the database path (SQLite connections cannot cross
threads) and reports progress, a result, or a plain-words failure.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

_log = logging.getLogger("glutedesk.ui")
COMPUTE_STEPS = 8  # the storage read's 7 steps, then the figures themselves


class JobSignals(QObject):
    """Signals of a job, living on the GUI thread."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    charts = Signal(object)  # list of PNG bytes


class InsightsJob(QRunnable):
    """Reads the facts and computes :class:`PracticeInsights` for one period."""

    def __init__(self, db_path: Path, start: dt.date | None, end: dt.date | None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.start, self.end = start, end
        self.signals = JobSignals()

    def run(self) -> None:
        from glutedesk.domain.catalogue import load_catalogue
        from glutedesk.domain.insights.compute import read_and_compute
        from glutedesk.domain.insights.data import InsightsData
        from glutedesk.reports.practice_charts import chart_pngs
        from glutedesk.storage.clinic import Clinic
        from glutedesk.storage.database import StorageError

        def read() -> InsightsData:
            clinic, _reason = Clinic.open_for_reading(self.db_path)
            try:
                return clinic.insights_data(
                    self.start,
                    self.end,
                    progress=lambda s, _n: self.signals.progress.emit(s, COMPUTE_STEPS),
                )
            finally:
                clinic.close()

        try:
            insights = read_and_compute(read, load_catalogue())
        except StorageError as exc:
            self.signals.failed.emit(f"The records could not be read: {exc}")
            return
        except Exception:
            _log.exception("Computing the practice insights failed")
            self.signals.failed.emit(
                "The practice figures could not be worked out. The details are in the log."
            )
            return
        self.signals.progress.emit(COMPUTE_STEPS, COMPUTE_STEPS)
        self.signals.finished.emit(insights)
        try:  # the figures are on screen already; the charts follow
            self.signals.charts.emit(chart_pngs(insights))
        except Exception:
            _log.exception("Drawing the practice charts failed")
            self.signals.charts.emit([])


class ReportJob(QRunnable):
    """Writes the anonymous practice report PDF."""

    def __init__(self, db_path: Path, insights: object, out: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.insights = insights
        self.out = Path(out)
        self.signals = JobSignals()

    def run(self) -> None:
        from glutedesk.reports.errors import ReportError
        from glutedesk.reports.practice import write_practice_report
        from glutedesk.storage.clinic import Clinic
        from glutedesk.storage.database import StorageError

        try:
            clinic, _reason = Clinic.open_for_reading(self.db_path)
            try:
                settings = clinic.settings()
            finally:
                clinic.close()
            path = write_practice_report(
                self.insights,
                self.out,
                settings,
                today=dt.date.today(),  # type: ignore[arg-type]
            )
        except (ReportError, StorageError) as exc:
            self.signals.failed.emit(str(exc))
            return
        except Exception:
            _log.exception("Writing the practice report failed")
            self.signals.failed.emit("The practice report could not be written. See the log.")
            return
        self.signals.finished.emit(path)
