"""The visit editor's real modal dialogs, answered by clicking their buttons.

Elsewhere the dialogs' ``ask()`` is replaced; here the real QMessageBox opens, a timer clicks
one of its buttons, and the test checks that the button maps to the right answer and that the
editor acts on it.
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.drafts import list_drafts, save_draft
from glutedesk.storage.visits import count_visits, get_visit
from glutedesk.ui.visit_editor import VisitEditor, drafts_folder_for, open_visit_editor
from tests.ui.conftest import TODAY
from tests.ui.dialog_clicker import Clicker

SAVE = QMessageBox.StandardButton.Save
DISCARD = QMessageBox.StandardButton.Discard
CANCEL = QMessageBox.StandardButton.Cancel
RETRY = QMessageBox.StandardButton.Retry
CLOSE = QMessageBox.StandardButton.Close


@pytest.fixture
def clicker():
    return Clicker()


@pytest.fixture
def editor_for(qtbot, file_db):
    editors = []

    def make(client_id, **kwargs) -> VisitEditor:
        editor = VisitEditor(
            Clinic(file_db),
            client_id,
            today=lambda: TODAY,
            drafts_folder=drafts_folder_for(Clinic(file_db)),
            **kwargs,
        )
        editors.append(editor)
        editor.show()
        return editor

    yield make
    for editor in editors:  # closed here, not by qtbot, so that closing asks nothing
        editor._clean = editor.collect()
        editor.close()
        editor.deleteLater()


def typed(editor) -> None:
    editor.subjective.therapist.setText("Sam")
    editor.subjective.change.setText("Typed before closing")
    editor.subjective.red_flags.screened.setChecked(True)


def test_closing_with_changes_cancel_keeps_the_editor_open(clinic, editor_for, clicker):
    editor = editor_for(clinic["Liam"])
    typed(editor)
    clicker.answer(CANCEL)
    assert editor.close() is False
    assert editor.isVisible() and editor.is_dirty()
    assert clicker.texts == ["This visit has changes that are not saved."]


def test_closing_with_changes_discard_closes_and_drops_the_draft(
    clinic, editor_for, clicker, file_db
):
    editor = editor_for(clinic["Liam"])
    typed(editor)
    assert editor.autosave()  # a draft exists
    before = count_visits(file_db)
    clicker.answer(DISCARD)
    assert editor.close() is True
    assert not editor.isVisible()
    assert count_visits(file_db) == before
    assert list_drafts(drafts_folder_for(Clinic(file_db))) == []


def test_closing_with_changes_save_stores_the_visit_then_closes(
    clinic, editor_for, clicker, file_db
):
    editor = editor_for(clinic["Liam"])
    typed(editor)
    clicker.answer(SAVE)
    assert editor.close() is True
    assert get_visit(file_db, editor.visit_id).change_since_last == "Typed before closing"


def _failing_once(monkeypatch):
    real_save = Clinic.save_visit
    calls = []

    def flaky(clinic, visit):
        calls.append(visit)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return real_save(clinic, visit)

    monkeypatch.setattr(Clinic, "save_visit", flaky)
    return calls


def test_a_failed_save_retry_button_saves(clinic, editor_for, clicker, file_db, monkeypatch):
    editor = editor_for(clinic["Liam"])
    typed(editor)
    calls = _failing_once(monkeypatch)
    clicker.answer(RETRY)
    assert editor.save() is True
    assert len(calls) == 2
    [text] = clicker.texts
    assert text.startswith("The visit was not saved") and "in use" in text
    assert get_visit(file_db, editor.visit_id).change_since_last == "Typed before closing"


def test_a_failed_save_close_button_keeps_the_text(clinic, editor_for, clicker, monkeypatch):
    editor = editor_for(clinic["Liam"])
    typed(editor)
    calls = _failing_once(monkeypatch)
    clicker.answer(CLOSE)
    assert editor.save() is False
    assert len(calls) == 1
    assert editor.subjective.change.text() == "Typed before closing"
    assert editor.is_dirty()


@pytest.mark.parametrize("button", ["Restore", "Discard draft"])
def test_the_restore_draft_question(clinic, file_db, qtbot, clicker, button):
    folder = drafts_folder_for(Clinic(file_db))
    first = VisitEditor(Clinic(file_db), clinic["Liam"], today=lambda: TODAY, drafts_folder=folder)
    qtbot.addWidget(first)
    first.subjective.change.setText("Typed before the crash")
    visit = first.collect()
    first._clean = visit  # the "crash": the window goes, its draft stays
    save_draft(folder, visit, is_new=True)
    first.close()

    clicker.answer(button)
    editor = open_visit_editor(Clinic(file_db), clinic["Liam"], today=lambda: TODAY, show=False)
    qtbot.addWidget(editor)
    assert "never saved" in clicker.texts[0]
    if button == "Restore":
        assert editor.visit_id == visit.id
        assert editor.subjective.change.text() == "Typed before the crash"
        assert [d.visit.id for d in list_drafts(folder)] == [visit.id]
    else:
        assert editor.visit_id != visit.id
        assert editor.subjective.change.text() == ""
        assert list_drafts(folder) == []
    editor._clean = editor.collect()
