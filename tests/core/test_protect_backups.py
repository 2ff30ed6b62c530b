"""Backups in both places when a passphrase is set or changed: the copies at the second backup
place (a USB stick) made before protection are encrypted too, or removed on confirmation, and
after a change every backup in both places opens with the new passphrase.

Real ``glutedesk`` commands in child processes; every file is scanned byte by byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glutedesk.storage import cipher, unlock
from glutedesk.storage.backup_check import verify_backup
from tests.core.test_encryption import (
    NEW,
    PASS,
    SQLITE_HEADER,
    names_of,
    run,
    scan,
    set_passphrase,
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "clinic.sqlite3"
    done = run("demo", "--db", str(db), "--clients", "20")
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def clinic_file(demo, tmp_path) -> Path:
    db = tmp_path / "clinic.sqlite3"
    shutil.copyfile(demo, db)
    return db


def with_second_place(clinic_file: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Choose a second place and make a backup (plain: the clinic is not protected yet)."""
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    done = run("backup", "--db", str(clinic_file), "--second-place", str(usb))
    assert done.returncode == 0, done.stderr
    (copy,) = usb.glob("*.sqlite3")
    assert copy.read_bytes().startswith(SQLITE_HEADER)
    return usb, copy


def protect(db: Path):
    return run("passphrase", "set", "--db", str(db), env={"GLUTEDESK_NEW_PASSPHRASE": PASS})


def local_backups(clinic_file: Path) -> list[Path]:
    return sorted(clinic_file.parent.glob(f"{clinic_file.stem}-backups/*.sqlite3"))


def test_second_place_copies_made_before_protection_are_encrypted(clinic_file, tmp_path):
    names = names_of(clinic_file)
    usb, copy = with_second_place(clinic_file, tmp_path)
    (local,) = local_backups(clinic_file)
    assert scan(usb, names) and scan(local.parent, names), "the scan must find the plain copies"
    (usb / f"{copy.name}.rekey-tmp").write_bytes(b"left by a killed run")

    done = protect(clinic_file)
    assert done.returncode == 0, done.stderr
    assert f"Backup {local.name}: encrypted with the new passphrase." in done.stdout
    assert (
        f"Second-place copy {copy.name} ({usb}): encrypted with the new passphrase." in done.stdout
    )
    assert "Backups: 2 re-written (1 at the second place), 0 removed, 0 left readable." in (
        done.stdout
    )
    for folder in (usb, local.parent, clinic_file.parent):
        assert scan(folder, names) == []  # no SQLite header, no client name, in any file
    assert not list(usb.glob("*.rekey-tmp"))  # the killed run's leftover is cleaned
    unlock.unlock(clinic_file, PASS)
    try:
        assert verify_backup(copy).ok  # the copy opens with the passphrase alone
    finally:
        cipher.forget(clinic_file)


