"""Compare the self-contained app (dist/GluteDesk) with the virtual environment, same run.

Prints a table: size on disk, and median wall time over N runs of `--version` and of opening
the main window offscreen on a demo clinic (open, first paint with clients listed, close; the
watcher is glutedesk/ui/smoke.py, armed through packaging/glutedesk_main.py in both). The two
are run alternately so a busy machine slows both alike.

    .venv/bin/python scripts/bundle_vs_venv.py [--runs 5] [--venv .venv] [--bundle dist/GluteDesk]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def size_mb(folder: Path) -> float:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total / 2**20


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "GluteDesk")
    args = parser.parse_args()
    venv_python = str(args.venv / "bin" / "python")
    exe = str(args.bundle / "glutedesk")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
        db = str(Path(tmp) / "clinic.sqlite3")
        subprocess.run([exe, "--db", db, "demo"], env=env, check=True, capture_output=True)
        report = str(Path(tmp) / "window.json")
        window_env = {**env, "GLUTEDESK_SMOKE_REPORT": report}
        kinds = {
            "venv": {
                "version": [venv_python, "-m", "glutedesk", "--version"],
                "window": [venv_python, str(ROOT / "packaging" / "glutedesk_main.py"), "--db", db],
            },
            "bundle": {"version": [exe, "--version"], "window": [exe, "--db", db]},
        }
        times: dict[str, dict[str, list[float]]] = {k: {"version": [], "window": []} for k in kinds}
        for what in ("version", "window"):
            for _ in range(args.runs):
                for kind, cmds in kinds.items():
                    e = window_env if what == "window" else env
                    times[kind][what].append(timed(cmds[what], e))
                    if what == "window":
                        assert json.loads(Path(report).read_text())["window"] == "up"
    sizes = {"venv": size_mb(args.venv), "bundle": size_mb(args.bundle)}
    print(f"{'':8} {'size MB':>9} {'--version s':>12} {'window s':>10}   (median of {args.runs})")
    for kind in kinds:
        v = statistics.median(times[kind]["version"])
        w = statistics.median(times[kind]["window"])
        print(f"{kind:8} {sizes[kind]:9.0f} {v:12.2f} {w:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
