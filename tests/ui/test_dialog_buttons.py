"""Every small modal question outside the visit editor, answered by clicking its real buttons.

Elsewhere these dialogs' ``ask()`` is replaced so a test can run without a human; here the real
dialog opens, a timer clicks one of its buttons (or types a file name and presses the dialog's
own accept button), and the test checks the answer each button maps to. A button wired to the
wrong answer (Cancel restoring a backup, Escape discarding typed changes) fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox

from glutedesk.storage.backup_check import BackupCheck
from glutedesk.storage.startup import StartupCheck
from glutedesk.ui.amendments import SignVisitDialog
from glutedesk.ui.backup_actions import (
    BackupFolderDialog,
    ChangedBackupWarning,
    ConfirmRestore,
    InfoMessage,
    RestoreFileDialog,
)
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.discard_guard import DISCARD_TEXT, KEEP_TEXT, DiscardChangesDialog
from glutedesk.ui.integrity_watch import DamageFoundDialog
from glutedesk.ui.report_actions import SavePdfDialog
from glutedesk.ui.single_instance import AlreadyOpenMessage
from glutedesk.ui.startup_dialogs import CreateDatabaseDialog, DamagedDatabaseDialog
from tests.ui.dialog_clicker import Clicker, when_modal

# Taken before the autouse fixture replaces it (tests/ui/conftest.py), to test the real one.
REAL_CREATE_ASK = CreateDatabaseDialog.__dict__["ask"]
OK = QMessageBox.StandardButton.Ok
CANCEL = QMessageBox.StandardButton.Cancel
YES = QMessageBox.StandardButton.Yes
NO = QMessageBox.StandardButton.No


@pytest.fixture
def clicker(qapp):
    return Clicker()


@pytest.fixture
def backup(tmp_path) -> tuple[Path, BackupCheck]:
    path = tmp_path / "glutedesk-2026-03-01-101500.sqlite3"
    path.write_bytes(b"")
    return path, BackupCheck(path, (), {"clients": 12, "visits": 40})


@pytest.mark.parametrize("button, discards", [(DISCARD_TEXT, True), (KEEP_TEXT, False)])
def test_discard_changes(clicker, button, discards):
    clicker.answer(button)
    assert DiscardChangesDialog.ask(None, "client form") is discards
    assert clicker.texts == ["The client form has changes that are not saved."]


def test_discard_changes_escape_keeps_editing(qapp):
    seen = when_modal(QMessageBox, lambda box: box.reject())  # what Esc does
    assert DiscardChangesDialog.ask(None, "client form") is False
    assert seen


def test_error_and_info_messages_close_with_ok(clicker):
    clicker.answer(OK)
    assert ErrorMessage.ask(None, "Could not save", "The disk is full.") is None
    clicker.answer(OK)
    assert InfoMessage.ask(None, "Backed up", "Your records were copied.") is None
    clicker.answer(OK)
    assert AlreadyOpenMessage.ask(None, Path("/clinic/records.sqlite3"), 4242) is None
    assert clicker.texts == [
        "The disk is full.",
        "Your records were copied.",
        "GluteDesk already has this database open (process 4242).",
    ]


@pytest.mark.parametrize(
    "button, answer",
    [
        ("Open it read-only", "read_only"),
        ("Restore this backup", "restore"),
        ("Set it aside and start a new empty database", "set_aside"),
        ("Quit", "quit"),
    ],
)
def test_damaged_database_buttons(clicker, backup, button, answer):
    path, check = backup
    damaged = StartupCheck(
        "damaged", problem="page 7 is never used", backup=path, backup_check=check
    )
    clicker.answer(button)
    assert DamagedDatabaseDialog.ask(None, damaged) == answer
    assert "page 7 is never used" in clicker.texts[0]


def test_damaged_database_without_a_backup_offers_no_restore(qapp):
    labels: list[list[str]] = []

    def read_buttons(box: QMessageBox) -> None:
        labels.append([b.text() for b in box.buttons()])
        box.reject()

    when_modal(QMessageBox, read_buttons)
    assert DamagedDatabaseDialog.ask(None, StartupCheck("damaged", problem="x")) == "quit"
    assert "Restore this backup" not in labels[0]
    assert "Open it read-only" in labels[0]


@pytest.mark.parametrize("button, creates", [(YES, True), (NO, False)])
def test_create_database_question(clicker, monkeypatch, tmp_path, button, creates):
    monkeypatch.setattr(CreateDatabaseDialog, "ask", REAL_CREATE_ASK)
    clicker.answer(button)
    assert CreateDatabaseDialog.ask(None, tmp_path / "new.sqlite3") is creates


@pytest.mark.parametrize("button, restores", [("Restore", True), (CANCEL, False)])
def test_confirm_restore(clicker, backup, button, restores):
    path, check = backup
    clicker.answer(button)
    assert ConfirmRestore.ask(None, path, check) is restores
    assert path.name in clicker.texts[0]


@pytest.mark.parametrize("button, goes", [("Restore it anyway…", True), (CANCEL, False)])
def test_changed_backup_warning(clicker, button, goes):
    clicker.answer(button)
    assert ChangedBackupWarning.ask(None, "changed", "Its fingerprint differs.") is goes


@pytest.mark.parametrize(
    "button, restores", [("Restore this backup", True), ("Keep it open read-only", False)]
)
def test_damage_found_while_open(clicker, backup, button, restores):
    path, check = backup
    clicker.answer(button)
    assert DamageFoundDialog.ask(None, "row 3 missing from index", path, check) is restores


def _choose(name: str | None):
    """Type ``name`` into a file dialog and press its accept button, or press Cancel."""

    def act(dialog: QFileDialog) -> None:
        box = dialog.findChild(QDialogButtonBox)
        if name is None:
            box.button(QDialogButtonBox.StandardButton.Cancel).click()
            return
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        edit.setText(name)
        accept = next(
            b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
        )
        accept.click()

    return act


def test_save_pdf_adds_the_extension(qapp, tmp_path):
    when_modal(QFileDialog, _choose(str(tmp_path / "progress report")))
    assert SavePdfDialog.ask(None, tmp_path / "suggested.pdf") == tmp_path / "progress report.pdf"


def test_save_pdf_cancel_saves_nothing(qapp, tmp_path):
    when_modal(QFileDialog, _choose(None))
    assert SavePdfDialog.ask(None, tmp_path / "suggested.pdf") is None


def test_backup_folder_and_restore_file(qapp, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    when_modal(QFileDialog, _choose(str(folder)))
    assert BackupFolderDialog.ask(None, tmp_path) == folder
    when_modal(QFileDialog, _choose(None))
    assert BackupFolderDialog.ask(None, tmp_path) is None
    backup_file = folder / "glutedesk-2026-03-01-101500.sqlite3"
    backup_file.write_bytes(b"")
    when_modal(QFileDialog, _choose(str(backup_file)))
    assert RestoreFileDialog.ask(None, folder) == backup_file


def test_sign_needs_a_name_and_returns_it(qtbot, qapp):
    def act(dialog: SignVisitDialog) -> None:
        dialog.name_edit.clear()
        assert not dialog.sign_button.isEnabled()  # no name, no signature
        qtbot.keyClicks(dialog.name_edit, "Sam Okafor")
        assert dialog.sign_button.isEnabled()
        dialog.sign_button.click()

    when_modal(SignVisitDialog, act)
    assert SignVisitDialog.ask(None, "3 Mar 2026", "") == "Sam Okafor"


def test_sign_escape_signs_nothing(qtbot, qapp):
    when_modal(SignVisitDialog, lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
    assert SignVisitDialog.ask(None, "3 Mar 2026", "Sam Okafor") is None
