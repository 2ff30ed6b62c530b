"""Owner-only files: a real day's use leaves nothing readable by other accounts (R16)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from glutedesk.storage.database import open_database
from glutedesk.storage.drafts import drafts_dir
from glutedesk.storage.private_files import make_private_dir, tighten, tighten_clinic

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX-only")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def loose_umask():
    """The usual desktop umask (022), so anything GluteDesk fails to protect shows as 0644."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_days_use_by_real_processes_leaves_every_file_0600_and_folder_0700():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "day_file_modes.py"), "--json"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    result = json.loads(done.stdout)
    assert result["failures"] == []
    written = [r for r in result["rows"] if not r["own"]]
    loose = [f"{r['mode']} {r['path']}" for r in written if not r["ok"]]
    assert loose == []
    paths = {r["path"] for r in written}
    data = "home/.local/share/GluteDesk/"
    # Each kind of file the day wrote is in the listing (so none was skipped unnoticed).
    for expected in (
        data + "glutedesk.sqlite3",
        data + "glutedesk-backups",
        data + "glutedesk.sqlite3.drafts",
        "home/.local/state/GluteDesk/log/glutedesk.log",
        "home/Documents/all-clients.json",
        "home/Documents/progress.pdf",
        "home/Documents/second-clinic/clinic.sqlite3",
        "home/Documents/subject-access",
    ):
        assert expected in paths, expected
    assert any(p.startswith(data + "glutedesk-backups/") for p in paths)
    assert any(p.endswith("records.pdf") for p in paths)
    assert done.returncode == 0


def test_sqlite_gives_wal_and_shm_the_database_files_bits(tmp_path, db_path, loose_umask):
    plain = tmp_path / "plain.sqlite3"
    plain.touch(mode=0o600)
    plain.chmod(0o600)
    conn = sqlite3.connect(plain)  # plain SQLite: nothing of GluteDesk tightens here
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE scratch (x)")
        conn.commit()
        sides = [plain.with_name(plain.name + s) for s in ("-wal", "-shm")]
        assert [mode(p) for p in sides] == [0o600, 0o600]  # not 0644, despite umask 022
    finally:
        conn.close()
    db = open_database(db_path)  # and GluteDesk's own open keeps all three owner-only
    try:
        db.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
        sides = [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm")]
        assert [mode(p) for p in (db_path, *sides)] == [0o600, 0o600, 0o600]
    finally:
        db.close()


def test_opening_a_clinic_tightens_what_an_older_version_left_open(db_path, loose_umask):
    open_database(db_path).close()
    drafts = drafts_dir(db_path)
    drafts.mkdir(mode=0o755)
    (drafts / "old.json").write_text("{}")
    backups = db_path.parent / f"{db_path.stem}-backups"
    backups.mkdir(mode=0o755)
    (backups / f"{db_path.stem}-backup-20260101-120000.sqlite3").write_bytes(b"x")
    for path in (db_path, drafts / "old.json"):
        path.chmod(0o644)
    db = open_database(db_path)
    db.close()
    for path in (db_path, drafts / "old.json", *backups.iterdir()):
        assert mode(path) == 0o600, path
    assert mode(drafts) == 0o700 and mode(backups) == 0o700
    assert tighten_clinic(db_path) == []  # nothing left to change


def test_tightening_leaves_symlinks_and_chosen_folders_alone(tmp_path, loose_umask):
    target = tmp_path / "elsewhere.txt"
    target.write_text("not ours")
    link = tmp_path / "link"
    link.symlink_to(target)
    assert tighten(link) is False and mode(target) == 0o644
    chosen = tmp_path / "Documents"
    chosen.mkdir(mode=0o755)
    made = make_private_dir(chosen / "a" / "b")
    assert mode(chosen) == 0o755  # the therapist's folder is not changed
    assert mode(chosen / "a") == 0o700 and mode(made) == 0o700
