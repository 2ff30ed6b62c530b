"""Signing a visit and amending a signed one: a panel to show beside a visit, and its dialogs.

:class:`AmendmentsPanel` shows whether the visit is signed, by whom and when, and every
amendment beside the original (date, author, section, reason, the text it replaces and the new
text). Its buttons open :class:`SignVisitDialog` and :class:`AmendmentDialog`; each dialog has
an ``ask()`` classmethod that tests replace. If a save fails (a full disk, say), the message
is shown and the dialog reopens with everything typed still in it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.dates import format_moment
from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.storage.changes import Changes
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import StorageError
from glutedesk.storage.signing import (
    GENERAL_SECTION,
    SECTIONS,
    Amendment,
    Signature,
    section_label,
)
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.style import MUTED, WINDOW, themed

SIGN_EXPLANATION = (
    "Signing confirms this record is complete and locks it: it can no longer be edited. "
    "Any later correction is added as a dated amendment beside the original, with its reason."
)


class SignVisitDialog(QDialog):
    """Confirm signing a visit and give the signer's name."""

    def __init__(self, parent: QWidget | None, visit_label: str, signer: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign visit")
        self.setMinimumWidth(460)
        title = QLabel(f"Sign the visit of {visit_label}?")
        title.setObjectName("panelTitle")
        note = QLabel(SIGN_EXPLANATION)
        note.setWordWrap(True)
        self.name_edit = QLineEdit(signer)
        self.name_edit.setPlaceholderText("Your name, as it should appear on the record")
        form = QFormLayout()
        form.addRow("Signed by", self.name_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = self.buttons.addButton(
            "Sign and lock", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.sign_button.setEnabled(bool(self.name_edit.text().strip()))

    def signer(self) -> str:
        return self.name_edit.text().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, visit_label: str, signer: str) -> str | None:
        dialog = cls(parent, visit_label, signer)
        return dialog.signer() if dialog.exec() == QDialog.DialogCode.Accepted else None


@dataclass(frozen=True)
class AmendmentInput:
    """What the therapist typed into the amendment dialog."""

    author: str
    section: str
    reason: str
    text: str


class AmendmentDialog(QDialog):
    """Add a correction or addendum to a signed visit; a reason is required."""

    def __init__(
        self,
        parent: QWidget | None,
        current: Callable[[str], str],
        previous: AmendmentInput,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add amendment")
        self.setMinimumSize(560, 520)
        self._current = current
        note = QLabel(
            "The original record stays as it is. The amendment is added beside it with today's "
            "date, your name and the reason."
        )
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.author_edit = QLineEdit(previous.author)
        self.section_combo = QComboBox()
        for key, (label, _column) in SECTIONS.items():
            self.section_combo.addItem(label, key)
        self.section_combo.setCurrentIndex(max(0, self.section_combo.findData(previous.section)))
        self.original_view = QPlainTextEdit()
        self.original_view.setReadOnly(True)
        self.original_view.setMaximumHeight(80)
        self.original_view.setStyleSheet(themed(f"background: {WINDOW}; color: {MUTED};"))
        self.reason_edit = QLineEdit(previous.reason)
        self.reason_edit.setPlaceholderText("Required: why is this being amended?")
        self.text_edit = QPlainTextEdit(previous.text)
        self.text_edit.setPlaceholderText("The corrected text, or the addendum")
        form = QFormLayout()
        form.addRow("Author", self.author_edit)
        form.addRow("Section", self.section_combo)
        form.addRow("Currently", self.original_view)
        form.addRow("Reason", self.reason_edit)
        form.addRow("New text", self.text_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "Add amendment", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        for edit in (self.author_edit, self.reason_edit):
            edit.textChanged.connect(self._update)
        self.text_edit.textChanged.connect(self._update)
        self.section_combo.currentIndexChanged.connect(self._section_changed)
        self._section_changed(prefill=not previous.text)
        self._update()

    def _section_changed(self, *_args: object, prefill: bool = True) -> None:
        text = self._current(self.section())
        self.original_view.setPlainText(text or "(nothing recorded in this section)")
        if prefill and self.section() != GENERAL_SECTION:
            self.text_edit.setPlainText(text)

    def section(self) -> str:
        return str(self.section_combo.currentData())

    def _update(self) -> None:
        value = self.value()
        self.save_button.setEnabled(
            bool(value.author.strip() and value.reason.strip() and value.text.strip())
        )

    def value(self) -> AmendmentInput:
        return AmendmentInput(
            self.author_edit.text(),
            self.section(),
            self.reason_edit.text(),
            self.text_edit.toPlainText(),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, current: Callable[[str], str], previous: AmendmentInput
    ) -> AmendmentInput | None:
        dialog = cls(parent, current, previous)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class AmendmentsPanel(QFrame):
    """Signature and amendments of one visit, with Sign and Add amendment buttons.

    ``changed`` carries the :class:`Changes` of a signature or amendment so the window can
    refresh. Call :meth:`set_visit` with the visit shown (None to clear).
    """

    changed = Signal(object)

    def __init__(self, clinic: Clinic, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._clinic = clinic
        self._visit: tuple[VisitId, ClientId, str, str] | None = None  # id, client, label, by
        self.title = QLabel("Signature and amendments")
        self.title.setObjectName("cardTitle")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.sign_button = QPushButton("Sign visit…")
        self.amend_button = QPushButton("Add amendment…")
        self.correct_button = QPushButton("Correct a value…")
        self.correct_button.setToolTip(
            "Correct a recorded value (a grade, a reading, a pain rating, an answer); "
            "the original stays in the record"
        )
        self.list_view = QTextBrowser()
        self.list_view.setOpenLinks(False)
        self.list_view.setFrameShape(QFrame.Shape.NoFrame)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.correct_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        layout.addWidget(self.list_view, 1)
        self.sign_button.clicked.connect(self.sign)
        self.amend_button.clicked.connect(self.amend)
        self.correct_button.clicked.connect(self.correct)
        self.set_visit(None)

    def set_visit(self, visit_id: str | None) -> None:
        """Show the signature and amendments of ``visit_id`` (None: nothing selected)."""
        self._visit = None
        if visit_id is not None:
            heading = self._clinic.visit_heading(visit_id)
            if heading is not None:
                client_id, day, therapist = heading
                label = f"{day.day} {day:%B %Y}"
                self._visit = (VisitId(visit_id), client_id, label, therapist)
        self.refresh()

    @property
    def visit_id(self) -> VisitId | None:
        return self._visit[0] if self._visit else None

    def refresh(self) -> None:
        if self._visit is None:
            self.status_label.setText("No visit selected.")
            self.status_label.setProperty("role", "muted")
            self.sign_button.setEnabled(False)
            self.amend_button.setEnabled(False)
            self.correct_button.setEnabled(False)
            self.list_view.setHtml("")
            return
        sig = self._clinic.signature(self._visit[0])
        amendments = self._clinic.amendments(self._visit[0])
        self.status_label.setText(self.status_text(sig))
        self.status_label.setProperty("role", "given" if sig else "muted")
        self.status_label.style().polish(self.status_label)
        self.sign_button.setEnabled(sig is None)
        self.amend_button.setEnabled(sig is not None)
        self.correct_button.setEnabled(sig is not None)
        self.list_view.setHtml(amendments_html(amendments))
        self.list_view.setVisible(sig is not None or bool(amendments))  # none before signing

    @staticmethod
    def status_text(sig: Signature | None) -> str:
        if sig is None:
            return "Not signed yet: the visit can still be edited. Sign it when it is complete."
        when = format_moment(sig.signed_at)
        return f"Signed by {sig.signed_by} on {when}. Locked: amend to correct."

    def sign(self) -> bool:
        if self._visit is None:
            return False
        visit_id, client_id, day, therapist = self._visit
        signer = SignVisitDialog.ask(self, day, therapist)
        if signer is None:
            return False
        try:
            self._clinic.sign(visit_id, signer)
        except StorageError as exc:
            ErrorMessage.ask(self, "The visit was not signed", str(exc))
            return False
        self.refresh()
        self.changed.emit(Changes(frozenset({client_id}), frozenset({visit_id})))
        return True

    def amend(self) -> bool:
        """Ask for an amendment and save it; on failure, ask again with the typing kept."""
        if self._visit is None:
            return False
        visit_id, client_id, _day, therapist = self._visit
        typed = AmendmentInput(therapist, GENERAL_SECTION, "", "")
        while True:
            answer = AmendmentDialog.ask(
                self, lambda section: self._clinic.current_text(visit_id, section), typed
            )
            if answer is None:
                return False
            try:
                self._clinic.amend(
                    visit_id, answer.author, answer.reason, answer.section, answer.text
                )
            except StorageError as exc:
                ErrorMessage.ask(self, "The amendment was not saved", str(exc))
                typed = answer  # reopen with everything typed
                continue
            break
        self.refresh()
        self.changed.emit(Changes(frozenset({client_id}), frozenset({visit_id})))
        return True

    def correct(self) -> bool:
        """Ask for a corrected value and save it; on failure, ask again with the typing kept."""
        if self._visit is None:
            return False
        from glutedesk.ui.correction_dialog import CorrectionDialog, CorrectionInput

        visit_id, client_id, _day, therapist = self._visit
        typed = CorrectionInput(therapist, "", "", "")
        while True:
            answer = CorrectionDialog.ask(self, self._clinic.visit(visit_id), typed)
            if answer is None:
                return False
            typed, correction = answer
            try:
                self._clinic.correct(visit_id, typed.author, typed.reason, [correction])
            except StorageError as exc:
                ErrorMessage.ask(self, "The correction was not saved", str(exc))
                continue  # reopen with everything typed
            break
        self.refresh()
        self.changed.emit(Changes(frozenset({client_id}), frozenset({visit_id})))
        return True


def amendments_html(amendments: list[Amendment]) -> str:
    """The amendments as escaped rich text, oldest first (used by the panel)."""
    if not amendments:
        return themed("<p style='color:#5b6770'>No amendments.</p>")
    parts = []
    for number, a in enumerate(amendments, start=1):
        was = (
            f"<tr><td style='color:#5b6770;padding-right:8px'>Was</td>"
            f"<td>{_html(a.old_text)}</td></tr>"
            if a.old_text
            else ""
        )
        parts.append(
            "<div style='margin:0 0 10px 0;padding:6px 8px;background:#fbf3e8;"
            "border-left:3px solid #b5742a'>"
            f"<b>Amendment {number}</b> · {_html(format_moment(a.created_at))} · "
            f"{_html(a.author)} · "
            f"{_html(section_label(a.section))}"
            "<table cellspacing='0' style='margin-top:4px'>"
            f"<tr><td style='color:#5b6770;padding-right:8px'>Reason</td>"
            f"<td>{_html(a.reason)}</td></tr>{was}"
            f"<tr><td style='color:#5b6770;padding-right:8px'>Now</td>"
            f"<td>{_html(a.new_text)}</td></tr></table></div>"
        )
    return themed("".join(parts))


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


__all__ = [
    "AmendmentDialog",
    "AmendmentInput",
    "AmendmentsPanel",
    "SignVisitDialog",
    "amendments_html",
]
