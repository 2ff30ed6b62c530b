"""A full disk is called a full disk: a real ``glutedesk`` process on a tiny, filled tmpfs."""

from __future__ import annotations

import errno
import json

import pytest

from tests.e2e.conftest import glutedesk, probe, tmpfs


def _fill(folder) -> None:
    with (folder / "filler.bin").open("wb", buffering=0) as f:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    f.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC


@pytest.fixture
def exports(tmp_path):
    demo = tmp_path / "demo.sqlite3"
    glutedesk("demo", "--db", demo, check=True)
    ids = [c["id"] for c in json.loads(glutedesk("clients", "--json", "--db", demo).stdout)]
    one, rest = tmp_path / "one.json", tmp_path / "rest.json"
    glutedesk("export", "--db", demo, "--client", ids[0], "--out", one, check=True)
    glutedesk("export", "--db", demo, "--out", rest, check=True)
    return one, rest


def test_an_import_onto_a_full_disk_says_the_disk_is_full(tmp_path, exports):
    one, rest = exports
    with tmpfs(tmp_path / "small", size="1m") as where:
        db = where / "clinic.sqlite3"
        glutedesk("import", one, "--db", db, check=True)
        _fill(where)
        run = glutedesk("import", rest, "--db", db)
        assert run.returncode == 1, run.stderr
        [line] = run.stderr.strip().splitlines()
        assert line.startswith("glutedesk: ") and "disk is full" in line, line
        assert "I/O" not in line and "unexpected" not in line
        # Reading needs no room: the records can still be checked, exported and opened.
        out = tmp_path / "saved.json"
        export = glutedesk("export", "--db", db, "--out", out)
        assert export.returncode == 0, export.stderr
        assert "disk is full" in export.stderr and len(json.loads(out.read_text())["clients"]) == 1
        opened, lines = probe(db)
        assert opened is not None, lines
        assert "disk is full" in opened["read_only"] and opened["clients"] == 1
        for filler in where.glob("filler*.bin"):
            filler.unlink()
        check = glutedesk("check", "--db", db)
        assert check.returncode == 0, check.stderr
        listed = json.loads(glutedesk("clients", "--json", "--db", db).stdout)
        assert len(listed) == 1  # the refused import left nothing half-written
