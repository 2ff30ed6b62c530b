"""Tamper evidence for signed records and safety triggers: real clinic files edited with
plain sqlite3, as an attacker would (dropping the safety triggers first where they refuse)."""

from __future__ import annotations

import sqlite3

import pytest

from glutedesk.storage.audit import record_event
from glutedesk.storage.backup import backup_database, default_backup_dir
from glutedesk.storage.clients import save_client
from glutedesk.storage.content_hash import visit_content_hash
from glutedesk.storage.database import APPLICATION_ID, open_database, wrap_connection
from glutedesk.storage.gdpr import erase_client
from glutedesk.storage.migrations import MIGRATIONS
from glutedesk.storage.tamper import expected_triggers
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit
from tests.tamper_support import copied_clinic, make_clinic, problems, tamper


@pytest.fixture(scope="module")
def signed_clinic(tmp_path_factory):
    return make_clinic(tmp_path_factory.mktemp("signed-clinic"))


@pytest.fixture
def clinic(signed_clinic, tmp_path):
    return copied_clinic(signed_clinic, tmp_path)


def test_signature_stores_the_hash_of_what_was_signed(clinic):
    db = open_database(clinic["path"], create=False)
    try:
        at, by, stored = db.execute(
            "SELECT signed_at, signed_by, content_hash FROM visit_signatures WHERE visit_id = ?",
            [clinic["signed"]],
        ).fetchone()
        assert stored == visit_content_hash(db, clinic["signed"], at, by)
        assert stored != visit_content_hash(db, clinic["signed"], at, "Someone Else")
        detail = db.execute(
            "SELECT detail FROM audit_log WHERE action = 'sign' AND visit_id = ?",
            [clinic["signed"]],
        ).fetchone()[0]
        assert detail.endswith(stored)
    finally:
        db.close()


# Each case: the safety triggers an attacker must drop first, then the edit.
SIGNED_EDITS = {
    "note text": (
        "DROP TRIGGER visits_signed_no_update",
        "UPDATE visits SET soap_subjective = 'rewritten' WHERE id = ?",
    ),
    "test grade": (
        "DROP TRIGGER test_results_signed_no_update",
        "DROP TRIGGER insights_summary_signed_no_update",  # the visit's summary follows
        'UPDATE test_results SET result = \'{"grade": "5"}\' '
        "WHERE visit_id = ? AND test_id = 'oxford_glute_max' AND side = 'left'",
    ),
    "pain mark deleted": (
        "DROP TRIGGER pain_marks_signed_no_delete",
        "DELETE FROM pain_marks WHERE visit_id = ? AND region_id = 'back.lumbar.R'",
    ),
    "exercise added": (
        "DROP TRIGGER exercise_prescriptions_signed_no_insert",
        "DROP TRIGGER insights_summary_signed_no_update",  # the visit's summary follows
        "INSERT INTO exercise_prescriptions (visit_id, position, exercise_id, sets, reps, "
        "per_side, frequency_per_week) VALUES (?, 9, 'clam', 2, 10, 0, 3)",
    ),
    "referral edited": (
        "DROP TRIGGER referrals_signed_no_update",
        "UPDATE referrals SET urgency = 'routine_gp' WHERE visit_id = ?",
    ),
    "red flag answer flipped": (
        "DROP TRIGGER red_flag_answers_signed_no_update",
        "UPDATE red_flag_answers SET present = 0 WHERE visit_id = ?",
    ),
    "outcome score edited": (
        "DROP TRIGGER outcome_scores_signed_no_update",
        "DROP TRIGGER insights_summary_signed_no_update",  # the visit's summary follows
        "UPDATE outcome_scores SET total = 1 WHERE visit_id = ?",
    ),
    "signer changed": (
        "DROP TRIGGER visit_signatures_no_update",
        "UPDATE visit_signatures SET signed_by = 'Someone Else' WHERE visit_id = ?",
    ),
    "signing time changed": (
        "DROP TRIGGER visit_signatures_no_update",
        "UPDATE visit_signatures SET signed_at = '2020-01-01T00:00:00+00:00' WHERE visit_id = ?",
    ),
}


