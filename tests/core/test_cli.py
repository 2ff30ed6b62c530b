"""The command line, run as a real process: one clear line and a status, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from glutedesk.storage.clients import save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit


def run(*args, check=False):
    proc = subprocess.run(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def small_clinic(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    db = open_database(path)
    for name in ("Ann", "Bea"):
        client, _ = save_client(db, make_client(first_name=name))
        save_visit(db, make_visit(client.id))
    db.close()
    return path


def test_clients_json_lists_id_and_name(small_clinic):
    data = json.loads(run("clients", "--json", "--db", small_clinic, check=True).stdout)
    assert sorted(c["name"] for c in data) == ["Ann O'Brien-Łukasz", "Bea O'Brien-Łukasz"]
    assert all(len(c["id"]) == 32 for c in data)


def test_export_import_check_round_trip(small_clinic, tmp_path):
    out = tmp_path / "out.json"
    run("export", "--db", small_clinic, "--out", out, check=True)
    target = tmp_path / "target.sqlite3"
    result = run("import", "--db", target, out, check=True)
    assert "Imported 2 clients and 2 visits" in result.stdout
    assert run("check", "--db", target, check=True).stdout.startswith("ok")
    again = tmp_path / "again.json"
    run("export", "--db", target, "--out", again, check=True)
    first, second = json.loads(out.read_text("utf-8")), json.loads(again.read_text("utf-8"))
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second


def test_export_one_client_by_id_prefix(small_clinic, tmp_path):
    data = json.loads(run("clients", "--json", "--db", small_clinic, check=True).stdout)
    out = tmp_path / "one.json"
    run("export", "--db", small_clinic, "--out", out, "--client", data[0]["id"][:8], check=True)
    assert [c["id"] for c in json.loads(out.read_text("utf-8"))["clients"]] == [data[0]["id"]]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("import", "{tmp}/nope.json", "--db", "{tmp}/x.sqlite3"), "No such file"),
        (("export", "--db", "{tmp}/missing.sqlite3", "--out", "{tmp}/o.json"), "No GluteDesk"),
        (("check", "--db", "{tmp}/missing.sqlite3"), "No GluteDesk"),
        (("export", "--db", "{clinic}", "--out", "{tmp}/o.json", "--client", "zzzz"), "No client"),
        (("export", "--db", "{clinic}", "--out", "{tmp}/no/such/dir/o.json"), "Cannot write"),
    ],
)
def test_errors_are_one_line_with_nonzero_status(small_clinic, tmp_path, args, fragment):
    args = [a.format(tmp=tmp_path, clinic=small_clinic) for a in args]
    proc = run(*args)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], proc.stderr


def test_check_fails_on_a_broken_database(small_clinic):
    db = open_database(small_clinic)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("DELETE FROM clients")
    db.close()
    proc = run("check", "--db", small_clinic)
    assert proc.returncode == 1
    assert "foreign key" in proc.stderr


def test_refused_database_leaves_file_unchanged(tmp_path):
    path = tmp_path / "future.sqlite3"
    db = open_database(path)
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('glutedesk', '0042_future', 'x')"
    )
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = path.read_bytes()
    proc = run("clients", "--db", path)
    assert proc.returncode == 1 and "newer version of GluteDesk" in proc.stderr
    assert path.read_bytes() == before


def test_storage_errors_anywhere_are_one_clear_line(small_clinic, tmp_path, monkeypatch, capsys):
    from glutedesk.cli import main
    from glutedesk.storage import import_stream
    from glutedesk.storage.errors import DiskFullError

    out = tmp_path / "out.json"
    run("export", "--db", small_clinic, "--out", out, check=True)

    def full_disk(*args, **kwargs):
        raise DiskFullError("The disk is full: nothing was imported. Free some space and retry.")

    monkeypatch.setattr(import_stream, "import_export", full_disk)
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "--db", str(tmp_path / "target.sqlite3"), str(out)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["glutedesk: The disk is full: nothing was imported. Free some space and retry."]
