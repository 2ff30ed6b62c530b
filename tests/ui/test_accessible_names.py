"""Every GluteDesk widget a screen reader can meet has an accessible name from its screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from glutedesk.ui.accessibility import install_accessible_names, uninstall_accessible_names


@pytest.fixture
def named(qapp):
    install_accessible_names(qapp)
    yield
    uninstall_accessible_names(qapp)


def unnamed(root: QWidget) -> list[str]:
    return sorted(
        {
            f"{type(w).__module__}.{type(w).__name__}"
            for w in [root, *root.findChildren(QWidget)]
            if type(w).__module__.startswith("glutedesk.") and not w.accessibleName()
        }
    )


def test_main_window_timeline_and_every_editor_section_are_named(named, qtbot, clinic, make_window):
    window = make_window()
    with qtbot.waitExposed(window):
        window.show()
    window.client_list.select_client(clinic["Zoë"])
    window.record_tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.timeline.isVisible())
    editor = window.open_visit_editor(clinic["Zoë"], None)
    with qtbot.waitExposed(editor):
        editor.show()
    for section in range(6):
        editor.go_to(section)
        qtbot.wait(10)
    window.record_tabs.setCurrentIndex(0)
    assert unnamed(window) == []
    assert unnamed(editor) == []
    subjective = editor.sections[0]
    assert subjective.nprs_now.accessibleName() == "Pain (NPRS 0–10): Now"
    assert subjective.nprs_best.accessibleName() == "Pain (NPRS 0–10): Best"
    rating = subjective.findChild(QWidget, "psfsRating0")
    assert rating is not None and rating.accessibleName() not in ("", "Optional spin")


def test_a_name_set_in_code_is_kept(named, qtbot):
    from glutedesk.ui.body_diagram import BodyDiagram

    diagram = BodyDiagram()
    qtbot.addWidget(diagram)
    diagram.show()
    assert diagram.picker.accessibleName() == "Find a body region to mark"
    assert diagram.accessibleName() == "Body diagram: where it hurts"


def test_a_section_built_when_first_shown_and_a_later_dialog_get_their_names(
    named, qtbot, clinic, make_window
):
    # The names come from the application's style as each widget is polished (no application
    # event filter): a section built long after the names were installed, and a dialog opened
    # later still, get the names their screens give them, derived when they are polished.
    from glutedesk.ui.settings_dialog import SettingsDialog
    from glutedesk.ui.visit_editor.battery_view import OldSidesStrip
    from glutedesk.ui.visit_editor.editor_navigation import OBJECTIVE

    window = make_window()
    with qtbot.waitExposed(window):
        window.show()
    window.client_list.select_client(clinic["Zoë"])
    editor = window.open_visit_editor(clinic["Zoë"], None)
    with qtbot.waitExposed(editor):
        editor.show()
    assert editor._sections[OBJECTIVE] is None  # built when first shown, below
    editor.go_to(OBJECTIVE)
    qtbot.wait(10)
    objective = editor.sections[OBJECTIVE]
    assert unnamed(objective) == []
    pelvic_tilt = objective.findChild(QWidget, "posture_pelvic_tilt")
    assert pelvic_tilt is not None
    assert pelvic_tilt.accessibleName() == "Pelvic tilt (side view)"
    # A strip with a stylesheet of its own is polished ahead of time as it joins its card
    # (the card has no name then); its name is the one it gets when really polished: its
    # card's, as when the Polish event named it.
    strips = objective.findChildren(OldSidesStrip)
    assert strips
    for strip in strips:
        card = strip.parentWidget()
        assert strip.accessibleName() == card.accessibleName() != ""
    editor.close()

    dialog = SettingsDialog(window.clinic.settings(), window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert unnamed(dialog) == []
    assert dialog.form.accessibleName() == (
        "These details head every printed report, handout and letter."
    )
