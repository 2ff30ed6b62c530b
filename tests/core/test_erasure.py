"""Erase means gone: drafts, partial files, free pages, the name index, and honest reports (R16)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from glutedesk.storage.backup import backup_database
from glutedesk.storage.backup_erasure import (
    BackupHolding,
    backups_holding,
    purge_backups,
    rotation_dates,
)
from glutedesk.storage.clients import save_client, search_clients
from glutedesk.storage.drafts import drafts_dir, save_draft
from glutedesk.storage.erasure import erase_everywhere
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit

ROOT = Path(__file__).resolve().parents[2]
NAME = b"quixotebury"


@pytest.fixture(scope="module")
def byte_search():
    """The findings of scripts/erase_byte_search.py (real glutedesk processes throughout)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "erase_byte_search.py"), "--json"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _holding(files: list[dict]) -> set[str]:
    return {f["file"] for f in files if f["hits"]}


def _live(path: str) -> bool:
    return path.startswith("clinic/clinic.sqlite3")  # the database, -wal, -shm and drafts


def test_the_byte_search_finds_the_client_before_erasing(byte_search):
    held = _holding(byte_search["before"])
    assert "clinic/clinic.sqlite3" in held
    assert any(".drafts/" in p for p in held) and any(p.endswith(".partial") for p in held)


def test_after_erasing_nothing_is_left_in_the_database_files_or_drafts(byte_search):
    for name in ("plain", "purge"):
        scenario = byte_search["scenarios"][name]
        assert scenario["exit"] == 0, scenario["output"]
        assert [p for p in _holding(scenario["files"]) if _live(p)] == [], name
        assert not any(p.endswith(".partial") for p in _holding(scenario["files"]))
    plain = byte_search["scenarios"]["plain"]
    # The script's backups are made with `glutedesk backup`, so they are manual: rotation never
    # removes them, and the listing must say so rather than give a date.
    assert "2 backups still hold" in plain["output"]
    assert plain["output"].count("no automatic date (manual") == 2
    assert "Rotation never removes these" in plain["output"]
    purge = byte_search["scenarios"]["purge"]
    assert [p for p in _holding(purge["files"]) if p.startswith("clinic/")] == []
    assert purge["output"].count("Purged from backup") == 2


def test_a_reader_holding_the_file_makes_the_erasure_say_it_is_not_complete(byte_search):
    scenario = byte_search["scenarios"]["reader"]
    held = scenario["while_reading"]
    assert held["exit"] == 1
    assert "erasure NOT complete" in held["output"] and "another program" in held["output"]
    assert "Nothing of" not in held["output"]  # no claim of success
    assert any(_live(p) for p in _holding(held["files"]))  # what it said remains, remains
    assert scenario["after_check"]["exit"] == 0
    assert [p for p in _holding(scenario["files"]) if _live(p)] == []


def test_rotation_dates_follow_the_newest_of_each_day_rule(tmp_path):
    def backup(stamp: str, extra: str = "") -> Path:
        path = tmp_path / f"c-backup-{stamp}{extra}.sqlite3"
        path.write_bytes(b"")
        return path

    today = dt.date(2026, 12, 1)
    newest_today = backup("20261201-180000")
    earlier_today = backup("20261201-090000")
    old = backup("20261120-180000")
    manual = backup("20261125-120000", "-manual")
    dates = rotation_dates([newest_today, earlier_today, old, manual], keep=14, today=today)
    assert dates[earlier_today] == dt.date(2026, 12, 2)  # at the next automatic backup
    assert dates[newest_today] == dt.date(2026, 12, 15)  # once 14 newer days have one
    assert dates[old] == dt.date(2026, 12, 14)  # 1 newer day already: 13 more, 2nd to 14th
    assert dates[manual] is None
    line = BackupHolding(manual, False, None).describe()
    assert "no automatic date" in line and "manual" in line


def test_erase_removes_drafts_partials_and_purges_backups(file_db, db_path):
    client, _ = save_client(file_db, make_client(first_name="Quixotebury"))
    save_visit(file_db, make_visit(client.id))
    other, _ = save_client(file_db, make_client(first_name="Kept"))
    save_visit(file_db, make_visit(other.id))
    draft = save_draft(drafts_dir(db_path), make_visit(client.id), is_new=True)
    kept_draft = save_draft(drafts_dir(db_path), make_visit(other.id), is_new=True)
    backups = db_path.parent / f"{db_path.stem}-backups"
    made = backup_database(file_db, backups)
    partial = backups / "c-backup-20261101-000000.sqlite3.partial"
    shutil.copyfile(made, partial)
    report = erase_everywhere(file_db, client.id, "asked by email")
    assert report.cleared and report.visits == 1
    assert set(report.removed_files) == {draft, partial}
    assert kept_draft.exists() and not draft.exists() and not partial.exists()
    assert [h.path for h in report.backups] == [made]
    assert search_clients(file_db, "Quixotebury") == []
    results = purge_backups(list(report.backups), client.id)
    assert [r.ok for r in results] == [True]
    assert backups_holding([backups], client.id) == []
    conn = sqlite3.connect(f"{made.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert NAME not in made.read_bytes().lower()


def test_cli_lists_backups_with_dates_and_a_second_place_without(file_db, db_path, tmp_path):
    client, _ = save_client(file_db, make_client(first_name="Quixotebury"))
    save_client(file_db, make_client(first_name="Kept"))
    backup_database(file_db, db_path.parent / f"{db_path.stem}-backups")
    usb = tmp_path / "usb"
    backup_database(file_db, usb)
    file_db.close()
    done = subprocess.run(
        [sys.executable, "-m", "glutedesk", "erase", "--db", str(db_path), "--client",
         client.id, "--reason", "asked", "--yes", "--backups-in", str(usb)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 backups still hold" in done.stdout
    [rotated] = [line for line in done.stdout.splitlines() if "rotates out on or after" in line]
    assert f"{db_path.stem}-backups" in rotated
    [second] = [line for line in done.stdout.splitlines() if "no automatic date" in line]
    assert str(usb) in second and "in a second place" in second
    assert done.stdout.rstrip().endswith("drafts or partial files.")
