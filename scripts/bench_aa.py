"""A/A check of ``glutedesk bench --encrypted``'s comparison: the plain clinic on both sides.

Both sides are plain, so every true ratio is 1.00; how far the printed ratios stray from 1 is
what the method itself adds (the machine's drift and noise). Two schemes:

``sequential``: what ``--encrypted`` did before 2 Dec 2026: the whole plain benchmark, then the
other side's start-up, session and saves measured after it, each ratio B ÷ A of the two runs'
figures. ``paired``: what it does now (:func:`glutedesk.bench.paired.measure_two`): a second
plain copy as the other side, both measured alternately in the same window, each ratio the
median of the per-pair ratios.

Prints one JSON line per run (with the load average before and after).
Run: .venv/bin/python scripts/bench_aa.py sequential|paired DB_DIR [RUNS]
(DB_DIR holds the kept 10,000-client clinic, e.g. a copy of /tmp/speed-bench.)
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from glutedesk.bench import runner
from glutedesk.bench.paired import ENCRYPTED, PLAIN, long_client_ids, measure_two
from glutedesk.bench.runner import BenchOptions

KEYS = ("startup_ex_unlock_s", "search_p50_ms", "save_ms", "timeline_ms", "report_s")


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def sequential(options: BenchOptions) -> dict[str, float]:
    """Today's old order: the plain run, then the same clinic measured again as side B."""
    quiet = lambda _line: None  # noqa: E731
    a = runner.run_benchmark(options, quiet)
    a["startup_ex_unlock_s"] = a["startup_app_s"]
    path = Path(a["database"])
    env = runner.probe_environment(Path(options.db_dir or ".") / "bytecode")
    b = runner._startup(path, options, env, quiet)
    b.update(runner._session(path, long_client_ids(options), options, env, quiet))
    b.update(runner._save(path, options, quiet))
    b["startup_ex_unlock_s"] = b["startup_app_s"]
    return {key: round(b[key] / a[key], 2) for key in KEYS}


def paired(options: BenchOptions) -> dict[str, float]:
    """The new order: the clinic and a byte-for-byte copy, alternately, in one window."""
    folder = Path(options.db_dir or ".")
    a = folder / f"bench-{options.clients}c-{options.visits}v-seed{options.seed}.sqlite3"
    b = folder / f"aa-copy-{a.name}"
    if not b.exists():
        shutil.copyfile(a, b)
    env = runner.probe_environment(folder / "bytecode")
    both = measure_two({PLAIN: a, ENCRYPTED: b}, {PLAIN: env, ENCRYPTED: env}, options, _say)
    return {key: round(both["pairs"][key].ratio(), 2) for key in KEYS}


def main(argv: list[str]) -> None:
    scheme, folder = argv[0], Path(argv[1])
    runs = int(argv[2]) if len(argv) > 2 else 5
    options = BenchOptions(db_dir=folder, keep=True)
    measure = {"sequential": sequential, "paired": paired}[scheme]
    for run in range(1, runs + 1):
        before = os.getloadavg()[0]
        started = time.strftime("%H:%M:%S")
        ratios = measure(options)
        line = {"scheme": scheme, "run": run, "at": started, "load": [before]}
        line["load"].append(os.getloadavg()[0])
        print(json.dumps({**line, "ratios": ratios}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
