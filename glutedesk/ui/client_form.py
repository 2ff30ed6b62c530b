"""New client / edit client: identity, contact, GP, work and sport, consents, case history.

:class:`ClientForm` is a dialog; :meth:`ClientForm.ask` shows it and returns the saved client
and the change record (or None when cancelled). Problems are shown inline and nothing typed is
lost: a failed save keeps the dialog open with a clear message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.ids import new_client_id
from glutedesk.domain.models import CaseHistory, Client, ConsentKind
from glutedesk.domain.record_rules import check_client
from glutedesk.domain.strength import INVOLVED_NOT_KNOWN, INVOLVED_SIDES
from glutedesk.domain.validation import FieldError
from glutedesk.storage.changes import Changes
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.errors import DATABASE_FAILURES
from glutedesk.ui.consent_row import ConsentRow
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.discard_guard import DiscardGuard
from glutedesk.ui.formatting import CONSENT_LABELS, HISTORY_LABELS
from glutedesk.ui.style import themed
from glutedesk.ui.visit_editor.common import NotesEdit, card, field_label, keep_order, muted
from glutedesk.ui.widgets.date_edit import DateEdit
from glutedesk.ui.widgets.fields import ChoiceField, NumberEdit
from glutedesk.ui.widgets.tracking import set_flag
from glutedesk.ui.window_fit import fit_window

LONG_HISTORY = {"past_medical_history", "surgery", "medication", "contraindications"}

FORM_STYLE = """
QLineEdit[invalid="true"] { border: 1px solid #a3312a; background: #fdf1ef; }
QLabel#formErrors { color: #a3312a; }
QLabel#formWarnings { color: #8a5a00; }
"""


class ClientForm(QDialog):
    """The client's record as a form. Use :meth:`ask` to show it."""

    def __init__(
        self,
        clinic: Clinic,
        client: Client | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(themed(FORM_STYLE))
        self._clinic = clinic
        self._today = today
        self._original = client
        self.saved_client: Client | None = None
        self.changes: Changes | None = None
        self.setWindowTitle("Edit client" if client else "New client")
        fit_window(self, 860, 820)

        self.first_name = QLineEdit()
        self.first_name.setObjectName("first_name")
        self.last_name = QLineEdit()
        self.last_name.setObjectName("last_name")
        self.date_of_birth = DateEdit()
        self.date_of_birth.setObjectName("date_of_birth")
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.email = QLineEdit()
        self.email.setObjectName("email")
        self.address = NotesEdit("Address", lines=2)
        self.address.setObjectName("address")
        self.gp_name = QLineEdit()
        self.gp_name.setObjectName("gp_name")
        self.gp_practice = QLineEdit()
        self.gp_practice.setObjectName("gp_practice")
        self.gp_address = QLineEdit()
        self.gp_address.setObjectName("gp_address")
        self.occupation = QLineEdit()
        self.occupation.setObjectName("occupation")
        self.sitting_hours = NumberEdit(integer=False, minimum=0, maximum=24)
        self.sitting_hours.setObjectName("sitting_hours_per_day")
        self.sport_activity = QLineEdit()
        self.sport_activity.setObjectName("sport_activity")
        self.consents = {kind: ConsentRow(kind, today) for kind in ConsentKind}
        self.history: dict[str, QLineEdit | NotesEdit] = {}
        for name in HISTORY_LABELS:
            widget: QLineEdit | NotesEdit = (
                NotesEdit(lines=2) if name in LONG_HISTORY else QLineEdit()
            )
            widget.setObjectName(f"history_{name}")
            self.history[name] = widget
        self.involved_side = ChoiceField(
            [(key, word.capitalize()) for key, word in INVOLVED_SIDES.items()]
        )
        self.involved_side.setObjectName("history_involved_side")
        self.involved_side.setToolTip(
            "The side of this episode's complaint. Strength symmetry then reads involved ÷ "
            "uninvolved; with both or not known, weaker ÷ stronger."
        )
        self.notes = NotesEdit("Anything else (preferences, access needs)", lines=2)
        self.notes.setObjectName("notes")
        self.errors_label = QLabel()
        self.errors_label.setObjectName("formErrors")
        self.errors_label.setWordWrap(True)
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("formWarnings")
        self.warnings_label.setWordWrap(True)
        self._build()
        if client is not None:
            self.load(client)
        self.discard_guard = DiscardGuard(self, "client's record")
        self.first_name.setFocus()

    def _build(self) -> None:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(18, 14, 18, 14)
        outer.setSpacing(12)

        def grid_card(title: str, rows: list[tuple[str, QWidget]], hint: str = "") -> None:
            frame, lay = card(title, hint)
            grid = QGridLayout()
            grid.setHorizontalSpacing(12)
            for r, (label, widget) in enumerate(rows):
                name = field_label(label)
                # Level with the field's text: centred beside one line, with the first line
                # of a box of several (the label sat higher than its field).
                several = isinstance(widget, NotesEdit)
                if several:
                    name.setContentsMargins(0, 5, 0, 0)
                top, centre = Qt.AlignmentFlag.AlignTop, Qt.AlignmentFlag.AlignVCenter
                grid.addWidget(name, r, 0, top if several else centre)
                grid.addWidget(widget, r, 1)
            grid.setColumnStretch(1, 1)
            grid.setColumnMinimumWidth(0, 170)
            lay.addLayout(grid)
            outer.addWidget(frame)

        grid_card(
            "Client",
            [
                ("First name *", self.first_name),
                ("Last name *", self.last_name),
                ("Date of birth", self.date_of_birth),
            ],
        )
        grid_card(
            "Contact",
            [("Phone", self.phone), ("Email", self.email), ("Address", self.address)],
        )
        grid_card(
            "GP",
            [
                ("GP name", self.gp_name),
                ("Practice", self.gp_practice),
                ("Practice address", self.gp_address),
            ],
            "Needed for referral letters.",
        )
        hours = QWidget()
        hours_layout = QHBoxLayout(hours)
        hours_layout.setContentsMargins(0, 0, 0, 0)
        hours_layout.addWidget(self.sitting_hours)
        hours_layout.addWidget(muted("hours a day", wrap=False))
        hours_layout.addStretch(1)
        grid_card(
            "Work and activity",
            [
                ("Occupation", self.occupation),
                ("Sitting", hours),
                ("Sport / activity", self.sport_activity),
            ],
        )
        frame, lay = card(
            "Consents", "Record the date given and the version of the wording the client saw."
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for r, (kind, row) in enumerate(self.consents.items()):
            grid.addWidget(field_label(CONSENT_LABELS[kind]), r, 0)
            grid.addWidget(row.status, r, 1)
            grid.addWidget(row.date, r, 2)
            grid.addWidget(row.version, r, 3)
        grid.setColumnMinimumWidth(0, 170)
        grid.setColumnStretch(4, 1)
        lay.addLayout(grid)
        outer.addWidget(frame)
        grid_card(
            "Case history",
            [("Involved side (this episode)", self.involved_side)]
            + [(HISTORY_LABELS[name], widget) for name, widget in self.history.items()],
        )
        grid_card("Notes", [("Notes", self.notes)])
        outer.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)
        layout.addWidget(scroll, 1)
        messages = QVBoxLayout()
        messages.setContentsMargins(18, 0, 18, 0)
        messages.addWidget(self.errors_label)
        messages.addWidget(self.warnings_label)
        messages.addWidget(self.buttons)
        layout.addLayout(messages)

    # Loading and reading ---------------------------------------------------------------------

    def load(self, client: Client) -> None:
        self.first_name.setText(client.first_name)
        self.last_name.setText(client.last_name)
        self.date_of_birth.set_date(client.date_of_birth)
        self.phone.setText(client.phone)
        self.email.setText(client.email)
        self.address.setPlainText(client.address)
        self.gp_name.setText(client.gp_name)
        self.gp_practice.setText(client.gp_practice)
        self.gp_address.setText(client.gp_address)
        self.occupation.setText(client.occupation)
        self.sitting_hours.set_value(client.sitting_hours_per_day)
        self.sport_activity.setText(client.sport_activity)
        for kind, row in self.consents.items():
            row.load(client.consent(kind))
        for name, widget in self.history.items():
            text = getattr(client.history, name)
            if isinstance(widget, QLineEdit):
                widget.setText(text)
            else:
                widget.setPlainText(text)
        self.involved_side.set_value(client.history.involved_side)
        self.notes.setPlainText(client.notes)

    def _text(self, name: str) -> str:
        widget = self.history[name]
        return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()

    def client(self) -> tuple[Client | None, list[FieldError]]:
        """The client as typed, or None with the problems that stop reading it."""
        problems: list[FieldError] = []
        dates: dict[str, dt.date | None] = {}
        edits = {"date_of_birth": self.date_of_birth}
        edits.update({f"consents.{k.value}.date": r.date for k, r in self.consents.items()})
        for field, edit in edits.items():
            try:
                dates[field] = edit.date()
            except ValueError as exc:
                problems.append(FieldError(field, str(exc)))
        if self.sitting_hours.problem():
            problems.append(
                FieldError(
                    "sitting_hours_per_day",
                    f"Hours sitting per day: {self.sitting_hours.problem()}",
                )
            )
        if problems:
            return None, problems
        original = self._original
        consents = [c for row in self.consents.values() if (c := row.consent()) is not None]
        if original is not None:
            consents = list(keep_order(original.consents, consents, key=lambda c: c.kind))
        history = CaseHistory(
            **{name: self._text(name) for name in HISTORY_LABELS},
            involved_side=self.involved_side.value() or INVOLVED_NOT_KNOWN,
        )
        values = dict(
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            date_of_birth=dates["date_of_birth"],
            phone=self.phone.text(),
            email=self.email.text().strip(),
            address=self.address.toPlainText(),
            gp_name=self.gp_name.text(),
            gp_practice=self.gp_practice.text(),
            gp_address=self.gp_address.text(),
            occupation=self.occupation.text(),
            sitting_hours_per_day=self.sitting_hours.value(),
            sport_activity=self.sport_activity.text(),
            consents=tuple(consents),
            history=history,
            notes=self.notes.toPlainText(),
        )
        if original is None:
            return Client(id=new_client_id(), **values), []
        return dataclasses.replace(original, **values), []

    # Saving ----------------------------------------------------------------------------------

    def _show_problems(self, problems: list[FieldError]) -> None:
        errors = [p for p in problems if p.is_error]
        warnings = [p for p in problems if not p.is_error]
        self.errors_label.setText("\n".join(f"• {p.message}" for p in errors))
        self.errors_label.setVisible(bool(errors))
        self.warnings_label.setText("\n".join(f"• {p.message}" for p in warnings))
        self.warnings_label.setVisible(bool(warnings))
        fields = {p.field for p in errors}
        inputs: dict[str, QWidget] = {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "date_of_birth": self.date_of_birth,
            "email": self.email,
            "sitting_hours_per_day": self.sitting_hours,
        }
        for kind, row in self.consents.items():
            inputs[f"consents.{kind.value}.date"] = row.date
        for field, widget in inputs.items():
            set_flag(widget, "invalid", field in fields)
        for field, widget in inputs.items():
            if field in fields:
                widget.setFocus()
                break

    def problems(self) -> list[FieldError]:
        client, problems = self.client()
        if client is None:
            return problems
        return check_client(client, today=self._today())

    def save(self) -> bool:
        """Check and save; close the dialog on success. Problems keep it open, all kept."""
        client, problems = self.client()
        if client is not None:
            problems = check_client(client, today=self._today())
        self._show_problems(problems)
        if client is None or any(p.is_error for p in problems):
            return False
        try:
            stored, changes = self._clinic.save_client(client)
        except (*DATABASE_FAILURES, OSError) as exc:
            from glutedesk.ui.visit_editor.editor import save_error_message

            message = save_error_message(exc).replace("The visit", "The client")
            ErrorMessage.ask(
                self, "The client was not saved", message + "\n\nEverything you typed is kept."
            )
            return False
        self.saved_client = stored
        self.changes = changes
        self.accept()
        return True

    def reject(self) -> None:
        """Esc, Cancel or the close button: ask first when something was typed."""
        if self.discard_guard.confirm_discard():
            super().reject()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        clinic: Clinic,
        client_id: str | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> tuple[Client, Changes] | None:
        """Show the form (new client, or edit ``client_id``); return what was saved, or None."""
        client = clinic.client(client_id) if client_id else None
        form = cls(clinic, client, today=today, parent=parent)
        if form.exec() == QDialog.DialogCode.Accepted and form.saved_client and form.changes:
            return form.saved_client, form.changes
        return None
