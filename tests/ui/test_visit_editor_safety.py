"""Nothing typed is lost: failed saves, retry, drafts after a crash, closing with changes,
and the main window's ways into the editor."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.drafts import list_drafts, load_draft
from glutedesk.storage.visits import count_visits, get_visit, visit_summaries
from glutedesk.ui.visit_editor import VisitEditor, drafts_folder_for, open_visit_editor
from glutedesk.ui.visit_editor.dialogs import (
    RestoreDraftDialog,
    SaveFailedDialog,
    UnsavedChangesDialog,
)
from tests.ui.conftest import TODAY


def typed_visit(editor) -> None:
    editor.subjective.therapist.setText("Sam")
    editor.subjective.change.setText("Much better, sat through a film")
    editor.subjective.nprs_now.setValue(3)


@pytest.mark.parametrize("message", ["database is locked", "database or disk is full"])
def test_a_failed_save_keeps_everything_and_retry_works(
    clinic, make_editor, file_db, monkeypatch, message
):
    editor = make_editor(clinic["Liam"])
    typed_visit(editor)
    real_save = Clinic.save_visit
    calls = []

    def flaky(clinic, visit):
        calls.append(visit)
        if len(calls) == 1:
            raise sqlite3.OperationalError(message)
        return real_save(clinic, visit)

    shown = []
    monkeypatch.setattr(Clinic, "save_visit", flaky)
    monkeypatch.setattr(
        SaveFailedDialog, "ask", classmethod(lambda cls, parent, text: shown.append(text) or True)
    )
    assert editor.save() is True
    assert len(calls) == 2 and calls[0] == calls[1]
    [text] = shown
    assert "not saved" in text
    assert ("in use" if "locked" in message else "disk is full") in text
    stored = get_visit(file_db, editor.visit_id)
    assert stored.change_since_last == "Much better, sat through a film"
    assert list_drafts(drafts_folder_for(Clinic(file_db))) == []  # saved: the draft is gone


def test_a_failed_save_without_retry_keeps_the_text_and_a_draft(
    clinic, make_editor, file_db, monkeypatch
):
    editor = make_editor(clinic["Liam"])
    typed_visit(editor)

    def locked(clinic, visit):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Clinic, "save_visit", locked)
    monkeypatch.setattr(SaveFailedDialog, "ask", classmethod(lambda cls, parent, text: False))
    before = count_visits(file_db)
    assert editor.save() is False
    assert count_visits(file_db) == before
    assert editor.subjective.change.text() == "Much better, sat through a film"
    assert editor.is_dirty()
    draft = load_draft(drafts_folder_for(Clinic(file_db)), editor.visit_id)
    assert draft.visit.change_since_last == "Much better, sat through a film"
    assert "Nothing you typed is lost" in editor.status_label.text()
    monkeypatch.undo()
    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: "discard"))
    assert editor.save() is True  # the lock went away: Ctrl+S again works


def test_a_draft_survives_a_crash_and_is_offered_back(
    clinic, make_editor, file_db, qtbot, monkeypatch
):
    editor = make_editor(clinic["Zoë"], autosave_ms=50)
    typed_visit(editor)
    qtbot.waitUntil(lambda: bool(list_drafts(drafts_folder_for(Clinic(file_db)))), timeout=2000)
    typed = editor.collect()
    # The app dies here: the editor is never closed, nothing is saved.
    editor.autosave_timer.stop()
    editor._drafts_folder = None  # the dead window must not touch the files any more

    asked = []
    monkeypatch.setattr(
        RestoreDraftDialog,
        "ask",
        classmethod(lambda cls, parent, text: asked.append(text) or "restore"),
    )
    restored = open_visit_editor(Clinic(file_db), clinic["Zoë"], today=lambda: TODAY, show=False)
    qtbot.addWidget(restored)
    assert asked and "a new visit" in asked[0] and "Zoë" in asked[0]
    assert restored.visit_id == typed.id
    assert restored.collect() == typed
    assert restored.is_new and restored.is_dirty()
    assert restored.save() is True
    assert get_visit(file_db, typed.id).change_since_last == "Much better, sat through a film"
    assert list_drafts(drafts_folder_for(Clinic(file_db))) == []


def test_a_discarded_draft_is_deleted(clinic, make_editor, file_db, qtbot, monkeypatch):
    editor = make_editor(clinic["Zoë"])
    typed_visit(editor)
    assert editor.autosave() is True
    assert editor.autosave() is False  # nothing new since
    editor._drafts_folder = None
    monkeypatch.setattr(RestoreDraftDialog, "ask", classmethod(lambda cls, p, t: "discard"))
    fresh = open_visit_editor(Clinic(file_db), clinic["Zoë"], today=lambda: TODAY, show=False)
    qtbot.addWidget(fresh)
    assert fresh.visit_id != editor.visit_id
    assert list_drafts(drafts_folder_for(Clinic(file_db))) == []


def test_a_section_change_writes_a_draft(clinic, make_editor, file_db):
    editor = make_editor(clinic["Liam"], autosave_ms=60_000)
    typed_visit(editor)
    editor.next_section()
    [draft] = list_drafts(drafts_folder_for(Clinic(file_db)))
    assert draft.visit.nprs.now == 3


@pytest.mark.parametrize("choice", ["cancel", "save", "discard"])
def test_closing_with_unsaved_changes_asks_first(clinic, make_editor, file_db, monkeypatch, choice):
    editor = make_editor(clinic["Liam"])
    editor.show()
    typed_visit(editor)
    editor.autosave()
    asked = []
    monkeypatch.setattr(
        UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: asked.append(1) or choice)
    )
    closed = editor.close()
    assert asked == [1]
    saved = count_visits(file_db) > 0 and editor.visit_id in {
        s.id for s in visit_summaries(file_db, clinic["Liam"])
    }
    drafts = list_drafts(drafts_folder_for(Clinic(file_db)))
    if choice == "cancel":
        assert not closed and editor.isVisible() and not saved
        assert editor.subjective.change.text() == "Much better, sat through a film"
        assert drafts
    elif choice == "save":
        assert closed and saved and not drafts
    else:
        assert closed and not saved and not drafts
    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: "discard"))


def test_closing_without_changes_does_not_ask(clinic, make_editor, monkeypatch):
    editor = make_editor(clinic["Zoë"])
    editor.show()
    monkeypatch.setattr(
        UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: pytest.fail("asked"))
    )
    assert editor.close()


def test_main_window_new_visit_open_visit_and_refresh(window, clinic, file_db, qtbot, monkeypatch):
    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: "discard"))
    window.client_list.select_client(clinic["Liam"])
    assert window.new_visit_action.shortcut().toString() == "Ctrl+N"
    assert window.new_client_action.shortcut().toString() == "Ctrl+Shift+N"
    window.new_visit_action.trigger()
    [editor] = window._editors.values()
    assert isinstance(editor, VisitEditor)
    assert editor.client.id == clinic["Liam"]
    typed_visit(editor)
    assert editor.save() is True
    assert window.details.visit_ids() == [editor.visit_id]  # refreshed from the Changes
    editor.close()
    qtbot.waitUntil(lambda: not window._editors)

    window.client_list.select_client(clinic["Zoë"])
    newest = window.details.visit_ids()[0]
    window.details.visit_activated.emit(newest)
    [opened] = window._editors.values()
    assert opened.visit_id == newest and not opened.is_new
    window.details.visit_activated.emit(newest)  # the same visit again: no second window
    assert len(window._editors) == 1
    window.details.view.new_visit_button.click()
    assert len(window._editors) == 2
    for ed in list(window._editors.values()):
        ed.close()


def test_app_start_offers_to_restore_drafts(
    clinic, make_editor, make_window, file_db, qtbot, monkeypatch
):
    editor = make_editor(clinic["Arjun"])
    typed_visit(editor)
    editor.autosave()
    editor._drafts_folder = None
    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: "discard"))
    asked = []
    monkeypatch.setattr(
        RestoreDraftDialog, "ask", classmethod(lambda cls, p, text: asked.append(text) or "restore")
    )
    window = make_window()
    window.show()
    qtbot.waitUntil(lambda: bool(window._editors), timeout=2000)
    assert "Arjun" in asked[0]
    [restored] = window._editors.values()
    assert restored.visit_id == editor.visit_id
    assert restored.subjective.change.text() == "Much better, sat through a film"
    assert window.client_list.selected_id == clinic["Arjun"]
    restored.close()


def test_ctrl_s_saves_from_any_field(clinic, make_editor, file_db, qtbot):
    editor = make_editor(clinic["Liam"])
    editor.show()
    typed_visit(editor)
    qtbot.keyClick(editor.subjective.change, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.visit_id in {s.id for s in visit_summaries(file_db, clinic["Liam"])}
    assert not editor.is_dirty()
