"""Qt-free fixtures shared by the whole suite (Qt fixtures live in tests/ui/conftest.py)."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from glutedesk.storage.database import (
    configure_connection,
    open_database,
    open_memory_database,
    wrap_connection,
)
from glutedesk.storage.migrations import MIGRATIONS


@pytest.fixture(scope="session")
def empty_memory_clinic():
    """One migrated in-memory clinic per test process, copied into each ``memory_db``."""
    db = open_memory_database()
    yield db.conn
    db.close()


@pytest.fixture
def memory_db(empty_memory_clinic):
    """A migrated in-memory database, as ``open_memory_database`` returns it: the empty
    clinic's pages copied (SQLite's backup) instead of its schema built again (40 ms)."""
    conn = sqlite3.connect(":memory:")
    empty_memory_clinic.backup(conn)
    db = wrap_connection(conn)
    configure_connection(db, wal=False)
    MIGRATIONS.apply(db)  # nothing to do: the copy is at the latest version (checked)
    yield db
    db.close()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "clinic.sqlite3"


@pytest.fixture(scope="session")
def empty_clinic_file(tmp_path_factory):
    """A new clinic file, created once per test process by ``open_database`` and closed."""
    path = tmp_path_factory.mktemp("empty-clinic") / "clinic.sqlite3"
    open_database(path).close()
    return path


def copy_clinic(template: Path, path: Path) -> None:
    """Copy the closed clinic ``template`` to ``path`` with the files beside it that belong to
    it (its audit anchor ``.audit-head``), each with its own name and mode: a real,
    independent clinic whose anchor matches it."""
    for source in template.parent.iterdir():
        if source.name.startswith(template.name):
            shutil.copy(source, path.with_name(path.name + source.name[len(template.name) :]))


def read_only_rows(db: Path, sql: str) -> list[tuple]:
    """The rows ``sql`` gives on the clinic file ``db``, read with plain sqlite3, read-only (the
    file as any other program would find it, nothing written)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def file_db(request, db_path, empty_clinic_file):
    """A new, empty clinic at ``db_path``, open: a copy of :func:`empty_clinic_file`, opened
    by ``open_database`` as the app opens an existing clinic. Creating each one anew took
    about 0.4 s of waiting for the disk (every migration step is synced) and 40 ms of CPU.

    A test that uses ``seeded_clinic_file`` (tests/ui/conftest.py's ``clinic``) gets a copy
    of that seeded clinic instead: its clients and visits saved once per test process.
    """
    template = empty_clinic_file
    if "seeded_clinic_file" in request.fixturenames:
        template = request.getfixturevalue("seeded_clinic_file").path
    copy_clinic(template, db_path)
    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture(autouse=True)
def private_settings_folder(tmp_path_factory, monkeypatch):
    """Every test (and every GluteDesk process it starts) keeps its Qt settings in a temporary
    folder: no test reads or changes the real user's preferences (recent clinics, window).

    The user's data and state folders (the default and demo clinics, the app's logs) are
    temporary too: test runs at the same time on one machine shared the real demo clinic,
    and one's test waited forever on an error dialog while another's was making it."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(folder / "state"))
    return folder


def pytest_addoption(parser):
    parser.addoption(
        "--shuffle",
        metavar="SEED",
        default=None,
        help="run the tests in a random order from SEED, or 'reverse' (order independence)",
    )


def pytest_collection_modifyitems(config, items):
    """``--shuffle SEED`` / ``--shuffle reverse``: no test may rely on another having run first."""
    seed = config.getoption("--shuffle")
    if seed is None:
        return
    if seed == "reverse":
        items.reverse()
    else:
        random.Random(seed).shuffle(items)
