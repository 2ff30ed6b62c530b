"""The ``clinic`` fixture's copied files are a real, independent clinic (tests/ui/conftest.py)."""

from __future__ import annotations

import datetime as dt

from glutedesk.storage.audit_anchor import anchor_path, audit_head, read_anchor
from glutedesk.storage.check import check_database
from glutedesk.storage.clients import client_ids, save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.visit_loading import visits_for_client
from tests.factories import make_client


def test_the_copy_is_its_own_file_with_a_matching_anchor(clinic, file_db, db_path, request):
    template = request.getfixturevalue("seeded_clinic_file").path
    assert db_path != template and db_path.exists()
    assert read_anchor(anchor_path(db_path)) == audit_head(file_db)
    report = check_database(file_db, db_path)
    assert not report.problems, report.problems
    assert [v.visit_date for v in visits_for_client(file_db, clinic["Zoë"])] == [
        dt.date(2026, 1, 4),
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 15),
    ]
    save_client(file_db, make_client(first_name="Only-here"))  # changes the copy alone
    template_db = open_database(template, create=False)
    try:
        assert len(client_ids(template_db)) == 5
    finally:
        template_db.close()
    assert len(client_ids(file_db)) == 6
    assert read_anchor(anchor_path(db_path)) == audit_head(file_db)


def test_a_clinic_asked_for_after_file_db_opened_is_saved_into_it(file_db, request):
    assert client_ids(file_db) == []
    clinic = request.getfixturevalue("clinic")
    assert set(client_ids(file_db)) == set(clinic.ids.values())
    assert len(clinic.ids) == 5
