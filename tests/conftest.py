"""Qt-free fixtures shared by the whole suite (Qt fixtures live in tests/ui/conftest.py)."""

from __future__ import annotations

import random

import pytest

from glutedesk.storage.database import open_database, open_memory_database


@pytest.fixture
def memory_db():
    db = open_memory_database()
    yield db
    db.close()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "clinic.sqlite3"


@pytest.fixture
def file_db(db_path):
    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture(autouse=True)
def private_settings_folder(tmp_path_factory, monkeypatch):
    """Every test (and every GluteDesk process it starts) keeps its Qt settings in a temporary
    folder: no test reads or changes the real user's preferences (recent clinics, window)."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
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
