"""File ▸ Clinic details…: the clinic and therapists printed on documents (the fields are
:class:`~glutedesk.ui.clinic_details_form.ClinicDetailsForm`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.storage.settings import ClinicSettings
from glutedesk.ui.clinic_details_form import ClinicDetailsForm
from glutedesk.ui.discard_guard import DiscardGuard
from glutedesk.ui.style import themed
from glutedesk.ui.window_fit import fit_window


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
        self.form = ClinicDetailsForm(current)
        # The fields tests and callers address directly.
        self.name_edit = self.form.name_edit
        self.logo_edit = self.form.logo_edit

        self.error_label = QLabel()
        self.error_label.setStyleSheet(themed("color: #a3312a;"))
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
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        if security is not None:  # passphrase, lock screen: glutedesk.ui.security_dialog
            self.security_button = QPushButton("Security and privacy…")
            self.security_button.clicked.connect(security)
            layout.addWidget(self.security_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        hint = self.sizeHint()
        fit_window(self, max(560, hint.width()), hint.height())
        self.discard_guard = DiscardGuard(self, "clinic's details")

    def settings(self) -> ClinicSettings:
        """The details as typed (surrounding spaces removed)."""
        return self.form.settings()

    def problem(self) -> str | None:
        """Why the details cannot be saved as they are, or None."""
        return self.form.problem()

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
