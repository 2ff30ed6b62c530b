"""Time opening the visit editor on a client with 100 visits (a new, copied-forward visit).

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/measure_editor_open.py [--visits 100]

Builds the throwaway clinic of ``scripts/editor_clinic.py`` (one demo client whose richest
visit is repeated to ``--visits`` visits, one a week), then opens the editor for a new visit
``--warm + 1`` times, closing it each time. The first opening (cold caches, catalogue
loading) is reported apart; the table gives the median and range of the warm openings, each
timed from the constructor call to the first shown frame processed, in wall time
(``time.perf_counter``) and in CPU time (``time.process_time``, steadier on a busy machine).
The last rows time showing each section the first time (it is built then), in CPU time,
median of the warm openings.
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
from glutedesk.ui.visit_editor.editor import TITLES


def _open_once(
    app: QApplication, clinic: Clinic, client_id: str
) -> tuple[float, float, list[float]]:
    """(wall, CPU) seconds to open and show the editor, and CPU seconds to show each section."""
    began, began_cpu = time.perf_counter(), time.process_time()
    editor = VisitEditor(clinic, client_id)
    editor.show()
    app.processEvents()
    elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    sections = []
    for index in range(1, len(TITLES)):
        began_cpu = time.process_time()
        editor.go_to(index)
        app.processEvents()
        sections.append(time.process_time() - began_cpu)
    editor._clean = editor.collect()  # closing asks nothing
    editor.close()
    editor.deleteLater()
    app.processEvents()
    return elapsed, cpu, sections


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
        cold, cold_cpu, _sections = _open_once(app, clinic, client_id)
        warm = [_open_once(app, clinic, client_id) for _ in range(args.warm)]
        clinic.close()
    ms = [w[0] * 1000 for w in warm]
    cpu = [w[1] * 1000 for w in warm]
    print(f"visit editor opening, client with {count} visits, new copied-forward visit")
    print(f"{'opening':<30}{'wall ms':>10}{'CPU ms':>10}")
    print(f"{'cold (first)':<30}{cold * 1000:>10.0f}{cold_cpu * 1000:>10.0f}")
    median = f"warm median of {len(ms)}"
    print(f"{median:<30}{statistics.median(ms):>10.0f}{statistics.median(cpu):>10.0f}")
    print(f"{'warm min':<30}{min(ms):>10.0f}{min(cpu):>10.0f}")
    print(f"{'warm max':<30}{max(ms):>10.0f}{max(cpu):>10.0f}")
    for index, title in enumerate(TITLES[1:]):
        built = statistics.median(w[2][index] * 1000 for w in warm)
        print(f"{f'first shown: {title}':<30}{'':>10}{built:>10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
