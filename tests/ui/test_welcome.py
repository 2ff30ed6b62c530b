"""The first run: the welcome on an empty clinic, clicked through as a therapist would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.settings import ClinicSettings
from glutedesk.ui.client_form import ClientForm
from glutedesk.ui.welcome import WelcomeDialog, needs_welcome, offer_welcome
from tests.ui.dialog_clicker import when_modal

REAL_ASK = WelcomeDialog.__dict__["ask"]  # before the autouse fixture answers "Later"


def _type_details(qtbot, dialog: WelcomeDialog) -> None:
    form = dialog.form
    qtbot.keyClicks(form.name_edit, "Riverside Sports Massage")
    qtbot.keyClicks(form.address_edit, "1 Mill Lane, Ely CB7 4AA")
    qtbot.keyClicks(form.phone_edit, "01632 960 123")
    qtbot.keyClicks(form.therapist_edit, "Priya Nair")
    qtbot.keyClicks(form.others_edit, "Sam Okafor")


def test_only_a_clinic_nobody_set_up_is_welcomed():
    blank = ClinicSettings()
    assert needs_welcome(blank, 0, read_only=False)
    assert not needs_welcome(blank, 3, read_only=False)  # has clients
    assert not needs_welcome(ClinicSettings(name="Riverside"), 0, read_only=False)
    assert not needs_welcome(blank, 0, read_only=True)  # nothing could be saved


def test_save_and_add_the_first_client(make_window, monkeypatch, qtbot, file_db):
    monkeypatch.setattr(WelcomeDialog, "ask", REAL_ASK)
    window = make_window()
    opened = []
    monkeypatch.setattr(ClientForm, "ask", classmethod(lambda cls, *a, **k: opened.append(1)))

    def fill_and_go(dialog: WelcomeDialog) -> None:
        _type_details(qtbot, dialog)
        assert not dialog.demo_button.isVisible()  # no demo offered without a way to open it
        qtbot.mouseClick(dialog.first_client_button, Qt.MouseButton.LeftButton)

    seen = when_modal(WelcomeDialog, fill_and_go)
    choice = offer_welcome(window, backup_dir=window.db_path.parent / "backups")
    assert seen and choice == "first_client"
    assert opened == [1]  # the New client form came next
    settings = Clinic(file_db).settings()
    assert (settings.name, settings.phone, settings.therapist_name) == (
        "Riverside Sports Massage",
        "01632 960 123",
        "Priya Nair",
    )
    assert settings.therapists == ("Priya Nair", "Sam Okafor")
    assert offer_welcome(window, backup_dir=window.db_path.parent) is None  # set up now


def test_later_saves_nothing_and_the_welcome_comes_back(make_window, monkeypatch, qtbot, file_db):
    monkeypatch.setattr(WelcomeDialog, "ask", REAL_ASK)
    window = make_window()

    def type_then_later(dialog: WelcomeDialog) -> None:
        _type_details(qtbot, dialog)
        qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)

    when_modal(WelcomeDialog, type_then_later)
    assert offer_welcome(window, backup_dir=window.db_path.parent) == "later"
    assert Clinic(file_db).settings().is_blank
    when_modal(WelcomeDialog, lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
    assert offer_welcome(window, backup_dir=window.db_path.parent) == "later"  # asked again


def test_explore_the_demo_clinic(make_window, monkeypatch, qtbot):
    monkeypatch.setattr(WelcomeDialog, "ask", REAL_ASK)
    window = make_window()
    explored = []
    when_modal(WelcomeDialog, lambda d: qtbot.mouseClick(d.demo_button, Qt.MouseButton.LeftButton))
    choice = offer_welcome(
        window, backup_dir=window.db_path.parent, explore_demo=lambda: explored.append(1)
    )
    assert choice == "demo" and explored == [1]


def test_a_bad_logo_keeps_the_welcome_open_with_everything_typed(
    make_window, monkeypatch, qtbot, tmp_path
):
    monkeypatch.setattr(WelcomeDialog, "ask", REAL_ASK)
    window = make_window()
    states = []

    def bad_logo_then_fix(dialog: WelcomeDialog) -> None:
        _type_details(qtbot, dialog)
        dialog.form.logo_edit.setText(str(tmp_path / "missing.png"))
        qtbot.mouseClick(dialog.first_client_button, Qt.MouseButton.LeftButton)
        states.append((dialog.isVisible(), dialog.error_label.text(), dialog.form.name_edit.text()))
        dialog.form.logo_edit.clear()
        qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)

    when_modal(WelcomeDialog, bad_logo_then_fix)
    offer_welcome(window, backup_dir=window.db_path.parent)
    [(visible, error, name)] = states
    assert visible and "There is no file" in error and name == "Riverside Sports Massage"


def test_the_main_therapist_starts_a_first_visit(make_editor, file_db, clinic):
    Clinic(file_db).save_settings(ClinicSettings(therapist_name="Priya Nair"))
    editor = make_editor(clinic["Liam"])  # Liam has no visit yet
    assert editor.subjective.therapist.text() == "Priya Nair"
    follow_up = make_editor(clinic["Zoë"])  # a follow-up keeps the last visit's therapist
    assert follow_up.subjective.therapist.text() == "Sam Therapist"


def test_the_welcome_recommends_a_passphrase(make_window, monkeypatch, qtbot):
    monkeypatch.setattr(WelcomeDialog, "ask", REAL_ASK)
    window = make_window()
    asked = []

    def protect_then_later(dialog: WelcomeDialog) -> None:
        assert dialog.passphrase_button.isEnabled()
        qtbot.mouseClick(dialog.passphrase_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)

    when_modal(WelcomeDialog, protect_then_later)
    offer_welcome(window, backup_dir=window.db_path.parent, protect=lambda: asked.append(1))
    assert asked == [1]
