"""Clinics protected by a passphrase: nothing readable without it, wrong passphrase, recovery
key, a change with a backup made before it, and a SIGKILL during ``passphrase set``.

Every step runs the real ``glutedesk`` command in a child process on a real clinic file.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glutedesk.storage import cipher, unlock
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.drafts import drafts_dir, list_drafts, save_draft
from glutedesk.storage.protect import change_protection, rewrite
from tests.factories import make_client, make_visit

PASS = "correct horse battery staple"
NEW = "tr0ub4dor and three more words"
SQLITE_HEADER = b"SQLite format 3"


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 240):
    full = {k: v for k, v in os.environ.items() if not k.startswith("GLUTEDESK_")}
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "glutedesk", *args],
        capture_output=True,
        text=True,
        env=full,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def demo_clinic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "clinic.sqlite3"
    done = run("demo", "--db", str(db), "--clients", "20")
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def clinic(demo_clinic, tmp_path) -> Path:
    db = tmp_path / "clinic.sqlite3"
    shutil.copyfile(demo_clinic, db)
    return db


def names_of(db: Path) -> list[str]:
    c = Clinic.open(db, create=False)
    try:
        return [f"{i.first_name} {i.last_name}" for i in c.client_list()]
    finally:
        c.close()


def set_passphrase(db: Path, passphrase: str = PASS) -> str:
    done = run("passphrase", "set", "--db", str(db), env={"GLUTEDESK_NEW_PASSPHRASE": passphrase})
    assert done.returncode == 0, done.stderr
    found = re.search(r"\b([A-Z2-7]{5}(?:-[A-Z2-7]{5}){4})\b", done.stdout)
    assert found, done.stdout
    return found.group(1)


def scan(folder: Path, needles: list[str]) -> list[tuple[str, str]]:
    """Every (file, what) where a file under ``folder`` holds a name or the SQLite header."""
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data.startswith(SQLITE_HEADER) or SQLITE_HEADER in data:
            hits.append((path.name, "SQLite header"))
        for name in needles:
            for part in {name, *name.split()}:
                if len(part) > 3 and part.encode() in data:
                    hits.append((path.name, part))
    return hits


def test_every_file_of_a_protected_clinic_is_unreadable_after_use(clinic, tmp_path):
    names = names_of(clinic)
    drafts = drafts_dir(clinic)
    c = Clinic.open(clinic, create=False)
    person = c.client_list()[0]
    save_draft(drafts, make_visit(person.id), is_new=True)  # a draft made before protection
    c.close()
    assert run("backup", "--db", str(clinic)).returncode == 0  # a backup made before it too
    assert scan(tmp_path, names), "the plain clinic must show what the scan looks for"

    set_passphrase(clinic)
    env = {"GLUTEDESK_PASSPHRASE": PASS}
    assert run("backup", "--db", str(clinic), env=env).returncode == 0
    assert run("backup", "--automatic", "--db", str(clinic), env=env).returncode == 0
    c = Clinic.open(clinic, create=False, passphrase=PASS)
    saved, _ = c.save_client(make_client(first_name="Zebedee", last_name="Quirkfeather"))
    c.save_visit(make_visit(saved.id))
    save_draft(drafts, make_visit(saved.id), is_new=True)  # written while the clinic is open
    c.back_up()
    wal = clinic.with_name(clinic.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the scan must see a live write-ahead log"
    assert scan(tmp_path, [*names, "Zebedee Quirkfeather"]) == []
    assert len(list_drafts(drafts)) == 2  # both drafts still open with the key
    c.close()
    assert scan(tmp_path, [*names, "Zebedee Quirkfeather"]) == []
    files = [p for p in tmp_path.rglob("*.sqlite3")]
    assert len(files) >= 4  # the clinic and three backups were scanned


def test_wrong_or_missing_passphrase_writes_nothing_and_says_so(clinic):
    set_passphrase(clinic)

    def state() -> dict[str, str]:
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in clinic.parent.rglob("*")
            if p.is_file()
        }

    before = state()
    missing = run("clients", "--db", str(clinic))
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0
    assert "GLUTEDESK_PASSPHRASE" in missing.stderr and "Traceback" not in missing.stderr
    wrong = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": "not it at all"})
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("glutedesk: Wrong passphrase")
    assert wrong.stderr.strip().count("\n") == 0
    assert state() == before


def test_repeated_failures_wait_longer_each_time(clinic):
    set_passphrase(clinic)
    assert [unlock.failure_delay(n) for n in range(6)] == [0, 0, 0, 1, 2, 4]
    timings = []
    for _ in range(5):
        started = time.monotonic()
        with pytest.raises(unlock.WrongPassphraseError):
            unlock.unlock(clinic, "guessing again")
        timings.append(time.monotonic() - started)
    # The fourth and fifth tries waited at least 1 s and 2 s before deriving the key.
    assert timings[3] >= 1.0 and timings[4] >= 2.0
    unlock.unlock(clinic, PASS)  # the right one still opens, and resets the count
    assert unlock._failures.get(clinic.resolve()) is None


def test_a_damaged_file_is_told_apart_from_a_wrong_passphrase(clinic):
    set_passphrase(clinic)
    with open(clinic, "r+b") as handle:  # damage the first page after its salt
        handle.seek(200)
        handle.write(b"\x00" * 64)
    right = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert right.returncode == 1
    assert "is damaged" in right.stderr and "passphrase is right" in right.stderr
    wrong = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": "not it at all"})
    assert wrong.returncode == 1 and "Wrong passphrase" in wrong.stderr
    key_file = clinic.with_name(clinic.name + ".key")
    key_file.write_text("{ damaged")
    either = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert either.returncode == 1 and "cannot be told apart" in either.stderr


def test_the_recovery_key_unlocks_and_sets_a_new_passphrase(clinic):
    names = names_of(clinic)
    recovery = set_passphrase(clinic)
    bad = run(
        "passphrase",
        "change",
        "--recovery-key",
        "--db",
        str(clinic),
        env={
            "GLUTEDESK_RECOVERY_KEY": "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE",
            "GLUTEDESK_NEW_PASSPHRASE": NEW,
        },
    )
    assert bad.returncode == 1 and "Wrong recovery key" in bad.stderr
    done = run(
        "passphrase",
        "change",
        "--recovery-key",
        "--db",
        str(clinic),
        env={"GLUTEDESK_RECOVERY_KEY": recovery.lower(), "GLUTEDESK_NEW_PASSPHRASE": NEW},
    )
    assert done.returncode == 0, done.stderr
    listed = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": NEW})
    assert listed.returncode == 0 and names[0].split()[0] in listed.stdout
    old = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert old.returncode == 1 and "Wrong passphrase" in old.stderr


def test_a_backup_made_before_a_change_opens_with_the_new_passphrase(clinic):
    names = names_of(clinic)
    set_passphrase(clinic)
    env = {"GLUTEDESK_PASSPHRASE": PASS}
    assert run("backup", "--db", str(clinic), env=env).returncode == 0
    (backup,) = clinic.parent.glob("*-backups/*.sqlite3")
    changed = run(
        "passphrase", "change", "--db", str(clinic), env={**env, "GLUTEDESK_NEW_PASSPHRASE": NEW}
    )
    assert changed.returncode == 0, changed.stderr
    assert f"Backup {backup.name}: encrypted with the new passphrase." in changed.stdout
    assert scan(backup.parent, names) == []
    new_env = {"GLUTEDESK_PASSPHRASE": NEW}
    restored = run("restore", "--yes", "--db", str(clinic), str(backup), env=new_env)
    assert restored.returncode == 0, restored.stderr
    listed = run("clients", "--db", str(clinic), env=new_env)
    assert listed.returncode == 0 and names[-1].split()[-1] in listed.stdout


def test_removing_the_passphrase_writes_everything_in_the_clear_again(clinic):
    names = names_of(clinic)
    set_passphrase(clinic)
    env = {"GLUTEDESK_PASSPHRASE": PASS}
    assert run("backup", "--db", str(clinic), env=env).returncode == 0
    done = run("passphrase", "remove", "--db", str(clinic), env=env)
    assert done.returncode == 0, done.stderr
    assert clinic.read_bytes().startswith(SQLITE_HEADER)
    assert not clinic.with_name(clinic.name + ".key").exists()
    listed = run("clients", "--db", str(clinic))
    assert listed.returncode == 0 and names[0].split()[-1] in listed.stdout


def opens_in_one_state(db: Path, count: int) -> str:
    """Open ``db`` as plain or with the passphrase (a fresh process); return which."""
    plain = run("clients", "--db", str(db))
    if plain.returncode == 0:
        assert len(plain.stdout.strip().splitlines()) == count
        return "plain"
    protected = run("clients", "--db", str(db), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert protected.returncode == 0, (plain.stderr, protected.stderr)
    assert len(protected.stdout.strip().splitlines()) == count
    checked = run("check", "--db", str(db), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert checked.returncode == 0, checked.stderr
    return "protected"


@pytest.mark.parametrize("moment", ["rewriting", "key waiting", 0.4, 0.9, 1.5])
def test_a_sigkill_during_passphrase_set_leaves_one_whole_clinic(clinic, moment):
    count = len(names_of(clinic))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GLUTEDESK_")},
        "GLUTEDESK_NEW_PASSPHRASE": PASS,
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "glutedesk", "passphrase", "set", "--db", str(clinic)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    watched = {
        "rewriting": clinic.with_name(clinic.name + ".rekey-tmp"),
        "key waiting": clinic.with_name(clinic.name + ".key.new"),
    }
    deadline = time.monotonic() + 120
    if isinstance(moment, float):
        time.sleep(moment)
    else:
        while child.poll() is None and not watched[moment].exists():
            if time.monotonic() > deadline:
                break
    if child.poll() is None:
        os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    state = opens_in_one_state(clinic, count)
    assert state in ("plain", "protected")
    assert not watched["rewriting"].exists()  # cleaned at the next open


def test_a_clinic_replaced_before_its_key_file_was_put_in_place_gets_it_at_next_open(clinic):
    # The file state of a crash between the rename of the clinic and that of its key file.
    from glutedesk.storage.keyfile import (
        key_path,
        make_key_file,
        new_recovery_key,
        pending_key_path,
        write_key_file,
    )

    count = len(names_of(clinic))
    new = cipher.derive_key(PASS, cipher.new_salt())
    tmp = clinic.with_name(clinic.name + ".rekey-tmp")
    rewrite(clinic, tmp, None, new)
    write_key_file(pending_key_path(clinic), make_key_file(new, new_recovery_key()))
    os.replace(tmp, clinic)
    assert opens_in_one_state(clinic, count) == "protected"
    assert key_path(clinic).exists() and not pending_key_path(clinic).exists()


def test_in_process_change_keeps_drafts_readable(clinic):
    c = Clinic.open(clinic, create=False)
    person = c.client_list()[0]
    c.close()
    save_draft(drafts_dir(clinic), make_visit(person.id), is_new=False)
    result = change_protection(clinic, PASS)
    assert result.recovery_key and len(result.drafts_resealed) == 1
    (draft,) = drafts_dir(clinic).iterdir()
    assert person.id.encode() not in draft.read_bytes()
    assert list_drafts(drafts_dir(clinic))[0].client_id == person.id


def test_an_export_of_a_protected_clinic_warns_and_is_owner_only(clinic, tmp_path):
    set_passphrase(clinic)
    out = tmp_path / "out" / "export.json"
    out.parent.mkdir()
    done = run("export", "--db", str(clinic), "--out", str(out), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert done.returncode == 0, done.stderr
    assert "NOT encrypted" in done.stderr
    assert out.stat().st_mode & 0o777 == 0o600
