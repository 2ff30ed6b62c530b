"""The main window over a read-only database: says why, offers no editing, saves nothing."""

from __future__ import annotations

import pytest

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.visits import visit_summaries
from glutedesk.ui.main_window import MainWindow
from tests.ui.conftest import TODAY

REASON = "the drive holding /media/usb is mounted read-only"


@pytest.fixture
def read_only_window(qtbot, clinic, file_db, db_path):
    file_db.close()
    db = Clinic.open_read_only(db_path)
    window = MainWindow(db, db_path, today=lambda: TODAY, read_only=REASON)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    db.close()


def test_the_window_says_why_and_offers_no_editing(read_only_window, clinic):
    window = read_only_window
    assert window.windowTitle() == "GluteDesk — clinic.sqlite3 (read-only)"
    assert window.read_only_banner.isVisible()
    assert REASON in window.read_only_banner.text()
    assert "read-only" in window.status_label.text()
    for action in (window.new_client_action, window.new_visit_action, window.edit_client_action):
        assert not action.isEnabled()
    window.client_list.select_client(clinic["Zoë"])
    assert not window.details.view.new_visit_button.isVisible()
    assert not window.details.view.edit_button.isVisible()
    window.new_visit()  # the shortcut's handler does nothing either
    window.new_client()
    assert window._editors == {}


def test_a_saved_visit_opens_view_only(read_only_window, clinic):
    window = read_only_window
    window.client_list.select_client(clinic["Zoë"])
    visit_id = visit_summaries(window._clinic.db, clinic["Zoë"])[0].id
    window.open_visit(visit_id)
    editor = window._editors[visit_id]
    assert not editor.save_button.isEnabled()
    built = len(editor.built_sections())
    assert built < 6  # locking built nothing extra: the others are built locked when shown
    assert all(not section.isEnabled() for section in editor.sections)  # builds the rest
    assert not editor.autosave_timer.isActive()
    editor.close()


def test_a_sound_window_has_no_banner(window):
    assert window.read_only is None
    assert window.read_only_banner.isHidden()
    assert window.new_visit_action.isEnabled()
