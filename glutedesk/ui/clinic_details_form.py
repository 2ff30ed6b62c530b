"""The clinic's and therapists' details as fields: used by Clinic details… and the welcome.

What is typed here heads every printed report, handout and letter; the main therapist is the
name a client's first visit starts with, and every therapist listed is offered as the name is
typed in a visit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from glutedesk.storage.settings import MAX_VALUE_LENGTH, ClinicSettings

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


class ClinicDetailsForm(QWidget):
    """Clinic name, address, phone, logo; the main therapist, others, qualifications."""

    def __init__(self, current: ClinicSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = QLineEdit(current.name)
        self.name_edit.setPlaceholderText("e.g. Riverside Sports Massage")
        self.address_edit = QPlainTextEdit(current.address)
        self.address_edit.setPlaceholderText("Street, town, postcode")
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(72)
        self.phone_edit = QLineEdit(current.phone)
        self.phone_edit.setPlaceholderText("e.g. 01632 960 123")
        self.logo_edit = QLineEdit(current.logo_path)
        self.logo_edit.setPlaceholderText("Optional PNG or JPEG")
        self.browse_button = QPushButton("Choose…")
        self.browse_button.setAutoDefault(False)  # Enter saves the form, never opens a picker
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(self.browse_button)
        self.therapist_edit = QLineEdit(current.therapist_name)
        self.therapist_edit.setPlaceholderText("Name as it should appear on letters")
        self.others_edit = QPlainTextEdit(current.other_therapists)
        self.others_edit.setPlaceholderText("Other therapists here, one name per line (optional)")
        self.others_edit.setTabChangesFocus(True)
        self.others_edit.setFixedHeight(56)
        self.details_edit = QLineEdit(current.therapist_details)
        self.details_edit.setPlaceholderText("e.g. BTEC Level 5 Sports Massage · SMA member 1234")
        for edit in (
            self.name_edit,
            self.phone_edit,
            self.logo_edit,
            self.therapist_edit,
            self.details_edit,
        ):
            edit.setMaxLength(MAX_VALUE_LENGTH)
        for label, edit in (
            ("Clinic name", self.name_edit),
            ("Address", self.address_edit),
            ("Phone", self.phone_edit),
            ("Logo", self.logo_edit),
            ("Therapist", self.therapist_edit),
            ("Other therapists", self.others_edit),
            ("Qualifications", self.details_edit),
        ):
            edit.setAccessibleName(label)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("Clinic name", self.name_edit)
        form.addRow("Address", self.address_edit)
        form.addRow("Phone", self.phone_edit)
        form.addRow("Logo", logo_row)
        form.addRow("Therapist", self.therapist_edit)
        form.addRow("Other therapists", self.others_edit)
        form.addRow("Qualifications", self.details_edit)
        self.browse_button.clicked.connect(self._browse)
        self._current = current

    def settings(self) -> ClinicSettings:
        """The details as typed (surrounding spaces removed)."""
        others = "\n".join(
            line.strip() for line in self.others_edit.toPlainText().splitlines() if line.strip()
        )
        return ClinicSettings(
            name=self.name_edit.text().strip(),
            address=self.address_edit.toPlainText().strip(),
            logo_path=self.logo_edit.text().strip(),
            therapist_name=self.therapist_edit.text().strip(),
            therapist_details=self.details_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            other_therapists=others,
        )

    def problem(self) -> str | None:
        """Why the details cannot be saved as they are, or None."""
        for what, edit in (
            ("address", self.address_edit),
            ("list of therapists", self.others_edit),
        ):
            if len(edit.toPlainText()) > MAX_VALUE_LENGTH:
                return f"The {what} is too long (at most {MAX_VALUE_LENGTH} characters)."
        return logo_problem(self.logo_edit.text())

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the clinic logo", "", LOGO_TYPES)
        if path:
            self.logo_edit.setText(path)
