"""Read-only clinics: every reading command works on a read-only file, folder or drive.

Each case holds a clinic with committed saves still in its ``-wal`` and no ``-shm`` (as a
crash leaves it after the ``-shm`` is lost, the hardest case for a read-only reader), then:

- ``file``: the database file made 0444 (skipped as root, whom permissions do not stop);
- ``folder``: the clinic's folder bind-mounted read-only (root needs a mount to be stopped);
- ``mount``: a tmpfs remounted read-only.

``check``, ``clients``, ``export``, ``report``, ``sar`` and ``backup`` then run as real
``glutedesk`` processes and must succeed with a one-line note, reading every committed record
(those in the ``-wal`` included), while nothing beside the database changes. The app opens it
read-only and says why.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, env, glutedesk, probe, remount_read_only, tmpfs

SAVER = (
    "import os, signal, sys\n"
    "from glutedesk.storage.clients import save_client\n"
    "from glutedesk.storage.database import open_database\n"
    "from tests.factories import make_client\n"
    "db = open_database(sys.argv[1])\n"
    "for i in range(30):\n"
    "    save_client(db, make_client(first_name=f'Late{i}', notes='n' * 2000))\n"
    "os.kill(os.getpid(), signal.SIGKILL)\n"
)


def _clinic_with_hot_wal(folder: Path) -> Path:
    db = folder / "clinic.sqlite3"
    glutedesk("demo", "--db", db, check=True)
    run = subprocess.run([sys.executable, "-c", SAVER, str(db)], cwd=ROOT, env=env(), check=False)
    assert run.returncode == -signal.SIGKILL
    db.with_name(db.name + "-shm").unlink()
    assert db.with_name(db.name + "-wal").stat().st_size > 0
    return db


def _state(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.fixture(params=["file", "folder", "mount"])
def read_only_clinic(request, tmp_path):
    case = request.param
    if case == "file":
        if os.geteuid() == 0:
            pytest.skip("root ignores file permissions; the folder and mount cases cover it")
        db = _clinic_with_hot_wal(tmp_path)
        for p in tmp_path.iterdir():
            p.chmod(0o444)
        yield case, db
        return
    where = tmp_path / "ro"
    with tmpfs(where):
        if case == "folder":
            source = tmp_path / "source"
            source.mkdir()
            db = _clinic_with_hot_wal(source)
            bind = subprocess.run(
                ["mount", "--bind", str(source), str(where)], capture_output=True, check=False
            )
            if bind.returncode != 0:
                pytest.skip("cannot bind-mount here")
            try:
                remount_read_only(where, bind=True)
                yield case, where / db.name
            finally:
                subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)
        else:
            db = _clinic_with_hot_wal(where)
            remount_read_only(where)
            yield case, db


def test_reading_commands_work_and_write_nothing(read_only_clinic, tmp_path):
    _case, db = read_only_clinic
    before = _state(db.parent)
    out = tmp_path / "out"
    out.mkdir()
    listed = glutedesk("clients", "--json", "--db", db)
    assert listed.returncode == 0, listed.stderr
    clients = json.loads(listed.stdout)
    assert len(clients) == 24 + 30  # the 30 saves still in the -wal are read too
    assert "read-only" in listed.stderr and len(listed.stderr.strip().splitlines()) == 1
    client = clients[0]["id"]
    runs = {
        "check": glutedesk("check", "--db", db),
        "export": glutedesk("export", "--db", db, "--out", out / "all.json"),
        "report": glutedesk("report", "--db", db, "--client", client, "--out", out / "r.pdf"),
        "sar": glutedesk("sar", "--db", db, "--client", client, "--out", out),
        "backup": glutedesk("backup", "--db", db, "--to", out / "backups"),
    }
    for name, run in runs.items():
        assert run.returncode == 0, (name, run.stderr)
        assert "Traceback" not in run.stderr
        assert f"opened {db} read-only" in run.stderr, (name, run.stderr)
    assert "not recorded in its audit log" in runs["export"].stderr
    assert "ok: integrity" in runs["check"].stdout
    assert len(json.loads((out / "all.json").read_text())["clients"]) == 54
    assert (out / "r.pdf").read_bytes().startswith(b"%PDF")
    assert list(out.glob("subject-access-*/records.pdf"))
    assert "54 clients" in runs["backup"].stdout
    assert _state(db.parent) == before  # nothing written, nothing created beside it


def test_the_app_opens_it_read_only_and_says_why(read_only_clinic):
    _case, db = read_only_clinic
    before = _state(db.parent)
    opened, lines = probe(db)
    assert opened is not None, lines
    assert opened["read_only"] and "read-only" in opened["read_only"]
    assert opened["clients"] == 54 and opened["late"] is None
    assert not any(line.startswith(("DAMAGED", "ERROR")) for line in lines), lines
    assert _state(db.parent) == before


def test_a_writing_command_is_refused_in_one_line(read_only_clinic, tmp_path):
    _case, db = read_only_clinic
    run = glutedesk("erase", "--db", db, "--client", "abcd", "--reason", "x", "--yes")
    assert run.returncode == 1
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("glutedesk: ") and "read-only" in line
