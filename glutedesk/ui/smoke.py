"""A start-up check for the built app: watch the real window open, report it, close it.

``packaging/glutedesk_main.py`` (the self-contained app's entry point) arms this when the
environment names a report file (``GLUTEDESK_SMOKE_REPORT``). The app then starts exactly as a
double-click starts it; this module only watches. After the main window's first paint with its
client list filled, it writes a JSON report (window title, clients listed, whether the window
has its icon, optionally a screenshot) and closes the window the normal way. If a message box
comes up instead, its text is the report. CI reads the report (``packaging/check_bundle.sh``).
"""

from __future__ import annotations

import json
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
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            client_list = getattr(watched, "client_list", None)
            if client_list is not None and client_list.model.rowCount() > 0:
                self.done = True
                QTimer.singleShot(0, lambda: self._window_up(watched))
        elif event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox):
            self.done = True
            QTimer.singleShot(0, lambda: self._message(watched))
        return False

    def _window_up(self, window: QMainWindow) -> None:
        saved = None
        if self.screenshot is not None:
            saved = window.grab().save(str(self.screenshot))
        self._write(
            {
                "window": "up",
                "title": window.windowTitle(),
                "clients_listed": window.client_list.model.rowCount(),
                "has_icon": not self.app.windowIcon().isNull(),
                "screenshot_saved": saved,
                "platform": self.app.platformName(),
            }
        )
        window.close()

    def _message(self, box: QMessageBox) -> None:
        self._write({"window": "message", "title": box.windowTitle(), "text": box.text()})
        box.reject()

    def give_up(self) -> None:
        if not self.done:
            self.done = True
            self._write({"window": "timeout", "waited_ms": GIVE_UP_MS})
            self.app.exit(3)

    def _write(self, data: dict) -> None:
        self.report.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def arm(report: str, screenshot: str | None = None) -> None:
    """Create the application and watch for the main window; the app's own code does the rest."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    watcher = _Watcher(app, Path(report), Path(screenshot) if screenshot else None)
    app.installEventFilter(watcher)
    app._glutedesk_smoke = watcher  # type: ignore[attr-defined]  # keep it alive
    QTimer.singleShot(GIVE_UP_MS, watcher.give_up)
