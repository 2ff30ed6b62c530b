"""Backups: made with the backup API, verified, rotated, restored without touching a bad case."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from glutedesk.cli import _register_command_modules, cli
from glutedesk.storage.audit import events, verify_chain
from glutedesk.storage.backup import (
    BackupError,
    backup_database,
    backup_if_due,
    default_backup_dir,
    list_backups,
    restore_database,
    rotate_backups,
    table_counts,
    verify_backup,
)
from glutedesk.storage.check import check_database
from glutedesk.storage.clients import count_clients, save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.errors import DiskFullError
from glutedesk.storage.signing import sign_visit
from glutedesk.storage.visits import count_visits, save_visit
from tests.factories import make_client, make_visit

NOON = dt.datetime(2026, 3, 1, 12, 0, 0)


def _seed(db, n=3):
    for i in range(n):
        client, _ = save_client(db, make_client(first_name=f"Client{i}"))
        visit, _ = save_visit(db, make_visit(client.id))
        if i == 0:
            sign_visit(db, visit.id, "Sam")
    return db


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def seeded(file_db):
    return _seed(file_db)


def test_backup_holds_every_row_even_those_still_in_the_wal(seeded, tmp_path, db_path):
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # rows not yet checkpointed
    before = table_counts(seeded.conn)
    made = backup_database(seeded, tmp_path / "b", now=NOON)
    assert made.name == "clinic-backup-20260301-120000.sqlite3"
    check = verify_backup(made, expected_counts=before)
    assert check.ok, check.problems
    assert check.counts["clients"] == 3 and check.counts["visits"] == 3
    assert check.counts["visit_signatures"] == 1
    assert not made.with_name(made.name + "-wal").exists()  # one self-contained file
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert events(seeded)[-1].action == "backup" and events(seeded)[-1].detail == made.name
    again = backup_database(seeded, tmp_path / "b", now=NOON)
    assert again.name == "clinic-backup-20260301-120000-2.sqlite3"


def test_backup_during_an_uncommitted_write_is_a_clean_snapshot(seeded, db_path, tmp_path):
    seeded.execute("PRAGMA busy_timeout = 50")  # the writer keeps the lock: logging must wait
    writer = sqlite3.connect(db_path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM settings")
    writer.execute("INSERT INTO settings VALUES ('half', 'written')")
    try:
        made = backup_database(seeded, tmp_path / "b", now=NOON)
    finally:
        writer.rollback()
        writer.close()
    check = verify_backup(made)
    assert check.ok and check.counts["settings"] == 0
    assert events(seeded)[-1].action != "backup"  # could not be logged; the backup still stands


def test_backup_from_a_path_and_cli(seeded, db_path, tmp_path):
    seeded.close()
    made = backup_database(db_path, tmp_path / "p", now=NOON)
    assert verify_backup(made).ok
    _register_command_modules()
    result = CliRunner().invoke(cli, ["backup", "--db", str(db_path), "--to", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "verified: 3 clients, 3 visits" in result.output
    assert len(list_backups(tmp_path / "c")) == 1
    result = CliRunner().invoke(cli, ["backup", "--db", str(tmp_path / "missing.sqlite3")])
    assert result.exit_code == 1 and "No GluteDesk database" in result.output


def _damaged_copies(good, tmp_path):
    data = good.read_bytes()
    page = 4096
    cases = {}
    cases["zeroed-header"] = bytes(100) + data[100:]
    cases["truncated"] = data[: len(data) // 2]
    flipped = bytearray(data)
    for i in range(page, page * 3):
        flipped[i] ^= 0xFF
    cases["flipped-page"] = bytes(flipped)
    out = {}
    for name, content in cases.items():
        path = tmp_path / f"clinic-backup-20260101-00000{len(out)}.sqlite3"
        path.write_bytes(content)
        out[name] = path
    return out


def test_damaged_foreign_and_newer_backups_fail_verification(seeded, tmp_path):
    good = backup_database(seeded, tmp_path / "b", now=NOON)
    for name, path in _damaged_copies(good, tmp_path).items():
        assert not verify_backup(path).ok, name
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(good.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('glutedesk', '0099_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    assert "newer GluteDesk" in verify_backup(newer).problems[0]
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert "not a GluteDesk database" in verify_backup(foreign).problems[0]
    assert not verify_backup(tmp_path / "absent.sqlite3").ok
    assert "rows" in verify_backup(good, expected_counts={"clients": 99}).problems[0]


def test_restore_refuses_a_bad_backup_before_touching_the_live_file(seeded, db_path, tmp_path):
    good = backup_database(seeded, tmp_path / "b", now=NOON)
    seeded.close()
    before = {p.name: _sha(p) for p in db_path.parent.iterdir() if p.is_file()}
    for name, bad in _damaged_copies(good, tmp_path / "b").items():
        with pytest.raises(BackupError, match="has not been changed"):
            restore_database(db_path, bad)
        after = {p.name: _sha(p) for p in db_path.parent.iterdir() if p.is_file()}
        assert after == before, name


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(seeded, db_path, tmp_path):
    made = backup_database(seeded, tmp_path / "b", now=NOON)
    save_client(seeded, make_client(first_name="After"))
    seeded.close()
    _crash_after_commit(db_path)  # leaves a hot -wal beside the live file
    assert db_path.with_name(db_path.name + "-wal").stat().st_size > 0
    result = restore_database(db_path, made, now=dt.datetime(2026, 3, 2, 9, 30))
    assert [p.name for p in result.moved_aside][:2] == [
        "clinic.sqlite3.replaced-20260302-093000",
        "clinic.sqlite3.replaced-20260302-093000-wal",
    ]
    db = open_database(db_path, create=False)
    try:
        assert count_clients(db) == 3 and count_visits(db) == 3
        assert events(db)[-1].action == "restore"
        assert verify_chain(db) == [] and check_database(db).ok
    finally:
        db.close()
    replaced = open_database(result.moved_aside[0], create=False)  # opens whole, with its log
    try:
        assert count_clients(replaced) == 4
        assert replaced.execute("SELECT value FROM settings WHERE key = 'k'").fetchone() == ("v",)
    finally:
        replaced.close()


def _crash_after_commit(db_path):
    code = (
        "import os, signal, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "c.execute(\"INSERT INTO settings VALUES ('k', 'v')\")\n"
        "c.commit()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(db_path)], check=False)
    assert done.returncode == -signal.SIGKILL


def test_cli_restore(seeded, db_path, tmp_path):
    made = backup_database(seeded, tmp_path / "b", now=NOON)
    save_client(seeded, make_client(first_name="After"))
    seeded.close()
    _register_command_modules()
    result = CliRunner().invoke(cli, ["restore", "--db", str(db_path), str(made), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output and ".replaced-" in result.output
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    result = CliRunner().invoke(cli, ["restore", "--db", str(db_path), str(bad), "--yes"])
    assert result.exit_code == 1 and "Nothing was changed" in result.output


def _fake_backup(folder, stamp):
    path = folder / f"clinic-backup-{stamp:%Y%m%d-%H%M%S}.sqlite3"
    path.write_bytes(b"")
    return path


def test_rotation_keeps_the_newest_backup_of_each_recent_day(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    start = dt.datetime(2026, 1, 1, 9)
    for day in range(20):
        for hour in (9, 13, 17):
            _fake_backup(folder, start + dt.timedelta(days=day, hours=hour - 9))
    other = folder / "other-backup-20200101-000000.sqlite3"
    other.write_bytes(b"")
    removed = rotate_backups(folder, "clinic", keep=14)
    kept = list_backups(folder, "clinic")
    assert len(kept) == 14 and len(removed) == 60 - 14
    assert all(p.name.endswith("170000.sqlite3") for p in kept)
    assert kept[0].name == "clinic-backup-20260120-170000.sqlite3"
    assert other.exists()  # another database's backups are left alone
    with pytest.raises(ValueError):
        rotate_backups(folder, "clinic", keep=0)


def test_backup_if_due_daily_and_after_changes(seeded, db_path):
    folder = default_backup_dir(db_path)
    first = backup_if_due(seeded, now=NOON)
    assert first is not None and first.parent == folder
    assert backup_if_due(seeded, now=NOON + dt.timedelta(hours=1)) is None  # nothing new
    save_client(seeded, make_client(first_name="Later"))
    second = backup_if_due(seeded, now=NOON + dt.timedelta(hours=2))
    assert second is not None and verify_backup(second).counts["clients"] == 4
    third = backup_if_due(seeded, now=NOON + dt.timedelta(days=1))  # a new day
    assert third is not None
    assert len(list_backups(folder)) == 2  # one per day kept


def test_disk_full_while_backing_up_leaves_nothing_behind(seeded, tmp_path, monkeypatch):
    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("glutedesk.storage.backup.os.replace", full)
    with pytest.raises(DiskFullError, match="disk is full"):
        backup_database(seeded, tmp_path / "b", now=NOON)
    assert list((tmp_path / "b").iterdir()) == []
    assert os.path.exists(seeded.execute("PRAGMA database_list").fetchone()[2])
