"""Start-up of the app against the bare window: wall and CPU time to the first paint.

    .venv/bin/python scripts/measure_startup.py DB [--launches 9]

Launches the benchmark's own probes (``glutedesk/ui/bench_probe.py``: ``bare``, ``libraries``
and ``app DB``), alternating, as ``glutedesk bench`` does, after one uncounted launch of each.
Each probe prints ``PAINTED`` after its first paint and exits at once, so the process's CPU
time (user + system, from ``wait4``) is the CPU time to the first paint. On a shared machine
CPU time moves far less with the load than wall time; both are printed as medians, with the
load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from glutedesk.bench.runner import PROBE, probe_environment
from glutedesk.ui.bench_probe import PAINTED


def launch(args: list[str], env: dict[str, str], probe: Path = PROBE) -> tuple[float, float]:
    """Seconds from start to ``PAINTED``, and the process's CPU seconds (it exits at once)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(probe), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    painted = None
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(PAINTED):
            painted = time.perf_counter() - started
    process.stdout.close()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if painted is None:
        raise SystemExit(f"the {args[0]} probe did not paint (status {process.returncode})")
    return painted, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--launches", type=int, default=9)
    parser.add_argument(
        "--before",
        type=Path,
        help="another source tree (holding glutedesk/): its app is launched in turn too",
    )
    options = parser.parse_args()
    env = probe_environment(Path(tempfile.mkdtemp(prefix="gd-startup-")) / "bytecode")
    kinds = {"bare": ["bare"], "libraries": ["libraries"], "app": ["app", str(options.db)]}
    runs = {kind: (args, env, PROBE) for kind, args in kinds.items()}
    if options.before:
        before_env = dict(env, PYTHONPATH=str(options.before.resolve()))
        before_probe = options.before.resolve() / "glutedesk" / "ui" / "bench_probe.py"
        runs["app before"] = (kinds["app"], before_env, before_probe)
    load_before = os.getloadavg()[0]
    for args, run_env, probe in runs.values():  # disk cache and bytecode: not counted
        launch(args, run_env, probe)
    wall: dict[str, list[float]] = {kind: [] for kind in runs}
    cpu: dict[str, list[float]] = {kind: [] for kind in runs}
    for _ in range(options.launches):
        for kind, (args, run_env, probe) in runs.items():
            w, c = launch(args, run_env, probe)
            wall[kind].append(w)
            cpu[kind].append(c)
    load_after = os.getloadavg()[0]
    print(f"{options.launches} launches each; load average {load_before:.2f} → {load_after:.2f}")
    print(f"{'probe':<11} {'wall s':>8} {'CPU s':>8} {'wall ÷ bare':>12} {'CPU ÷ bare':>11}")
    bare_w, bare_c = statistics.median(wall["bare"]), statistics.median(cpu["bare"])
    for kind in runs:
        w, c = statistics.median(wall[kind]), statistics.median(cpu[kind])
        print(f"{kind:<11} {w:>8.3f} {c:>8.3f} {w / bare_w:>12.2f} {c / bare_c:>11.2f}")


if __name__ == "__main__":
    main()
