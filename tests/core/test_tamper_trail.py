"""Tamper evidence for the audit trail's end: its anchor file beside the database, backups as
witnesses, restores and crashes that must not look like tampering, and the real
``glutedesk check`` process."""

from __future__ import annotations

import json

import pytest

from glutedesk.storage.audit import record_event
from glutedesk.storage.audit_anchor import anchor_path, audit_head, read_anchor
from glutedesk.storage.backup import backup_database, default_backup_dir, restore_database
from glutedesk.storage.database import open_database
from tests.tamper_support import copied_clinic, make_clinic, problems, run_check, tamper


@pytest.fixture(scope="module")
def signed_clinic(tmp_path_factory):
    return make_clinic(tmp_path_factory.mktemp("signed-clinic"))


@pytest.fixture
def clinic(signed_clinic, tmp_path):
    return copied_clinic(signed_clinic, tmp_path)


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
