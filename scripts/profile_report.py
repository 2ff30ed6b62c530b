"""CPU time and profile of the progress report against the benchmark's one-chart yardstick.

    .venv/bin/python scripts/profile_report.py --db-dir DIR [--repeat 9] [--top 25]

``DIR`` is a benchmark folder (``glutedesk bench --db-dir DIR --keep``): a copy of the kept
10,000-client clinic, never the kept clinic itself (opening a clinic may write its log).
The report is built for the clinic's 100-visit clients, as ``glutedesk bench`` builds it
(``glutedesk/ui/bench_probe.py``), after one untimed build that pays for the imports. Each
build is measured in CPU time (``time.process_time``), which another program on the machine
inflates far less than wall time; the table gives medians. Then three warm builds run under
cProfile (CPU time) and the functions with the most cumulative and own time are listed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


PROFILED = 3


def _long_ids(db_dir: Path) -> tuple[Path, list[str]]:
    """The plain clinic in ``db_dir`` and its 100-visit clients (from the clinic's own plan)."""
    from glutedesk.samples.large import LargeClinicPlan

    found = sorted(db_dir.glob("bench-*c-*v-seed*.sqlite3"))
    if not found:
        raise SystemExit(f"no benchmark clinic in {db_dir}")
    path = found[0]
    clients, visits, seed = path.stem.removeprefix("bench-").split("-")
    plan = LargeClinicPlan(
        n_clients=int(clients[:-1]), n_visits=int(visits[:-1]), seed=int(seed[4:])
    )
    return path, [plan.client_ids[i] for i in plan.long_indices]


def _timed(build, repeat: int) -> tuple[list[float], list[float]]:
    cpu, wall = [], []
    for n in range(repeat):
        started_cpu, started = time.process_time(), time.perf_counter()
        build(n)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return cpu, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    from glutedesk.reports.progress import build_progress_report
    from glutedesk.storage.database import open_database
    from glutedesk.ui.bench_baseline import build_baseline_pdf

    db_path, long_ids = _long_ids(args.db_dir)
    db = open_database(db_path, create=False)
    out_dir = Path(tempfile.mkdtemp(prefix="glutedesk-profile-report-"))
    try:

        def report(n: int) -> None:
            build_progress_report(db, long_ids[n % len(long_ids)], out_dir / f"p{n}.pdf")

        def baseline(n: int) -> None:
            build_baseline_pdf(out_dir / f"b{n}.pdf")

        report(0)  # imports, fonts: the benchmark leaves this one out too
        baseline(0)
        rows = []
        for name, build in (("report", report), ("baseline", baseline)):
            cpu, wall = _timed(build, args.repeat)
            rows.append((name, statistics.median(cpu), min(cpu), max(cpu), statistics.median(wall)))
        print(f"{len(long_ids)} clients of 100 visits; {args.repeat} warm builds each")
        print(f"{'':<10}{'CPU median':>12}{'CPU min':>10}{'CPU max':>10}{'wall median':>13}")
        for name, med, low, high, wall in rows:
            print(f"{name:<10}{med:>12.3f}{low:>10.3f}{high:>10.3f}{wall:>13.3f}")
        print(f"ratio of CPU medians: {rows[0][1] / rows[1][1]:.2f}")
        print(f"ratio of wall medians: {rows[0][4] / rows[1][4]:.2f}")

        profile = cProfile.Profile(time.process_time)
        profile.enable()
        for n in range(PROFILED):
            report(n)
        profile.disable()
        for order in ("cumulative", "tottime"):
            text = io.StringIO()
            pstats.Stats(profile, stream=text).sort_stats(order).print_stats(args.top)
            print(f"\n--- {PROFILED} warm reports under cProfile (CPU time), by {order} ---")
            print(text.getvalue().split("\n\n", 1)[-1].rstrip())
    finally:
        db.close()
        for pdf in out_dir.glob("*.pdf"):
            pdf.unlink()
        out_dir.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
