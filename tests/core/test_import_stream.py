"""A whole-clinic export imports whatever its size: a record at a time, all or nothing.

The import used to read the file whole and refused anything over 250 MB, so the export of a
10,000-client clinic (1.2 GB) could not come back. It now reads a window of the file and one
record at a time; what protects against a hostile file is a limit per record, the file's size
against the free disk, and the format's limits on nesting, numbers and keys. The window and
the limits are made small here (monkeypatched module constants) so that a few-MB export crosses
hundreds of window edges and a hostile file trips them quickly.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from glutedesk.samples.demo import build_demo_clinic
from glutedesk.storage import export_stream, import_stream
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import open_database
from glutedesk.storage.exchange import ImportRefused, export_records, write_export
from glutedesk.storage.import_stream import import_export, open_export

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def export_file(tmp_path_factory) -> Path:
    """A demo clinic of 24 clients, with a signed and amended visit, exported to a file."""
    folder = tmp_path_factory.mktemp("stream")
    db = open_database(folder / "demo.sqlite3")
    clinic = Clinic(db)
    build_demo_clinic(clinic, n_clients=24, seed=7, today=TODAY)
    visit_id = db.execute("SELECT id FROM visits ORDER BY id LIMIT 1").fetchone()[0]
    clinic.sign(visit_id, "Alex Morgan")
    clinic.amend(visit_id, "Alex Morgan", "Phoned", "general", "Eased by the evening.")
    out = folder / "demo.json"
    write_export(db, out)
    db.close()
    return out


def _import(path: Path, target: Path):
    db = open_database(target)
    try:
        with open_export(path) as reader:
            return import_export(db, reader, target)
    finally:
        db.close()


def _digest(path: Path) -> str:
    db = open_database(path)
    try:
        rows = [tuple(r) for t in ("clients", "visits") for r in db.execute(f"SELECT * FROM {t}")]
        return hashlib.sha256(repr(sorted(rows, key=repr)).encode()).hexdigest()
    finally:
        db.close()


def test_the_writer_streams_the_same_bytes_json_dumps_wrote(export_file):
    db = open_database(export_file.parent / "demo.sqlite3")
    whole = json.dumps(export_records(db), ensure_ascii=False, indent=1, allow_nan=False)
    db.close()
    streamed = export_file.read_text("utf-8")
    cut = lambda text: "\n".join(  # noqa: E731
        line for line in text.splitlines() if '"exported_at"' not in line
    )
    assert cut(streamed) == cut(whole)


@pytest.mark.parametrize("chunk", [4096, 65_537])
def test_a_file_many_windows_long_round_trips(export_file, tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(export_stream, "CHUNK_BYTES", chunk)
    assert export_file.stat().st_size > 20 * chunk  # many window edges
    done = _import(export_file, tmp_path / "copy.sqlite3")
    original = json.loads(export_file.read_text("utf-8"))
    assert (done.clients, done.visits) == (24, len(original["visits"]))
    again = tmp_path / "again.json"
    db = open_database(tmp_path / "copy.sqlite3")
    write_export(db, again)
    db.close()
    second = json.loads(again.read_text("utf-8"))
    original.pop("exported_at"), second.pop("exported_at")
    assert second == original
    assert len(second["signatures"]) == 1 and len(second["amendments"]) == 1


def test_a_file_larger_than_the_old_whole_file_limit_imports(export_file, tmp_path, monkeypatch):
    """The file's size is not the limit: records are. With a limit per record of 32 KB and
    windows of 8 KB, a file forty times that imports in a memory of a few windows."""
    monkeypatch.setattr(export_stream, "CHUNK_BYTES", 8_192)
    monkeypatch.setattr(export_stream, "MAX_RECORD_BYTES", 32_768)
    assert export_file.stat().st_size > 40 * export_stream.MAX_RECORD_BYTES
    done = _import(export_file, tmp_path / "copy.sqlite3")
    assert done.clients == 24


def _hostile(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "hostile.json"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


HEAD = (
    '{"format": "glutedesk-export", "format_version": 1, '
    '"exported_at": "2026-01-01T00:00:00+00:00", '
)


@pytest.mark.parametrize(
    "body, message",
    [
        # A string that never ends within the limit for one record.
        (HEAD + '"clients": [{"first_name": "' + "A" * 300_000, r"clients\[0\]: one record may"),
        # A list of a million tiny lists: the first is not a client.
        (HEAD + '"clients": [' + "[]," * 1_000_000 + "[]]}", r"clients\[0\]"),
        # Nesting far beyond the format's 10 levels, inside a record.
        (HEAD + '"clients": [' + "[" * 100_000 + "]" * 100_000 + "]}", "nests deeper"),
        # A top-level value the format does not know, however large.
        (HEAD + '"notes": "' + "x" * 300_000 + '"}', r"notes: one record may|unknown top-level"),
        # The same list twice (a second copy of every client).
        (HEAD + '"clients": [], "visits": [], "clients": []}', "appears twice"),
        # Records before the format is named.
        ('{"clients": [], "format": "glutedesk-export"}', "'format' is missing"),
        # Visits before their clients.
        (HEAD + '"visits": [], "clients": []}', "'clients' must come before its 'visits'"),
        # A number too long for any field.
        (HEAD + '"clients": [{"n": ' + "9" * 5000 + "}]}", "beyond the whole numbers"),
        # Text after the document.
        (HEAD + '"clients": [], "visits": []} {"more": 1}', r"not valid JSON .*Extra data"),
        # Cut off in the middle of a record.
        (HEAD + '"clients": [{"first_name": "Ann"', r"not valid JSON"),
    ],
    ids=[
        "endless-string",
        "million-lists",
        "deep",
        "unknown-huge",
        "twice",
        "no-format",
        "order",
        "long-number",
        "extra",
        "cut",
    ],
)
def test_hostile_files_are_refused_and_nothing_is_written(
    export_file, tmp_path, monkeypatch, body, message
):
    monkeypatch.setattr(export_stream, "CHUNK_BYTES", 16_384)
    monkeypatch.setattr(export_stream, "MAX_RECORD_BYTES", 100_000)
    target = tmp_path / "clinic.sqlite3"
    _import(export_file, target)  # the clinic has records the refusal must leave alone
    before = _digest(target)
    with pytest.raises(ImportRefused, match=message) as info:
        _import(_hostile(tmp_path, body), target)
    assert "\n" not in str(info.value)
    assert _digest(target) == before


def test_a_bad_record_after_many_good_ones_rolls_all_of_them_back(export_file, tmp_path):
    doc = json.loads(export_file.read_text("utf-8"))
    bad = copy.deepcopy(doc)
    bad["visits"][-1]["nprs"]["now"] = 11  # the last visit breaks a clinical rule
    path = _hostile(tmp_path, json.dumps(bad, indent=1))
    target = tmp_path / "empty.sqlite3"
    with pytest.raises(ImportRefused, match=r"Invalid record: visits\[\d+\].*nprs"):
        _import(path, target)
    db = open_database(target)
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0
    db.close()


def test_a_file_too_large_for_the_disk_or_the_limit_is_refused_before_reading(
    tmp_path, monkeypatch
):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: only the size is written
        handle.write(b'{"format": "glutedesk-export", ')
        handle.truncate(2_000_000)
    monkeypatch.setattr(export_stream, "MAX_IMPORT_BYTES", 1_000_000)
    with pytest.raises(ImportRefused, match=r"too large .* the limit is 1 MB"):
        open_export(path)
    monkeypatch.setattr(export_stream, "MAX_IMPORT_BYTES", 10_000_000)
    monkeypatch.setattr(import_stream.shutil, "disk_usage", lambda _p: _Usage(500_000))
    target = tmp_path / "clinic.sqlite3"
    with pytest.raises(ImportRefused, match=r"Not enough free disk space .* 2 MB .* 0 MB"):
        _import(path, target)


class _Usage:
    def __init__(self, free: int) -> None:
        self.free = free


def test_the_product_limits_admit_a_10000_client_clinic():
    """1.2 GB is the export of the kept 10,000-client benchmark clinic (docs/export-format.md)."""
    assert export_stream.MAX_IMPORT_BYTES >= 10 * 1_218_288_433
    assert export_stream.MAX_RECORD_BYTES >= 1_000_000  # the largest legal visit is ~100 KB


def test_the_command_round_trips_through_real_processes(export_file, tmp_path):
    db = tmp_path / "clinic.sqlite3"
    run = subprocess.run(
        [sys.executable, "-m", "glutedesk", "import", str(export_file), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Imported 24 clients and ")
    again = subprocess.run(
        [sys.executable, "-m", "glutedesk", "import", str(export_file), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 1
    [line] = again.stderr.strip().splitlines()
    assert line.startswith("glutedesk: Client ") and "already in this database" in line
