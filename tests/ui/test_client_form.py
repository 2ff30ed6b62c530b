"""The client form: new and edit, consents with date and wording, inline problems, no loss."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from glutedesk.domain.models import ConsentKind
from glutedesk.storage.changes import Changes
from glutedesk.storage.clients import count_clients, get_client
from glutedesk.storage.clinic import Clinic
from glutedesk.ui.client_form import ClientForm
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.widgets.date_edit import parse_date
from tests.ui.conftest import TODAY


@pytest.fixture
def form(qtbot, file_db):
    def make(client=None) -> ClientForm:
        dialog = ClientForm(Clinic(file_db), client, today=lambda: TODAY)
        qtbot.addWidget(dialog)
        return dialog

    return make


def test_new_client_is_saved_with_consents_and_case_history(form, file_db):
    f = form()
    assert f.windowTitle() == "New client"
    f.first_name.setText("  Niamh ")
    f.last_name.setText("Ní Bhriain")
    f.date_of_birth.setText("9/3/1984")
    f.phone.setText("07700 900456")
    f.email.setText("niamh@example.org")
    f.address.setPlainText("3 Quay St\nGalway")
    f.gp_name.setText("Dr Helen Cho")
    f.gp_practice.setText("Riverside Medical Centre")
    f.occupation.setText("Solicitor")
    f.sitting_hours.setText("8.5")
    f.sport_activity.setText("Netball")
    treatment = f.consents[ConsentKind.TREATMENT]
    treatment.status.setCurrentIndex(1)  # Given: today's date is filled in
    assert treatment.date.text() == "01/03/2026"
    treatment.version.setText("2026-01")
    f.consents[ConsentKind.CONTACT_GP].status.setCurrentIndex(2)  # Declined
    f.history["complaint"].setText("Left buttock ache <on stairs> & sitting")
    f.history["medication"].setPlainText("Ibuprofen as needed")
    f.notes.setPlainText("Prefers evenings 🙂")
    assert f.save() is True
    stored = get_client(file_db, f.saved_client.id)
    assert stored.name == "Niamh Ní Bhriain"
    assert stored.date_of_birth == dt.date(1984, 3, 9)
    assert stored.sitting_hours_per_day == 8.5
    assert stored.address == "3 Quay St\nGalway"
    assert stored.consent(ConsentKind.TREATMENT).given
    assert stored.consent(ConsentKind.TREATMENT).wording_version == "2026-01"
    assert stored.consent(ConsentKind.TREATMENT).date == TODAY
    assert stored.consent(ConsentKind.CONTACT_GP).given is False
    assert stored.consent(ConsentKind.DATA_PROCESSING) is None
    assert stored.history.complaint == "Left buttock ache <on stairs> & sitting"
    assert stored.history.medication == "Ibuprofen as needed"
    assert stored.notes == "Prefers evenings 🙂"
    assert f.changes.clients == {stored.id}


def test_editing_a_client_without_changes_keeps_the_record(form, clinic, file_db):
    original = get_client(file_db, clinic["Zoë"])
    f = form(original)
    assert f.windowTitle() == "Edit client"
    assert f.first_name.text() == "Zoë"
    client, problems = f.client()
    assert problems == []
    assert client == original
    f.occupation.setText("Data engineer")
    assert f.save()
    assert get_client(file_db, original.id).occupation == "Data engineer"


def test_problems_are_shown_inline_and_nothing_is_lost(form, file_db):
    f = form()
    f.first_name.setText("Ada")
    f.date_of_birth.setText("31/02/1990")
    f.email.setText("not an email")
    f.history["goals"].setText("Walk the dog")
    assert f.save() is False
    assert "not a real date" in f.errors_label.text()
    assert f.date_of_birth.property("invalid") is True
    f.date_of_birth.setText("01/02/1990")
    assert f.save() is False
    assert "last name" in f.errors_label.text()
    assert "does not look like an email" in f.errors_label.text()
    assert f.email.property("invalid") is True
    assert f.history["goals"].text() == "Walk the dog"
    assert count_clients(file_db) == 0
    f.last_name.setText("Lovell")
    f.email.setText("ada@example.org")
    assert f.save() is True
    assert "No consent to treatment" in f.warnings_label.text()  # a warning does not block


def test_a_failed_save_keeps_the_form_open(form, file_db, monkeypatch):
    f = form()
    f.first_name.setText("Ada")
    f.last_name.setText("Lovell")
    shown = []
    monkeypatch.setattr(
        ErrorMessage, "ask", classmethod(lambda cls, parent, title, text: shown.append(text))
    )

    def full(clinic, client, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    real = Clinic.save_client
    monkeypatch.setattr(Clinic, "save_client", full)
    assert f.save() is False
    assert "disk is full" in shown[0] and "Everything you typed is kept" in shown[0]
    assert f.first_name.text() == "Ada"
    monkeypatch.setattr(Clinic, "save_client", real)
    assert f.save() is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9/3/1984", dt.date(1984, 3, 9)), ("1984-03-09", dt.date(1984, 3, 9)), (" ", None)],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_main_window_new_and_edit_client(window, clinic, file_db, monkeypatch):
    calls = []

    def fake_ask(cls, parent, door, client_id=None, *, today):
        calls.append(client_id)
        client = door.client(clinic["Liam"])
        return client, Changes(clients=frozenset({client.id}))

    monkeypatch.setattr(ClientForm, "ask", classmethod(fake_ask))
    window.new_client_action.trigger()
    assert calls == [None]
    assert window.client_list.selected_id == clinic["Liam"]
    window.details.view.edit_button.click()
    assert calls == [None, clinic["Liam"]]
    assert window.edit_client_action.text() == "&Edit client…"


def test_the_involved_side_is_picked_by_keyboard_saved_and_reloaded(form, file_db, qtbot):
    f = form()
    f.first_name.setText("Niamh")
    f.last_name.setText("Ní Bhriain")
    assert f.involved_side.value() is None  # blank: saved as "not known", never guessed
    f.involved_side.setFocus()
    qtbot.keyClicks(f.involved_side, "R")
    assert f.involved_side.currentText() == "Right"
    assert f.save() is True
    stored = get_client(file_db, f.saved_client.id)
    assert stored.history.involved_side == "right"
    again = form(stored)
    assert again.involved_side.value() == "right"
    again.involved_side.set_value(None)
    assert again.save() is True
    assert get_client(file_db, stored.id).history.involved_side == "not_known"
