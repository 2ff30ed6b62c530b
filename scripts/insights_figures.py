"""Print the practice figures of the demo clinic (and, optionally, time them on a large one).

    .venv/bin/python scripts/insights_figures.py                  # demo clinic, fixed day
    .venv/bin/python scripts/insights_figures.py --definitions    # also the definitions table
    .venv/bin/python scripts/insights_figures.py --large FILE.sqlite3 [--repeat 5]

The demo clinic is built in memory for 1 Dec 2026 (seed 7), so the table is the same on
every run. ``--large`` times ``read_and_compute(Clinic.insights_data)`` (what ``insights_ms``
times) on an existing clinic (e.g. the benchmark's kept 10,000-client clinic): wall time and
this process's CPU time, median of ``--repeat`` warm runs after one warm-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DAY = dt.date(2026, 12, 1)


def demo_table(definitions: bool) -> None:
    from glutedesk.domain.catalogue import load_catalogue
    from glutedesk.domain.insights.compute import compute_insights
    from glutedesk.domain.insights.definitions import DEFINITIONS
    from glutedesk.samples.demo import build_demo_clinic
    from glutedesk.storage.clinic import Clinic

    clinic = Clinic.in_memory()
    build_demo_clinic(clinic, today=DAY)
    insights = compute_insights(clinic.insights_data(as_of=DAY), load_catalogue())
    print(
        f"Demo clinic, {insights.period_text}: {insights.clients} clients, "
        f"{insights.visits} visits\n"
    )
    print(f"| {'figure':<62} | {'result':<36} |")
    print(f"|{'-' * 64}|{'-' * 38}|")
    for section in insights.sections:
        print(f"| **{section.title}**{' ' * (58 - len(section.title))} | {' ' * 36} |")
        for fig in section.figures:
            print(f"| {fig.label:<62} | {fig.text:<36} |")
    if definitions:
        print("\n| term | rule | source |\n|---|---|---|")
        for d in DEFINITIONS:
            print(f"| {d.term} | {d.rule} | {d.source} |")


def time_large(path: Path, repeat: int) -> None:
    from glutedesk.domain.catalogue import load_catalogue
    from glutedesk.domain.insights.compute import read_and_compute
    from glutedesk.storage.clinic import Clinic

    catalogue = load_catalogue()
    clinic, _reason = Clinic.open_for_reading(path)
    walls: list[float] = []
    cpus: list[float] = []
    try:
        for _ in range(repeat + 1):
            wall, cpu = time.perf_counter(), time.process_time()
            insights = read_and_compute(clinic.insights_data, catalogue)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    finally:
        clinic.close()
    print(f"{insights.clients:,} clients, {insights.visits:,} visits")
    print("| run | wall ms | CPU ms |\n|---|---|---|")
    for n, (w, c) in enumerate(zip(walls, cpus, strict=True)):
        print(f"| {'warm-up' if n == 0 else n} | {w * 1000:.0f} | {c * 1000:.0f} |")
    print(
        f"| median | {statistics.median(walls[1:]) * 1000:.0f} | "
        f"{statistics.median(cpus[1:]) * 1000:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--definitions", action="store_true")
    parser.add_argument("--large", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.large:
        time_large(args.large, args.repeat)
    else:
        demo_table(args.definitions)


if __name__ == "__main__":
    main()
