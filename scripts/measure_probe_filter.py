"""What the start-up probe's own event filter costs the app: CPU time to the first paint.

    .venv/bin/python scripts/measure_probe_filter.py DB [--launches 7]

The benchmark's probe (``glutedesk/ui/bench_probe.py``) sees the first paint through an
application-wide Python event filter. Every event of every object passes through it, and
PySide6 makes a Python type (with its enums) for each new class it wraps: a cost the bare
window hardly pays and the app's many widgets do. This launches the app probe as it is and,
alternating, with the same filter moved onto the main window once it exists (nothing else
changed), and prints the median CPU seconds of each. Evidence only: the benchmark is unchanged.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

MODES = ("app-wide filter (as benchmarked)", "filter on the main window only")


def child(mode: int, db: str) -> None:
    from glutedesk.ui import bench_probe, main_window

    make = bench_probe._application

    def application():
        app, watcher = make()
        if mode == 1:
            app.removeEventFilter(watcher)
            build = main_window.MainWindow.__init__

            def watched(self, *args, **kwargs) -> None:
                build(self, *args, **kwargs)
                self.installEventFilter(watcher)

            main_window.MainWindow.__init__ = watched
        return app, watcher

    bench_probe._application = application
    bench_probe.run_app(db)


def launch(mode: int, db: Path, env: dict[str, str]) -> float:
    """CPU seconds of one launch (the probe exits at its first paint)."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", str(mode), str(db)],
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
        raise SystemExit("the app probe did not paint")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--launches", type=int, default=7)
    options = parser.parse_args()
    from glutedesk.bench.runner import probe_environment

    env = probe_environment(Path(tempfile.mkdtemp(prefix="gd-filter-")) / "bytecode")
    for mode in range(len(MODES)):  # disk cache and bytecode: not counted
        launch(mode, options.db, env)
    cpu: list[list[float]] = [[] for _ in MODES]
    load = os.getloadavg()[0]
    for _ in range(options.launches):
        for mode in range(len(MODES)):
            cpu[mode].append(launch(mode, options.db, env))
    print(f"{options.launches} launches each, alternating; load average {load:.2f}")
    print(f"{'probe':<34} {'CPU s':>7}")
    for mode, name in enumerate(MODES):
        print(f"{name:<34} {statistics.median(cpu[mode]):>7.3f}")


if __name__ == "__main__":
    main()
