"""Write a :class:`~glutedesk.samples.large.plan.LargeClinicPlan` into a database, fast.

The benchmark needs its clinic in minutes, so rows go in with ``executemany`` in a few large
transactions instead of 200,000 calls of ``save_visit``. Each client and visit is mapped to rows
by :mod:`glutedesk.storage.row_mappers`, the very mapping ``save_client`` and ``save_visit``
use, so the rows are exactly what the app would store; they pass the schema's CHECK
constraints and triggers and load back whole through ``get_visit``.
"""

from __future__ import annotations

import itertools
import multiprocessing
import operator
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from glutedesk.domain.ids import ClientId
from glutedesk.samples.large.plan import BulkBuildError, LargeClinicPlan
from glutedesk.samples.large.visits import spec_visit
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.row_mappers import CLIENT_TABLES, VISIT_TABLES, client_rows, visit_rows

Progress = Callable[[int, int], None]
"""Called as ``progress(visits_written, visits_total)`` after each batch."""
Rows = dict[str, list[tuple[Any, ...]]]
_TABLES = (*CLIENT_TABLES, *VISIT_TABLES)


@dataclass(frozen=True)
class BulkSummary:
    """What :func:`build_large_clinic` wrote."""

    clients: int
    visits: int
    rows: int
    long_client_ids: tuple[ClientId, ...]
    long_visits: int
    seconds: float


def build_large_clinic(
    clinic: Clinic,
    plan: LargeClinicPlan | None = None,
    *,
    progress: Progress | None = None,
    batch_visits: int = 10_000,
) -> BulkSummary:
    """Write the clinic ``plan`` describes (10,000 clients, 200,000 visits by default).

    ``clinic`` must be an open, migrated and empty GluteDesk database. Rows are inserted with
    ``executemany`` in one transaction per batch of about ``batch_visits`` visits, under
    :func:`~glutedesk.storage.bulk_insert.bulk_loading` (a half-built benchmark clinic is thrown
    away, never repaired).
    """
    plan = plan or LargeClinicPlan()
    if clinic.count_clients():
        raise BulkBuildError("The large clinic goes into an empty database.")
    started = time.perf_counter()
    written = 0
    total_rows = 0
    with clinic.bulk_loading():
        for rows in _generate_ahead(plan, batch_visits):
            total_rows += clinic.insert_rows(rows)
            written += len(rows["visits"])
            if progress:
                progress(written, plan.n_visits)
    return BulkSummary(
        clients=plan.n_clients,
        visits=written,
        rows=total_rows,
        long_client_ids=tuple(plan.client_ids[i] for i in plan.long_indices),
        long_visits=plan.long_visits,
        seconds=time.perf_counter() - started,
    )


def _batches(plan: LargeClinicPlan, batch_visits: int) -> Iterator[range]:
    start = 0
    count = 0
    for index, n in enumerate(plan.visit_counts):
        count += n
        if count >= batch_visits:
            yield range(start, index + 1)
            start, count = index + 1, 0
    if start < plan.n_clients:
        yield range(start, plan.n_clients)


def _generate_ahead(plan: LargeClinicPlan, batch_visits: int) -> Iterator[Rows]:
    """Yield each batch's rows, in order, generating later batches in a worker process.

    Generating rows is Python work and inserting them is SQLite work, so on two or more cores a
    worker generates the next batches while this process inserts. At most two batches wait,
    which bounds the memory used. A clinic of one batch is generated here.
    """
    batches = list(_batches(plan, batch_visits))
    if len(batches) <= 1:
        for batch in batches:
            yield _batch_rows(plan, batch)
        return
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        waiting: deque[Future[Rows]] = deque()
        todo = iter(batches)
        for batch in itertools.islice(todo, 2):
            waiting.append(pool.submit(_batch_rows, plan, batch))
        while waiting:
            rows = waiting.popleft().result()
            batch = next(todo, None)
            if batch is not None:
                waiting.append(pool.submit(_batch_rows, plan, batch))
            yield rows
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_BY_VISIT = operator.itemgetter(0)


def _batch_rows(plan: LargeClinicPlan, indices: range) -> Rows:
    rows: Rows = {table: [] for table in _TABLES}
    for index in indices:
        client, specs = plan._generate(index)
        for table, table_rows in client_rows(client).items():
            rows[table] += table_rows
        for spec in specs:
            for table, table_rows in visit_rows(spec_visit(spec)).items():
                rows[table] += table_rows
    for table, table_rows in rows.items():
        if table not in ("clients", "case_histories", "visits"):
            table_rows.sort(key=_BY_VISIT)  # insert in primary-key order: fewer page splits
    return rows
