"""Passphrase dialogs: unlocking a protected clinic at start, choosing a new passphrase, and
the recovery key, shown once to print or write down."""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.counts import plural
from glutedesk.storage.database import StorageError
from glutedesk.storage.unlock import is_protected, unlock, unlock_with_recovery

MIN_LENGTH = 8
LOSS_WARNING = (
    "If both the passphrase and the recovery key are lost, nobody can open these records, "
    "not even GluteDesk's makers. There is no back door."
)


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("passphraseError")
    label.setStyleSheet("color: #a3312a;")
    label.setWordWrap(True)
    label.hide()
    return label


def _secret_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(320)
    return field


class UnlockDialog(QDialog):
    """Asks for the passphrase (or the recovery key) of a protected clinic at start."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.used_recovery = False
        self.setWindowTitle("Unlock the clinic")
        heading = QLabel(f"<b>{html.escape(self.db_path.name)}</b> is protected by a passphrase.")
        self.field = _secret_field("Passphrase")
        self.recovery_button = QPushButton("Use the recovery key instead")
        self.recovery_button.setFlat(True)
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Unlock")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        layout.addWidget(self.recovery_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.recovery_button.clicked.connect(self._switch_to_recovery)

    def _switch_to_recovery(self) -> None:
        self.used_recovery = True
        self.field.clear()
        self.field.setEchoMode(QLineEdit.EchoMode.Normal)
        self.field.setPlaceholderText("Recovery key, e.g. ABCDE-FGHIJ-KLMNO-PQRST-UVWXY")
        self.recovery_button.hide()
        self.field.setFocus()

    def accept(self) -> None:
        text = self.field.text()
        if not text:
            self._show("Type the passphrase.")
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.used_recovery:
                unlock_with_recovery(self.db_path, text)
            else:
                unlock(self.db_path, text)
        except StorageError as exc:
            self._show(str(exc))
            self.field.selectAll()
            return
        finally:
            QApplication.restoreOverrideCursor()
        super().accept()

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def unlock_at_start(db_path: Path, parent: QWidget | None = None) -> bool:
    """Unlock ``db_path`` if it is protected (asking for the passphrase); False: cancelled.

    After a recovery key opened it, a new passphrase is asked for and set at once. A
    passphrase change that was interrupted is finished first, and said.
    """
    db_path = Path(db_path)
    if not is_protected(db_path):
        _finish_interrupted(db_path, parent)  # a removal stopped before its backups
        return True
    given = os.environ.get("GLUTEDESK_PASSPHRASE")
    if given:  # as for every command (scripts, the benchmark); a wrong one is asked again
        try:
            unlock(db_path, given)
            _finish_interrupted(db_path, parent)
            return True
        except StorageError:
            pass
    dialog = UnlockDialog(db_path, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    _finish_interrupted(db_path, parent)
    if dialog.used_recovery:
        _replace_after_recovery(db_path, parent)
    return True


def _finish_interrupted(db_path: Path, parent: QWidget | None) -> None:
    """Finish a passphrase change stopped before its backups and drafts, and say what it did."""
    from glutedesk.storage.errors import DATABASE_FAILURES
    from glutedesk.storage.protect import finish_interrupted_change, take_finished_change

    try:
        finish_interrupted_change(db_path)
    except (OSError, *DATABASE_FAILURES):
        return  # its journal stays: the next start tries again
    result = take_finished_change(db_path)
    if result is None:
        return
    from glutedesk.storage.cipher import key_for
    from glutedesk.ui.passphrase_change import backup_lines

    state = "under the new passphrase" if key_for(db_path) else "in the clear, as asked"
    lines = backup_lines(result, [])
    lines[0] = lines[0].replace("re-written with it", f"re-written {state}")
    if result.drafts_resealed:
        drafts = plural(len(result.drafts_resealed), "unsaved draft")
        lines.append(f"{drafts} re-written {state}.")
    lines += [f"Draft not re-written: {p.name} ({why})" for p, why in result.drafts_failed]
    QMessageBox.information(
        parent,
        "Passphrase change finished",
        "The last passphrase change stopped before its backups were re-written (GluteDesk "
        "or the computer was closed). It has been finished now:\n\n" + "\n".join(lines),
    )


def _replace_after_recovery(db_path: Path, parent: QWidget | None) -> None:
    """Set a new passphrase after the recovery key opened the clinic, exactly as Security and
    privacy ▸ Change does: backups in both places re-written, the new recovery key shown,
    unencrypted backups offered for removal, and each told."""
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.errors import DATABASE_FAILURES
    from glutedesk.ui.passphrase_change import apply_change

    title = "Choose a new passphrase"
    new = NewPassphraseDialog.ask(parent, title)
    if new is not None:
        try:
            clinic = Clinic.open(db_path, create=False)
        except DATABASE_FAILURES as exc:
            QMessageBox.warning(parent, title, f"Nothing was changed: {exc}")
            return
        try:
            if apply_change(clinic, new, title, parent) is not None:
                return
        finally:
            clinic.close()
    QMessageBox.information(
        parent,
        title,
        "The passphrase was not changed: the clinic opens with the recovery key this time. "
        "Set a new passphrase in File ▸ Security and privacy… (the recovery key keeps working "
        "until then).",
    )


class NewPassphraseDialog(QDialog):
    """Asks for a new passphrase twice (at least 8 characters)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        note = QLabel(
            "The passphrase encrypts the records, their backups and unsaved drafts on this "
            "computer. Choose several words you will remember.<br><br>"
            f"<b>{html.escape(LOSS_WARNING)}</b>"
        )
        note.setWordWrap(True)
        self.first = _secret_field(f"At least {MIN_LENGTH} characters")
        self.second = _secret_field("The same again")
        form = QFormLayout()
        form.addRow("New passphrase", self.first)
        form.addRow("Repeat it", self.second)
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        if len(self.first.text()) < MIN_LENGTH:
            problem = f"The passphrase is too short (at least {MIN_LENGTH} characters)."
        elif self.first.text() != self.second.text():
            problem = "The two passphrases differ; type them again."
        else:
            super().accept()
            return
        self.error.setText(problem)
        self.error.show()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str) -> str | None:
        """The new passphrase, or None when cancelled."""
        dialog = cls(title, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.first.text()
        return None


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once; closes only after the therapist says it is kept."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recovery_key = recovery_key
        self.setWindowTitle("Your recovery key")
        intro = QLabel(
            "<b>Print this recovery key or write it down now, and keep it somewhere safe, "
            "away from this laptop.</b> It is shown only this once. With it you can open the "
            "records and choose a new passphrase if you forget the passphrase."
        )
        intro.setWordWrap(True)
        self.key_label = QLabel(recovery_key)
        self.key_label.setObjectName("recoveryKey")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(20)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setStyleSheet(
            "QLabel#recoveryKey { background: #f4f6f8; border: 1px dashed #8a96a3; padding: 18px; }"
        )
        warning = QLabel(LOSS_WARNING)
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #a3312a;")
        self.print_button = QPushButton("Print…")
        self.copy_button = QPushButton("Copy")
        self.kept = QCheckBox("I have printed or written down the recovery key")
        self.done_button = QPushButton("Done")
        self.done_button.setDefault(True)
        self.done_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        row.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.key_label)
        layout.addSpacing(8)
        layout.addWidget(warning)
        layout.addWidget(self.kept)
        layout.addLayout(row)
        self.setMinimumWidth(560)
        self.kept.toggled.connect(self.done_button.setEnabled)
        self.done_button.clicked.connect(self.accept)
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.recovery_key)
        )
        self.print_button.clicked.connect(self._print)

    def _print(self) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        document.setHtml(
            "<h2>GluteDesk recovery key</h2>"
            f"<p style='font-size:20pt; font-family:monospace'>{self.recovery_key}</p>"
            f"<p>{html.escape(LOSS_WARNING)}</p>"
        )
        document.print_(printer)

    def reject(self) -> None:
        if self.kept.isChecked():
            super().reject()  # Esc only once the key is kept