@pytest.mark.parametrize("case", sorted(SIGNED_EDITS))
def test_changed_signed_visit_is_reported(clinic, case):
    *drops, edit = SIGNED_EDITS[case]
    tamper(clinic["path"], *drops, edit, params=[clinic["signed"]])
    report = problems(clinic["path"])
    assert not report.ok
    changed = [p for p in report.problems if "no longer matches what was signed" in p]
    assert len(changed) == 1 and clinic["signed"] in changed[0]
    for drop in drops:
        trigger = drop.split()[-1]
        assert any(f"safety trigger {trigger} is missing" in p for p in report.problems)
    assert all("\n" not in p for p in report.problems)


def test_recomputed_signature_hash_disagrees_with_the_audit_trail(clinic):
    db = open_database(clinic["path"], create=False)
    try:
        at, by = db.execute(
            "SELECT signed_at, signed_by FROM visit_signatures WHERE visit_id = ?",
            [clinic["signed"]],
        ).fetchone()
    finally:
        db.close()
    tamper(
        clinic["path"],
        "DROP TRIGGER visits_signed_no_update",
        "UPDATE visits SET soap_plan = 'nothing' WHERE id = ?",
        params=[clinic["signed"]],
    )
    db = open_database(clinic["path"], create=False)
    forged = visit_content_hash(db, clinic["signed"], at, by)
    db.close()
    tamper(
        clinic["path"],
        "DROP TRIGGER visit_signatures_no_update",
        "UPDATE visit_signatures SET content_hash = ? WHERE visit_id = ?",
        params=[forged, clinic["signed"]],
    )
    report = problems(clinic["path"])
    assert not any("no longer matches what was signed" in p for p in report.problems)
    assert any(
        "does not hold the content hash the audit trail recorded" in p for p in report.problems
    )
    assert any(f"amendment 1 of visit {clinic['signed']} was changed" in p for p in report.problems)


def test_deleted_signed_visit_is_reported(clinic):
    tamper(
        clinic["path"],
        "DROP TRIGGER visits_signed_no_delete",
        "DROP TRIGGER visit_signatures_no_delete",
        "DROP TRIGGER amendments_no_delete",
        *(f"DROP TRIGGER {t}_signed_no_delete" for t in ("pain_marks", "test_results")),
        *(f"DROP TRIGGER {t}_signed_no_delete" for t in ("red_flag_answers", "referrals")),
        *(f"DROP TRIGGER {t}_signed_no_delete" for t in ("outcome_scores", "posture_findings")),
        "DROP TRIGGER exercise_prescriptions_signed_no_delete",
        "DROP TRIGGER insights_summary_signed_no_delete",
        "PRAGMA foreign_keys = ON",
        "DELETE FROM visits WHERE id = ?",
        params=[clinic["signed"]],
    )
    report = problems(clinic["path"])
    assert any(
        f"visit {clinic['signed']} was signed" in p and "no longer in the database" in p
        for p in report.problems
    )
    assert any("1 amendment logged in the audit trail but 0 remain" in p for p in report.problems)


def test_amendment_edited_or_removed_is_reported(clinic):
    tamper(
        clinic["path"],
        "DROP TRIGGER amendments_no_update",
        "UPDATE amendments SET new_text = 'Discharge' WHERE visit_id = ?",
        params=[clinic["signed"]],
    )
    assert any("was changed after it was written" in p for p in problems(clinic["path"]).problems)
    tamper(clinic["path"], "DROP TRIGGER amendments_no_delete", "DELETE FROM amendments")
    assert any("1 amendment logged" in p for p in problems(clinic["path"]).problems)


def test_removed_signature_is_reported(clinic):
    tamper(
        clinic["path"],
        "DROP TRIGGER visit_signatures_no_delete",
        "DROP TRIGGER amendments_no_delete",
        "DELETE FROM amendments",
        "DELETE FROM visit_signatures WHERE visit_id = ?",
        params=[clinic["other"]],
    )
    report = problems(clinic["path"])
    assert any(
        f"visit {clinic['other']} was signed" in p and "signature is gone" in p
        for p in report.problems
    )


def test_erasing_a_client_with_signed_visits_is_not_tampering(clinic):
    db = open_database(clinic["path"], create=False)
    try:
        erase_client(db, clinic["ann"], "client asked")
    finally:
        db.close()
    report = problems(clinic["path"])
    assert report.ok, report.problems


