"""Time building the sample clinics: the benchmark's large clinic and the demo clinic.

    .venv/bin/python scripts/clinic_build_time.py [--clients N] [--visits N] [--dir DIR]

Builds each clinic once into a new file under DIR (default: a temporary folder under /tmp,
removed afterwards), with a fixed seed and day so every run builds the same records, and
prints one table: clinic, clients, visits, rows, seconds, file size. The large clinic is the
one ``glutedesk bench`` builds (10,000 clients and 200,000 visits by default: a few minutes
and about 650 MB of disk).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from glutedesk.samples.demo import build_demo_clinic
from glutedesk.samples.large import LargeClinicPlan, build_large_clinic
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import open_database

DAY = dt.date(2026, 6, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--visits", type=int, default=200_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="clinic-build-", dir=args.dir or "/tmp"))
    rows = []
    try:
        db = open_database(folder / "demo.sqlite3")
        started = time.perf_counter()
        demo = build_demo_clinic(Clinic(db), seed=7, today=DAY)
        seconds = time.perf_counter() - started
        db.close()
        rows.append(("demo", demo.clients, demo.visits, "-", seconds, folder / "demo.sqlite3"))
        db = open_database(folder / "large.sqlite3")
        plan = LargeClinicPlan(n_clients=args.clients, n_visits=args.visits, today=DAY)
        large = build_large_clinic(Clinic(db), plan)
        db.close()
        rows.append(
            (
                "large",
                large.clients,
                large.visits,
                large.rows,
                large.seconds,
                folder / "large.sqlite3",
            )
        )
        print(f"{'clinic':<8}{'clients':>9}{'visits':>9}{'rows':>10}{'seconds':>9}{'MB':>8}")
        for name, clients, visits, n_rows, secs, path in rows:
            size = path.stat().st_size / 1e6
            count = n_rows if n_rows == "-" else f"{n_rows:,}"
            print(f"{name:<8}{clients:>9,}{visits:>9,}{count:>10}{secs:>9.1f}{size:>8.0f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
