"""Export, import, export again: the same file, byte for byte, on the demo clinic.

Numbers keep the form they were entered and stored in: a questionnaire answer stored as 3 is
exported as 3, imported as 3 and exported as 3 again (not 3.0), so the imported clinic stores
and signs exactly what the first one did. Real ``glutedesk`` processes on real files; only the
``exported_at`` line (the time of each export) may differ.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from glutedesk.storage.clinic import Clinic
from tests.conftest import read_only_rows
from tests.core.test_cli import run

_EXPORTED_AT = re.compile(rb'\n "exported_at": "[^"]*",\n')


def _without_time(path: Path) -> bytes:
    data, count = _EXPORTED_AT.subn(b"\n", path.read_bytes(), count=1)
    assert count == 1
    return data


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> tuple[Path, Path]:
    """The demo clinic, with a signed visit that has questionnaire answers, and its export."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.sqlite3"
    run("demo", "--db", db, check=True)
    clinic = Clinic.open(db, create=False)
    try:
        (visit_id,) = clinic._conn.execute(
            "SELECT visit_id FROM outcome_scores WHERE items LIKE '[%' ORDER BY visit_id LIMIT 1"
        ).fetchone()
        clinic.sign(visit_id, "A. Therapist")
    finally:
        clinic.close()
    run("export", "--db", db, "--out", folder / "first.json", check=True)
    return db, folder / "first.json"


def test_an_export_imported_and_exported_again_is_the_same_file(demo_export, tmp_path):
    source, first = demo_export
    items = [
        i
        for v in json.loads(first.read_bytes())["visits"]
        for s in v["outcome_scores"]
        for i in s["items"]
    ]
    assert items and all(type(i) is int for i in items if i is not None)  # as the demo stores them
    copy = tmp_path / "copy.sqlite3"
    run("import", "--db", copy, first, check=True)
    run("export", "--db", copy, "--out", tmp_path / "second.json", check=True)
    assert _without_time(tmp_path / "second.json") == _without_time(first)
    # Stored as the first clinic stores it, so the signature covers the same content.
    scores = "SELECT visit_id, instrument, items, total FROM outcome_scores ORDER BY 1, 2"
    assert read_only_rows(copy, scores) == read_only_rows(source, scores)
    signed = "SELECT visit_id, content_hash FROM visit_signatures ORDER BY 1"
    assert len(read_only_rows(copy, signed)) == 1
    assert read_only_rows(copy, signed) == read_only_rows(source, signed)


def test_answers_written_with_a_decimal_point_keep_it_through_a_round_trip(demo_export, tmp_path):
    _source, first = demo_export
    doc = json.loads(first.read_bytes())
    score = next(s for v in doc["visits"] for s in v["outcome_scores"] if s["items"])
    score["items"] = [None if i is None else float(i) for i in score["items"]]
    decimal = tmp_path / "decimal.json"
    decimal.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    copy = tmp_path / "copy.sqlite3"
    run("import", "--db", copy, decimal, check=True)
    run("export", "--db", copy, "--out", tmp_path / "again.json", check=True)
    assert _without_time(tmp_path / "again.json") == _without_time(decimal)
