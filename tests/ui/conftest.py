"""Qt fixtures for the GUI tests (the root conftest stays Qt-free)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from glutedesk.domain.ids import ClientId
from glutedesk.domain.models import Nprs
from glutedesk.storage.clients import client_ids, save_client
from glutedesk.storage.clinic import Clinic as StorageClinic
from glutedesk.storage.database import open_database
from glutedesk.storage.visits import save_visit
from tests.conftest import copy_clinic
from tests.factories import make_client, make_visit, with_red_flag

TODAY = dt.date(2026, 3, 1)


@dataclass(frozen=True)
class Clinic:
    """Ids of the seeded clients, by first name."""

    ids: dict[str, ClientId]

    def __getitem__(self, first_name: str) -> ClientId:
        return self.ids[first_name]


def seed_clinic(db) -> Clinic:
    """Save five clients; Zoë has three visits (saved out of date order, one with a red flag)."""
    people = [
        ("Zoë", "O'Brien-Łukasz", dt.date(1984, 3, 9)),
        ("Arjun", "Patel", dt.date(1971, 11, 2)),
        ("Margaret", "Hughes", dt.date(1958, 6, 30)),
        ("Liam", "Doherty", None),
        ("Siobhan", "McAllister", dt.date(1990, 1, 15)),
    ]
    ids: dict[str, ClientId] = {}
    for first, last, born in people:
        client, _ = save_client(
            db, make_client(first_name=first, last_name=last, date_of_birth=born)
        )
        ids[first] = client.id
    zoe = ids["Zoë"]
    save_visit(db, make_visit(zoe, dt.date(2026, 2, 1), nprs=Nprs(now=4)))
    save_visit(db, with_red_flag(make_visit(zoe, dt.date(2026, 1, 4), nprs=Nprs(now=7))))
    save_visit(db, make_visit(zoe, dt.date(2026, 2, 15), nprs=Nprs(now=2)))
    save_visit(db, make_visit(ids["Arjun"], dt.date(2026, 1, 20)))
    return Clinic(ids)


@dataclass(frozen=True)
class SeededClinicFile:
    path: Path
    clinic: Clinic


@pytest.fixture(scope="session")
def seeded_clinic_file(tmp_path_factory, empty_clinic_file) -> SeededClinicFile:
    """The ``clinic`` fixture's records, saved once per test process into a copy of the empty
    clinic and closed, its audit anchor beside it. Saving them for each of the 190-odd tests
    that use them took nine synced transactions a test (80 ms here)."""
    path = tmp_path_factory.mktemp("seeded-clinic") / "clinic.sqlite3"
    copy_clinic(empty_clinic_file, path)
    db = open_database(path)
    clinic = seed_clinic(db)
    db.close()
    beside = sorted(p.name for p in path.parent.iterdir())
    assert beside == ["clinic.sqlite3", "clinic.sqlite3.audit-head"], beside  # no WAL left
    return SeededClinicFile(path, clinic)


@pytest.fixture
def clinic(seeded_clinic_file, file_db) -> Clinic:
    """Five clients; Zoë has three visits (saved out of date order, one with a red flag).

    ``file_db`` is a copy of :func:`seeded_clinic_file` (tests/conftest.py). Had it been opened
    before this fixture was asked for (``request.getfixturevalue``), it is still empty and the
    records are saved into it here.
    """
    there = set(client_ids(file_db))
    if not there:
        return seed_clinic(file_db)
    assert there == set(seeded_clinic_file.clinic.ids.values()), "file_db is not the seeded clinic"
    return seeded_clinic_file.clinic


@pytest.fixture
def make_window(qtbot, file_db, db_path):
    """Build a MainWindow over ``file_db`` (seed it first, e.g. by requesting ``clinic``)."""
    from glutedesk.ui.main_window import MainWindow

    def make() -> MainWindow:
        window = MainWindow(StorageClinic(file_db), db_path, today=lambda: TODAY)
        qtbot.addWidget(window)
        return window

    return make


@pytest.fixture
def window(clinic, make_window):
    return make_window()


@pytest.fixture
def demo_clinic(file_db):
    """A small demo clinic (5 clients, their visits) in ``file_db``, anchored at TODAY."""
    from glutedesk.samples.demo import build_demo_clinic

    return build_demo_clinic(StorageClinic(file_db), n_clients=5, seed=7, today=TODAY)


@pytest.fixture
def make_editor(qtbot, file_db, monkeypatch):
    """Build a VisitEditor over ``file_db``; closing it at teardown discards unsaved changes."""
    from glutedesk.ui.visit_editor import VisitEditor, drafts_folder_for
    from glutedesk.ui.visit_editor.dialogs import UnsavedChangesDialog

    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: "discard"))

    def make(client_id, visit_id=None, **kwargs) -> VisitEditor:
        kwargs.setdefault("today", lambda: TODAY)
        kwargs.setdefault("drafts_folder", drafts_folder_for(StorageClinic(file_db)))
        editor = VisitEditor(StorageClinic(file_db), client_id, visit_id, **kwargs)
        qtbot.addWidget(editor)
        return editor

    return make


@pytest.fixture(autouse=True)
def no_unexpected_create_dialog(monkeypatch):
    """A test that reaches "Create a new clinic here?" without answering it fails at once.

    (A real modal dialog would wait for a click forever under the offscreen platform.)
    """
    from glutedesk.ui.startup_dialogs import CreateDatabaseDialog

    def unexpected(cls, parent, db_path):
        raise AssertionError(f"unexpected 'create a new clinic?' question for {db_path}")

    monkeypatch.setattr(CreateDatabaseDialog, "ask", classmethod(unexpected))


@pytest.fixture(autouse=True)
def app_style_restored(qapp):
    """Whatever a test does to the application's style (run_gui applies the real one, the
    dark-mode tests the dark one) is undone after it, so no later test inherits it."""
    from glutedesk.ui import style

    saved = (qapp.style().name(), QFont(qapp.font()), QPalette(qapp.palette()), qapp.styleSheet())
    colours = {k: v for k, v in vars(style).items() if k.isupper() or k == "_current"}
    yield
    name, font, palette, sheet = saved
    if qapp.styleSheet() != sheet:
        qapp.setStyleSheet(sheet)
    if qapp.style().name() != name:
        qapp.setStyle(name)
    qapp.setFont(font)
    qapp.setPalette(palette)
    vars(style).update(colours)


@pytest.fixture(autouse=True)
def windows_deleted(qapp):
    """The windows a test leaves behind are deleted at its end, before the style is restored.

    pytest-qt closes the widgets given to ``qtbot.addWidget`` and asks Qt to delete them later,
    but "later" is the event loop, which tests never run; and some windows hold parentless
    widgets the editor never laid out (the test battery's unused fields: 75 a visit editor),
    kept alive by Python. Left alive, each later test's style change re-polished all of them:
    tests/ui/test_window_fit.py's last tests spent 6 s of CPU each just setting up. Nothing is
    closed here (a close could ask a question): the leftovers are deleted, as at exit.
    """
    before = set(QApplication.topLevelWidgets())
    yield
    for widget in QApplication.topLevelWidgets():
        if widget not in before and widget.parentWidget() is None:
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def welcome_answered_later(monkeypatch):
    """An empty clinic's welcome is answered "Later" unless a test answers it itself.

    (tests/ui/test_welcome.py clicks the real dialog; everywhere else a modal welcome would
    wait for a click under the offscreen platform.) ``asked`` records each time it came up.
    """
    from glutedesk.ui.welcome import WelcomeDialog

    asked: list = []

    def later(cls, parent, current, backup_dir, **kwargs):
        asked.append(current)
        return "later", current

    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(later))
    return asked


@pytest.fixture
def answer_create(monkeypatch):
    """Answer "Create a new clinic here?" with ``answer.value`` (default yes); record the asks."""
    from glutedesk.ui.startup_dialogs import CreateDatabaseDialog

    class Answer:
        def __init__(self) -> None:
            self.value = True
            self.asked: list = []

    answer = Answer()

    def ask(cls, parent, db_path):
        answer.asked.append(db_path)
        return answer.value

    monkeypatch.setattr(CreateDatabaseDialog, "ask", classmethod(ask))
    return answer


@pytest.fixture(autouse=True)
def private_settings(private_settings_folder):
    """Qt reads XDG_CONFIG_HOME once per process: point this process's QSettings there too."""
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(private_settings_folder))
    return private_settings_folder
