"""A passphrase change SIGKILLed after the clinic was re-written but before its backups and
drafts were: the next real ``glutedesk`` command finishes the change from its journal and
says so, so no backup is left under the old key or readable without the passphrase.

The child is the real ``glutedesk passphrase set|change|remove`` in its own process; the
test's own code in it (not GluteDesk's) wraps ``os.replace`` so that it stops just before
the chosen file is put in place, prints where, and waits to be killed.
"""

from __future__ import annotations

import os
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
from glutedesk.storage.rekey_journal import journal_path
from tests.core.test_encryption import NEW, PASS, run, scan, set_passphrase
from tests.factories import make_visit

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import os, runpy, sys, time
sys.path.insert(0, {root!r})
stop_in, stop_at = sys.argv[1], int(sys.argv[2])
real, seen = os.replace, [0]
def replace(src, dst, *args, **kwargs):
    dst = os.fspath(dst)
    if os.path.basename(os.path.dirname(dst)).endswith(stop_in) and dst.endswith(
        (".sqlite3", ".json")
    ):
        seen[0] += 1
        if seen[0] == stop_at:
            print("PAUSED", os.path.basename(dst), flush=True)
            time.sleep(600)
    return real(src, dst, *args, **kwargs)
os.replace = replace
sys.argv = ["glutedesk", *sys.argv[3:]]
runpy.run_module("glutedesk", run_name="__main__", alter_sys=True)
print("FINISHED", flush=True)
"""


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


def names_of(db: Path, passphrase: str | None = None) -> list[str]:
    c = Clinic.open(db, create=False, passphrase=passphrase)
    try:
        return [f"{i.first_name} {i.last_name}" for i in c.client_list()]
    finally:
        c.close()
        cipher.forget(db)


def prepare(db: Path, passphrase: str | None) -> list[Path]:
    """Three backups and an unsaved draft of the clinic, under ``passphrase`` (None: plain)."""
    env = {"GLUTEDESK_PASSPHRASE": passphrase} if passphrase else {}
    for _ in range(3):
        done = run("backup", "--db", str(db), env=env)
        assert done.returncode == 0, done.stderr
        time.sleep(1.1)  # backups are named by the second
    c = Clinic.open(db, create=False, passphrase=passphrase)
    try:
        person = c.client_list()[0]
        save_draft(drafts_dir(db), make_visit(person.id), is_new=False)
    finally:
        c.close()
        cipher.forget(db)
    backups = sorted(db.parent.glob("*-backups/*.sqlite3"))
    assert len(backups) == 3
    return backups


def interrupt(db: Path, env: dict[str, str], stop_in: str, stop_at: int, *args: str) -> str:
    """Run ``glutedesk passphrase ...`` and SIGKILL it just before a file is put in place."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("GLUTEDESK_")}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), stop_in, str(stop_at), *args],
        env={**full, **env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()  # type: ignore[union-attr]
    finally:
        os.kill(child.pid, signal.SIGKILL)
        _out, err = child.communicate(timeout=120)
    assert line.startswith("PAUSED"), (line, err[-800:])
    assert child.returncode == -signal.SIGKILL
    return line.split()[1]


def opens_with(backup: Path, passphrase: str | None) -> int:
    """Open ``backup`` as a fresh process would (only ``passphrase`` known); count clients."""
    cipher.forget(backup)
    if passphrase is not None:
        unlock.unlock(backup, passphrase)  # its salt is the clinic's: the passphrase opens it
    conn = cipher.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM clients").fetchone()[0]
    finally:
        conn.close()
        cipher.forget(backup)


@pytest.mark.parametrize(
    "stop_in, stop_at, done_before, finished",
    [
        ("-backups", 2, 1, "2 backups and 0 unsaved drafts"),
        (".drafts", 1, 0, "3 backups and 1 unsaved draft"),
    ],
)
def test_a_change_killed_before_its_backups_is_finished_at_the_next_command(
    clinic, stop_in, stop_at, done_before, finished
):
    names = names_of(clinic)
    set_passphrase(clinic)
    backups = prepare(clinic, PASS)
    env = {"GLUTEDESK_PASSPHRASE": PASS, "GLUTEDESK_NEW_PASSPHRASE": NEW}
    interrupt(clinic, env, stop_in, stop_at, "passphrase", "change", "--db", str(clinic))
    # Killed after the rename: the clinic is under the new key; not every backup is yet.
    assert journal_path(clinic).exists()
    assert run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": PASS}).returncode == 1
    under_new = [b for b in backups if cipher.file_salt(b) == cipher.file_salt(clinic)]
    assert len(under_new) == done_before

    listed = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": NEW})
    assert listed.returncode == 0, listed.stderr
    assert names[0].split()[0] in listed.stdout
    assert "finished the passphrase change that was interrupted" in listed.stderr
    assert f"{finished} re-written under the new passphrase" in listed.stderr
    assert not journal_path(clinic).exists()
    for backup in backups:  # every backup opens with the new passphrase, none with the old
        assert cipher.file_salt(backup) == cipher.file_salt(clinic)
        assert opens_with(backup, NEW) == len(names)
        with pytest.raises(Exception, match="Wrong passphrase"):
            unlock.unlock(backup, PASS)
    unlock.unlock(clinic, NEW)
    assert len(list_drafts(drafts_dir(clinic))) == 1  # the draft opens under the new key
    again = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": NEW})
    assert again.returncode == 0 and "interrupted" not in again.stderr  # told once


def test_protecting_killed_before_its_backups_leaves_none_readable_after_the_next_command(
    clinic,
):
    names = names_of(clinic)
    backups = prepare(clinic, None)
    env = {"GLUTEDESK_NEW_PASSPHRASE": PASS}
    interrupt(clinic, env, "-backups", 2, "passphrase", "set", "--db", str(clinic))
    # The state the journal exists for: clinic protected, backups 2 and 3 still plain.
    assert [b.read_bytes()[:15] == b"SQLite format 3" for b in backups] == [False, True, True]
    assert run("clients", "--db", str(clinic)).returncode == 1  # asks for the passphrase

    listed = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert listed.returncode == 0, listed.stderr
    assert "2 backups and 0 unsaved drafts re-written under the new passphrase" in listed.stderr
    assert scan(clinic.parent, names) == []  # the byte scan: no name, no SQLite header
    for backup in backups:
        assert opens_with(backup, PASS) == len(names)
    checked = run("check", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert checked.returncode == 0, checked.stderr


def test_removing_killed_before_its_backups_writes_them_in_the_clear_at_the_next_command(
    clinic,
):
    names = names_of(clinic)
    set_passphrase(clinic)
    backups = prepare(clinic, PASS)
    env = {"GLUTEDESK_PASSPHRASE": PASS}
    interrupt(clinic, env, "-backups", 1, "passphrase", "remove", "--db", str(clinic))
    assert clinic.read_bytes().startswith(b"SQLite format 3")
    assert all(cipher.file_salt(b) is not None for b in backups)  # still under the old key

    listed = run("clients", "--db", str(clinic))
    assert listed.returncode == 0, listed.stderr
    assert "3 backups and 0 unsaved drafts re-written in the clear" in listed.stderr
    assert not journal_path(clinic).exists()
    for backup in backups:
        assert opens_with(backup, None) == len(names)


def test_a_change_killed_before_the_clinic_was_replaced_leaves_everything_as_it_was(clinic):
    names = names_of(clinic)
    set_passphrase(clinic)
    backups = prepare(clinic, PASS)
    before = {b: b.read_bytes() for b in backups}
    env = {"GLUTEDESK_PASSPHRASE": PASS, "GLUTEDESK_NEW_PASSPHRASE": NEW}
    args = ("passphrase", "change", "--db", str(clinic))
    stopped = interrupt(clinic, env, clinic.parent.name, 1, *args)
    assert stopped == clinic.name and journal_path(clinic).exists()

    listed = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": PASS})
    assert listed.returncode == 0, listed.stderr
    assert "interrupted" not in listed.stderr
    assert not journal_path(clinic).exists()  # the journal of a change that never happened
    assert not clinic.with_name(clinic.name + ".rekey-tmp").exists()
    assert {b: b.read_bytes() for b in backups} == before
    assert opens_with(backups[0], PASS) == len(names)


def test_a_command_during_a_running_change_leaves_its_journal_to_it(clinic):
    set_passphrase(clinic)
    backups = prepare(clinic, PASS)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GLUTEDESK_")},
        "GLUTEDESK_PASSPHRASE": PASS,
        "GLUTEDESK_NEW_PASSPHRASE": NEW,
    }
    args = ("passphrase", "change", "--db", str(clinic))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), "-backups", "2", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("PAUSED"), line
        # The change is alive, between its first and second backup: a command opening the
        # clinic now must not re-write the backups it is re-writing.
        busy = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": NEW})
        assert busy.returncode == 0, busy.stderr
        assert "interrupted" not in busy.stderr and journal_path(clinic).exists()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=120)
    done = run("clients", "--db", str(clinic), env={"GLUTEDESK_PASSPHRASE": NEW})
    assert "2 backups and 0 unsaved drafts re-written" in done.stderr, done.stderr
    assert {cipher.file_salt(b) for b in backups} == {cipher.file_salt(clinic)}
