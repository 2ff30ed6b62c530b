"""Render the outcome-measure screenshots offscreen: the timeline with ODI/RMDQ/STarT Back
columns and the disability chart, the "Any measurement" tab, and the editor's total-only entry.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/outcome_screenshots.py

The records are the import file of scripts/outcome_roundtrip.py, imported by a real
``glutedesk import``; the shots go to docs/screenshots/outcomes-*.png.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from glutedesk.domain.models import TotalScale  # noqa: E402
from glutedesk.samples.demo import build_demo_clinic  # noqa: E402
from glutedesk.storage.clients import list_clients  # noqa: E402
from glutedesk.storage.clinic import Clinic  # noqa: E402
from glutedesk.storage.database import open_database  # noqa: E402
from glutedesk.ui.style import apply_style  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def _roundtrip():
    spec = importlib.util.spec_from_file_location(
        "outcome_roundtrip", ROOT / "scripts" / "outcome_roundtrip.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    OUT.mkdir(parents=True, exist_ok=True)
    rt = _roundtrip()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "clinic.sqlite3"
        source = Path(tmp) / "import.json"
        source.write_text(json.dumps(rt.import_file()), encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "glutedesk", "--db", str(path), "import", str(source)],
            check=True,
            capture_output=True,
        )
        db = open_database(path)
        from glutedesk.ui.timeline import TimelineView
        from glutedesk.ui.visit_editor import VisitEditor, drafts_folder_for

        timeline = TimelineView(Clinic(db))
        timeline.resize(1180, 720)
        timeline.show()
        timeline.set_client(rt.ODI_CLIENT)
        panels = timeline.panels
        panels.charts.setCurrentWidget(panels.disability_chart)
        settle(app)
        timeline.grab().save(str(OUT / "outcomes-timeline.png"))
        demo_path = Path(tmp) / "demo.sqlite3"
        demo = open_database(demo_path)
        build_demo_clinic(Clinic(demo), n_clients=6, seed=7, today=dt.date(2026, 11, 23))
        busiest = max(list_clients(demo), key=lambda c: c.visit_count)
        other = TimelineView(Clinic(demo))
        other.resize(1180, 720)
        other.show()
        other.set_client(busiest.id)
        other.panels.number_chart.select("thomas_test.hip_angle")
        other.panels.charts.setCurrentWidget(other.panels.number_chart)
        settle(app)
        other.grab().save(str(OUT / "outcomes-any-measurement.png"))
        demo.close()

        editor = VisitEditor(
            Clinic(db), rt.ODI_CLIENT, None, drafts_folder=drafts_folder_for(Clinic(db))
        )
        editor.resize(1180, 760)
        editor.show()
        editor.go_to(3)
        odi = editor.outcomes.odi
        odi.recorded.setChecked(True)
        odi.paper.mode.setCurrentIndex(1)
        odi.paper.set_scale(TotalScale.POINTS_OF_50)
        odi.paper.value.setValue(14)
        settle(app)
        editor.grab().save(str(OUT / "outcomes-editor-total-only.png"))
        editor.discard_and_close() if hasattr(editor, "discard_and_close") else None
        db.close()
    for png in sorted(OUT.glob("outcomes-*.png")):
        print(f"{png.relative_to(ROOT)}  {png.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
