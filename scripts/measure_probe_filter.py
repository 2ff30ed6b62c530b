"""What the start-up probe's own event filter costs: CPU time to the first paint, bare and app.

    .venv/bin/python scripts/measure_probe_filter.py DB [--launches 7]

The benchmark's probe (``glutedesk/ui/bench_probe.py``) sees the first paint through a Python
event filter. Until this round it stayed application-wide: every event of every object passed
through it, and PySide6 makes a Python wrapper (and a Python type, with its enums, for each new
class) for what it passes, a cost the bare window hardly pays and the app's many widgets do.
It now moves onto the main window at the first event that window receives. This launches the
bare and the app probes with the filter as it was (application-wide until the paint) and as it
is, alternating, and prints the median CPU seconds of each. Evidence for docs/benchmark.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

INSTRUMENTS = ("app-wide filter (before)", "filter moved onto the window (now)")
PROBES = ("bare", "app")


def child(instrument: int, probe: str, db: str) -> None:
    from glutedesk.ui import bench_probe

    watch = bench_probe.watch_first_paint

    def watch_as_before(app):
        watcher = watch(app)
        watcher.moves = False  # application-wide until the paint, as before
        return watcher

    if instrument == 0:
        bench_probe.watch_first_paint = watch_as_before
    if probe == "bare":
        bench_probe.run_bare()
    else:
        bench_probe.run_app(db)


def launch(instrument: int, probe: str, db: Path, env: dict[str, str]) -> float:
    """CPU seconds of one launch (the probe exits at its first paint)."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", str(instrument), probe, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    painted = any(line.startswith("PAINTED") for line in process.stdout)
    process.stdout.close()
    _pid, _status, usage = os.wait4(process.pid, 0)
    if not painted:
        raise SystemExit(f"the {probe} probe did not paint")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--launches", type=int, default=7)
    options = parser.parse_args()
    from glutedesk.bench.runner import probe_environment

    env = probe_environment(Path(tempfile.mkdtemp(prefix="gd-filter-")) / "bytecode")
    runs = [(i, probe) for probe in PROBES for i in range(len(INSTRUMENTS))]
    for instrument, probe in runs:  # disk cache and bytecode: not counted
        launch(instrument, probe, options.db, env)
    cpu: dict[tuple[int, str], list[float]] = {run: [] for run in runs}
    load = os.getloadavg()[0]
    for _ in range(options.launches):
        for instrument, probe in runs:
            cpu[instrument, probe].append(launch(instrument, probe, options.db, env))
    print(f"{options.launches} launches each, alternating; load average {load:.2f}")
    print(f"{'probe':<6} {'instrument':<36} {'CPU s':>7}")
    for instrument, probe in runs:
        median = statistics.median(cpu[instrument, probe])
        print(f"{probe:<6} {INSTRUMENTS[instrument]:<36} {median:>7.3f}")
    for probe in PROBES:
        saved = statistics.median(cpu[0, probe]) - statistics.median(cpu[1, probe])
        print(f"{probe}: the moved filter saves {saved * 1000:.0f} ms of CPU")


if __name__ == "__main__":
    main()
