"""Settings ▸ Security and privacy: the passphrase (set, change, remove), when the window locks
by itself, and the PIN that unlocks a clinic without a passphrase."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.errors import DATABASE_FAILURES
from glutedesk.storage.lock_settings import MAX_IDLE_MINUTES
from glutedesk.storage.protect import ProtectResult
from glutedesk.ui.formatting import plural
from glutedesk.ui.keys import key_text
from glutedesk.ui.lock_screen import LOCK_SHORTCUT
from glutedesk.ui.passphrase_dialogs import LOSS_WARNING, NewPassphraseDialog, RecoveryKeyDialog


def backup_lines(result: ProtectResult, removed: list[tuple[Path, bool]]) -> list[str]:
    """What happened to each place's backups, in plain words."""
    second = result.second_place
    there = [p for p in result.backups_rewritten if second is not None and p.parent == second]
    lines = [
        f"{plural(len(result.backups_rewritten), 'backup')} re-written with it"
        + (f" ({len(there)} at the second place, {second})." if second is not None else ".")
    ]
    lines += [f"Not re-written: {p.name} ({why})" for p, why in result.backups_failed]
    lines += [f"Removed: {p.name}" if gone else f"Could not remove {p.name}" for p, gone in removed]
    kept = len(result.unencrypted_left()) - sum(1 for _p, gone in removed if gone)
    if kept:
        lines.append(f"{plural(kept, 'backup')} can still be read without it: delete them.")
    if not result.second_place_reached:
        lines.append(
            f"The second backup place ({second}) cannot be reached: copies made there before "
            "were not re-written. Plug the drive in and change the passphrase, or delete "
            "them."
        )
    return lines


class SecurityDialog(QDialog):
    """The clinic's protection and the lock screen's settings."""

    def __init__(self, clinic: Clinic, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.setWindowTitle("Security and privacy")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.set_button = QPushButton("Set a passphrase…")
        self.change_button = QPushButton("Change the passphrase…")
        self.remove_button = QPushButton("Remove the passphrase…")
        buttons = QHBoxLayout()
        for button in (self.set_button, self.change_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QGroupBox("Passphrase")
        column = QVBoxLayout(box)
        column.addWidget(self.status)
        column.addLayout(buttons)

        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_IDLE_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setSpecialValueText(f"only when asked ({key_text(LOCK_SHORTCUT)})")
        self.minutes.setValue(clinic.lock_minutes())
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setPlaceholderText("4 to 12 digits (leave empty to keep)")
        self.pin_note = QLabel()
        self.pin_note.setProperty("role", "muted")
        lock_box = QGroupBox("Lock screen")
        form = QFormLayout(lock_box)
        form.addRow("Lock after no input for", self.minutes)
        form.addRow("PIN (clinic without a passphrase)", self.pin)
        form.addRow("", self.pin_note)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a3312a;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(lock_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self.set_button.clicked.connect(self._set)
        self.change_button.clicked.connect(self._change)
        self.remove_button.clicked.connect(self._remove)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._show_state()

    def _show_state(self) -> None:
        protected = self.clinic.protected
        if protected:
            text = (
                "<b>Protected.</b> The records, their backups and unsaved drafts are encrypted "
                "(SQLCipher: AES-256). Nobody can read them without the passphrase or the "
                f"recovery key. {html.escape(LOSS_WARNING)}"
            )
        else:
            text = (
                "<b>Not protected.</b> Anyone who has this laptop's disk, or a backup on a USB "
                "stick, can read every record. A passphrase is strongly recommended."
            )
        self.status.setText(text)
        self.set_button.setVisible(not protected)
        self.change_button.setVisible(protected)
        self.remove_button.setVisible(protected)
        self.pin.setEnabled(not protected)
        self.pin_note.setText(
            "The passphrase unlocks the lock screen."
            if protected
            else ("A PIN is set." if self.clinic.has_pin() else "No PIN: the window cannot lock.")
        )

    def _current_ok(self, why: str) -> bool:
        text, ok = QInputDialog.getText(
            self, why, "Current passphrase", QLineEdit.EchoMode.Password
        )
        if not ok:
            return False
        if self.clinic.check_passphrase(text):
            return True
        QMessageBox.warning(self, why, "That is not the current passphrase; nothing was changed.")
        return False

    def _apply(self, new: str | None, title: str) -> ProtectResult | None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self.clinic.change_passphrase(new)
        except DATABASE_FAILURES as exc:
            QMessageBox.warning(self, title, f"Nothing was changed: {exc}")
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self._show_state()
        if result.recovery_key:
            RecoveryKeyDialog(result.recovery_key, self).exec()
        removed = self._offer_removal(result, title) if new else []
        QMessageBox.information(self, title, "\n".join(backup_lines(result, removed)))
        return result

    def _offer_removal(self, result: ProtectResult, title: str) -> list[tuple[Path, bool]]:
        left = result.unencrypted_left()
        if not left:
            return []
        names = "\n".join(f"  {p.name} ({p.parent})" for p in left)
        sure = QMessageBox.question(
            self,
            title,
            f"{plural(len(left), 'backup')} could not be encrypted and can still be read "
            f"without the passphrase:\n{names}\n\nRemove them?",
        )
        if sure != QMessageBox.StandardButton.Yes:
            return []
        return self.clinic.remove_backups(left)

    def _set(self) -> None:
        new = NewPassphraseDialog.ask(self, "Set a passphrase")
        if new is not None:
            self._apply(new, "Set a passphrase")

    def _change(self) -> None:
        if not self._current_ok("Change the passphrase"):
            return
        new = NewPassphraseDialog.ask(self, "Choose a new passphrase")
        if new is not None:
            self._apply(new, "Change the passphrase")

    def _remove(self) -> None:
        if not self._current_ok("Remove the passphrase"):
            return
        sure = QMessageBox.question(
            self,
            "Remove the passphrase",
            "The records, backups and drafts will be written in the clear: anyone with the "
            "laptop or a backup could read them. Remove the passphrase?",
        )
        if sure == QMessageBox.StandardButton.Yes:
            self._apply(None, "Remove the passphrase")

    def accept(self) -> None:
        pin = self.pin.text().strip()
        try:
            if pin:
                self.clinic.set_pin(pin)
            self.clinic.set_lock_minutes(self.minutes.value())
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        except DATABASE_FAILURES as exc:
            self.error.setText(f"Not saved: {exc}")
            self.error.show()
            return
        super().accept()
