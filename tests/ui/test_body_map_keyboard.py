"""A pain mark placed with the keyboard alone: real key events only, no mouse anywhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from glutedesk.domain.models import SymptomType
from glutedesk.domain.regions import load_regions
from glutedesk.ui.body_diagram import BodyDiagram

REGIONS = load_regions()


@pytest.fixture
def diagram(qtbot) -> BodyDiagram:
    widget = BodyDiagram()
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press delivered where a keyboard's goes: an open popup, else the focus widget."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot, text: str) -> None:
    for char in text:
        target = QApplication.activePopupWidget() or QApplication.focusWidget()
        qtbot.keyClicks(target, char)


def tab_to(qtbot, diagram: BodyDiagram, wanted: QWidget) -> None:
    """Tab through the diagram's controls until ``wanted`` has the focus."""
    for _ in range(40):
        if QApplication.focusWidget() is wanted:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {wanted.objectName()}")


def test_type_glute_med_left_and_enter_places_the_mark(qtbot, diagram):
    diagram.toolbar.setFocus()  # somewhere in the diagram, as after tabbing into it
    tab_to(qtbot, diagram, diagram.picker)
    type_text(qtbot, "glute med left")
    assert diagram.picker.matches()[0] == REGIONS.get("back.glute_med.L").label
    press(qtbot, Qt.Key.Key_Return)
    [placed] = diagram.marks()
    assert (placed.region_id, placed.symptom, placed.intensity) == (
        "back.glute_med.L",
        SymptomType.ACHE,
        5,
    )
    # The focus is now on the diagram: the mark's keys work at once.
    assert QApplication.focusWidget() is diagram.canvas
    press(qtbot, Qt.Key.Key_7)
    press(qtbot, Qt.Key.Key_P)
    [placed] = diagram.marks()
    assert (placed.symptom, placed.intensity) == (SymptomType.PINS_AND_NEEDLES, 7)
    assert "client's left" in diagram.canvas.accessibleName()
    assert "Pins and needles, 7/10" in diagram.canvas.accessibleName()
    assert diagram.picker.text() == ""


def test_find_key_on_the_diagram_goes_to_the_region_search(qtbot, diagram):
    diagram.canvas.setFocus()
    find = QKeySequence(QKeySequence.StandardKey.Find)[0]
    press(qtbot, find.key(), find.keyboardModifiers())
    assert QApplication.focusWidget() is diagram.picker
    type_text(qtbot, "sij right")
    press(qtbot, Qt.Key.Key_Return)
    assert [m.region_id for m in diagram.marks()] == ["back.sij.R"]


def test_a_search_with_no_match_keeps_the_text_and_marks_nothing(qtbot, diagram):
    diagram.picker.setFocus()
    missed: list[str] = []
    diagram.picker.no_match.connect(missed.append)
    type_text(qtbot, "elbow of the moon")
    press(qtbot, Qt.Key.Key_Return)
    assert diagram.marks() == () and missed == ["elbow of the moon"]
    assert diagram.picker.text() == "elbow of the moon"


def test_arrow_keys_move_to_neighbouring_regions_then_enter_marks(qtbot, diagram):
    diagram.canvas.setFocus()
    diagram.select_region("back.glute_med.L")
    press(qtbot, Qt.Key.Key_Down)
    assert diagram.selected_region() == "back.glute_max.L"  # the buttock below glute med
    press(qtbot, Qt.Key.Key_Up)
    assert diagram.selected_region() == "back.glute_med.L"
    press(qtbot, Qt.Key.Key_Up)
    assert diagram.selected_region() == "back.lumbar.L"  # the low back above it
    press(qtbot, Qt.Key.Key_Right)
    assert diagram.selected_region().startswith("back.")  # a neighbour, not a mark elsewhere
    assert diagram.marks() == ()  # moving marks nothing
    press(qtbot, Qt.Key.Key_Return)
    assert [m.region_id for m in diagram.marks()] == [diagram.selected_region()]


def test_every_region_can_be_reached_with_the_arrow_keys(qtbot, diagram):
    diagram.canvas.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # nothing selected: the first arrow starts at the top
    start = diagram.selected_region()
    assert start == REGIONS.regions[0].id
    seen, todo = {start}, [start]
    arrows = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
    while todo:
        here = todo.pop()
        for arrow in arrows:
            diagram.select_region(here)
            press(qtbot, arrow)
            there = diagram.selected_region()
            if there not in seen:
                seen.add(there)
                todo.append(there)
    assert seen == set(REGIONS.ids())


def test_every_region_side_and_mark_has_an_accessible_name(qtbot, diagram):
    for region in REGIONS:
        diagram.select_region(region.id)
        name = diagram.canvas.accessibleName()
        assert region.label in name and f"{region.view} view" in name
        side = {"left": "client's left", "right": "client's right"}.get(region.side, "centre")
        assert side in name
    diagram.canvas.setFocus()
    diagram.select_region("front.anterior_thigh.R")
    press(qtbot, Qt.Key.Key_Space)
    item = diagram.marks_list.topLevelItem(0)
    spoken = item.data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert REGIONS.get("front.anterior_thigh.R").label in spoken and "Ache, 5/10" in spoken


def test_every_custom_widget_of_the_diagram_has_an_accessible_name(diagram):
    unnamed = [
        f"{type(w).__module__}.{type(w).__name__} {w.objectName()!r}"
        for w in [diagram, *diagram.findChildren(QWidget)]
        if type(w).__module__.startswith("glutedesk") and not w.accessibleName()
    ]
    assert unnamed == []
