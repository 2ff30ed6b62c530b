"""The start-up probe's first-paint watcher (glutedesk/ui/bench_probe.py), with real widgets.

It counts the first paint of a main window that shows content (GluteDesk's once its client
list has rows), reports before the window's own after-paint work runs, and leaves the
application's event stream at the window's first event (an application-wide Python filter
would weigh on the start-up it measures).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QMainWindow

from glutedesk.ui import bench_probe
from glutedesk.ui.first_paint import after_first_paint


class ClientListStandIn:
    """What the probe reads of GluteDesk's client list: its model's rows."""

    def __init__(self, names: list[str]) -> None:
        self.model = QStandardItemModel()
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        self.model.appendRow(QStandardItem(name))


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def _window(qtbot, names: list[str]) -> QMainWindow:
    window = QMainWindow()
    window.client_list = ClientListStandIn(names)
    window.setCentralWidget(QLabel("Clients"))
    window.resize(400, 300)
    qtbot.addWidget(window)
    return window


def test_a_window_painted_without_client_rows_does_not_count(qtbot, qapp):
    painted: list[QMainWindow] = []
    watcher = bench_probe.watch_first_paint(qapp)
    watcher.callbacks.append(painted.append)
    window = _window(qtbot, [])
    assert not watcher.app_wide  # it left the application at the window's first event
    counter = PaintCounter()
    window.installEventFilter(counter)
    window.show()
    qtbot.waitUntil(lambda: counter.paints >= 1, timeout=20_000)
    qtbot.wait(100)
    assert painted == []  # painted empty: not started yet
    window.client_list.add("Anna Kowalski")
    window.update()
    qtbot.waitUntil(lambda: painted == [window], timeout=20_000)


def test_the_probe_reports_before_the_windows_own_after_paint_work(qtbot, qapp):
    order: list[str] = []
    watcher = bench_probe.watch_first_paint(qapp)
    watcher.callbacks.append(lambda _window: order.append("probe"))
    window = _window(qtbot, ["Anna Kowalski"])
    after_first_paint(window, lambda: order.append("window"))  # as MainWindow does, later
    window.show()
    qtbot.waitUntil(lambda: len(order) == 2, timeout=20_000)
    assert order == ["probe", "window"]
