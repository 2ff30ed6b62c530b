"""Forgotten passphrase, at the app's start: "Use the recovery key instead", then a new
passphrase. The backups in both places are re-written under it exactly as Security and
privacy ▸ Change does, a backup that cannot be encrypted is offered for removal, the new
recovery key is shown, and the message lists what happened."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from glutedesk.storage import cipher, unlock
from glutedesk.storage.clinic import Clinic
from glutedesk.ui.passphrase_dialogs import (
    NewPassphraseDialog,
    RecoveryKeyDialog,
    UnlockDialog,
    unlock_at_start,
)
from tests.factories import make_client
from tests.ui.modal_script import ModalScript

PASS = "the passphrase she forgot"
NEW = "a brand new passphrase"
TORN = "glutedesk-backup-20260101-090000-manual.sqlite3"


@pytest.fixture
def forgotten(tmp_path, monkeypatch) -> tuple[Path, Path, str]:
    """A protected clinic with backups here and at a second place, and a torn plain backup."""
    monkeypatch.delenv("GLUTEDESK_PASSPHRASE", raising=False)
    usb = tmp_path / "usb"
    usb.mkdir()
    path = tmp_path / "clinic.sqlite3"
    clinic = Clinic.open(path)
    try:
        clinic.save_client(make_client(first_name="Philippa", last_name="Wolstenholme"))
        clinic.set_second_place(usb)
        clinic.back_up()
        (plain,) = usb.glob("*.sqlite3")
        torn = tmp_path / TORN
        shutil.copyfile(plain, torn)
        recovery = clinic.change_passphrase(PASS).recovery_key
        clinic.back_up()
    finally:
        clinic.close()
        cipher.forget(path)
    with torn.open("r+b") as handle:  # a copy cut short: still plain, cannot be re-written
        handle.truncate(torn.stat().st_size // 2 + 100)
    shutil.move(torn, path.parent / "clinic-backups" / TORN)
    assert recovery
    return path, usb, recovery


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_recovery_key_path_rewrites_and_lists_the_backups_like_a_change(qtbot, forgotten):
    path, usb, recovery = forgotten
    backups = sorted(path.parent.glob("clinic-backups/*.sqlite3")) + sorted(usb.glob("*.sqlite3"))
    assert len(backups) == 5  # 2 here + the torn one, 2 at the second place
    shown: list[str] = []

    def use_recovery_key(dialog: UnlockDialog) -> None:
        _click(qtbot, dialog.recovery_button)
        qtbot.keyClicks(dialog.field, recovery.lower())
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    def new_passphrase(dialog: NewPassphraseDialog) -> None:
        qtbot.keyClicks(dialog.first, NEW)
        qtbot.keyClicks(dialog.second, NEW)
        qtbot.keyClick(dialog.second, Qt.Key.Key_Return)

    def keep_recovery_key(dialog: RecoveryKeyDialog) -> None:
        shown.append(dialog.recovery_key)
        _click(qtbot, dialog.kept)
        _click(qtbot, dialog.done_button)

    def answer(button: QMessageBox.StandardButton):
        return lambda box: _click(qtbot, box.button(button))

    script = ModalScript(
        (UnlockDialog, use_recovery_key),
        (NewPassphraseDialog, new_passphrase),
        (RecoveryKeyDialog, keep_recovery_key),
        (QMessageBox, answer(QMessageBox.StandardButton.Yes)),  # remove the torn plain copy?
        (QMessageBox, answer(QMessageBox.StandardButton.Ok)),  # what happened to each
    )
    assert unlock_at_start(path) is True
    qtbot.waitUntil(lambda: script.done, timeout=60000)

    question, summary = script.texts[-2:]
    assert TORN in question and "can still be read without the passphrase" in question
    first = summary.splitlines()[0]
    assert first == f"4 backups re-written with it (2 at the second place, {usb})."
    assert f"Not re-written: {TORN}" in summary and f"Removed: {TORN}" in summary
    assert shown and shown[0] != recovery.upper()  # a new recovery key, shown once

    assert not (path.parent / "clinic-backups" / TORN).exists()
    cipher.forget(path)
    with pytest.raises(unlock.WrongPassphraseError):
        unlock.unlock(path, PASS)
    with pytest.raises(unlock.WrongPassphraseError):
        unlock.unlock_with_recovery(path, recovery)
    unlock.unlock(path, NEW)
    salt = cipher.file_salt(path)
    for backup in [b for b in backups if b.name != TORN]:
        assert cipher.file_salt(backup) == salt, backup  # under the new key, in both places
        data = backup.read_bytes()
        assert b"SQLite format 3" not in data and b"Wolstenholme" not in data
    cipher.forget(path)


def test_the_app_finishes_an_interrupted_change_at_start_and_says_so(qtbot, tmp_path, monkeypatch):
    from tests.core.test_encryption import NEW as CHANGED
    from tests.core.test_encryption import PASS as BEFORE
    from tests.core.test_encryption import run, set_passphrase
    from tests.core.test_rekey_interrupt import interrupt, prepare

    path = tmp_path / "clinic.sqlite3"
    assert run("demo", "--db", str(path), "--clients", "20").returncode == 0
    set_passphrase(path)
    backups = prepare(path, BEFORE)
    env = {"GLUTEDESK_PASSPHRASE": BEFORE, "GLUTEDESK_NEW_PASSPHRASE": CHANGED}
    interrupt(path, env, "-backups", 2, "passphrase", "change", "--db", str(path))
    monkeypatch.setenv("GLUTEDESK_PASSPHRASE", CHANGED)
    script = ModalScript(
        (QMessageBox, lambda box: _click(qtbot, box.button(box.StandardButton.Ok)))
    )
    try:
        assert unlock_at_start(path) is True
        qtbot.waitUntil(lambda: script.done, timeout=60000)
        (told,) = script.texts
        assert "stopped before its backups were re-written" in told
        assert "2 backups re-written under the new passphrase." in told
        salt = cipher.file_salt(path)
        assert all(cipher.file_salt(b) == salt for b in backups)
        assert not path.with_name(path.name + ".rekey-journal").exists()
    finally:
        cipher.forget(path)
