"""A second launch on a clinic, and a lock file left behind: real processes, real files.

- A lock file that a killed GluteDesk left empty (killed between Qt creating the file and
  writing its process id into it), or whose process id the system has since given to another
  program (pid_max is 32,768 on many Linux systems, and ids restart at every boot), used to be
  "already open" for ever: Qt judges a lock only by that id. No process holds it, so the
  next start takes it over.
- A second launch while the first copy is closing (its window gone, its closing backup being
  made) used to be told "ok" and exit; the first then quit too, leaving no GluteDesk open at
  all. It now waits for the closing copy and opens the clinic itself.

Each test waits for the processes' own words (tests/e2e/gui_driver.py), never for a time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from glutedesk.storage.lock_file import database_in_use, lock_path
from tests.e2e.conftest import TIMEOUT, glutedesk, gui, probe, wait_for_line

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL and flock are POSIX"),
    pytest.mark.slow,
]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)


def _killed_window(db) -> None:
    """Run the real window on ``db``, and SIGKILL it once it is up (its lock stays behind)."""
    app = gui("hold", db)
    try:
        wait_for_line(app, "READY", [])
    finally:
        _stop(app)
    assert app.returncode == -signal.SIGKILL
    assert lock_path(db).exists()


def _opens(db) -> dict:
    opened, lines = probe(db)
    assert opened is not None, lines  # before: "ERROR already open by ..." and no window
    assert not any(line.startswith(("ERROR", "DAMAGED")) for line in lines), lines
    assert opened["read_only"] is None
    return opened


def test_a_lock_file_left_empty_by_a_kill_is_taken_over(demo_db):
    _killed_window(demo_db)
    lock_path(demo_db).write_bytes(b"")  # killed before Qt wrote its process id into it
    assert database_in_use(demo_db) is None
    opened = _opens(demo_db)
    assert opened["clients"] == 24


def test_a_lock_whose_process_id_now_belongs_to_another_program_is_taken_over(demo_db):
    _killed_window(demo_db)
    # The system gives the dead window's process id to another program of the same name
    # (here: another Python), as it does once the ids wrap around.
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        lines = lock_path(demo_db).read_text().splitlines()
        lock_path(demo_db).write_text("\n".join([str(other.pid), *lines[1:]]) + "\n")
        assert database_in_use(demo_db) is None  # the command line agrees (backup, erase...)
        _opens(demo_db)
    finally:
        _stop(other)


def test_a_second_launch_while_the_first_closes_opens_the_clinic(demo_db):
    first = gui("close", demo_db)
    second = None
    said: list[str] = []
    try:
        wait_for_line(first, "CLOSING", said)  # its window has closed; its closing goes on
        second = gui("probe", demo_db)
        assert wait_for_line(first, "ASKED", said) == "ASKED closing"  # before: "ASKED ok"
        demo_db.with_name(demo_db.name + ".go").touch()  # the first copy finishes closing
        assert wait_for_line(first, "EXIT", said) == "EXIT 0"
        out, _ = second.communicate(timeout=TIMEOUT)
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
    lines = out.splitlines()
    # Before, the second launch ended at once (exit 0, no window): nothing was left open.
    assert any(line.startswith("OPENED ") for line in lines), lines
    assert not any(line.startswith(("ERROR", "DAMAGED")) for line in lines), lines
    assert lines[-1] == "EXIT 0"


def test_a_second_launch_while_the_first_is_open_brings_it_forward(demo_db):
    first = gui("hold", demo_db)
    said: list[str] = []
    try:
        wait_for_line(first, "READY", said)
        holder = lock_path(demo_db).read_text().splitlines()[0]
        second = glutedesk("--db", demo_db)  # the real command, run to its end
        assert second.returncode == 0, second.stderr
        assert wait_for_line(first, "ASKED", said) == "ASKED ok"
        assert first.poll() is None  # the first copy is still running, and still the holder
        assert lock_path(demo_db).read_text().splitlines()[0] == holder
        assert database_in_use(demo_db) == first.pid
    finally:
        _stop(first)


def test_killed_with_a_draft_open_restarts_with_the_draft_offered_and_the_lock_taken(demo_db):
    app = gui("draft", demo_db)
    try:
        visit = wait_for_line(app, "DRAFTED", []).split()[1]
    finally:
        _stop(app)
    assert app.returncode == -signal.SIGKILL
    assert (demo_db.with_name(demo_db.name + ".drafts") / f"{visit}.json").exists()
    opened, lines = probe(demo_db)
    assert opened is not None, lines  # no "already open" false alarm: the lock was taken
    assert any(line.startswith("DRAFT-OFFERED ") for line in lines), lines
