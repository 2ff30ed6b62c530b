"""One running GluteDesk per database; a lock left by a crash is taken over."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from glutedesk.storage.lock_file import database_in_use
from glutedesk.ui.app import run_gui
from glutedesk.ui.single_instance import AlreadyOpenMessage, InstanceLock, acquire_or_explain

HOLDER = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1] + ".lock")
lock.setStaleLockTime(0)
assert lock.tryLock(100)
print("LOCKED", flush=True)
time.sleep(60)
"""


@pytest.fixture
def other_instance(db_path):
    """Another process holding the database's lock, as a running GluteDesk would."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "LOCKED"
    yield proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def _record_messages(monkeypatch):
    shown = []
    monkeypatch.setattr(
        AlreadyOpenMessage, "ask", classmethod(lambda cls, parent, path, pid: shown.append(pid))
    )
    return shown


def test_lock_is_exclusive_within_and_released(qapp, db_path):
    first = InstanceLock(db_path)
    assert first.acquire() and first.locked
    assert database_in_use(db_path) is not None  # the CLI sees it too
    second = InstanceLock(db_path)
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_the_same_clinic_reached_through_a_link_has_the_same_lock(qapp, db_path, tmp_path):
    # A shortcut folder or a linked file must not give a second copy its own lock: two windows
    # writing one clinic is what the lock is there to prevent.
    folder_link = tmp_path / "linked folder"
    folder_link.symlink_to(db_path.parent, target_is_directory=True)
    file_link = tmp_path / "clinic link.sqlite3"
    file_link.symlink_to(db_path)
    first = InstanceLock(db_path)
    assert first.acquire()
    try:
        for other in (folder_link / db_path.name, file_link):
            assert not InstanceLock(other).acquire(), other
            assert database_in_use(other) is not None, other
    finally:
        first.release()


def test_second_launch_is_refused_then_a_crashed_lock_is_taken_over(
    qapp, db_path, other_instance, monkeypatch
):
    shown = _record_messages(monkeypatch)
    assert acquire_or_explain(db_path) is None
    assert shown == [other_instance.pid]
    assert database_in_use(db_path) == other_instance.pid
    assert run_gui(db_path) == 1  # the full start-up path refuses too, without a window
    assert shown == [other_instance.pid, other_instance.pid]
    other_instance.send_signal(signal.SIGKILL)  # it crashes, leaving its lock file behind
    other_instance.wait(timeout=10)
    assert db_path.with_name(db_path.name + ".lock").exists()
    assert database_in_use(db_path) is None
    lock = acquire_or_explain(db_path)
    assert lock is not None and lock.locked
    lock.release()
