"""Tools ▸ every command-line job in the window, driven by real clicks and keys."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from glutedesk.storage.audit import events
from glutedesk.storage.clinic import Clinic
from glutedesk.ui import preferences
from glutedesk.ui.app import build_main_window
from glutedesk.ui.clinic_jobs.dialogs import (
    CheckResultDialog,
    EraseDialog,
    ExportFileDialog,
    ExportScopeDialog,
    FolderDialog,
    ImportFileDialog,
)
from glutedesk.ui.clinic_jobs.retention import RetentionDialog
from glutedesk.ui.clinic_jobs.runner import jobs_running
from tests.factories import make_client
from tests.ui.modal_script import ModalScript

WAIT = 60_000


def later(action):
    """(ModalScript already runs each step outside its poll; kept for readability.)"""
    return action


def ok(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Ok).click()


@pytest.fixture
def window(qtbot, clinic, file_db, db_path):
    window = build_main_window(Clinic(file_db), db_path)
    qtbot.addWidget(window)
    window.show()
    return window


def _finish(qtbot, script: ModalScript) -> None:
    qtbot.waitUntil(lambda: script.done and jobs_running() == 0, timeout=WAIT)


def test_export_the_whole_clinic_then_one_client(qtbot, window, clinic, tmp_path, monkeypatch):
    out = tmp_path / "out" / "all.json"
    out.parent.mkdir()
    monkeypatch.setattr(ExportFileDialog, "ask", classmethod(lambda cls, parent, start: out))
    script = ModalScript(
        (ExportScopeDialog, later(lambda d: qtbot.mouseClick(d.export_button, Qt.LeftButton))),
        (QMessageBox, later(ok)),
    )
    window.clinic_jobs.export_action.trigger()
    _finish(qtbot, script)
    assert "Exported 5 clients" in script.texts[1]
    assert len(json.loads(out.read_text())["clients"]) == 5
    assert preferences.last_folder("export") == out.parent  # the next export starts there

    window.client_list.select_client(clinic["Zoë"])
    one = tmp_path / "out" / "zoe.json"
    monkeypatch.setattr(ExportFileDialog, "ask", classmethod(lambda cls, parent, start: one))

    def only_zoe(dialog: ExportScopeDialog) -> None:
        assert "Zoë" in dialog.one.text() and dialog.one.isEnabled()
        qtbot.waitExposed(dialog)
        qtbot.mouseClick(dialog.one, Qt.LeftButton, pos=QPoint(8, dialog.one.height() // 2))
        assert dialog.one.isChecked()
        qtbot.mouseClick(dialog.export_button, Qt.LeftButton)

    script = ModalScript((ExportScopeDialog, later(only_zoe)), (QMessageBox, later(ok)))
    window.clinic_jobs.export_action.trigger()
    _finish(qtbot, script)
    data = json.loads(one.read_text())
    assert [c["first_name"] for c in data["clients"]] == ["Zoë"] and len(data["visits"]) == 3


def test_import_all_or_nothing_naming_the_record_and_field(
    qtbot, window, file_db, tmp_path, monkeypatch
):
    other = Clinic.open(tmp_path / "other.sqlite3")
    other.save_client(make_client(first_name="Nadia", last_name="Okafor"))
    other.save_client(make_client(first_name="Tomasz", last_name="Nowak"))
    export = tmp_path / "other.json"
    other.write_export(export)
    other.close()
    data = json.loads(export.read_text())
    data["clients"][1]["date_of_birth"] = "31/02/1990"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    clinic = Clinic(file_db)

    monkeypatch.setattr(ImportFileDialog, "ask", classmethod(lambda cls, parent, start: bad))
    script = ModalScript((QMessageBox, later(ok)))
    window.clinic_jobs.import_action.trigger()
    _finish(qtbot, script)
    assert "clients[1].date_of_birth" in script.texts[0]
    assert clinic.count_clients() == 5  # nothing, not even the valid first client

    monkeypatch.setattr(ImportFileDialog, "ask", classmethod(lambda cls, parent, start: export))
    script = ModalScript((QMessageBox, later(ok)))
    window.clinic_jobs.import_action.trigger()
    _finish(qtbot, script)
    assert "Imported 2 clients" in script.texts[0]
    assert clinic.count_clients() == 7
    assert "7 clients" in window.status_label.text()  # the window shows them at once


def test_check_shows_a_sound_clinic(qtbot, window):
    seen = []

    def read_and_close(dialog: CheckResultDialog) -> None:
        seen.append(dialog.headline.text())
        dialog.reject()

    script = ModalScript((CheckResultDialog, later(read_and_close)))
    window.clinic_jobs.check_action.trigger()
    _finish(qtbot, script)
    assert "is sound" in seen[0]


def test_subject_access_bundle_for_the_selected_client(
    qtbot, window, clinic, tmp_path, monkeypatch
):
    assert not window.clinic_jobs.sar_action.isEnabled()  # nobody selected yet
    window.client_list.select_client(clinic["Zoë"])
    qtbot.waitUntil(window.clinic_jobs.sar_action.isEnabled, timeout=5000)
    folder = tmp_path / "bundles"
    folder.mkdir()
    monkeypatch.setattr(FolderDialog, "ask", classmethod(lambda cls, parent, title, start: folder))
    script = ModalScript((QMessageBox, later(lambda box: box.button(QMessageBox.Ok).click())))
    window.clinic_jobs.sar_action.trigger()
    _finish(qtbot, script)
    written = [p.suffix for p in next(folder.iterdir()).iterdir()]
    assert ".pdf" in written and ".json" in written
    assert "Zoë" in script.texts[0]


def _type_and_erase(qtbot, reason: str):
    def act(dialog: EraseDialog) -> None:
        qtbot.keyClicks(dialog.reason, reason)
        qtbot.keyClicks(dialog.confirm, "ERAS")
        assert not dialog.erase_button.isEnabled()  # the typed word is not complete yet
        qtbot.keyClicks(dialog.confirm, "E")
        assert dialog.erase_button.isEnabled()
        qtbot.mouseClick(dialog.erase_button, Qt.LeftButton)

    return later(act)


def test_erase_needs_the_typed_word_and_records_the_reason(qtbot, window, clinic, file_db):
    window.client_list.select_client(clinic["Arjun"])
    qtbot.waitUntil(window.clinic_jobs.erase_action.isEnabled, timeout=5000)
    script = ModalScript(
        (EraseDialog, _type_and_erase(qtbot, "client asked (email 2 Dec)")),
        (QMessageBox, later(ok)),
    )
    window.clinic_jobs.erase_action.trigger()
    _finish(qtbot, script)
    assert "Nothing of Arjun Patel is left" in script.texts[1]
    assert clinic["Arjun"] not in [c.id for c in Clinic(file_db).clients()]
    erased = [e for e in events(file_db, client_id=clinic["Arjun"]) if e.action == "erase"]
    assert erased and "client asked (email 2 Dec)" in erased[0].detail
    assert "4 clients" in window.status_label.text()


def test_cancelling_the_erasure_keeps_the_client(qtbot, window, clinic, file_db):
    window.client_list.select_client(clinic["Liam"])
    qtbot.waitUntil(window.clinic_jobs.erase_action.isEnabled, timeout=5000)
    script = ModalScript((EraseDialog, later(lambda d: d.reject())))
    window.clinic_jobs.erase_action.trigger()
    _finish(qtbot, script)
    assert Clinic(file_db).count_clients() == 5


def test_retention_list_and_erase_from_it(qtbot, window, clinic, file_db):
    window.clinic_jobs.today = lambda: dt.date(2080, 1, 1)  # every record is past its period
    state: dict = {"names": None}

    def choose_liam(dialog: RetentionDialog) -> None:
        state["dialog"] = dialog
        state["before"] = _names(dialog)
        state["summary"] = dialog.summary.text()
        dialog.table.selectRow(state["before"].index("Liam Doherty"))
        qtbot.mouseClick(dialog.erase_button, Qt.LeftButton)

    def close_when_reloaded() -> None:  # the dialog's own loop is running: poll from a timer
        dialog = state["dialog"]
        if dialog.table.rowCount() == len(state["before"]) - 1:
            state["names"] = _names(dialog)
            dialog.reject()
        else:
            QTimer.singleShot(50, close_when_reloaded)

    def ok_then_wait(box: QMessageBox) -> None:
        ok(box)
        close_when_reloaded()

    script = ModalScript(
        (RetentionDialog, choose_liam),
        (EraseDialog, _type_and_erase(qtbot, "retention period ended")),
        (QMessageBox, ok_then_wait),
    )
    window.clinic_jobs.retention_action.trigger()
    qtbot.waitUntil(lambda: script.done and state["names"] is not None, timeout=WAIT)
    assert len(state["before"]) == 5 and "5 of 5" in state["summary"]
    assert "Liam Doherty" not in state["names"] and len(state["names"]) == 4
    assert Clinic(file_db).count_clients() == 4


def _names(dialog: RetentionDialog) -> list[str]:
    return [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]


def test_read_only_clinic_offers_no_import_or_erase(qtbot, clinic, file_db, db_path):
    window = build_main_window(Clinic(file_db), db_path, read_only="a test says so")
    qtbot.addWidget(window)
    window.client_list.select_client(clinic["Zoë"])
    window.clinic_jobs.update_actions()
    assert not window.clinic_jobs.import_action.isEnabled()
    assert not window.clinic_jobs.erase_action.isEnabled()
    assert window.clinic_jobs.sar_action.isEnabled()  # reading and copying still work


def test_tools_menu_sits_before_help(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Tools") == titles.index("&Help") - 1
