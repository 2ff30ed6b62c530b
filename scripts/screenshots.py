"""Render the README/docs screenshots offscreen from a fresh demo clinic.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from glutedesk.samples.demo import build_demo_clinic
from glutedesk.storage.clients import list_clients
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import open_database
from glutedesk.ui.app import build_main_window
from glutedesk.ui.style import apply_style

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.sqlite3"
        db = open_database(path)
        build_demo_clinic(Clinic(db), n_clients=24, seed=7, today=dt.date(2026, 11, 23))
        window = build_main_window(Clinic(db), path)
        window.resize(1280, 800)
        window.show()
        busiest = max(list_clients(db), key=lambda c: c.visit_count)
        window.client_list.select_client(busiest.id)
        app.processEvents()
        window.grab().save(str(OUT / "main-window.png"))
        window.close()
        db.close()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
