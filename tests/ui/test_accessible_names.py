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
