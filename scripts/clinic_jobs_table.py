"""Every Tools-menu job on the demo clinic and on a large clinic, through the window's runner.

Each job runs as the window runs it (``glutedesk.ui.clinic_jobs.runner``: export, import, check
and the bundle as the ``glutedesk`` command in a child process, the others in a worker thread,
behind the progress dialog) while a 10 ms timer ticks on the GUI thread; the table
shows the job's result, its time, and the longest gap between ticks (how long the window would
have been unable to paint). Deterministic clinics (fixed seeds); times vary with the machine.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/clinic_jobs_table.py [--clients N --visits M]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from glutedesk.storage.clinic import Clinic
from glutedesk.ui.clinic_jobs import work
from glutedesk.ui.clinic_jobs.runner import run_command, run_job

TODAY = dt.date(2026, 12, 1)


def timed(app: QApplication, work_fn) -> tuple[object, float, float]:
    """Run ``work_fn`` through run_job; return (result or refusal, seconds, longest GUI gap ms)."""
    outcome: dict[str, object] = {}
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    worst = [0]

    def tick() -> None:
        now = clock.elapsed()
        worst[0] = max(worst[0], now - last[0])
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(tick)
    ticker.start()
    started = time.perf_counter()
    if isinstance(work_fn, list):  # a command line
        run_command(
            None,
            "job",
            work_fn,
            lambda out, err: outcome.setdefault("ok", out.strip().splitlines()[-1]),
            lambda message, out, err: outcome.setdefault(message, message),
        )
    else:
        run_job(None, "job", work_fn, lambda r: outcome.setdefault("ok", r), outcome.setdefault)
    while not outcome:
        app.processEvents()
        time.sleep(0.002)
    ticker.stop()
    seconds = time.perf_counter() - started
    result = outcome.get("ok", f"REFUSED {next(iter(outcome))}")
    return result, seconds, float(worst[0])


def describe(result: object) -> str:
    if isinstance(result, str):
        return result.split(" to /")[0].split(": integrity")[0][:40]
    if isinstance(result, work.RetentionList):
        return f"{len(result.due)} of {len(result.items)} due"
    if isinstance(result, work.ErasureOutcome):
        return f"erased {result.report.visits} visit(s)"
    if isinstance(result, Path):
        return result.name[:40]
    return str(result)[:40]


def jobs(db: Path, folder: Path, client_id: str):
    empty = folder / "import-target.sqlite3"
    Clinic.open(empty).close()
    whole = folder / "whole.json"
    one = folder / "one.json"
    return [
        ("export (whole clinic)", ["export", "--db", str(db), "--out", str(whole)]),
        (
            "export (one client)",
            ["export", "--db", str(db), "--out", str(one), "--client", client_id],
        ),
        ("import (into an empty clinic)", ["import", str(whole), "--db", str(empty)]),
        ("check", ["check", "--db", str(db)]),
        (
            "subject-access bundle",
            ["sar", "--db", str(db), "--client", client_id, "--out", str(folder)],
        ),
        ("retention list", lambda: work.retention_list(db, None, TODAY)),
        ("back up", lambda: _backup(db, folder / "backups")),
        ("erase (one client)", lambda: work.erase_client(db, client_id, "evidence", purge=False)),
    ]


def _backup(db: Path, to_dir: Path) -> Path:
    clinic = Clinic.open(db, create=False)
    try:
        return clinic.back_up(to_dir, manual=True).path
    finally:
        clinic.close()


def build(kind: str, path: Path, clients: int, visits: int) -> str:
    clinic = Clinic.open(path)
    try:
        if kind == "demo":
            from glutedesk.samples.demo import build_demo_clinic

            build_demo_clinic(clinic, n_clients=24, seed=7, today=TODAY)
            return clinic.client_list()[0].id
        from glutedesk.samples.large import LargeClinicPlan, build_large_clinic

        plan = LargeClinicPlan(n_clients=clients, n_visits=visits, seed=11)
        summary = build_large_clinic(clinic, plan)
        return summary.long_client_ids[0]
    finally:
        clinic.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--visits", type=int, default=200_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    print(f"{'clinic':<24} {'job':<30} {'result':<40} {'seconds':>8} {'GUI gap ms':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("demo", "large"):
            folder = Path(tmp) / kind
            folder.mkdir()
            db = folder / f"{kind}.sqlite3"
            client_id = build(kind, db, args.clients, args.visits)
            label = "demo (24 clients)" if kind == "demo" else f"large ({args.clients:,} clients)"
            for name, fn in jobs(db, folder, client_id):
                result, seconds, gap = timed(app, fn)
                text = describe(result)
                print(f"{label:<24} {name:<30} {text:<40} {seconds:>8.2f} {gap:>10.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
