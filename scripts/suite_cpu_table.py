"""Where the test suite's CPU goes, per test file, from ``-p tests.suite_times`` runs.

    .venv/bin/python -m pytest -p tests.suite_times --cpu-times DIR ...
    .venv/bin/python scripts/suite_cpu_table.py DIR [AFTER_DIR] [--top 40] [--tests 0]

Prints, per test file: its tests, the CPU time of the test process (setup + call +
teardown), of the child processes it ran, the sum, and the wall time in its worker, sorted by
the sum; with a second folder, the two runs side by side. ``--tests N`` lists the N tests
with the most CPU (setup included) as well. CPU time is what two workers share on two cores,
and changes far less than wall time with the machine's load. Where the run recorded it, a
last line tells how much the phases without child processes waited for anything but a CPU.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path


def load(folder: Path) -> tuple[dict[str, list[float]], dict[str, float], dict[str, float]]:
    """Per file [tests, self CPU, children CPU, wall]; per test CPU; per worker process CPU."""
    files: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0])
    tests: dict[str, float] = defaultdict(float)
    workers: dict[str, float] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        workers[data["worker"]] = data["process_cpu"] + data["children_cpu"]
        for nodeid, phase, own, children, wall, *_ in data["rows"]:
            row = files[nodeid.split("::")[0]]
            row[0] += phase == "call"
            row[1] += own
            row[2] += children
            row[3] += wall
            tests[nodeid] += own + children
    return files, tests, workers


def waiting(folder: Path) -> str | None:
    """How much of the wall time of the test phases that ran no child process was neither
    their CPU time nor waiting for a CPU (the disk, timers, windows): what stays on an idle
    machine. None without the run-queue figures (Linux only)."""
    cpu = wall = queued = 0.0
    for path in sorted(folder.glob("*.json")):
        for row in json.loads(path.read_text())["rows"]:
            if len(row) < 6:
                return None
            if row[3] == 0:
                cpu, wall, queued = cpu + row[2], wall + row[4], queued + row[5]
    idle = max(0.0, wall - cpu - queued)
    share = idle / cpu if cpu else 0.0
    return (
        f"phases without child processes: CPU {cpu:.1f} s, waited for a CPU {queued:.1f} s, "
        f"other waiting {idle:.1f} s ({share:.0%} of their CPU time)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, nargs="+")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--tests", type=int, default=0)
    args = parser.parse_args()
    runs = [load(folder) for folder in args.runs]
    first = runs[0][0]
    order = sorted(first, key=lambda f: -(first[f][1] + first[f][2]))
    head = f"{'file':<50}{'tests':>6}"
    for _ in args.runs:
        head += f" | {'own':>7}{'child':>7}{'cpu':>7}{'wall':>7}"
    print(head)
    for name in order[: args.top]:
        line = f"{name:<50}{int(first[name][0]):>6}"
        for files, _, _ in runs:
            _, own, child, wall = files.get(name, [0, 0.0, 0.0, 0.0])
            line += f" | {own:>7.1f}{child:>7.1f}{own + child:>7.1f}{wall:>7.1f}"
        print(line)
    for folder, (files, _, workers) in zip(args.runs, runs, strict=True):
        own = sum(r[1] for r in files.values())
        child = sum(r[2] for r in files.values())
        wall = sum(r[3] for r in files.values())
        per_worker = ", ".join(f"{w} {cpu:.0f} s" for w, cpu in sorted(workers.items()))
        print(
            f"{folder}: tests {sum(int(r[0]) for r in files.values())}: own {own:.0f} s, children "
            f"{child:.0f} s, CPU {own + child:.0f} s, wall in tests {wall:.0f} s; "
            f"whole processes: {per_worker}"
        )
    for folder in args.runs:
        waits = waiting(folder)
        if waits is not None:
            print(f"{folder}: {waits}")
    for _, tests, _ in runs[:1]:
        for nodeid, cpu in sorted(tests.items(), key=lambda t: -t[1])[: args.tests]:
            print(f"{cpu:8.2f}  {nodeid}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
