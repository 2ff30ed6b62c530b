"""A restore SIGKILLed at each step: the next real ``glutedesk`` start finds one clinic, whole.

The child restore is the real ``restore_database``; the child script's own code (in
``scripts/interrupt_restore.py``) wraps ``os.replace`` and the last two steps to wait there, and
the test kills it with SIGKILL. GluteDesk's code is unchanged.
"""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "interrupt_restore", ROOT / "scripts" / "interrupt_restore.py"
)
harness = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(harness)  # type: ignore[union-attr]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

OLD_STEPS = {"copy", "replace:1", "replace:2"}


@pytest.mark.parametrize("step", harness.STEPS)
def test_a_restore_killed_at_each_step_leaves_old_or_new_clinic_whole(tmp_path, step):
    db_path, backup = harness.make_case(tmp_path)
    where = harness.interrupt(db_path, backup, step)
    assert where  # it really stopped there before being killed
    found = harness.examine(db_path)
    assert found["clients_exit"] == 0 and found["check_exit"] == 0, found
    assert found["leftovers"] == [], found
    if step in OLD_STEPS:
        # Nothing was moved yet: the old clinic, with the save that was still in its -wal.
        assert found["clinic"] == "old" and found["has_after"], found
        assert found["aside"] == [] and found["restore_entries"] == 0
    else:
        # The journal said "ready": the restore was finished, and logged exactly once.
        assert found["clinic"] == "new" and not found["has_after"], found
        assert found["restore_entries"] == 1
        # The old clinic is kept as one complete set: main file with its -wal, all 4 clients.
        assert found["aside"] == [
            {"file": found["aside"][0]["file"], "has_wal": True, "clients": 4}
        ], found


def test_a_command_during_a_running_restore_waits_instead_of_recovering(tmp_path):
    db_path, backup = harness.make_case(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, harness.__file__, "child", str(db_path), str(backup), "replace:4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("PAUSED"), line
        # The live file has moved aside, its -wal not yet: a second GluteDesk must not touch it.
        assert not db_path.exists()
        busy = harness.glutedesk("clients", "--db", str(db_path))
        assert busy.returncode == 1
        assert busy.stderr.strip().startswith("glutedesk: Another GluteDesk is restoring")
        assert len(busy.stderr.strip().splitlines()) == 1
        assert not db_path.exists()  # no empty clinic was created in its place
    finally:
        proc.kill()
        proc.communicate(timeout=120)
    found = harness.examine(db_path)
    assert found["clinic"] == "new" and found["leftovers"] == [] and found["check_exit"] == 0


def test_a_restore_an_older_glutedesk_left_between_its_moves_is_finished(tmp_path):
    # The old restore: verified copy at .restoring, live file moved aside, its -wal not yet.
    db_path, backup = harness.make_case(tmp_path)
    copy = db_path.with_name(db_path.name + ".restoring")
    copy.write_bytes(backup.read_bytes())
    aside = db_path.with_name(db_path.name + ".replaced-20260302-093000")
    db_path.rename(aside)
    assert db_path.with_name(db_path.name + "-wal").exists()
    found = harness.examine(db_path)
    assert found["clinic"] == "new" and found["check_exit"] == 0, found
    assert found["leftovers"] == []
    assert found["aside"] == [{"file": aside.name, "has_wal": True, "clients": 4}]


def test_a_log_without_its_database_is_never_joined_to_another_file(tmp_path):
    db_path, backup = harness.make_case(tmp_path)
    copy = db_path.with_name(db_path.name + ".restoring")
    copy.write_bytes(backup.read_bytes())
    wal = db_path.with_name(db_path.name + "-wal")
    kept = wal.read_bytes()
    db_path.unlink()  # the database file is gone; only its log is left
    result = harness.glutedesk("clients", "--db", str(db_path))
    assert result.returncode == 1
    assert result.stderr.startswith("glutedesk: clinic.sqlite3 is missing but its write-ahead log")
    assert not db_path.exists() and wal.read_bytes() == kept and copy.exists()
