"""What the benchmark's move behind the Clinic costs: the same storage call made directly (as
the benchmark did before) and through the Clinic's verb (as it does now), alternately.

.venv/bin/python scripts/clinic_door_cost.py CLINIC.sqlite3

CLINIC is a kept benchmark clinic (``glutedesk bench --keep``); use a copy: visits are saved
and then deleted again. Prints CPU milliseconds (``time.process_time``), medians of several
rounds: the client search as typed (every prefix of 20 names) and one durable visit save.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from glutedesk.bench.runner import fresh_visit
from glutedesk.samples.large import LargeClinicPlan
from glutedesk.storage.clients import search_clients
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.visits import save_visit


def cpu_ms(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return (time.process_time() - started) * 1000


def main(path: str) -> int:
    clinic = Clinic.open(path, create=False)
    db = clinic.db  # the direct path: what the benchmark used before
    stats = clinic.stats()
    names = clinic.sample_client_names(20)
    prefixes = [name[:end] for name in names for end in range(1, len(name) + 1)]
    direct, door = [], []
    for _ in range(5):
        direct.append(cpu_ms(lambda: [search_clients(db, p, limit=1000) for p in prefixes]))
        door.append(cpu_ms(lambda: [clinic.find_clients(p, limit=1000) for p in prefixes]))
    plan = LargeClinicPlan(n_clients=stats.clients, n_visits=stats.visits, seed=2026)
    template = plan.visits(plan.long_indices[0])[-1]

    saves_direct, saves_door, saved = [], [], []
    for _ in range(31):  # the first of each is a warm-up, not counted
        for visit, times, save in (
            (fresh_visit(template), saves_direct, lambda v: save_visit(db, v)),
            (fresh_visit(template), saves_door, clinic.save_visit),
        ):
            times.append(cpu_ms(lambda save=save, visit=visit: save(visit)))
            saved.append(visit.id)
    for visit_id in saved:
        clinic.delete_visit(visit_id)
    clinic.close()
    print(f"clinic: {stats.clients:,} clients, {stats.visits:,} visits, durable={stats.durable}")
    print(f"{'CPU ms, median':<48}{'direct':>10}{'Clinic':>10}")
    print(
        f"{f'search as typed, {len(prefixes)} prefixes (5 rounds)':<48}"
        f"{statistics.median(direct):>10.1f}{statistics.median(door):>10.1f}"
    )
    print(
        f"{'one visit save (30 saves)':<48}"
        f"{statistics.median(saves_direct[1:]):>10.2f}{statistics.median(saves_door[1:]):>10.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
