"""Manual backups survive rotation; fingerprints; the second place; leftovers cleaned on open."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat

import pytest
from click.testing import CliRunner

from glutedesk.cli import _register_command_modules, cli
from glutedesk.storage.backup import (
    BackupChanged,
    backup_database,
    backup_if_due,
    default_backup_dir,
    is_manual,
    list_backups,
    make_backup,
    newest_good_backup,
    record_fingerprint,
    restore_database,
    rotate_backups,
    verify_backup,
)
from glutedesk.storage.clients import count_clients, save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.fingerprint import fingerprint_status, sidecar_path
from glutedesk.storage.restore_journal import (
    RestorePlan,
    copy_path,
    journal_path,
    recover_leftovers,
    write_journal,
)
from glutedesk.storage.second_place import (
    copy_to_second_place,
    second_place_status,
    second_place_warning,
    set_second_place,
)
from tests.factories import make_client

MORNING = dt.datetime(2026, 3, 1, 9, 0, 0)


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def _change_a_byte(backup):
    """Edit the backup in place the way a person with an SQLite tool would."""
    conn = sqlite3.connect(backup)
    conn.execute("UPDATE clients SET first_name = 'Edited'")
    conn.commit()
    conn.close()


@pytest.fixture
def seeded(file_db):
    for i in range(3):
        save_client(file_db, make_client(first_name=f"Client{i}"))
    return file_db


def test_a_manual_backup_survives_the_backup_made_on_closing_the_same_day(seeded, db_path):
    folder = default_backup_dir(db_path)
    manual = make_backup(seeded, now=MORNING).path
    assert is_manual(manual) and manual.name == "clinic-backup-20260301-090000-manual.sqlite3"
    assert _mode(folder) == 0o700  # created when first needed, owner-only
    save_client(seeded, make_client(first_name="Later"))
    closing = backup_if_due(seeded, now=MORNING + dt.timedelta(hours=9))
    assert closing is not None and not is_manual(closing)
    for day in range(1, 30):  # a month of automatic backups, rotated to 14 days
        save_client(seeded, make_client(first_name=f"Day{day}"))
        backup_if_due(seeded, now=MORNING + dt.timedelta(days=day))
    assert manual.exists() and verify_backup(manual).ok
    assert len(list_backups(folder, manual=False)) == 14
    assert list_backups(folder, manual=True) == [manual]
    assert sidecar_path(manual).exists()
    # Removed automatic backups took their fingerprints with them.
    assert len(list(folder.glob("*.sha256"))) == 15


def test_rotation_never_deletes_manual_backups(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    for day in range(1, 21):
        (folder / f"clinic-backup-202601{day:02d}-090000.sqlite3").write_bytes(b"")
        (folder / f"clinic-backup-202601{day:02d}-120000-manual.sqlite3").write_bytes(b"")
    removed = rotate_backups(folder, "clinic", keep=3)
    assert len(removed) == 17 and not any(is_manual(p) for p in removed)
    assert len(list_backups(folder, "clinic", manual=True)) == 20


def test_every_backup_has_a_private_fingerprint_and_a_changed_one_is_refused(
    seeded, db_path, tmp_path
):
    made = backup_database(seeded, tmp_path / "b", manual=True)
    side = sidecar_path(made)
    assert _mode(side) == 0o600 and _mode(made) == 0o600
    assert side.read_text().split()[1] == made.name  # sha256sum -c format
    assert fingerprint_status(made) == "matches"
    save_client(seeded, make_client(first_name="Live"))
    seeded.close()
    _change_a_byte(made)
    assert verify_backup(made).ok  # still a sound database: only the fingerprint tells
    assert fingerprint_status(made) == "changed"
    before = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(BackupChanged, match="has changed since GluteDesk wrote it"):
        restore_database(db_path, made)
    assert sorted(p.name for p in db_path.parent.iterdir()) == before
    assert newest_good_backup(made.parent, "clinic") is None  # never offered after damage
    restore_database(db_path, made, accept_changed=True)
    db = open_database(db_path, create=False)
    try:
        assert count_clients(db) == 3
    finally:
        db.close()


def test_record_fingerprint_after_glutedesk_rewrites_a_backup(seeded, tmp_path):
    made = backup_database(seeded, tmp_path / "b")
    _change_a_byte(made)  # as a purge of an erased client would
    assert fingerprint_status(made) == "changed"
    digest = record_fingerprint(made)
    assert fingerprint_status(made) == "matches" and len(digest) == 64
    sidecar_path(made).unlink()
    assert fingerprint_status(made) == "missing"


def _cli(*args, input=None):
    _register_command_modules()
    return CliRunner().invoke(cli, list(args), input=input)


def test_cli_restore_warns_and_needs_accept_changed_for_a_changed_backup(seeded, db_path, tmp_path):
    made = backup_database(seeded, tmp_path / "b", manual=True)
    seeded.close()
    _change_a_byte(made)
    result = _cli("restore", "--db", str(db_path), str(made), "--yes")
    assert result.exit_code == 1
    assert "Warning: " + made.name + " has changed since GluteDesk wrote it" in result.output
    assert f"glutedesk: {made.name} changed since GluteDesk wrote it; to restore it anyway" in (
        result.output
    )
    assert "--accept-changed" in result.output and not list(tmp_path.glob("*.replaced-*"))
    result = _cli("restore", "--db", str(db_path), str(made), input="\n")  # default: No
    assert result.exit_code == 1 and "Aborted" in result.output
    assert f"Restore {made.name} anyway, replacing {db_path}?" in result.output
    assert "[y/N]" in result.output
    assert not list(tmp_path.glob("*.replaced-*"))
    result = _cli("restore", "--db", str(db_path), str(made), "--yes", "--accept-changed")
    assert result.exit_code == 0, result.output
    assert list(tmp_path.glob("*.replaced-*"))


def test_cli_restore_of_a_backup_without_fingerprint_warns(seeded, db_path, tmp_path):
    made = backup_database(seeded, tmp_path / "b")
    seeded.close()
    sidecar_path(made).unlink()
    result = _cli("restore", "--db", str(db_path), str(made), input="n\n")
    assert result.exit_code == 1 and "has no fingerprint" in result.output
    assert not list(tmp_path.glob("*.replaced-*"))
    result = _cli("restore", "--db", str(db_path), str(made), "--yes")
    assert result.exit_code == 0 and "has no fingerprint" in result.output


def test_the_second_place_gets_every_backup_checked(seeded, db_path, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    with pytest.raises(ValueError, match="not a folder"):
        set_second_place(seeded, tmp_path / "unplugged")
    set_second_place(seeded, usb, now=MORNING)
    outcome = make_backup(seeded, now=MORNING)
    assert outcome.second is not None and outcome.second.copied == usb / outcome.path.name
    copied = outcome.second.copied
    assert copied.read_bytes() == outcome.path.read_bytes() and fingerprint_status(copied) == (
        "matches"
    )
    assert _mode(copied) == 0o600 and not list(usb.glob("*.partial"))
    assert second_place_status(seeded).last_reached is not None
    auto = backup_if_due(seeded, now=MORNING + dt.timedelta(days=1))
    assert (usb / auto.name).exists()


def test_an_unplugged_second_place_is_reported_and_warned_about_after_a_week(seeded, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    set_second_place(seeded, usb, now=MORNING)
    make_backup(seeded, now=MORNING)
    usb.rename(tmp_path / "usb-unplugged")
    outcome = make_backup(seeded, now=MORNING + dt.timedelta(days=3))
    assert outcome.second.copied is None and "cannot be reached" in outcome.second.problem
    assert second_place_warning(seeded, MORNING + dt.timedelta(days=6, hours=23)) is None
    warning = second_place_warning(seeded, MORNING + dt.timedelta(days=9))
    assert warning.startswith(f"Your backups have not reached the second place ({usb}) for 9 days")
    # Plugged in again: the newest backup goes there and the warning ends.
    (tmp_path / "usb-unplugged").rename(usb)
    later = MORNING + dt.timedelta(days=9)
    assert backup_if_due(seeded, now=later) is not None
    assert second_place_warning(seeded, later) is None
    set_second_place(seeded, None)
    assert second_place_status(seeded).place is None
    assert copy_to_second_place(seeded, outcome.path) is None


def test_cli_backup_sets_the_second_place_and_says_when_it_is_stale(seeded, db_path, tmp_path):
    seeded.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    result = _cli("backup", "--db", str(db_path), "--second-place", str(usb))
    assert result.exit_code == 0, result.output
    assert f"Second backup place: {usb}" in result.output
    assert "same disk as your records" in result.output  # tmp_path: one disk here
    assert "This is a manual backup" in result.output
    assert "Also copied to the second place, checked:" in result.output
    db = open_database(db_path, create=False)
    try:
        db.execute(
            "UPDATE settings SET value = '2020-01-01T00:00:00+00:00' "
            "WHERE key = 'backup.second_place_last_reached'"
        )
    finally:
        db.close()
    usb.rename(tmp_path / "gone")
    result = _cli("backup", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert "Not copied to the second place:" in result.output
    assert "Warning: Your backups have not reached the second place" in result.output
    result = _cli("backup", "--db", str(db_path), "--second-place", str(tmp_path / "nope"))
    assert result.exit_code == 1 and result.output.startswith("glutedesk: ")


def test_open_removes_leftovers_of_interrupted_backups_and_restores(seeded, db_path):
    folder = default_backup_dir(db_path)
    made = backup_database(seeded, folder)
    seeded.close()
    dead = folder / f"{made.name}.999999999.partial"  # no such process
    alive = folder / f"{made.name}.{os.getpid()}.partial"  # a backup still being written
    legacy = folder / "clinic-backup-20200101-000000.sqlite3.partial"
    half_sum = folder / f"{made.name}.sha256.999999999.tmp"
    for path in (dead, alive, legacy, half_sum):
        path.write_bytes(b"half")
    os.utime(legacy, (1_000_000_000, 1_000_000_000))
    copy = copy_path(db_path)
    copy.write_bytes(b"half a copy")  # a restore killed before its journal said "ready"
    write_journal(db_path, RestorePlan("clinic.sqlite3", copy.name, "x", "b", 0))
    db = open_database(db_path, create=False)
    try:
        assert count_clients(db) == 3
    finally:
        db.close()
    assert not dead.exists() and not legacy.exists() and not half_sum.exists() and alive.exists()
    assert made.exists() and sidecar_path(made).exists()
    assert not copy.exists() and not journal_path(db_path).exists()
    journal_path(db_path).write_text("{ cut short")
    assert recover_leftovers(db_path) and not journal_path(db_path).exists()
    assert recover_leftovers(db_path) == []  # the live writer's partial file is left alone
