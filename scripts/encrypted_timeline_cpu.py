"""Where the encrypted timeline's extra time goes: CPU of the timeline itself, and the start-up
integrity check that runs beside it.

.venv/bin/python scripts/encrypted_timeline_cpu.py PLAIN.sqlite3 ENCRYPTED.sqlite3 [--rounds N]

On each clinic (the benchmark's kept pair: ``glutedesk bench --db-dir DIR --keep --encrypted``,
whose protected copy uses the benchmark's passphrase) this opens the real TimelineView
(offscreen Qt) and shows the long clients' timelines as the benchmark's session does, timing
each with the main thread's own CPU time (``time.thread_time``: what the timeline costs,
whatever else the machine runs) and the clock. It then times SQLite's full integrity check,
which the app runs on a worker thread once its window is up (ui/integrity_watch.py), in CPU
seconds (its thread's CPU). Rounds alternate plain and encrypted, so both see the same
machine load. Prints a table of medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "benchmark passphrase, not a secret"  # glutedesk/bench/encrypted.py's
REPS = 6


def _long_ids(clinic) -> list[str]:
    """The clients with the most visits (the benchmark's long clients)."""
    rows = clinic.client_list()
    return [c.id for c in sorted(rows, key=lambda c: -c.visit_count)[:REPS]]


def time_timelines(path: Path, passphrase: str | None) -> tuple[list[float], list[float]]:
    """Main-thread CPU ms and clock ms of each long client's timeline with its chart."""
    from PySide6.QtWidgets import QApplication

    from glutedesk.storage.clinic import Clinic
    from glutedesk.ui.bench_probe import _back_to_the_event_loop, _draw_charts
    from glutedesk.ui.timeline import TimelineView

    clinic = Clinic.open(path, create=False, passphrase=passphrase)
    try:
        ids = _long_ids(clinic)
        view = TimelineView(clinic)
        view.resize(1000, 760)
        view.show()
        QApplication.processEvents()
        view.set_client(ids[0])  # the first also imports matplotlib: not counted
        _draw_charts(view)
        cpu, clock = [], []
        for client_id in ids:
            started, wall = time.thread_time(), time.perf_counter()
            view.set_client(client_id)
            _draw_charts(view)
            cpu.append((time.thread_time() - started) * 1000)
            clock.append((time.perf_counter() - wall) * 1000)
            _back_to_the_event_loop()
        view.close()
        view.deleteLater()
        QApplication.processEvents()
        return cpu, clock
    finally:
        clinic.close()


def time_check(path: Path) -> float:
    """CPU seconds of the full integrity check the app runs after start."""
    from glutedesk.storage.startup import damage_problem

    started = time.thread_time()
    problem = damage_problem(path, full=True, live=True)
    assert problem is None, problem
    return time.thread_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plain", type=Path)
    parser.add_argument("encrypted", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from glutedesk.storage import unlock

    _app = QApplication.instance() or QApplication([])
    unlock.unlock(args.encrypted, PASSPHRASE)
    found: dict[str, dict[str, list[float]]] = {
        k: {"cpu": [], "clock": [], "check": []} for k in ("plain", "encrypted")
    }
    for _ in range(args.rounds):
        for kind, path in (("plain", args.plain), ("encrypted", args.encrypted)):
            cpu, clock = time_timelines(path, None)
            found[kind]["cpu"] += cpu
            found[kind]["clock"] += clock
            found[kind]["check"].append(time_check(path))
    load = os.getloadavg()[0]
    print(f"{args.rounds} rounds x {REPS} timelines (100 visits each), load {load:.1f}")
    heads = ("timeline CPU ms", "timeline clock ms", "full check CPU s")
    print(f"{'clinic':<10} {heads[0]:>16} {heads[1]:>18} {heads[2]:>17}")
    med = {k: {m: statistics.median(v) for m, v in f.items()} for k, f in found.items()}
    for kind, m in med.items():
        print(f"{kind:<10} {m['cpu']:>16.1f} {m['clock']:>18.1f} {m['check']:>17.2f}")
    ratio = {m: med["encrypted"][m] / med["plain"][m] for m in ("cpu", "clock", "check")}
    print(f"{'ratio':<10} {ratio['cpu']:>15.2f}x {ratio['clock']:>17.2f}x {ratio['check']:>16.2f}x")


if __name__ == "__main__":
    main()
