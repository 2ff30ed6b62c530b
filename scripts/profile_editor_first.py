"""Profile the first opening of the visit editor in a fresh app, as the benchmark's session
measures ``editor_open_first_ms``, and what the background warm-up does meanwhile.

.venv/bin/python scripts/profile_editor_first.py --db BENCH_CLINIC [--runs 3] [--top 25]

``BENCH_CLINIC`` is a clinic kept by ``glutedesk bench --db-dir DIR --keep`` (it is opened
read-write, as the benchmark opens it: use a copy). Each run starts the app on it exactly as
the benchmark's session does (``glutedesk/ui/bench_probe.py``), types the same 40 names into
the client search, then opens the editor for a new visit on a 100-visit client with the
window's New visit action, timed as ``glutedesk/ui/bench_editor.py`` times it (until painted
and a key is taken). For the first opening of each run it gives the wall time, the GUI
thread's CPU time, the CPU time the warm-up thread (``glutedesk-warm-up``) used before and
during it, and, for the first run, the GUI thread's profile (cProfile, cumulative).
The warm openings after it are summarised the same way (median). On a busy machine compare
the CPU columns: wall time there is mostly waiting for a processor.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULT = "PROFILE "
PATTERN = (
    r"(glutedesk/(ui|domain|storage)/.*\.py|method '(insertWidget|setWidget|addWidget|show)'"
    r"|processEvents|_find_and_load\b|acquire|wait)"
)


def _warm_up_cpu() -> float | None:
    """CPU seconds the warm-up thread has used so far; None when it is not running."""
    for thread in threading.enumerate():
        if thread.name == "glutedesk-warm-up" and thread.ident is not None:
            try:
                return time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
            except (AttributeError, OSError):
                return None
    return None


def _session(window, db_path: Path, config: dict) -> dict:
    from glutedesk.storage.clinic import Clinic
    from glutedesk.ui import bench_editor, bench_probe

    clinic = Clinic.open(db_path, create=False)
    try:
        bench_probe._time_search(window, clinic, config)
    finally:
        clinic.close()
    opened = bench_editor._open_once
    rows: list[dict] = []
    profile_text = ""

    def open_once(main_window) -> float:
        nonlocal profile_text
        profile = cProfile.Profile() if not rows and config["profile"] else None
        warm_before = _warm_up_cpu()
        cpu = time.thread_time()
        if profile is not None:
            profile.enable()
        seconds = opened(main_window)
        if profile is not None:
            profile.disable()
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(PATTERN, config["top"])
            profile_text = out.getvalue()
        warm_after = _warm_up_cpu()
        rows.append(
            {
                "wall": seconds,
                "gui_cpu": time.thread_time() - cpu,
                "warm_before": warm_before,
                "warm_during": None if warm_after is None else warm_after - (warm_before or 0.0),
            }
        )
        return seconds

    bench_editor._open_once = open_once
    bench_editor.time_editor(window, config)
    return {"rows": rows, "profile": profile_text}


def _child(db: str, config: str) -> None:
    from glutedesk.ui import bench_probe

    bench_probe.session = _session
    bench_probe.RESULT = RESULT
    bench_probe.run_app(db, json.loads(config))


def _run(db: Path, config: dict) -> dict:
    from glutedesk.bench.runner import probe_environment

    env = probe_environment(db.parent / "bytecode")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env.get("PYTHONPATH"), str(ROOT)]))
    args = [sys.executable, __file__, "--child", str(db), json.dumps(config)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=900)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if not lines:
        sys.exit(f"the app session failed:\n{done.stderr[-3000:]}")
    result = json.loads(lines[-1][len(RESULT) :])
    if "error" in result:
        sys.exit(f"the app session failed:\n{result['error']}")
    return result


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f}"


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args()
    from glutedesk.samples.large import LargeClinicPlan

    plan = LargeClinicPlan(n_clients=10_000, n_visits=200_000, seed=2026)
    config = {
        "long_ids": [plan.client_ids[i] for i in plan.long_indices],
        "search_names": 40,
        "editor_reps": 5,
        "top": options.top,
    }
    print(f"# {Path(__file__).name}, {time.strftime('%d %b %Y %H:%M UTC', time.gmtime())}")
    import glutedesk

    code = Path(glutedesk.__file__).resolve().parents[1]
    print(f"# code: {code}; load average at start {os.getloadavg()[0]:.1f} on {os.cpu_count()}")
    print()
    print("run | first: wall  GUI CPU  warm-up CPU before / during (ms) | warm: wall  GUI CPU")
    profile = ""
    for run in range(options.runs):
        result = _run(options.db, {**config, "profile": run == 0})
        first, *warm = result["rows"]
        profile = profile or result["profile"]
        print(
            f"{run + 1:>3} | {_ms(first['wall']):>11} {_ms(first['gui_cpu']):>8}"
            f" {_ms(first['warm_before']):>12} / {_ms(first['warm_during']):<6}"
            f"           | {_ms(statistics.median(r['wall'] for r in warm)):>10}"
            f" {_ms(statistics.median(r['gui_cpu'] for r in warm)):>8}"
        )
    print("\nThe first run's first opening under cProfile (GUI thread, cumulative seconds):\n")
    print(profile.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", ""))


if __name__ == "__main__":
    main()
