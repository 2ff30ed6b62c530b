"""Opening a database that cannot be written, and calling a full disk a full disk."""

from __future__ import annotations

import errno
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from glutedesk.storage.audit import record_event
from glutedesk.storage.clients import count_clients, save_client
from glutedesk.storage.database import (
    MissingDatabaseError,
    ReadOnlyDatabaseError,
    is_read_only,
    open_database,
    open_for_reading,
    open_read_only,
)
from glutedesk.storage.errors import DiskFullError, storage_error_for
from glutedesk.storage.readonly import has_hot_wal, read_only_reason
from tests.factories import make_client

ROOT = Path(__file__).resolve().parents[2]


def _hot_wal_clinic(db_path: Path, n: int = 5) -> None:
    db = open_database(db_path)
    save_client(db, make_client(first_name="Before"))
    db.close()
    code = (
        "import os, signal, sys\n"
        "from glutedesk.storage.clients import save_client\n"
        "from glutedesk.storage.database import open_database\n"
        "from tests.factories import make_client\n"
        "db = open_database(sys.argv[1])\n"
        "for i in range(int(sys.argv[2])):\n"
        "    save_client(db, make_client(first_name=f'Late{i}'))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(db_path), str(n)], cwd=ROOT, check=False)
    assert run.returncode == -signal.SIGKILL
    assert has_hot_wal(db_path)


def _names(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in folder.iterdir()}


def test_a_writable_database_opens_as_usual(file_db, db_path):
    file_db.close()
    db, reason = open_for_reading(db_path)
    try:
        assert reason is None and not is_read_only(db)
    finally:
        db.close()


def test_a_missing_database_is_never_created_for_reading(tmp_path):
    with pytest.raises(MissingDatabaseError, match="nothing was created"):
        open_for_reading(tmp_path / "none.sqlite3")
    with pytest.raises(MissingDatabaseError):
        open_read_only(tmp_path / "none.sqlite3")
    assert list(tmp_path.iterdir()) == []


def test_read_only_reads_the_wal_and_writes_nothing(db_path):
    _hot_wal_clinic(db_path)
    db_path.with_name(db_path.name + "-shm").unlink()
    before = _names(db_path.parent)
    db = open_read_only(db_path)
    try:
        assert count_clients(db) == 6  # the five saves still in the -wal included
        assert record_event(db, "export", detail="x") is None  # not logged, not an error
        with pytest.raises(ReadOnlyDatabaseError):
            save_client(db, make_client(first_name="Refused"))
    finally:
        db.close()
    after = _names(db_path.parent)
    after.pop(db_path.name + "-shm", None)  # SQLite may make an index where it is allowed to
    assert after == before


def test_read_only_without_a_wal_creates_nothing_beside_the_file(file_db, db_path):
    save_client(file_db, make_client())
    file_db.close()
    assert not has_hot_wal(db_path)
    before = _names(db_path.parent)
    db = open_read_only(db_path)
    try:
        assert count_clients(db) == 1
    finally:
        db.close()
    assert _names(db_path.parent) == before


def test_an_older_schema_is_refused_read_only(file_db, db_path):
    file_db.execute(
        "DELETE FROM _sqlite_migrations WHERE rowid = (SELECT max(rowid) FROM _sqlite_migrations)"
    )
    file_db.close()
    with pytest.raises(ReadOnlyDatabaseError, match="needs updating"):
        open_read_only(db_path)


def test_a_full_disk_is_called_so():
    assert isinstance(storage_error_for(OSError(errno.ENOSPC, "No space")), DiskFullError)
    full = storage_error_for(sqlite3.OperationalError("database or disk is full"))
    assert isinstance(full, DiskFullError) and "the disk is full" in str(full)


def test_a_disk_io_error_on_a_disk_with_room_is_not_called_full(tmp_path):
    clear = storage_error_for(sqlite3.OperationalError("disk I/O error"), path=tmp_path)
    assert clear is not None and not isinstance(clear, DiskFullError)
    assert "disk reported an error" in str(clear)


def _mount_tmpfs(where: Path, size: str) -> None:
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")


def test_a_disk_io_error_on_a_full_disk_is_called_full(tmp_path):
    where = tmp_path / "small"
    _mount_tmpfs(where, "256k")
    try:
        with (where / "filler").open("wb", buffering=0) as f:
            for size in (4096, 1):
                try:
                    while True:
                        f.write(b"\0" * size)
                except OSError:
                    pass
        clear = storage_error_for(
            sqlite3.OperationalError("disk I/O error"), path=where / "clinic.sqlite3"
        )
        assert isinstance(clear, DiskFullError)
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def test_a_read_only_drive_is_named_as_the_reason(tmp_path):
    where = tmp_path / "ro"
    _mount_tmpfs(where, "8m")
    try:
        db = open_database(where / "clinic.sqlite3")
        db.close()
        done = subprocess.run(["mount", "-o", "remount,ro", str(where)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("remounting read-only is not permitted here")
        reason = read_only_reason(where / "clinic.sqlite3")
        assert reason and "mounted read-only" in reason
        with pytest.raises(ReadOnlyDatabaseError):
            open_database(where / "clinic.sqlite3", create=False)
        db, why = open_for_reading(where / "clinic.sqlite3")
        try:
            assert why == reason and is_read_only(db)
        finally:
            db.close()
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)
