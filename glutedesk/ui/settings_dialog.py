"""File ▸ Clinic details…: the clinic name, address, logo and therapist printed on documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.storage.settings import MAX_VALUE_LENGTH, ClinicSettings
from glutedesk.ui.discard_guard import DiscardGuard
from glutedesk.ui.window_fit import fit_window

LOGO_TYPES = "Images (*.png *.jpg *.jpeg)"


def logo_problem(path_text: str) -> str | None:
    """Return why ``path_text`` cannot be the logo, or None when it can (or is empty)."""
    text = path_text.strip()
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_file():
        return f"There is no file at {text}."
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        return "The logo must be a PNG or JPEG picture."
    reader = QImageReader(str(path))
    if not reader.canRead():
        return f"{path.name} is not a picture GluteDesk can read."
    return None


class SettingsDialog(QDialog):
    """The clinic's details as they appear on printed documents."""

    def __init__(
        self,
        current: ClinicSettings,
        parent: QWidget | None = None,
        security: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinic details")
        self.setMinimumWidth(560)
        self.name_edit = QLineEdit(current.name)
        self.name_edit.setPlaceholderText("e.g. Riverside Sports Massage")
        self.address_edit = QPlainTextEdit(current.address)
        self.address_edit.setPlaceholderText("Street, town, postcode, phone")
        self.address_edit.setFixedHeight(88)
        self.logo_edit = QLineEdit(current.logo_path)
        self.logo_edit.setPlaceholderText("Optional PNG or JPEG")
        self.browse_button = QPushButton("Choose…")
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(self.browse_button)
        self.therapist_edit = QLineEdit(current.therapist_name)
        self.therapist_edit.setPlaceholderText("Name as it should appear on letters")
        self.details_edit = QLineEdit(current.therapist_details)
        self.details_edit.setPlaceholderText("e.g. BTEC Level 5 Sports Massage · SMA member 1234")
        for edit in (self.name_edit, self.logo_edit, self.therapist_edit, self.details_edit):
            edit.setMaxLength(MAX_VALUE_LENGTH)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("Clinic name", self.name_edit)
        form.addRow("Address", self.address_edit)
        form.addRow("Logo", logo_row)
        form.addRow("Therapist", self.therapist_edit)
        form.addRow("Qualifications", self.details_edit)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #a3312a;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        note = QLabel("These details head every printed report, handout and letter.")
        note.setProperty("role", "muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        if security is not None:  # passphrase, lock screen: glutedesk.ui.security_dialog
            self.security_button = QPushButton("Security and privacy…")
            self.security_button.clicked.connect(security)
            layout.addWidget(self.security_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self._browse)
        hint = self.sizeHint()
        fit_window(self, max(560, hint.width()), hint.height())
        self.discard_guard = DiscardGuard(self, "clinic's details")

    def settings(self) -> ClinicSettings:
        """The details as typed (surrounding spaces removed)."""
        return ClinicSettings(
            name=self.name_edit.text().strip(),
            address=self.address_edit.toPlainText().strip(),
            logo_path=self.logo_edit.text().strip(),
            therapist_name=self.therapist_edit.text().strip(),
            therapist_details=self.details_edit.text().strip(),
        )

    def problem(self) -> str | None:
        """Why the details cannot be saved as they are, or None."""
        if len(self.address_edit.toPlainText()) > MAX_VALUE_LENGTH:
            return f"The address is too long (at most {MAX_VALUE_LENGTH} characters)."
        return logo_problem(self.logo_edit.text())

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return  # stay open: nothing typed is lost
        super().accept()

    def reject(self) -> None:
        """Esc, Cancel or the close button: ask first when something was typed."""
        if self.discard_guard.confirm_discard():
            super().reject()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the clinic logo", "", LOGO_TYPES)
        if path:
            self.logo_edit.setText(path)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        current: ClinicSettings,
        security: Callable[[], None] | None = None,
    ) -> ClinicSettings | None:
        """Show the dialog; return the new details, or None when cancelled."""
        dialog = cls(current, parent, security)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.settings()
        return None
