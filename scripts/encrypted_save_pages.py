"""Pages written and CPU time per visit save: plain clinic vs the same clinic protected two ways.

Copies a plain clinic (the benchmark's, by default) into FOLDER, protects one copy with
SQLCipher's packing ``sqlcipher_export`` (as GluteDesk did before) and one with
``export_as_used`` (as it does now; docs/design/0007-encryption.md), then saves the benchmark's
long client's latest visit again 30 times on each, in three interleaved rounds (as
``glutedesk bench`` does), and counts the pages each save appends to the write-ahead log and
the process CPU time per save (median). CPU time, not wall time: the machine this ran on was
shared. The saved visits are deleted.

Run: .venv/bin/python scripts/encrypted_save_pages.py [PLAIN_CLINIC] [FOLDER]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SAVES = 30
ROUNDS = 3
FRAME_HEADER = 24
DEFAULT = Path("/tmp/speed-bench/bench-10000c-200000v-seed2026.sqlite3")


def measure(path: Path) -> tuple[float, float]:
    """(pages appended to the WAL per save, median CPU ms per save) on the clinic at ``path``."""
    from glutedesk.domain.ids import new_visit_id
    from glutedesk.samples.large import LargeClinicPlan
    from glutedesk.storage.database import open_database
    from glutedesk.storage.visits import delete_visit, save_visit

    plan = LargeClinicPlan(n_clients=10_000, n_visits=200_000, seed=2026)
    template = plan.visits(plan.long_indices[0])[-1]
    db = open_database(path)
    wal = Path(f"{path}-wal")
    saved, cpu, pages = [], [], []
    try:
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for n in range(SAVES + 1):  # the first warms the caches; not counted
            visit = dataclasses.replace(
                template, id=new_visit_id(), visit_date=dt.date.today(), next_visit=None
            )
            size = wal.stat().st_size if wal.exists() else 0
            started = time.process_time()
            save_visit(db, visit)
            spent = time.process_time() - started
            grown = wal.stat().st_size - size
            saved.append(visit.id)
            if n and grown > 0:  # a save after a checkpoint restarts the WAL: not counted
                cpu.append(spent)
                pages.append(grown / (4096 + FRAME_HEADER))
        for visit_id in saved:
            delete_visit(db, visit_id)
    finally:
        db.close()
    return statistics.mean(pages), statistics.median(cpu) * 1000


def main() -> int:
    from glutedesk.storage import cipher
    from glutedesk.storage.protect import rewrite

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="gd-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    plain = folder / "plain.sqlite3"
    shutil.copyfile(source, plain)
    rows = [("plain (as built)", plain, None)]
    for label, name, packed in (
        ("protected, sqlcipher_export (packed)", "packed.sqlite3", True),
        ("protected, export_as_used (now)", "as-used.sqlite3", False),
    ):
        key = cipher.derive_key("pages per save", cipher.new_salt())
        target = folder / name
        started = time.perf_counter()
        rewrite(plain, target, None, key, packed=packed)
        cipher.remember(target, key)
        rows.append((label, target, time.perf_counter() - started))
    results: dict[Path, list[tuple[float, float]]] = {path: [] for _l, path, _t in rows}
    for _round in range(ROUNDS):  # interleaved, so the three share the machine's load alike
        for _label, path, _took in rows:
            results[path].append(measure(path))
    print(f"{ROUNDS} rounds of {SAVES} saves of one visit on each copy of {source.name}\n")
    print(f"  {'clinic file':<38} {'MB':>6} {'copy s':>7} {'pages/save':>11} {'CPU ms/save':>12}")
    for label, path, took in rows:
        pages = statistics.mean(p for p, _c in results[path])
        cpu = statistics.median(c for _p, c in results[path])
        copy = f"{took:.0f}" if took is not None else "—"
        size = path.stat().st_size / 2**20
        print(f"  {label:<38} {size:>6.0f} {copy:>7} {pages:>11.1f} {cpu:>12.2f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
