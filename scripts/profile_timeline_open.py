"""Profile opening a 100-visit timeline as the benchmark does, warm, inside the running app.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/profile_timeline_open.py DB [--top 25]
    [--reps 12] [--sort tottime|cumulative] [--no-profile]

``DB`` is the benchmark's large clinic (``glutedesk bench --keep --db-dir DIR`` leaves it in
DIR; work on a copy). The main window is opened on it as the app opens it
(:func:`glutedesk.ui.window_assembly.open_main_window`, so every application-wide event filter
the app installs after its first paint is there), then a ``TimelineView`` of its own is shown
and given the long clients one after another, timed as ``glutedesk/ui/bench_probe.py`` times
them: ``set_client``, the paint, the visible chart drawn. The first opening (matplotlib's
imports) is left out; one warm opening runs under cProfile (the table), then ``--reps`` more
give the median and minimum wall and CPU time (``time.process_time``: steadier than the wall
clock on a shared machine), and the median CPU time of the clients with dynamometer readings
(a second chart panel, the table sized to its readings) and without.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from glutedesk.samples.large import LargeClinicPlan
from glutedesk.storage.clinic import Clinic
from glutedesk.ui.bench_probe import _back_to_the_event_loop, _draw_charts
from glutedesk.ui.first_paint import first_paint_done
from glutedesk.ui.style import apply_style
from glutedesk.ui.window_assembly import open_main_window


def long_client_ids(db_path: Path) -> list[str]:
    """The benchmark clinic's 100-visit clients (its file name says how it was planned)."""
    found = re.fullmatch(r"bench-(\d+)c-(\d+)v-seed(\d+)", db_path.name.split(".")[0])
    if found is None:
        raise SystemExit(f"{db_path.name} is not named as the benchmark names its clinic")
    clients, visits, seed = (int(group) for group in found.groups())
    plan = LargeClinicPlan(n_clients=clients, n_visits=visits, seed=seed)
    return [plan.client_ids[i] for i in plan.long_indices]


def open_app_window(app: QApplication, db_path: Path):
    """The app's main window on ``db_path``, after its first paint (names, guard, lock in)."""
    clinic = Clinic.open(db_path, create=False)
    window = open_main_window(clinic, db_path)
    while not first_paint_done(window):
        app.processEvents()
    for _ in range(10):
        app.processEvents()
    return clinic, window


def timed_opening(view, client_id: str) -> tuple[float, float]:
    """(wall, CPU) seconds to show ``client_id``'s timeline with its chart drawn."""
    started, started_cpu = time.perf_counter(), time.process_time()
    view.set_client(client_id)
    _draw_charts(view)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    _back_to_the_event_loop()
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--reps", type=int, default=12)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    ids = long_client_ids(args.db)
    clinic, window = open_app_window(app, args.db)
    from glutedesk.ui.timeline import TimelineView

    view = TimelineView(clinic)
    view.resize(1000, 760)
    view.show()
    app.processEvents()
    timed_opening(view, ids[0])  # matplotlib's imports and first figure
    turn = 1
    if not args.no_profile:
        profile = cProfile.Profile()
        profile.enable()
        timed_opening(view, ids[turn % len(ids)])
        profile.disable()
        turn += 1
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        text = out.getvalue().replace(str(Path.cwd()) + "/", "")
        print("a warm timeline opening under cProfile")
        print(text.split("Ordered by", 1)[-1][:12000])
    wall, cpu = [], []
    kinds: dict[str, list[float]] = {"with readings": [], "without readings": []}
    for _ in range(args.reps):
        w, c = timed_opening(view, ids[turn % len(ids)])
        turn += 1
        wall.append(w * 1000)
        cpu.append(c * 1000)
        readings = any(f.readings for f in view.model.items())  # a second chart panel
        kinds["with readings" if readings else "without readings"].append(c * 1000)
    print(f"\n{'warm timelines (' + str(args.reps) + ')':<24}{'wall ms':>10}{'cpu ms':>10}")
    print(f"{'median':<24}{statistics.median(wall):>10.0f}{statistics.median(cpu):>10.0f}")
    print(f"{'min':<24}{min(wall):>10.0f}{min(cpu):>10.0f}")
    for kind, times in kinds.items():
        if times:
            label = f"{kind} ({len(times)})"
            print(f"{label:<24}{'':>10}{statistics.median(times):>10.0f}")
    view.close()
    window.close()
    clinic.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
