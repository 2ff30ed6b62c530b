"""Tamper evidence: real clinic files changed with plain sqlite3, as an attacker would.

Each case signs visits through GluteDesk, closes the file, edits it behind the app's back
(dropping the safety triggers first where they would refuse) and runs ``check_database``
on a fresh connection; the last tests run the real ``glutedesk check`` process.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from glutedesk.storage.audit import record_event
from glutedesk.storage.audit_anchor import anchor_path, audit_head, read_anchor
from glutedesk.storage.backup import backup_database, default_backup_dir, restore_database
from glutedesk.storage.check import check_database
from glutedesk.storage.clients import save_client
from glutedesk.storage.content_hash import visit_content_hash
from glutedesk.storage.database import APPLICATION_ID, open_database, wrap_connection
from glutedesk.storage.gdpr import erase_client
from glutedesk.storage.migrations import MIGRATIONS
from glutedesk.storage.signing import add_amendment, sign_visit
from glutedesk.storage.tamper import expected_triggers
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit, with_red_flag


@pytest.fixture
def clinic(tmp_path):
    """A clinic file with two clients, three visits (two signed, one amended)."""
    path = tmp_path / "clinic.sqlite3"
    db = open_database(path)
    ann, _ = save_client(db, make_client(first_name="Ann"))
    bea, _ = save_client(db, make_client(first_name="Bea"))
    signed, _ = save_visit(db, with_red_flag(make_visit(ann.id)))
    other, _ = save_visit(db, make_visit(bea.id))
    save_visit(db, make_visit(ann.id))  # left unsigned
    sign_visit(db, signed.id, "Sam Therapist")
    sign_visit(db, other.id, "Sam Therapist")
    add_amendment(db, signed.id, "Sam Therapist", "Typo", "soap.plan", "Review in 3 weeks")
    db.close()
    return {"path": path, "signed": signed.id, "other": other.id, "ann": ann.id, "bea": bea.id}


def tamper(path, *statements, params=()):
    """Run SQL on the file with plain sqlite3 (no GluteDesk code), then close it."""
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql, params if "?" in sql else ())
        conn.commit()
    finally:
        conn.close()


def problems(path):
    db = open_database(path, create=False)
    try:
        return check_database(db)
    finally:
        db.close()


def test_untouched_clinic_passes_and_is_anchored(clinic):
    report = problems(clinic["path"])
    assert report.ok, report.problems
    assert report.notes == ()
    anchor_file = anchor_path(clinic["path"])
    assert anchor_file.stat().st_mode & 0o777 == 0o600
    db = open_database(clinic["path"], create=False)
    try:
        assert read_anchor(anchor_file) == audit_head(db)
    finally:
        db.close()


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


SIGNED_EDITS = {
    "note text": (
        "DROP TRIGGER visits_signed_no_update",
        "UPDATE visits SET soap_subjective = 'rewritten' WHERE id = ?",
    ),
    "test grade": (
        "DROP TRIGGER test_results_signed_no_update",
        'UPDATE test_results SET result = \'{"grade": "5"}\' '
        "WHERE visit_id = ? AND test_id = 'oxford_glute_max' AND side = 'left'",
    ),
    "pain mark deleted": (
        "DROP TRIGGER pain_marks_signed_no_delete",
        "DELETE FROM pain_marks WHERE visit_id = ? AND region_id = 'back.lumbar.R'",
    ),
    "exercise added": (
        "DROP TRIGGER exercise_prescriptions_signed_no_insert",
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
    drop, edit = SIGNED_EDITS[case]
    tamper(clinic["path"], drop, edit, params=[clinic["signed"]])
    report = problems(clinic["path"])
    assert not report.ok
    changed = [p for p in report.problems if "no longer matches what was signed" in p]
    assert len(changed) == 1 and clinic["signed"] in changed[0]
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
        "PRAGMA foreign_keys = ON",
        "DELETE FROM visits WHERE id = ?",
        params=[clinic["signed"]],
    )
    report = problems(clinic["path"])
    assert any(
        f"visit {clinic['signed']} was signed" in p and "no longer in the database" in p
        for p in report.problems
    )
    assert any("amendment(s) logged in the audit trail but 0 remain" in p for p in report.problems)


def test_amendment_edited_or_removed_is_reported(clinic):
    tamper(
        clinic["path"],
        "DROP TRIGGER amendments_no_update",
        "UPDATE amendments SET new_text = 'Discharge' WHERE visit_id = ?",
        params=[clinic["signed"]],
    )
    assert any("was changed after it was written" in p for p in problems(clinic["path"]).problems)
    tamper(clinic["path"], "DROP TRIGGER amendments_no_delete", "DELETE FROM amendments")
    assert any("1 amendment(s) logged" in p for p in problems(clinic["path"]).problems)


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


def test_newest_audit_entries_deleted_are_reported(clinic):
    tamper(
        clinic["path"],
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log)",
    )
    report = problems(clinic["path"])
    line = next(p for p in report.problems if "anchor beside the database" in p)
    assert "the newest 2 entries were removed" in line


def test_emptied_audit_log_is_reported(clinic):
    tamper(clinic["path"], "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log")
    report = problems(clinic["path"])
    assert any("the audit trail is empty" in p and "emptied" in p for p in report.problems)
    assert any("no signing or import entry" in p for p in report.problems)


def test_truncated_log_without_anchor_is_caught_by_a_backup(clinic):
    db = open_database(clinic["path"], create=False)
    try:
        backup = backup_database(db, default_backup_dir(clinic["path"]))
        last = audit_head(db).id
    finally:
        db.close()
    anchor_path(clinic["path"]).unlink()
    tamper(
        clinic["path"],
        "DROP TRIGGER audit_log_no_delete",
        f"DELETE FROM audit_log WHERE id >= {last - 2}",
    )
    report = problems(clinic["path"])
    line = next(p for p in report.problems if backup.name in p)
    assert f"ends at entry {last - 3}" in line and "removed" in line
    assert any("no audit anchor beside the database yet" in n for n in report.notes)


def test_missing_anchor_is_a_note_and_the_next_write_creates_it(clinic):
    anchor_path(clinic["path"]).unlink()
    report = problems(clinic["path"])
    assert report.ok and len(report.notes) == 1 and "no audit anchor" in report.notes[0]
    db = open_database(clinic["path"], create=False)
    try:
        record_event(db, "view", client_id=clinic["bea"])
        assert read_anchor(anchor_path(clinic["path"])) == audit_head(db)
    finally:
        db.close()
    assert problems(clinic["path"]).notes == ()


def test_anchor_one_entry_behind_after_a_crash_is_accepted(clinic):
    db = open_database(clinic["path"], create=False)
    try:
        previous = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET 1")
        row_id, row_hash = previous.fetchone()
    finally:
        db.close()
    anchor_path(clinic["path"]).write_text(
        json.dumps({"format": "glutedesk-audit-head/1", "id": row_id, "hash": row_hash})
    )
    assert problems(clinic["path"]).ok


def test_rewritten_anchored_entry_and_garbled_anchor_are_reported(clinic):
    head_file = anchor_path(clinic["path"])
    anchor = read_anchor(head_file)
    head_file.write_text(
        json.dumps({"format": "glutedesk-audit-head/1", "id": anchor.id, "hash": "f" * 64})
    )
    assert any("the log was rewritten" in p for p in problems(clinic["path"]).problems)
    head_file.write_text("not an anchor")
    assert any("does not hold an audit head" in p for p in problems(clinic["path"]).problems)


def test_rolled_back_event_does_not_move_the_anchor(clinic):
    db = open_database(clinic["path"], create=False)
    before = read_anchor(anchor_path(clinic["path"]))
    with pytest.raises(RuntimeError), db.atomic():
        record_event(db, "view", client_id=clinic["bea"])
        raise RuntimeError("the save failed after its audit event")
    db.close()
    assert read_anchor(anchor_path(clinic["path"])) == before
    assert problems(clinic["path"]).ok


def test_restore_of_an_older_backup_keeps_check_clean(clinic):
    db = open_database(clinic["path"], create=False)
    try:
        backup = backup_database(db, default_backup_dir(clinic["path"]))
        for _ in range(3):
            record_event(db, "view", client_id=clinic["bea"])
        backup_database(db, default_backup_dir(clinic["path"]))
    finally:
        db.close()
    restore_database(clinic["path"], backup)
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


def run_check(path):
    proc = subprocess.run(
        [sys.executable, "-m", "glutedesk", "check", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_glutedesk_check_process_exit_status_and_lines(clinic):
    clean = run_check(clinic["path"])
    assert clean.returncode == 0 and clean.stdout.startswith("ok:"), clean.stderr
    tamper(
        clinic["path"],
        "DROP TRIGGER visits_signed_no_update",
        "UPDATE visits SET soap_subjective = 'rewritten' WHERE id = ?",
        params=[clinic["signed"]],
    )
    tamper(clinic["path"], "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log")
    proc = run_check(clinic["path"])
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert all(line.startswith("problem: ") for line in lines)
    assert any("no longer matches what was signed" in line for line in lines)
    assert any("the audit trail is empty" in line for line in lines)
    assert any("safety trigger visits_signed_no_update is missing" in line for line in lines)
    assert any("safety trigger audit_log_no_delete is missing" in line for line in lines)


def test_glutedesk_check_prints_a_missing_anchor_as_a_note(clinic):
    anchor_path(clinic["path"]).unlink()
    proc = run_check(clinic["path"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("note: audit: no audit anchor")
    assert proc.stdout.splitlines()[-1].startswith("ok:")


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


def test_empty_anchor_after_a_power_cut_is_a_note(clinic):
    anchor_path(clinic["path"]).write_bytes(b"")
    report = problems(clinic["path"])
    assert report.ok, report.problems
    assert any("is empty" in n for n in report.notes)


def test_anchor_of_the_clinic_a_restore_replaced_is_a_note(clinic):
    """A restore that put a backup in place without logging: the anchor describes the old file."""
    db = open_database(clinic["path"], create=False)
    try:
        backup = backup_database(db, default_backup_dir(clinic["path"]))
        for _ in range(3):
            record_event(db, "view", client_id=clinic["bea"])
    finally:
        db.close()
    path = clinic["path"]
    aside = path.with_name(path.name + ".replaced-20260302-093000")
    path.rename(aside)
    path.write_bytes(backup.read_bytes())
    report = problems(path)
    assert report.ok, report.problems
    assert any(aside.name in n for n in report.notes)
    aside.unlink()  # without the replaced file nothing explains the shorter trail
    assert any("the newest 4 entries were removed" in p for p in problems(path).problems)
