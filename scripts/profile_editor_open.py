"""Profile opening the visit editor as Ctrl+N does, first and warm, on a 100-visit client.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/profile_editor_open.py [--top 20]

Builds the throwaway clinic of ``scripts/editor_clinic.py`` (one demo client whose
richest visit is repeated to 100 visits), opens the main window on it, selects the client, and
opens the editor for a new visit through the window's New visit action, timed as the benchmark
times it (``glutedesk/ui/bench_editor.py``: until painted and a key is taken). The first
opening runs under cProfile, then one warm opening; for each the table lists the GluteDesk
functions (and Qt calls) with the most cumulative time, then the wall and CPU time of 7 more
warm openings.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from editor_clinic import FILE_NAME, editor_clinic
from PySide6.QtWidgets import QApplication

from glutedesk.ui.app import build_main_window
from glutedesk.ui.bench_editor import _open_once
from glutedesk.ui.style import apply_style

PATTERN = (
    r"(glutedesk/(ui|domain|storage)/.*\.py|method '(insertWidget|setWidget|addWidget|show)'"
    r"|processEvents|_find_and_load\b)"
)


def _profiled(window, top: int, title: str) -> None:
    profile = cProfile.Profile()
    profile.enable()
    seconds = _open_once(window)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(PATTERN, top)
    print(f"\n{title}: {seconds * 1000:.0f} ms under the profiler")
    print(f"{'cumulative s':>12}  {'calls':>7}  function")
    for line in out.getvalue().splitlines():
        parts = line.split(None, 5)
        if len(parts) == 6 and parts[0][0].isdigit() and parts[3].replace(".", "").isdigit():
            where = parts[5].replace(str(Path.cwd()) + "/", "")
            print(f"{float(parts[3]):>12.3f}  {parts[0]:>7}  {where[-90:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=18)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    with tempfile.TemporaryDirectory() as tmp:
        clinic, client_id = editor_clinic(Path(tmp), 100)
        window = build_main_window(clinic, Path(tmp) / FILE_NAME)
        window.show()
        app.processEvents()
        window.client_list.select_client(client_id)
        _profiled(window, args.top, "first opening")
        _profiled(window, args.top, "a warm opening")
        wall, cpu = [], []
        for _ in range(7):
            started = time.process_time()
            wall.append(_open_once(window) * 1000)
            cpu.append((time.process_time() - started) * 1000)
        print(f"\n{'warm openings (7)':<22}{'wall ms':>10}{'cpu ms':>10}")
        print(f"{'median':<22}{statistics.median(wall):>10.0f}{statistics.median(cpu):>10.0f}")
        print(f"{'min':<22}{min(wall):>10.0f}{min(cpu):>10.0f}")
        window.close()
        clinic.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
