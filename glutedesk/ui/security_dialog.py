"""Settings ▸ Security and privacy: the passphrase (set, change, remove), when the window locks
by itself, and the PIN that unlocks a clinic without a passphrase."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
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
from glutedesk.ui.keys import key_text
from glutedesk.ui.lock_screen import LOCK_SHORTCUT
from glutedesk.ui.passphrase_change import apply_change, backup_lines
from glutedesk.ui.passphrase_dialogs import LOSS_WARNING, NewPassphraseDialog

__all__ = ["SecurityDialog", "backup_lines"]


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
        result = apply_change(self.clinic, new, title, self)
        self._show_state()
        return result

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
