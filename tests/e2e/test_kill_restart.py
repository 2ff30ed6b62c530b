"""Kill the real app (SIGKILL) right after a save, start it again: it opens in place, whole.

This is the crash that used to make the next start call a sound clinic damaged and rename it
(the start-up check compared the main file's size with a page count that included pages still
in the ``-wal``). Each test kills a real ``glutedesk`` process, then restarts through the real
paths: ``glutedesk check`` and the GUI's start-up (via tests/e2e/gui_driver.py).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import read_only_rows
from tests.e2e.conftest import beside, glutedesk, gui, probe

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _restart_opens_in_place(db: Path, names_before: dict[str, int]) -> dict:
    check = glutedesk("check", "--db", db)
    assert check.returncode == 0, check.stderr
    assert "ok: integrity" in check.stdout
    opened, lines = probe(db)
    assert opened is not None, lines
    assert not any(line.startswith(("DAMAGED", "ERROR")) for line in lines), lines
    assert opened["read_only"] is None and opened["late"] is None
    assert not list(db.parent.glob(f"{db.name}.corrupt-*"))
    assert beside(db)[db.name] == names_before[db.name]  # the same file, never renamed
    return opened


def test_gui_killed_right_after_saves_reopens_in_place_with_every_save(demo_db):
    app = gui("save", demo_db)
    saved: list[str] = []
    try:
        deadline = time.monotonic() + 180
        for line in app.stdout:  # wait for the app's own word that saves committed
            if line.startswith("SAVED "):
                saved.append(line.split()[1])
                if len(saved) == 3:
                    break
            assert time.monotonic() < deadline, "the app never saved"
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=60)
    assert app.returncode == -signal.SIGKILL
    wal = demo_db.with_name(demo_db.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the saves were still in the -wal
    before = beside(demo_db)
    opened = _restart_opens_in_place(demo_db, before)
    stored = {r[0] for r in read_only_rows(demo_db, "SELECT id FROM visits")}
    assert set(saved) <= stored
    assert opened["visits"] == len(stored)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cli_writer_killed_at_a_random_moment_reopens_in_place(demo_db, tmp_path, seed):
    export = tmp_path / "export.json"
    glutedesk("export", "--db", demo_db, "--out", export, check=True)
    target = tmp_path / "target.sqlite3"
    proc = glutedesk_popen("demo", "--db", target, "--clients", "60", "--seed", str(seed))
    committed = 0
    try:
        deadline = time.monotonic() + 180
        while committed == 0:  # at least one save committed, as seen by another reader
            assert proc.poll() is None, "the demo finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
            if target.exists():
                try:
                    committed = read_only_rows(target, "SELECT count(*) FROM clients")[0][0]
                except sqlite3.Error:
                    committed = 0
        time.sleep(random.Random(seed).uniform(0, 0.3))
        committed = read_only_rows(target, "SELECT count(*) FROM clients")[0][0]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    opened = _restart_opens_in_place(target, beside(target))
    assert opened["clients"] >= committed >= 1


def glutedesk_popen(*args: str | Path):
    import subprocess
    import sys

    from tests.e2e.conftest import ROOT, env

    return subprocess.Popen(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
