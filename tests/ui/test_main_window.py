"""The main window: search, selection, the client record, empty states and refresh."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from glutedesk.storage.clients import get_client, save_client
from glutedesk.ui.client_list_model import ClientIdRole
from glutedesk.ui.dialogs import AboutDialog
from glutedesk.ui.main_window import EMPTY_SELECTION
from tests.factories import make_client

ALL = [
    "Doherty, Liam",
    "Hughes, Margaret",
    "McAllister, Siobhan",
    "O'Brien-Łukasz, Zoë",
    "Patel, Arjun",
]


def listed_names(window) -> list[str]:
    model = window.client_list.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def search(qtbot, window, text: str, expected: list[str]) -> None:
    window.client_list.view.search_edit.setText(text)
    qtbot.waitUntil(lambda: listed_names(window) == expected, timeout=2000)


def select(window, client_id: str) -> None:
    table = window.client_list.view.table
    row = window.client_list.model.row_of(client_id)
    table.selectionModel().select(
        window.client_list.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_title_status_and_list(window, db_path):
    assert window.windowTitle() == "GluteDesk — clinic.sqlite3"
    assert window.status_label.text() == f"5 clients · {db_path}"
    assert listed_names(window) == ALL
    assert window.client_list.view.search_edit.placeholderText() == "Search clients by name…"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zoe", ["O'Brien-Łukasz, Zoë"]),  # accent- and case-insensitive
        ("ZOË", ["O'Brien-Łukasz, Zoë"]),
        ("PAT", ["Patel, Arjun"]),  # prefix of the last name
        ("m", ["Hughes, Margaret", "McAllister, Siobhan"]),  # first or last name
        ("zoe o", ["O'Brien-Łukasz, Zoë"]),  # every word must match
        ("rie", ["O'Brien-Łukasz, Zoë"]),  # inside a double-barrelled surname
        ("iam", ["Doherty, Liam"]),  # inside a first name
    ],
)
def test_search_as_you_type_filters_the_list(qtbot, window, text, expected):
    search(qtbot, window, text, expected)
    assert window.client_list.view.stack.currentWidget() is window.client_list.view.table
    search(qtbot, window, "", ALL)


def test_search_without_matches_says_so(qtbot, window):
    search(qtbot, window, "xyz", [])
    view = window.client_list.view
    assert view.stack.currentWidget() is view.empty_label
    assert view.empty_label.text() == "No clients match “xyz”."


def test_search_is_debounced(window):
    edit = window.client_list.view.search_edit
    edit.setText("z")
    edit.setText("zo")
    assert window.client_list.search_timer.isActive()
    assert len(listed_names(window)) == 5  # nothing ran yet


def test_nothing_selected_shows_a_prompt(window):
    assert window.details.client is None
    assert window.details.view.currentWidget() is window.details.view.empty_page
    assert window.details.view.empty_label.text() == EMPTY_SELECTION


def test_empty_database_explains_how_to_start(make_window):
    window = make_window()
    assert window.status_label.text().startswith("0 clients · ")
    text = window.details.view.empty_label.text()
    assert "No clients yet" in text
    assert "New client" in text
    assert "glutedesk" not in text.replace(str(window.db_path), "")  # never a command to type
    assert window.client_list.view.empty_label.text() == "No clients yet."


def test_selecting_a_client_shows_their_record(window, clinic):
    select(window, clinic["Zoë"])
    details = window.details
    view = details.view
    assert details.client is not None and details.client.id == clinic["Zoë"]
    assert view.currentWidget() is view.record_page
    assert view.name_label.text() == "Zoë O'Brien-Łukasz"
    assert view.subtitle_label.text() == (
        "41 years (born 9 Mar 1984)  ·  3 visits, last on 15 Feb 2026"
    )
    assert view.contact_card.value_texts() == {
        "Phone": "07700 900123",
        "Email": "zoe@example.org",
        "Address": "12 Mill Lane\nLeeds LS1 4AB",
    }
    assert view.gp_card.value_texts()["Practice"] == "Park Lane Surgery"
    lifestyle = view.lifestyle_card.value_texts()
    assert lifestyle["Occupation"] == "Software developer"
    assert lifestyle["Sitting"] == "9.5 h a day"
    consents = view.consents_card.value_texts()
    assert consents == {
        "Treatment": "Given\n5 Jan 2026 · wording v2",
        "Data processing": "Given\n5 Jan 2026 · wording v2",
        "Contact GP": "Declined\nwording v2",
    }
    history = view.history_card.value_texts()
    # Only the filled case-history fields, and user text is never read as markup.
    assert history["Presenting complaint"] == "Low back ache <worse> after sitting & driving"
    assert "Mechanism" not in history
    assert history["Involved side"] == "Not known"  # this episode's side, said even unknown
    assert history["Notes"] == "Prefers morning appointments 🙂"


def test_visits_are_listed_newest_first_with_markers(window, clinic):
    select(window, clinic["Zoë"])
    model = window.details.visit_model
    dates = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert dates == ["15 Feb 2026", "1 Feb 2026", "4 Jan 2026"]
    assert [model.index(row, 2).data() for row in range(3)] == ["2/10", "4/10", "7/10"]
    assert [model.index(row, 3).data() for row in range(3)] == ["", "", "⚑  →"]
    assert "red flag" in model.index(2, 3).data(Qt.ItemDataRole.ToolTipRole)


def test_client_without_visits_or_history(window, clinic):
    select(window, clinic["Liam"])
    view = window.details.view
    assert view.name_label.text() == "Liam Doherty"
    assert view.subtitle_label.text() == "Date of birth not recorded  ·  No visits yet"
    assert window.details.visit_model.rowCount() == 0
    assert view.visit_table.isHidden()
    assert not view.no_visits_label.isHidden()


def test_activating_a_visit_emits_its_id(qtbot, window, clinic):
    select(window, clinic["Zoë"])
    model = window.details.visit_model
    with qtbot.waitSignal(window.details.visit_activated) as blocker:
        window.details.view.visit_table.activated.emit(model.index(0, 0))
    assert blocker.args == [model.item(0).id]


def test_search_keeps_the_selection_when_the_client_is_still_listed(qtbot, window, clinic):
    select(window, clinic["Zoë"])
    search(qtbot, window, "zo", ["O'Brien-Łukasz, Zoë"])
    assert window.client_list.selected_id == clinic["Zoë"]
    assert window.details.client.id == clinic["Zoë"]
    search(qtbot, window, "pat", ["Patel, Arjun"])
    assert window.client_list.selected_id is None
    assert window.details.client is None


def test_refresh_keeps_the_selection_and_shows_new_data(window, clinic, file_db):
    select(window, clinic["Zoë"])
    zoe = get_client(file_db, clinic["Zoë"])
    _, changes = save_client(file_db, dataclasses.replace(zoe, phone="0113 496 0000"))
    _, added = save_client(file_db, make_client(first_name="Aaron", last_name="Abbott"))
    window.refresh(changes | added)  # every save hands its changes on
    assert listed_names(window)[0] == "Abbott, Aaron"
    assert window.client_list.selected_id == clinic["Zoë"]
    rows = window.client_list.view.table.selectionModel().selectedRows()
    assert [index.data(ClientIdRole) for index in rows] == [clinic["Zoë"]]
    assert window.details.view.contact_card.value_texts()["Phone"] == "0113 496 0000"
    assert window.status_label.text().startswith("6 clients · ")


def test_refresh_without_changes_reloads_the_record(window, clinic, file_db):
    select(window, clinic["Arjun"])
    arjun = get_client(file_db, clinic["Arjun"])
    save_client(file_db, dataclasses.replace(arjun, first_name="Arjan"))
    window.refresh()
    assert window.details.view.name_label.text() == "Arjan Patel"
    assert window.client_list.selected_id == clinic["Arjun"]


def test_down_arrow_moves_from_search_into_the_list(qtbot, window, clinic):
    search(qtbot, window, "m", ["Hughes, Margaret", "McAllister, Siobhan"])
    qtbot.keyClick(window.client_list.view.search_edit, Qt.Key.Key_Down)
    assert window.client_list.selected_id == clinic["Margaret"]
    assert window.details.view.name_label.text() == "Margaret Hughes"


def test_enter_in_search_selects_the_first_match(qtbot, window, clinic):
    window.client_list.view.search_edit.setText("sio")
    qtbot.keyClick(window.client_list.view.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.client_list.selected_id == clinic["Siobhan"], timeout=2000)


def test_ctrl_f_focuses_the_search_box(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.client_list.view.table.setFocus()
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    window.find_action.trigger()
    qtbot.waitUntil(window.client_list.view.search_edit.hasFocus, timeout=2000)


def test_menus(window, monkeypatch):
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[:2] == ["&File", "&Edit"] and menus[-1] == "&Help"
    assert "&Reports" in menus
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    shown = []
    monkeypatch.setattr(AboutDialog, "ask", classmethod(lambda cls, parent: shown.append(parent)))
    window.about_action.trigger()
    assert shown == [window]


def test_missing_and_odd_consents_are_shown_as_plain_words(make_window, file_db):
    from glutedesk.domain.models import Consent, ConsentKind

    client = make_client(
        first_name="Ada",
        last_name="Lovell",
        consents=(Consent(ConsentKind.TREATMENT, False, None, "<b>v3</b>"),),
    )
    save_client(file_db, client)
    window = make_window()
    select(window, client.id)
    assert window.details.view.consents_card.value_texts() == {
        "Treatment": "Declined\nwording <b>v3</b>",
        "Data processing": "Not recorded",
        "Contact GP": "Not recorded",
    }
