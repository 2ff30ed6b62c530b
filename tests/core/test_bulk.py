"""The benchmark's large clinic: written in bulk, yet exactly what save_visit would store."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from glutedesk.domain.grades import OXFORD_GRADES
from glutedesk.domain.models import Side
from glutedesk.domain.record_rules import check_visit
from glutedesk.samples.large import (
    BulkBuildError,
    LargeClinicPlan,
    build_large_clinic,
)
from glutedesk.storage.check import check_database
from glutedesk.storage.clients import count_clients, get_client, save_client, search_clients
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.row_mappers import CLIENT_TABLES, VISIT_TABLES
from glutedesk.storage.visits import count_visits, get_visit, save_visit, visits_for_client

TODAY = dt.date(2026, 3, 1)


def tiny_plan(**overrides) -> LargeClinicPlan:
    values = {"n_clients": 50, "n_visits": 500, "seed": 11, "today": TODAY}
    values.update(overrides)
    return LargeClinicPlan(**values)


@pytest.fixture
def built(file_db):
    plan = tiny_plan()
    seen: list[tuple[int, int]] = []
    summary = build_large_clinic(
        Clinic(file_db), plan, progress=lambda done, total: seen.append((done, total))
    )
    return file_db, plan, summary, seen


def test_the_plan_spreads_the_visits_as_asked():
    plan = tiny_plan()
    assert sum(plan.visit_counts) == 500
    assert min(plan.visit_counts) >= 1
    assert plan.long_visits == 100
    assert [plan.visit_counts[i] for i in plan.long_indices] == [100]
    assert len(set(plan.client_ids)) == 50


def test_the_same_seed_gives_the_same_clinic_and_another_seed_does_not():
    first, again, other = tiny_plan(), tiny_plan(), tiny_plan(seed=12)
    assert first.client_ids == again.client_ids
    assert first.visits(3) == again.visits(3)
    assert first.client(3) == again.client(3)
    assert first.client_ids != other.client_ids


def test_the_bulk_built_clinic_passes_the_database_checks(built):
    db, _plan, summary, seen = built
    assert check_database(db).ok, check_database(db).problems
    assert count_clients(db) == summary.clients == 50
    assert count_visits(db) == summary.visits == 500
    assert seen[-1] == (500, 500)
    assert summary.rows > 500 * 10  # tests, red flags, marks, exercises... with each visit


def test_a_visit_loads_equal_to_what_the_plan_meant(built):
    db, plan, _summary, _seen = built
    for index in (0, 7, 49):
        intended = plan.visits(index)
        assert get_visit(db, intended[-1].id) == intended[-1]
        assert get_visit(db, intended[0].id) == intended[0]
        assert get_client(db, plan.client_ids[index]) == plan.client(index)


def test_the_long_client_has_a_hundred_whole_visits_in_date_order(built):
    db, plan, summary, _seen = built
    (long_id,) = summary.long_client_ids
    index = plan.client_ids.index(long_id)
    loaded = visits_for_client(db, long_id)
    assert loaded == plan.visits(index)
    assert len(loaded) == summary.long_visits == 100
    assert [v.visit_date for v in loaded] == sorted(v.visit_date for v in loaded)


def test_the_visits_are_clinically_realistic_and_valid(built):
    _db, plan, summary, _seen = built
    index = plan.client_ids.index(summary.long_client_ids[0])
    client = plan.client(index)
    visits = plan.visits(index)
    for visit in visits:
        problems = check_visit(visit, client_dob=client.date_of_birth, today=TODAY)
        assert not [p for p in problems if p.severity == "error"], problems
        tested = Counter((r.test_id, r.side) for r in visit.test_results)
        for test_id in ("oxford_glute_max", "oxford_glute_med"):
            for side in (Side.LEFT, Side.RIGHT):
                assert tested[(test_id, side)] == 1
                assert visit.result(test_id, side).values["grade"] in OXFORD_GRADES
        assert len(visit.test_results) > 4  # a few other tests as well
        assert visit.nprs.now is not None
        assert visit.score(visit.outcome_scores[-1].instrument) is not None
        assert visit.exercises
        assert visit.red_flags.answers and visit.red_flags.advice is not None
    assert any(2 <= len(v.pain_marks) <= 4 for v in visits)
    assert all(v.visit_date <= TODAY for v in visits)


def test_search_finds_bulk_clients_by_name(built):
    db, plan, _summary, _seen = built
    client = plan.client(5)
    found = search_clients(db, f"{client.first_name[:2]} {client.last_name}")
    assert client.id in [c.id for c in found]
    item = next(c for c in found if c.id == client.id)
    assert item.visit_count == plan.visit_counts[5]


def test_the_app_can_save_into_a_bulk_built_clinic(built):
    db, plan, _summary, _seen = built
    visit = plan.visits(2)[-1]
    from dataclasses import replace

    copy = replace(visit, id="bulk-then-saved", created_at=None, updated_at=None)
    saved, _changes = save_visit(db, copy)
    assert get_visit(db, "bulk-then-saved") == saved
    assert check_database(db).ok


def test_a_clinic_of_several_batches_is_built_in_a_worker_the_same(file_db):
    plan = tiny_plan(n_clients=20, n_visits=300)
    summary = build_large_clinic(Clinic(file_db), plan, batch_visits=60)
    assert count_visits(file_db) == summary.visits == 300
    assert get_visit(file_db, plan.visits(19)[-1].id) == plan.visits(19)[-1]
    assert check_database(file_db).ok


def test_it_refuses_a_database_that_already_has_clients(built):
    db, _plan, _summary, _seen = built
    with pytest.raises(BulkBuildError, match="empty database"):
        build_large_clinic(Clinic(db), tiny_plan())


def test_it_refuses_fewer_visits_than_clients():
    with pytest.raises(BulkBuildError):
        LargeClinicPlan(n_clients=10, n_visits=5)


def test_bulk_rows_are_byte_for_byte_what_save_client_and_save_visit_store(built, memory_db):
    """The bulk build and the app's saves share one row mapper: the stored rows are identical."""
    db, plan, _summary, _seen = built
    for index in (0, 7, 49):
        save_client(memory_db, plan.client(index), touch=False, audit=False)
        for visit in plan.visits(index):
            save_visit(memory_db, visit, touch=False, audit=False)
    ids = [plan.client_ids[i] for i in (0, 7, 49)]
    marks = ", ".join("?" * len(ids))
    for table, columns in {**CLIENT_TABLES, **VISIT_TABLES}.items():
        if table in CLIENT_TABLES:
            where = f"{columns[0]} IN ({marks})"
        elif table == "visits":
            where = f"client_id IN ({marks})"
        else:
            where = f"visit_id IN (SELECT id FROM visits WHERE client_id IN ({marks}))"
        sql = f"SELECT {', '.join(columns)} FROM {table} WHERE {where} ORDER BY 1, 2, 3"
        bulk = db.execute(sql, ids).fetchall()
        saved = memory_db.execute(sql, ids).fetchall()
        assert bulk == saved, table
        assert bulk or table == "referrals", table
