"""Time the progress report (and the other documents) for a client with many visits.

    .venv/bin/python scripts/measure_report.py [--visits 50] [--repeat 5]

Builds a throwaway database with one demo-style client who has ``--visits`` visits (every
visit grades the glutes with a dynamometer value, rates NPRS and PSFS and marks pain; every
third is a full reassessment), then times each document end to end (load from SQLite, charts
at 300 dpi, layout, write). The first build of a process also pays for importing matplotlib
and reportlab and registering the font; it is reported separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _seed(db_path: Path, visits: int) -> str:
    from glutedesk.samples.demo import build_demo_clinic
    from glutedesk.storage.clients import list_clients
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import open_database

    db = open_database(db_path)
    try:
        build_demo_clinic(
            Clinic(db),
            n_clients=20,
            seed=11,
            today=dt.date(2026, 11, 23),
            visits_range=(visits, visits),
        )
        busiest = max(list_clients(db), key=lambda c: c.visit_count)
        return busiest.id
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from glutedesk.reports.documents import KINDS, build_document, count_pages
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import open_database
    from glutedesk.storage.visits import visits_for_client

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = folder / "measure.sqlite3"
        started = time.perf_counter()
        client_id = _seed(db_path, args.visits)
        print(f"seeded 20 clients x {args.visits} visits in {time.perf_counter() - started:.1f} s")
        db = open_database(db_path)
        clinic = Clinic(db)
        try:
            count = len(visits_for_client(db, client_id))
            started = time.perf_counter()
            build_document("progress", clinic, client_id, folder / "first.pdf")
            first = time.perf_counter() - started
            print(f"client with {count} visits; first build (imports, font) {first:.2f} s")
            for kind in KINDS:
                times = []
                for n in range(args.repeat):
                    out = folder / f"{kind}-{n}.pdf"
                    started = time.perf_counter()
                    build_document(kind, clinic, client_id, out)
                    times.append(time.perf_counter() - started)
                pages = count_pages(out)
                print(
                    f"{kind:<9} median {statistics.median(times):.2f} s  "
                    f"(min {min(times):.2f}, max {max(times):.2f}; {args.repeat} runs; "
                    f"{out.stat().st_size / 1024:.0f} KiB, pages {pages})"
                )
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
