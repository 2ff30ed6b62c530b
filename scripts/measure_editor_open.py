"""Time opening the visit editor on a client with 100 visits (a new, copied-forward visit).

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/measure_editor_open.py [--visits 100]

Builds the throwaway clinic of ``scripts/editor_clinic.py`` (one demo client whose richest
visit is repeated to ``--visits`` visits, one a week), then opens the editor for a new visit
``--warm + 1`` times, closing it each time. The first opening (cold caches, catalogue
loading) is reported apart; the table gives the median and range of the warm openings, each
timed with ``time.perf_counter`` from the constructor call to the first shown frame processed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from editor_clinic import editor_clinic
from PySide6.QtWidgets import QApplication

from glutedesk.storage.clinic import Clinic
from glutedesk.ui.style import apply_style
from glutedesk.ui.visit_editor import VisitEditor


def _open_once(app: QApplication, clinic: Clinic, client_id: str) -> float:
    began = time.perf_counter()
    editor = VisitEditor(clinic, client_id)
    editor.show()
    app.processEvents()
    elapsed = time.perf_counter() - began
    editor._clean = editor.collect()  # closing asks nothing
    editor.close()
    editor.deleteLater()
    app.processEvents()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100)
    parser.add_argument("--warm", type=int, default=6)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    with tempfile.TemporaryDirectory() as tmp:
        clinic, client_id = editor_clinic(Path(tmp), args.visits)
        count = len(clinic.visits(client_id))
        cold = _open_once(app, clinic, client_id)
        warm = [_open_once(app, clinic, client_id) for _ in range(args.warm)]
        clinic.close()
    ms = [w * 1000 for w in warm]
    print(f"visit editor opening, client with {count} visits, new copied-forward visit")
    print(f"{'opening':<22}{'ms':>10}")
    print(f"{'cold (first)':<22}{cold * 1000:>10.0f}")
    print(f"{f'warm median of {len(ms)}':<22}{statistics.median(ms):>10.0f}")
    print(f"{'warm min':<22}{min(ms):>10.0f}")
    print(f"{'warm max':<22}{max(ms):>10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
