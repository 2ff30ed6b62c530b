"""Per-test CPU and wall time, for finding where the suite's time goes (docs/benchmark.md).

    .venv/bin/python -m pytest -p tests.suite_times --cpu-times DIR ...
    .venv/bin/python scripts/suite_cpu_table.py DIR [OTHER_DIR]

Each test process (each xdist worker) writes ``DIR/<worker>.json``: for every test phase
(setup, call, teardown) the CPU time of the test process itself, the CPU time of the child
processes it waited for (real ``glutedesk`` processes), the wall time, and the time the test
process waited for a CPU while ready to run (Linux; so what is left of the wall time is
waiting for the disk, timers, windows and child processes); plus the process's whole CPU time
(imports and collection included). CPU time is what a shared machine's load
does not change much; it is what two workers share on two cores.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

import pytest

_rows: list[list] = []


def pytest_addoption(parser):
    parser.addoption("--cpu-times", metavar="DIR", default=None, help="write per-test CPU times")


def _run_queue_wait() -> float:
    """Seconds this process has waited for a CPU while ready to run (Linux), else 0."""
    try:
        with open("/proc/self/schedstat") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def _clock() -> tuple[float, float, float, float]:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, wall = time.process_time(), time.perf_counter()
    return cpu, children.ru_utime + children.ru_stime, wall, _run_queue_wait()


def _timed(item, phase: str):
    before = _clock()
    yield
    after = _clock()
    _rows.append(
        [item.nodeid, phase, *(round(b - a, 4) for a, b in zip(before, after, strict=True))]
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    yield from _timed(item, "setup")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield from _timed(item, "call")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    yield from _timed(item, "teardown")


def pytest_sessionfinish(session):
    folder = session.config.getoption("--cpu-times")
    if not folder or not _rows:
        return  # not asked for, or the xdist controller (it runs no tests)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    self_cpu, children_cpu, _, _ = _clock()
    Path(folder).mkdir(parents=True, exist_ok=True)
    data = {"worker": worker, "process_cpu": self_cpu, "children_cpu": children_cpu, "rows": _rows}
    (Path(folder) / f"{worker}.json").write_text(json.dumps(data))
