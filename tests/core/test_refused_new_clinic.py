"""A refused ``glutedesk import`` or ``demo`` into a path with no clinic leaves nothing behind.

The commands create the clinic first (the records need somewhere to go); a refusal must then
remove it and everything made with it (``-wal``/``-shm``, ``.audit-head``, folders), while an
existing clinic, even an empty one, stays exactly as it was. Real processes on real files.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from glutedesk.storage.clients import save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.new_clinic import removed_if_refused
from glutedesk.storage.visits import save_visit
from scripts.bad_inputs import folder_state
from tests.core.test_cli import run
from tests.factories import make_client, make_visit


@pytest.fixture(scope="module")
def export_doc(tmp_path_factory) -> dict:
    """The export of a real two-client clinic, as JSON data."""
    folder = tmp_path_factory.mktemp("source")
    db = open_database(folder / "clinic.sqlite3")
    for name in ("Ann", "Bea"):
        client, _ = save_client(db, make_client(first_name=name))
        save_visit(db, make_visit(client.id))
    db.close()
    run("export", "--db", folder / "clinic.sqlite3", "--out", folder / "out.json", check=True)
    return json.loads((folder / "out.json").read_text(encoding="utf-8"))


def _clinically_invalid(doc: dict) -> dict:
    data = json.loads(json.dumps(doc))
    data["visits"][-1]["exercises"][0]["sets"] = 0  # refused after the first records are written
    return data


def _hostile(doc: dict) -> dict:
    data = json.loads(json.dumps(doc))
    data["clients"][-1]["id"] = "../../etc/passwd"
    return data


def _refused(args, fragment: str) -> None:
    proc = run(*args)
    assert proc.returncode == 1, proc.stderr
    assert fragment in proc.stderr


@pytest.mark.parametrize(
    ("make", "fragment"),
    [(_clinically_invalid, "exercises[0].sets"), (_hostile, "is not a GluteDesk id")],
)
@pytest.mark.parametrize("where", ["clinic.sqlite3", "new/deeper/clinic.sqlite3"])
def test_a_refused_import_into_no_clinic_leaves_nothing(
    export_doc, tmp_path, make, fragment, where
):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(make(export_doc)), encoding="utf-8")
    (tmp_path / "clinic.sqlite3.txt").write_text("the therapist's own notes\n")
    (tmp_path / "clinic-old").mkdir()  # near the names a clinic uses, not one of them
    before = folder_state(tmp_path)
    _refused(["import", "--db", tmp_path / where, bad], fragment)
    assert folder_state(tmp_path) == before


def test_a_refused_demo_into_no_clinic_leaves_nothing(tmp_path):
    before = folder_state(tmp_path)
    _refused(["demo", "--db", tmp_path / "new" / "demo.sqlite3", "--clients", "5"], "at least 20")
    assert folder_state(tmp_path) == before


def test_a_refused_import_leaves_an_existing_empty_clinic_as_it_was(export_doc, tmp_path):
    path = tmp_path / "clinic.sqlite3"
    open_database(path).close()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_clinically_invalid(export_doc)), encoding="utf-8")
    before = folder_state(tmp_path)
    _refused(["import", "--db", path, bad], "exercises[0].sets")
    assert folder_state(tmp_path) == before


def test_a_good_import_into_no_clinic_keeps_the_new_clinic(export_doc, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(export_doc), encoding="utf-8")
    path = tmp_path / "new" / "clinic.sqlite3"
    run("import", "--db", path, good, check=True)
    names = run("clients", "--json", "--db", path, check=True).stdout
    assert sorted(c["first_name"] for c in json.loads(names)) == ["Ann", "Bea"]


def test_a_new_clinic_another_connection_holds_open_is_not_removed(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    other = None
    with pytest.raises(RuntimeError), removed_if_refused(path):
        open_database(path).close()
        other = sqlite3.connect(path)  # as another process would have it open
        other.execute("SELECT count(*) FROM clients").fetchone()
        raise RuntimeError("refused")
    assert other is not None
    try:
        assert path.is_file()
    finally:
        other.close()


def test_a_new_clinic_that_holds_a_client_is_not_removed(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    with pytest.raises(RuntimeError), removed_if_refused(path):
        db = open_database(path)
        save_client(db, make_client(first_name="Cara"))
        db.close()
        raise RuntimeError("refused after a client was saved elsewhere")
    assert path.is_file()