def test_after_a_change_backups_in_both_places_open_with_the_new_passphrase(clinic_file, tmp_path):
    names = names_of(clinic_file)
    usb, before = with_second_place(clinic_file, tmp_path)  # made before protection
    set_passphrase(clinic_file)
    made = run("backup", "--db", str(clinic_file), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert made.returncode == 0, made.stderr  # made under the first passphrase, copied too
    copies = sorted(usb.glob("*.sqlite3"))
    assert len(copies) == 2 and len(local_backups(clinic_file)) == 2

    changed = run(
        "passphrase",
        "change",
        "--db",
        str(clinic_file),
        env={"GLUTEDESK_PASSPHRASE": PASS, "GLUTEDESK_NEW_PASSPHRASE": NEW},
    )
    assert changed.returncode == 0, changed.stderr
    assert "Backups: 4 re-written (2 at the second place)" in changed.stdout
    for copy in copies:
        assert f"Second-place copy {copy.name} ({usb}): encrypted" in changed.stdout
    for folder in (usb, clinic_file.parent):
        assert scan(folder, names) == []
    new_env = {"GLUTEDESK_PASSPHRASE": NEW}
    restored = run("restore", "--yes", "--db", str(clinic_file), str(before), env=new_env)
    assert restored.returncode == 0, restored.stderr  # the oldest USB copy, with the new one
    listed = run("clients", "--db", str(clinic_file), env=new_env)
    assert listed.returncode == 0 and names[0].split()[-1] in listed.stdout
    old = run("clients", "--db", str(clinic_file), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert old.returncode == 1 and "Wrong passphrase" in old.stderr


def test_a_copy_that_cannot_be_encrypted_is_removed_when_confirmed(clinic_file, tmp_path):
    names = names_of(clinic_file)
    usb, copy = with_second_place(clinic_file, tmp_path)
    data = copy.read_bytes()
    copy.write_bytes(data[: len(data) // 2])  # a torn copy: still plain, but not whole
    done = run(
        "passphrase",
        "set",
        "--remove-unencrypted",
        "--db",
        str(clinic_file),
        env={"GLUTEDESK_NEW_PASSPHRASE": PASS},
    )
    assert done.returncode == 0, done.stderr
    assert f"Second-place copy {copy.name} ({usb}): NOT re-written" in done.stderr
    assert f"Second-place copy {copy.name} ({usb}): removed (it could not be encrypted)." in (
        done.stdout
    )
    assert "1 removed, 0 left readable." in done.stdout
    assert not copy.exists()
    for folder in (usb, clinic_file.parent):
        assert scan(folder, names) == []


def test_without_confirmation_an_unencrypted_copy_is_kept_and_named(clinic_file, tmp_path):
    _usb, copy = with_second_place(clinic_file, tmp_path)
    data = copy.read_bytes()
    copy.write_bytes(data[: len(data) // 2])
    done = protect(clinic_file)
    assert done.returncode == 0, done.stderr
    assert copy.exists() and copy.read_bytes().startswith(SQLITE_HEADER)
    assert "1 backup can still be read without the passphrase" in done.stderr
    assert "0 removed, 1 left readable." in done.stdout


def test_an_unplugged_second_place_is_said(clinic_file, tmp_path):
    usb, _copy = with_second_place(clinic_file, tmp_path)
    usb.rename(tmp_path / "unplugged")
    done = protect(clinic_file)
    assert done.returncode == 0, done.stderr
    assert f"the second backup place {usb} cannot be reached" in done.stderr


def test_copies_on_an_unplugged_second_place_are_encrypted_once_it_is_back(clinic_file, tmp_path):
    """The change keeps its journal while the stick is away; the first open that finds the
    stick again re-writes the copies there, says so once, and drops the journal."""
    from glutedesk.storage.rekey_journal import journal_path

    names = names_of(clinic_file)
    usb, copy = with_second_place(clinic_file, tmp_path)
    unplugged = tmp_path / "unplugged"
    usb.rename(unplugged)
    done = protect(clinic_file)
    assert done.returncode == 0, done.stderr
    assert "re-written yet" in done.stderr
    assert journal_path(clinic_file).exists()  # the copy there still waits for its key
    env = {"GLUTEDESK_PASSPHRASE": PASS}

    still_away = run("clients", "--db", str(clinic_file), env=env)
    assert still_away.returncode == 0, still_away.stderr
    assert "interrupted" not in still_away.stderr  # nothing done, nothing said
    assert journal_path(clinic_file).exists()

    unplugged.rename(usb)  # plugged in again
    assert copy.read_bytes().startswith(SQLITE_HEADER)
    back = run("clients", "--db", str(clinic_file), env=env)
    assert back.returncode == 0, back.stderr
    assert "1 backup and 0 unsaved drafts re-written under the new passphrase" in back.stderr
    assert not journal_path(clinic_file).exists()
    assert scan(usb, names) == []  # no header, no name left in the clear on the stick
    cipher.forget(copy)
    unlock.unlock(copy, PASS)
    assert verify_backup(copy).ok
    again = run("clients", "--db", str(clinic_file), env=env)
    assert again.returncode == 0 and "interrupted" not in again.stderr  # told once
