"""Profile opening the visit editor as Ctrl+N does, first and warm, on a 100-visit client.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/profile_editor_open.py [--top 20]
    [--section Objective]

Builds the throwaway clinic of ``scripts/editor_clinic.py`` (one demo client whose
richest visit is repeated to 100 visits), opens the main window on it as the app does
(``open_main_window``, and waits for its first paint: the accessible names, the input guard and
the idle lock are then installed, as in the app; ``build_main_window``, used before 2 Dec 2026
afternoon, left the accessible names out), selects the client, and opens the editor for a new
visit through the window's New visit action, timed as the benchmark times it
(``glutedesk/ui/bench_editor.py``: until painted and a key is taken). The first
opening runs under cProfile, then one warm opening; for each the table lists the GluteDesk
functions (and Qt calls) with the most cumulative time, then the wall and CPU time of 7 more
warm openings. With ``--section``, it profiles instead the first showing of that section (it
is built then) in an editor opened the same way, and gives the CPU time of 5 more.
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

from glutedesk.ui.bench_editor import _open_once
from glutedesk.ui.first_paint import first_paint_done
from glutedesk.ui.style import apply_style
from glutedesk.ui.window_assembly import open_main_window

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


def _first_showing(window, title: str) -> float:
    """CPU seconds to show section ``title`` the first time in a newly opened editor."""
    from glutedesk.ui.visit_editor.editor import TITLES

    before = set(QApplication.topLevelWidgets())
    window.new_visit_action.trigger()
    editor = next(
        w
        for w in QApplication.topLevelWidgets()
        if w not in before and type(w).__name__ == "VisitEditor" and w.isVisible()
    )
    QApplication.processEvents()
    started = time.process_time()
    editor.go_to(TITLES.index(title))
    QApplication.processEvents()
    cpu = time.process_time() - started
    editor._clean = editor.collect()  # closing asks nothing
    editor.close()
    editor.deleteLater()
    QApplication.processEvents()
    return cpu


def _profile_section(window, top: int, title: str) -> None:
    profile = cProfile.Profile()
    profile.enable()
    _first_showing(window, title)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(top)
    print(f"first showing of {title}, under the profiler (internal time)")
    print(out.getvalue().split("ncalls", 1)[-1][:6000])
    cpu = [_first_showing(window, title) * 1000 for _ in range(5)]
    print(f"{'first showing of ' + title + ' (5)':<40}{'cpu ms':>10}")
    print(f"{'median':<40}{statistics.median(cpu):>10.0f}")
    print(f"{'min':<40}{min(cpu):>10.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=18)
    parser.add_argument("--section", help="profile this section's first showing instead")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    with tempfile.TemporaryDirectory() as tmp:
        clinic, client_id = editor_clinic(Path(tmp), 100)
        window = open_main_window(clinic, Path(tmp) / FILE_NAME)
        while not first_paint_done(window):
            app.processEvents()
        for _ in range(10):
            app.processEvents()
        window.client_list.select_client(client_id)
        if args.section:
            _profile_section(window, args.top, args.section)
            window.close()
            clinic.close()
            return 0
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
