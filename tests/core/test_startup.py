"""Start-up check: a crash is not damage; real damage is reported, nothing moved unasked."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from glutedesk.storage.backup import backup_database, default_backup_dir, restore_database
from glutedesk.storage.clients import count_clients, save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.lock_file import database_in_use, lock_path
from glutedesk.storage.startup import (
    damage_problem,
    location_warning,
    mount_type,
    set_aside,
    startup_check,
)
from tests.factories import make_client

NOW = dt.datetime(2026, 3, 1, 8, 0, 0)


@pytest.fixture
def backed_up(db_path):
    db = open_database(db_path)
    for i in range(2):
        save_client(db, make_client(first_name=f"Client{i}"))
    backup = backup_database(db, default_backup_dir(db_path), now=NOW - dt.timedelta(days=1))
    save_client(db, make_client(first_name="Unbacked"))
    db.close()
    return db_path, backup


def _leave_hot_wal(db_path):
    code = (
        "import os, signal, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "c.execute(\"INSERT INTO settings VALUES ('k', 'v')\")\n"
        "c.commit()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(db_path)], check=False)
    assert run.returncode == -signal.SIGKILL


def _zero_header(path: Path) -> None:
    with path.open("r+b") as f:
        f.write(bytes(100))


def _truncate(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2 + 100)


def _flip_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(4096, min(len(data), 4096 * 4)):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def test_a_sound_or_missing_database_passes(backed_up, tmp_path):
    db_path, _ = backed_up
    assert startup_check(db_path).status == "ok"
    assert startup_check(tmp_path / "new.sqlite3").status == "new"


def _kill_after_saves(db_path, n):
    # A real process saves clients through GluteDesk's storage, then is killed: the saves are
    # committed but still in the -wal (no checkpoint ran), as after a force-quit.
    code = (
        "import os, signal, sys\n"
        "from glutedesk.storage.clients import save_client\n"
        "from glutedesk.storage.database import open_database\n"
        "from tests.factories import make_client\n"
        "db = open_database(sys.argv[1])\n"
        "for i in range(int(sys.argv[2])):\n"
        "    save_client(db, make_client(first_name=f'K{i}', notes='n' * 3000))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", code, str(db_path), str(n)], cwd=root, check=False)
    assert run.returncode == -signal.SIGKILL


@pytest.mark.parametrize("full", [False, True])
def test_a_crash_right_after_saves_is_not_damage(backed_up, full):
    db_path, _ = backed_up
    _kill_after_saves(db_path, 40)
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    pages, size = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
    conn.close()
    # The case that used to be called "truncated": more pages than the main file holds.
    assert pages * size > db_path.stat().st_size
    before = sorted(p.name for p in db_path.parent.iterdir())
    assert damage_problem(db_path, full=full) is None
    assert startup_check(db_path, now=NOW, full=full).status == "ok"
    assert sorted(p.name for p in db_path.parent.iterdir()) == before
    db = open_database(db_path, create=False)
    try:
        assert count_clients(db) == 43  # every committed save is there
    finally:
        db.close()


@pytest.mark.parametrize("damage", [_zero_header, _truncate, _flip_pages])
def test_damage_is_reported_with_a_good_backup_and_nothing_is_moved(backed_up, damage):
    db_path, backup = backed_up
    _leave_hot_wal(db_path)
    damage(db_path)
    before = {p.name: p.stat().st_size for p in db_path.parent.iterdir()}
    assert damage_problem(db_path) is not None
    check = startup_check(db_path, now=NOW)
    assert check.status == "damaged" and check.needs_recovery and check.problem
    assert {p.name: p.stat().st_size for p in db_path.parent.iterdir()} == before
    assert check.backup == backup and check.backup_check.ok
    assert check.backup_taken == NOW - dt.timedelta(days=1)
    # Only when the therapist chooses it is the file set aside, with its -wal.
    moved = set_aside(db_path, NOW)
    assert moved[0].name == "clinic.sqlite3.corrupt-20260301-080000"
    assert moved[0].stat().st_size == before["clinic.sqlite3"]  # moved, not rewritten
    assert "clinic.sqlite3.corrupt-20260301-080000-wal" in [p.name for p in moved]
    assert not db_path.with_name(db_path.name + "-wal").exists()
    again = startup_check(db_path, now=NOW)
    assert again.status == "missing_after_damage" and again.backup == backup
    restore_database(db_path, check.backup)
    db = open_database(db_path, create=False)
    try:
        assert count_clients(db) == 2
    finally:
        db.close()


def test_no_good_backup_means_none_offered(db_path):
    db = open_database(db_path)
    save_client(db, make_client())
    db.close()
    _zero_header(db_path)
    check = startup_check(db_path, now=NOW)
    assert check.status == "damaged" and check.backup is None
    assert db_path.exists()


def test_another_programs_sqlite_file_is_not_treated_as_damaged(tmp_path):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert startup_check(path).status == "ok"
    assert path.exists()


@pytest.mark.parametrize(
    "folder",
    [
        "OneDrive - Clinic",
        "Dropbox",
        "iCloud Drive",
        "Google Drive",
        "Library/Mobile Documents/com~apple~CloudDocs",
    ],
)
def test_cloud_folders_get_a_warning(tmp_path, folder):
    warning = location_warning(tmp_path / folder / "clinic.sqlite3")
    assert warning and "cloud-sync" in warning


def test_network_mounts_get_a_warning(tmp_path):
    mounts = tmp_path / "mounts"
    share = tmp_path / "share point"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        f"//server/clinic {str(share).replace(' ', chr(92) + '040')} cifs rw 0 0\n"
        "server:/export /mnt/nfs nfs4 rw 0 0\n",
        encoding="utf-8",
    )
    assert mount_type(share / "clinic.sqlite3", mounts) == "cifs"
    assert "network drive (cifs)" in location_warning(share / "clinic.sqlite3", mounts=mounts)
    assert "nfs4" in location_warning(Path("/mnt/nfs/a/clinic.sqlite3"), mounts=mounts)
    assert location_warning(tmp_path / "local" / "clinic.sqlite3", mounts=mounts) is None


@pytest.mark.skipif(fcntl is None, reason="flock is POSIX")
def test_database_in_use_reads_the_window_lock(tmp_path):
    db_path = tmp_path / "clinic.sqlite3"
    assert database_in_use(db_path) is None
    host = socket.gethostname()
    lock_path(db_path).write_text(f"{os.getpid()}\nglutedesk\n{host}\n", encoding="utf-8")
    # The window's QLockFile holds a flock on the file for as long as its process lives.
    held = os.open(lock_path(db_path), os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert database_in_use(db_path) == os.getpid()
    finally:
        os.close(held)
    # Nobody holds it now: left behind, although the id it names is alive (ids are reused).
    assert database_in_use(db_path) is None
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    lock_path(db_path).write_text(f"{dead.stdout.strip()}\nglutedesk\n{host}\n", encoding="utf-8")
    assert database_in_use(db_path) is None


def test_a_file_that_is_not_sqlite_at_all_is_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are not the records you are looking for" * 100)
    assert damage_problem(path) is None
    assert startup_check(path).status == "ok"  # open_database refuses it, untouched
    assert path.read_bytes().startswith(b"these are not")


def test_the_quick_start_up_check_catches_a_wiped_header(backed_up):
    db_path, backup = backed_up
    _zero_header(db_path)
    assert damage_problem(db_path, full=False) is not None
    check = startup_check(db_path, now=NOW, full=False)
    assert check.status == "damaged" and check.backup == backup


def test_a_truncated_file_is_found_by_sqlites_full_check(backed_up):
    db_path, _ = backed_up
    _truncate(db_path)
    assert damage_problem(db_path, full=True) is not None


def test_damaged_pages_need_the_full_check(backed_up):
    db_path, _ = backed_up
    _flip_pages(db_path)
    assert damage_problem(db_path) is not None


def test_the_live_check_runs_beside_an_open_connection_without_touching_it(db_path):
    db = open_database(db_path)
    try:
        save_client(db, make_client())
        assert damage_problem(db_path, live=True) is None
        save_client(db, make_client())  # the app's connection still writes normally
        assert count_clients(db) == 2
    finally:
        db.close()
