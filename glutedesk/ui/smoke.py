"""A start-up check for the built app: watch the real window open, report it, close it.

``packaging/glutedesk_main.py`` (the self-contained app's entry point) arms this when the
environment names a report file (``GLUTEDESK_SMOKE_REPORT``). The app then starts exactly as a
double-click starts it. After the main window's first paint with its client list filled, it
does what a therapist does first: selects the first client and opens the Timeline tab, and waits
until its charts are drawn (matplotlib on Qt: the part of the app loaded last). Then it writes a
JSON report (window title, clients listed, charts drawn, whether the window has its icon,
optionally a screenshot) and closes the window the normal way. If a message box comes up
instead (an error, or the app's "Something went wrong"), its text is the report. CI reads the
report (``packaging/check_bundle.sh``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

GIVE_UP_MS = 180_000


class _Watcher(QObject):
    def __init__(self, app: QApplication, report: Path, screenshot: Path | None) -> None:
        super().__init__()
        self.app = app
        self.report = report
        self.screenshot = screenshot
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.done:
            return False
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QMainWindow)
            and not hasattr(self, "window")
        ):
            client_list = getattr(watched, "client_list", None)
            if client_list is not None and client_list.model.rowCount() > 0:
                self.done = True
                QTimer.singleShot(0, lambda: self._window_up(watched))
        elif event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox):
            self.done = True
            QTimer.singleShot(0, lambda: self._message(watched))
        return False

    def _window_up(self, window: QMainWindow) -> None:
        self.window = window
        self.clients_listed = window.client_list.model.rowCount()
        window.client_list.select_client(window.client_list.model.item(0).id)
        window.record_tabs.setCurrentIndex(window.record_tabs.count() - 1)  # Timeline
        self.done = False  # keep watching for message boxes while the charts load
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._charts_drawn)
        self._poll.start(100)

    def _charts_drawn(self) -> None:
        from glutedesk.ui.timeline.chart_panel import ChartPanel

        panels = [p for p in self.window.findChildren(ChartPanel) if p.isVisible()]
        if self.done or not panels or any(p.canvas is None for p in panels):
            return
        self._poll.stop()
        self.done = True
        self._report_and_close(self.window, len(panels))

    def _report_and_close(self, window: QMainWindow, charts: int) -> None:
        saved = None
        if self.screenshot is not None:
            saved = window.grab().save(str(self.screenshot))
        self._write(
            {
                "window": "up",
                "title": window.windowTitle(),
                "clients_listed": self.clients_listed,
                "charts_drawn": charts,
                "has_icon": not self.app.windowIcon().isNull(),
                "screenshot_saved": saved,
                "platform": self.app.platformName(),
                "pdf_pages_rendered": _pages_rendered(os.environ.get("GLUTEDESK_SMOKE_PDF")),
            }
        )
        window.close()

    def _message(self, box: QMessageBox) -> None:
        self._write({"window": "message", "title": box.windowTitle(), "text": box.text()})
        box.reject()
        if hasattr(self, "window"):
            self.window.close()

    def give_up(self) -> None:
        if not self.done:
            self.done = True
            self._write({"window": "timeout", "waited_ms": GIVE_UP_MS})
            self.app.exit(3)

    def _write(self, data: dict) -> None:
        self.report.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _pages_rendered(pdf: str | None) -> int | None:
    """Pages of ``pdf`` PDFium renders as the print preview would (the bundle has PDFium)."""
    if not pdf:
        return None
    from glutedesk.ui.printing import page_count, render_page

    pages = page_count(Path(pdf))
    return sum(not render_page(Path(pdf), i, 30).isNull() for i in range(pages))


def arm(report: str, screenshot: str | None = None) -> None:
    """Create the application and watch for the main window; the app's own code does the rest."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    watcher = _Watcher(app, Path(report), Path(screenshot) if screenshot else None)
    app.installEventFilter(watcher)
    app._glutedesk_smoke = watcher  # type: ignore[attr-defined]  # keep it alive
    QTimer.singleShot(GIVE_UP_MS, watcher.give_up)
