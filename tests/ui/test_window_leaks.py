"""Issue 14: a closed main window is deleted with all its widgets, however it was used.

A closed window kept alive (a signal connected to a lambda holding it, a registry, a timer)
stays among QApplication.allWidgets(); every later style or palette change walks it again.
The app's window (``open_main_window``) is deleted once its close is accepted.
"""

from __future__ import annotations

import functools
import gc
import sqlite3
import time
import weakref

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from glutedesk.storage.clinic import Clinic
from glutedesk.ui.first_paint import first_paint_done
from glutedesk.ui.main_window import MainWindow
from glutedesk.ui.window_assembly import open_main_window

ROUNDS = 3


def _settle() -> None:
    for _ in range(3):
        gc.collect()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
    gc.collect()  # what the last events let go of


def _use_and_close(db_path, qtbot, *, editor: bool) -> weakref.ref:
    """Open the window, use it, close it; return a weak reference to it."""
    clinic = Clinic.open(db_path)
    try:
        window = open_main_window(clinic, db_path)
        qtbot.waitUntil(functools.partial(first_paint_done, window), timeout=30_000)
        first = clinic.client_list(limit=1)[0]
        window.client_list.select_client(first.id)
        window.record_tabs.setCurrentIndex(1)  # the Timeline tab builds its view
        if editor:
            opened = window.open_visit_editor(first.id, None)
            qtbot.waitUntil(opened.isVisible, timeout=30_000)
        closed: list[bool] = []
        window.closed.connect(lambda: closed.append(True))
        deadline = time.monotonic() + 30
        while not window.close() and time.monotonic() < deadline:  # an editor may ask first
            QApplication.processEvents()
        assert closed == [True]
        gone = weakref.ref(window)
        del window
        _settle()
    finally:
        clinic.close()
    return gone


def test_a_closed_main_window_leaves_no_widget_behind(qtbot, demo_clinic, db_path, monkeypatch):
    from glutedesk.ui.visit_editor.dialogs import UnsavedChangesDialog

    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: "discard"))
    earlier = {id(w) for w in QApplication.allWidgets() if isinstance(w, MainWindow)}
    # Once: whatever Qt and the app make once per process (caches, shared menus) exists now.
    windows = [_use_and_close(db_path, qtbot, editor=True)]
    baseline = len(QApplication.allWidgets())
    top_level = len(QApplication.topLevelWidgets())
    for _ in range(ROUNDS):
        windows.append(_use_and_close(db_path, qtbot, editor=True))
        assert len(QApplication.allWidgets()) == baseline
        assert len(QApplication.topLevelWidgets()) == top_level
    assert not [
        w for w in QApplication.allWidgets() if isinstance(w, MainWindow) and id(w) not in earlier
    ]

    def no_python_window_left() -> bool:  # its Python side goes too (a moment later at most)
        QApplication.processEvents()
        gc.collect()
        return all(window() is None for window in windows)

    qtbot.waitUntil(no_python_window_left, timeout=10_000)


def test_a_window_whose_building_failed_is_not_kept(qtbot, demo_clinic, db_path, monkeypatch):
    """Reading the records failed while the window was built (app.py then runs the full check):
    the half-built window, and its widgets, are deleted, not left behind."""
    earlier = {id(w) for w in QApplication.allWidgets() if isinstance(w, MainWindow)}
    _settle()
    baseline = len(QApplication.allWidgets())

    def unreadable(self, *args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(Clinic, "client_list", unreadable)
    clinic = Clinic.open(db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            open_main_window(clinic, db_path)
    finally:
        clinic.close()
    _settle()
    assert not [
        w for w in QApplication.allWidgets() if isinstance(w, MainWindow) and id(w) not in earlier
    ]
    assert len(QApplication.allWidgets()) == baseline


def test_a_closed_visit_editor_leaves_no_widget_behind(qtbot, demo_clinic, db_path, monkeypatch):
    """Every section built (the Objective one makes an input for each test's variants and
    compensations, shown or not), then closed: nothing of it stays among the widgets."""
    from glutedesk.ui.visit_editor.dialogs import UnsavedChangesDialog
    from glutedesk.ui.visit_editor.editor_navigation import SECTION_COUNT

    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: "discard"))
    clinic = Clinic.open(db_path)
    window = open_main_window(clinic, db_path)
    qtbot.waitUntil(functools.partial(first_paint_done, window), timeout=30_000)
    first = clinic.client_list(limit=1)[0]
    window.client_list.select_client(first.id)

    def open_every_section_and_close() -> None:
        editor = window.open_visit_editor(first.id, None)
        qtbot.waitUntil(editor.isVisible, timeout=30_000)
        for index in range(SECTION_COUNT):
            editor.go_to(index)
        assert editor.close()
        _settle()

    try:
        open_every_section_and_close()  # what is made once per process exists from now on
        baseline = len(QApplication.allWidgets())
        for _ in range(ROUNDS):
            open_every_section_and_close()
            assert len(QApplication.allWidgets()) == baseline
    finally:
        window.close()
        _settle()
        clinic.close()
