"""Print each window's opening size and smallest size on laptop-sized screens.

Runs the real windows offscreen over a small demo clinic. For each screen size the windows
are fitted to that screen's area (as ui.window_fit does on the screen a window opens on):

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/measure_window_fit.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

SCREENS = [(1920, 1080), (1366, 768), (1280, 720), (1024, 640)]
TODAY = dt.date(2026, 3, 1)


def windows(db, db_path):
    """The top-level windows, each built fresh: (name, widget)."""
    from glutedesk.storage.clients import list_clients
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.settings import clinic_settings
    from glutedesk.storage.visit_loading import visits_for_client
    from glutedesk.ui.client_form import ClientForm
    from glutedesk.ui.main_window import MainWindow
    from glutedesk.ui.settings_dialog import SettingsDialog
    from glutedesk.ui.timeline.compare import CompareMapsWindow
    from glutedesk.ui.visit_editor import VisitEditor

    client = list_clients(db)[0]
    visits = visits_for_client(db, client.id)
    main = MainWindow(Clinic(db), db_path, today=lambda: TODAY)
    main.client_list.select_client(client.id)
    yield "main window", main
    main.record_tabs.setCurrentIndex(1)
    yield "main: timeline", main
    yield (
        "visit editor",
        VisitEditor(Clinic(db), client.id, None, copy_last=True, today=lambda: TODAY),
    )
    yield "body-map compare", CompareMapsWindow("A client", visits[0], visits[-1])
    yield "client form", ClientForm(Clinic(db), today=lambda: TODAY)
    yield "clinic details", SettingsDialog(clinic_settings(db))


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    from glutedesk.samples.demo import build_demo_clinic
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import open_database
    from glutedesk.ui.window_fit import fit_window, preferred_size

    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "clinic.sqlite3"
        db = open_database(db_path)
        build_demo_clinic(Clinic(db), n_clients=3, seed=7, today=TODAY)
        print(f"{'window':18} {'screen':>10} {'opens at':>10} {'smallest':>10} {'fits':>5}")
        for name, window in windows(db, db_path):
            window.show()
            window.resize(1, 1)  # the layout stops it at its smallest size
            app.processEvents()
            smallest = window.size()
            for width, height in SCREENS:
                area = QRect(0, 0, width, height)
                preferred = preferred_size(window)
                size = fit_window(window, preferred.width(), preferred.height(), area)
                window.show()
                app.processEvents()
                fits = area.contains(window.frameGeometry()) and window.width() == size.width()
                print(
                    f"{name:18} {width:>5}x{height:<4} {window.width():>5}x{window.height():<4}"
                    f" {smallest.width():>5}x{smallest.height():<4} {'yes' if fits else 'NO':>5}"
                )
            window.hide()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
