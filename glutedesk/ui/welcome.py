"""The first run: a short welcome on an empty clinic that asks what every letter needs.

It asks for the clinic's details and the therapists' names (the main therapist starts each
client's first visit), shows where the backups go and offers a second place for them, then
offers "Add your first client" or "Explore a demo clinic" (a separate file). "Later" leaves
everything as it is; the welcome comes back while the clinic is still empty and unnamed.
Nothing here sends the therapist to a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from glutedesk.storage.errors import DATABASE_FAILURES
from glutedesk.storage.settings import ClinicSettings
from glutedesk.ui.clinic_details_form import ClinicDetailsForm
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.window_fit import fit_window

WelcomeChoice = Literal["first_client", "demo", "later"]

INTRO = (
    "Your records stay in one file on this computer. Tell GluteDesk about your clinic: these "
    "details head every report, handout and letter, and the therapist's name starts each "
    "client's first visit. You can change them later under Reports ▸ Clinic details."
)


class WelcomeDialog(QDialog):
    """Clinic details, backups, then the first client or the demo clinic."""

    def __init__(
        self,
        current: ClinicSettings,
        backup_dir: Path,
        parent: QWidget | None = None,
        *,
        can_explore_demo: bool = True,
        choose_second_place: Callable[[], None] | None = None,
        protect: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to GluteDesk")
        self.choice: WelcomeChoice = "later"
        title = QLabel("Welcome to GluteDesk")
        title.setObjectName("welcomeTitle")
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.form = ClinicDetailsForm(current)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #a3312a;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        backups = QFrame()
        backups.setObjectName("card")
        box = QVBoxLayout(backups)
        box.addWidget(QLabel("<b>Backups and privacy</b>"))
        where = QLabel(
            f"GluteDesk backs up your records to {backup_dir} every hour and when you close "
            "it. Keep a second copy on a USB stick or another disk, in case this computer is "
            "lost or fails."
        )
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(where)
        self.second_place_button = QPushButton("Choose a second place for backups…")
        self.second_place_button.setAutoDefault(False)
        self.second_place_button.setEnabled(choose_second_place is not None)
        if choose_second_place is not None:
            self.second_place_button.clicked.connect(choose_second_place)
        box.addWidget(self.second_place_button, 0, Qt.AlignmentFlag.AlignLeft)
        privacy = QLabel(
            "These are health records: protect them with a passphrase, so a lost laptop or USB "
            "stick gives nothing away. You get a recovery key to keep somewhere safe."
        )
        privacy.setWordWrap(True)
        box.addWidget(privacy)
        self.passphrase_button = QPushButton("Protect with a passphrase…")
        self.passphrase_button.setAutoDefault(False)
        self.passphrase_button.setEnabled(protect is not None)
        if protect is not None:
            self.passphrase_button.clicked.connect(protect)
        box.addWidget(self.passphrase_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.buttons = QDialogButtonBox()
        self.first_client_button = self.buttons.addButton(
            "Save and add your first client", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.first_client_button.setDefault(True)
        self.demo_button = self.buttons.addButton(
            "Explore a demo clinic", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.demo_button.setToolTip(
            "Opens a separate demo file with made-up clients; your own clinic stays as it is"
        )
        self.demo_button.setVisible(can_explore_demo)
        self.later_button = self.buttons.addButton("Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.first_client_button.clicked.connect(lambda: self._finish("first_client"))
        self.demo_button.clicked.connect(lambda: self._finish("demo"))
        self.later_button.clicked.connect(self.reject)

        # On a short screen the details scroll (the buttons stay in view) instead of being
        # squeezed until the boxes overlap.
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 6, 0)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addSpacing(6)
        inner.addWidget(self.form)
        inner.addWidget(self.error_label)
        inner.addWidget(backups)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        margins = layout.contentsMargins()
        width = content.sizeHint().width() + margins.left() + margins.right() + 16
        height = content.sizeHint().height() + self.buttons.sizeHint().height()
        height += margins.top() + margins.bottom() + layout.spacing() + 4
        fit_window(self, max(640, width), height)
        self.form.therapist_edit.setFocus() if current.name else self.form.name_edit.setFocus()

    def settings(self) -> ClinicSettings:
        """The details as typed."""
        return self.form.settings()

    def _finish(self, choice: WelcomeChoice) -> None:
        problem = self.form.problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return  # stay open: nothing typed is lost
        self.choice = choice
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        current: ClinicSettings,
        backup_dir: Path,
        **kwargs,
    ) -> tuple[WelcomeChoice, ClinicSettings]:
        """Show the welcome; return the choice and the details as typed."""
        dialog = cls(current, backup_dir, parent, **kwargs)
        dialog.exec()
        return dialog.choice, dialog.settings()


def needs_welcome(settings: ClinicSettings, client_count: int, read_only: bool) -> bool:
    """The welcome is for a clinic nobody has set up yet: no clients, no name, writable."""
    return not read_only and client_count == 0 and settings.is_blank


def offer_welcome(
    window,
    *,
    explore_demo: Callable[[], None] | None = None,
    choose_second_place: Callable[[], None] | None = None,
    protect: Callable[[], None] | None = None,
    backup_dir: Path,
) -> WelcomeChoice | None:
    """Show the welcome over ``window`` (a MainWindow) when its clinic needs one; act on it.

    The details typed are saved unless the therapist chose "Later"; then the first client's
    form opens, or the demo clinic. Returns the choice, or None when no welcome was due.
    """
    clinic = window.clinic
    settings = clinic.settings()
    if not needs_welcome(settings, clinic.count_clients(), window.read_only is not None):
        return None
    choice, typed = WelcomeDialog.ask(
        window,
        settings,
        backup_dir,
        can_explore_demo=explore_demo is not None,
        choose_second_place=choose_second_place,
        protect=protect,
    )
    if choice != "later" and typed != settings:
        try:
            window.refresh(clinic.save_settings(typed))
        except (ValueError, *DATABASE_FAILURES) as exc:
            ErrorMessage.ask(window, "The clinic's details were not saved", str(exc))
            return choice
    if choice == "first_client":
        window.new_client()
    elif choice == "demo" and explore_demo is not None:
        explore_demo()
    return choice