def test_every_dropped_safety_trigger_is_named(clinic):
    names = sorted(expected_triggers())
    assert len(names) >= 30
    tamper(clinic["path"], *(f"DROP TRIGGER {name}" for name in names))
    report = problems(clinic["path"])
    for name in names:
        assert any(f"safety trigger {name} is missing" in p for p in report.problems), name


def test_altered_or_added_trigger_is_reported(clinic):
    tamper(
        clinic["path"],
        "DROP TRIGGER audit_log_no_update",
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN 0 "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER sneaky AFTER INSERT ON visits BEGIN SELECT 1; END",
    )
    report = problems(clinic["path"])
    assert any("safety trigger audit_log_no_update was altered" in p for p in report.problems)
    assert any("trigger sneaky is not one of GluteDesk's" in p for p in report.problems)


def test_upgrade_hashes_visits_signed_before_0004(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = open_database(path)
    client, _ = save_client(db, make_client())
    visit, _ = save_visit(db, make_visit(client.id))
    db.close()
    # Rebuild the clinic as GluteDesk before 0004 left it: no hash columns, sign by hand.
    old = tmp_path / "older.sqlite3"
    conn = sqlite3.connect(old)
    older = wrap_connection(conn)
    MIGRATIONS.apply(older, stop_before="0004_content_hashes")
    conn.execute("ATTACH DATABASE ? AS src", [str(path)])
    for table in ("clients", "visits", "pain_marks", "test_results", "exercise_prescriptions"):
        conn.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
    conn.commit()
    conn.execute("DETACH DATABASE src")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    with older.atomic():
        conn.execute(
            "INSERT INTO visit_signatures VALUES (?, '2026-02-01T10:00:00+00:00', 'Sam')",
            [visit.id],
        )
        record_event(older, "sign", client_id=client.id, visit_id=visit.id, actor="Sam")
        conn.execute(
            "INSERT INTO amendments (visit_id, created_at, author, reason, section, new_text) "
            "VALUES (?, '2026-02-02T10:00:00+00:00', 'Sam', 'Typo', 'general', 'More')",
            [visit.id],
        )
        record_event(older, "amend", client_id=client.id, visit_id=visit.id, actor="Sam")
    conn.close()
    report = problems(old)  # opening applies 0004
    assert report.ok, report.problems
    db = open_database(old, create=False)
    try:
        hashes = db.execute("SELECT content_hash FROM visit_signatures").fetchall()
        assert hashes[0][0] == visit_content_hash(db, visit.id, "2026-02-01T10:00:00+00:00", "Sam")
        assert db.execute("SELECT content_hash IS NOT NULL FROM amendments").fetchone()[0] == 1
    finally:
        db.close()
    tamper(old, "DROP TRIGGER visits_signed_no_update", "UPDATE visits SET goals = 'x'")
    assert any("no longer matches what was signed" in p for p in problems(old).problems)


def test_restored_backup_purged_of_an_erased_client_is_a_note(clinic, tmp_path):
    """A backup purged of an erased client, then restored: the trail shows no erasure."""
    db = open_database(clinic["path"], create=False)
    try:
        backup = backup_database(db, default_backup_dir(clinic["path"]))
    finally:
        db.close()
    restored = tmp_path / "restored.sqlite3"
    restored.write_bytes(backup.read_bytes())
    tamper(
        restored,
        "PRAGMA foreign_keys = ON",
        "INSERT INTO erasure_permits (client_id) VALUES (?)",
        "DELETE FROM clients WHERE id = ?",
        params=[clinic["ann"]],
    )
    db = open_database(restored, create=False)
    try:
        record_event(db, "restore", detail=f"from {backup.name}")
    finally:
        db.close()
    report = problems(restored)
    assert report.ok, report.problems
    assert any(clinic["ann"] in n and "after a restore" in n for n in report.notes)
    # Without the restore event the same gap is a problem: nothing explains it.
    tamper(
        restored,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE action = 'restore'",
    )
    lines = problems(restored).problems
    assert any(clinic["signed"] in p and "no longer in the database" in p for p in lines)
