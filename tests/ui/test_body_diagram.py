"""The body diagram, driven by real mouse clicks and key presses (it is custom-painted)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from glutedesk.domain.diagram_geometry import load_view
from glutedesk.domain.models import PainMark, SymptomType
from glutedesk.domain.polygons import area, interior_point
from glutedesk.domain.regions import load_regions
from glutedesk.reports.map_style import NERVE_BANNER, intensity_colour
from glutedesk.ui.body_diagram import BodyDiagram
from glutedesk.ui.body_diagram.canvas import MARGIN_PX, VIEW_GAP

VERSION = load_regions().version


def mark(region_id: str, symptom=SymptomType.ACHE, intensity: int | None = 5) -> PainMark:
    return PainMark(region_id, symptom, intensity, VERSION)


@pytest.fixture
def diagram(qtbot) -> BodyDiagram:
    widget = BodyDiagram()
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def view_of(region_id: str) -> str:
    return region_id.split(".", 1)[0]


def expected_pos(diagram: BodyDiagram, view: str, x: float, y: float) -> QPoint:
    """Widget position of diagram point (x, y), computed independently of the widget's code:
    both 400 x 900 views side by side with a gap, scaled uniformly and centred."""
    canvas = diagram.canvas
    total_w, total_h = 2 * 400 + VIEW_GAP, 900
    scale = min(
        (canvas.width() - 2 * MARGIN_PX) / total_w, (canvas.height() - 2 * MARGIN_PX) / total_h
    )
    left = (canvas.width() - total_w * scale) / 2 + (
        0 if view == "back" else (400 + VIEW_GAP) * scale
    )
    top = (canvas.height() - total_h * scale) / 2
    return QPoint(round(left + x * scale), round(top + y * scale))


def region_pos(diagram: BodyDiagram, region_id: str) -> QPoint:
    geom = load_view(view_of(region_id))
    x, y = interior_point(max(geom.regions[region_id], key=area))
    return expected_pos(diagram, view_of(region_id), x, y)


def click(qtbot, diagram: BodyDiagram, region_id: str) -> None:
    qtbot.mouseClick(diagram.canvas, Qt.MouseButton.LeftButton, pos=region_pos(diagram, region_id))


def key(qtbot, widget, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, modifier)


def pixel(diagram: BodyDiagram, pos: QPoint) -> QColor:
    image = diagram.canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(pos.x() * ratio), round(pos.y() * ratio))


# ------------------------------------------------------------------ every region is clickable


@pytest.mark.parametrize("view", ["back", "front"])
def test_a_click_inside_every_region_marks_exactly_that_region(qtbot, diagram, view):
    regions = [r.id for r in load_regions().for_view(view)]
    wrong = []
    for count, region_id in enumerate(regions, start=1):
        click(qtbot, diagram, region_id)
        if diagram.selected_region() != region_id:
            wrong.append((region_id, diagram.selected_region()))
        assert len(diagram.marks()) == count - len(wrong)
    assert wrong == []
    assert {m.region_id for m in diagram.marks()} == set(regions)
    assert all(m.diagram_version == VERSION for m in diagram.marks())
    assert all((m.symptom, m.intensity) == (SymptomType.ACHE, 5) for m in diagram.marks())


def test_clicking_a_marked_region_selects_it_without_changing_it(qtbot, diagram):
    click(qtbot, diagram, "back.glute_med.L")
    key(qtbot, diagram.canvas, Qt.Key.Key_8)
    click(qtbot, diagram, "back.glute_max.L")
    assert diagram.selected_region() == "back.glute_max.L"
    assert diagram.current_intensity() == 8  # new marks take the current intensity
    with qtbot.assertNotEmitted(diagram.marks_changed):
        click(qtbot, diagram, "back.glute_med.L")
    assert diagram.selected_region() == "back.glute_med.L"
    assert len(diagram.marks()) == 2


def test_a_click_between_the_views_or_outside_the_body_marks_nothing(qtbot, diagram):
    canvas = diagram.canvas
    with qtbot.assertNotEmitted(diagram.marks_changed):
        qtbot.mouseClick(
            canvas, Qt.MouseButton.LeftButton, pos=expected_pos(diagram, "back", 30, 450)
        )
        qtbot.mouseClick(
            canvas, Qt.MouseButton.LeftButton, pos=expected_pos(diagram, "back", 420, 450)
        )
    assert diagram.marks() == ()
    assert diagram.selected_region() is None


# ------------------------------------------------------------------ laterality


def test_laterality_back_view_viewers_left_buttock_is_the_clients_left(qtbot, diagram):
    geom = load_view("back")
    # a point on the viewer's left of the midline, at buttock height (inside the glute regions)
    x, y = interior_point(geom.regions["back.glute_max.L"][0])
    assert x < geom.width / 2
    qtbot.mouseClick(
        diagram.canvas, Qt.MouseButton.LeftButton, pos=expected_pos(diagram, "back", x, y)
    )
    (marked,) = diagram.marks()
    assert marked.region_id.startswith("back.glute_") and marked.region_id.endswith(".L")
    mirrored = expected_pos(diagram, "back", geom.width - x, y)
    qtbot.mouseClick(diagram.canvas, Qt.MouseButton.LeftButton, pos=mirrored)
    assert diagram.selected_region() == "back.glute_max.R"


def test_laterality_front_view_viewers_right_groin_is_the_clients_left(qtbot, diagram):
    geom = load_view("front")
    x, y = interior_point(geom.regions["front.hip_flexor.L"][0])
    assert x > geom.width / 2  # drawn on the viewer's right
    qtbot.mouseClick(
        diagram.canvas, Qt.MouseButton.LeftButton, pos=expected_pos(diagram, "front", x, y)
    )
    assert [m.region_id for m in diagram.marks()] == ["front.hip_flexor.L"]
    assert "left" in load_regions().get("front.hip_flexor.L").label


# ------------------------------------------------------------------ keyboard


def test_digits_and_steps_set_the_selected_marks_intensity(qtbot, diagram):
    click(qtbot, diagram, "back.lumbar.R")
    canvas = diagram.canvas
    for k, expected in [
        (Qt.Key.Key_3, 3),
        (Qt.Key.Key_0, 0),
        (Qt.Key.Key_T, 10),
        (Qt.Key.Key_Plus, 10),  # clamps
        (Qt.Key.Key_Minus, 9),
        (Qt.Key.Key_9, 9),
        (Qt.Key.Key_7, 7),
    ]:
        key(qtbot, canvas, k)
        assert diagram.marks()[0].intensity == expected, k
    assert diagram.toolbar.spin.value() == 7
    assert diagram.toolbar.slider.value() == 7


def test_symptom_letters_set_the_selected_marks_symptom(qtbot, diagram):
    click(qtbot, diagram, "back.sij.L")
    for k, symptom in [
        (Qt.Key.Key_S, SymptomType.SHARP),
        (Qt.Key.Key_B, SymptomType.BURNING),
        (Qt.Key.Key_A, SymptomType.ACHE),
        (Qt.Key.Key_P, SymptomType.PINS_AND_NEEDLES),
        (Qt.Key.Key_N, SymptomType.NUMBNESS),
    ]:
        key(qtbot, diagram.canvas, k)
        assert diagram.marks()[0].symptom == symptom
        assert diagram.toolbar.symptom_buttons[symptom].isChecked()


def test_toolbar_buttons_and_slider_edit_the_selected_mark(qtbot, diagram):
    click(qtbot, diagram, "back.calf.L")
    qtbot.mouseClick(
        diagram.toolbar.symptom_buttons[SymptomType.BURNING], Qt.MouseButton.LeftButton
    )
    diagram.toolbar.slider.setValue(2)
    assert diagram.marks()[0] == mark("back.calf.L", SymptomType.BURNING, 2)
    # and the next new mark uses the same tool settings
    click(qtbot, diagram, "back.calf.R")
    assert diagram.marks()[1] == mark("back.calf.R", SymptomType.BURNING, 2)


# ------------------------------------------------------------------ nerve-type flag


def test_a_nerve_type_mark_raises_the_flag_and_clearing_it_lowers_it(qtbot, diagram):
    click(qtbot, diagram, "back.hamstring.L")
    assert not diagram.has_nerve_symptoms()
    assert diagram.banner.isHidden()
    with qtbot.waitSignal(diagram.nerve_symptoms_changed) as raised:
        key(qtbot, diagram.canvas, Qt.Key.Key_P)
    assert raised.args == [True]
    assert diagram.has_nerve_symptoms()
    assert diagram.banner.isVisible()
    assert diagram.banner.text() == NERVE_BANNER
    assert "refer to GP" in diagram.banner.text()
    with qtbot.waitSignal(diagram.nerve_symptoms_changed) as lowered:
        key(qtbot, diagram.canvas, Qt.Key.Key_Delete)
    assert lowered.args == [False]
    assert diagram.banner.isHidden()
    # numbness counts too, and set_marks reports the flag
    with qtbot.waitSignal(diagram.nerve_symptoms_changed) as loaded:
        diagram.set_marks([mark("front.shin.R", SymptomType.NUMBNESS, 0)])
    assert loaded.args == [True]


# ------------------------------------------------------------------ undo / clear / read-only


def test_undo_and_clear(qtbot, diagram):
    click(qtbot, diagram, "back.glute_med.L")
    click(qtbot, diagram, "back.glute_med.R")
    key(qtbot, diagram.canvas, Qt.Key.Key_9)
    assert [m.intensity for m in diagram.marks()] == [5, 9]
    key(qtbot, diagram.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [m.intensity for m in diagram.marks()] == [5, 5]
    key(qtbot, diagram.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [m.region_id for m in diagram.marks()] == ["back.glute_med.L"]
    click(qtbot, diagram, "front.knee.L")
    with qtbot.waitSignal(diagram.marks_changed):
        qtbot.mouseClick(diagram.toolbar.clear_button, Qt.MouseButton.LeftButton)
    assert diagram.marks() == ()
    diagram.undo()  # clear is one step
    assert {m.region_id for m in diagram.marks()} == {"back.glute_med.L", "front.knee.L"}
    diagram.clear()
    assert diagram.marks() == ()


def test_read_only_ignores_clicks_and_keys(qtbot, diagram):
    diagram.set_marks([mark("back.lumbar.L", intensity=6)])
    diagram.set_read_only(True)
    with qtbot.assertNotEmitted(diagram.marks_changed):
        click(qtbot, diagram, "back.glute_max.R")
        click(qtbot, diagram, "back.lumbar.L")
        diagram.canvas.setFocus()
        key(qtbot, diagram.canvas, Qt.Key.Key_2)
        key(qtbot, diagram.canvas, Qt.Key.Key_Delete)
        diagram.clear()
    assert diagram.marks() == (mark("back.lumbar.L", intensity=6),)
    assert not diagram.toolbar.slider.isEnabled()
    diagram.set_read_only(False)
    click(qtbot, diagram, "back.glute_max.R")
    assert len(diagram.marks()) == 2


# ------------------------------------------------------------------ painting


def test_marks_are_painted_in_their_intensity_colour(qtbot, diagram):
    diagram.set_marks([mark("back.glute_med.L", intensity=9), mark("front.itb.R", intensity=2)])
    for region_id, intensity in (("back.glute_med.L", 9), ("front.itb.R", 2)):
        assert pixel(diagram, region_pos(diagram, region_id)).name() == intensity_colour(intensity)


def test_the_ghost_of_the_previous_visit_is_painted_only_when_shown(qtbot, diagram):
    diagram.set_previous_marks([mark("back.sacrum.C", intensity=8)])
    pos = region_pos(diagram, "back.sacrum.C")
    plain = pixel(diagram, pos)
    diagram.set_show_previous(True)
    assert diagram.toolbar.show_previous.isChecked()
    ghosted = pixel(diagram, pos)
    assert ghosted != plain
    assert ghosted.name() != intensity_colour(8)  # translucent, not a real mark
    assert diagram.marks() == ()  # a ghost is not a mark
    qtbot.mouseClick(diagram.toolbar.show_previous, Qt.MouseButton.LeftButton)
    assert not diagram.show_previous()
    assert pixel(diagram, pos) == plain


def hover(diagram: BodyDiagram, pos: QPoint) -> None:
    """Deliver a real mouse-move event to the canvas. (qtbot.mouseMove goes to whichever
    offscreen window is topmost at that point, which may be another test's leftover.)"""
    local = QPointF(pos)
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        local,
        QPointF(diagram.canvas.mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(diagram.canvas, event)


def test_hover_shows_the_regions_label_as_tooltip(qtbot, diagram):
    regions = load_regions()
    hover(diagram, region_pos(diagram, "back.glute_max.L"))
    assert diagram.canvas.hovered() == "back.glute_max.L"
    assert diagram.canvas.toolTip() == regions.get("back.glute_max.L").label
    click(qtbot, diagram, "front.lateral_hip.R")
    hover(diagram, region_pos(diagram, "front.lateral_hip.R"))
    assert diagram.canvas.toolTip() == (f"{regions.get('front.lateral_hip.R').label}\nAche, 5/10")
    hover(diagram, expected_pos(diagram, "back", 20, 450))  # beside the body
    assert diagram.canvas.hovered() is None
    assert diagram.canvas.toolTip() == ""


# ------------------------------------------------------------------ the marks list


def test_the_marks_list_is_edited_from_the_keyboard(qtbot, diagram):
    for region_id in ("back.glute_med.L", "back.glute_max.L", "front.hip_flexor.R"):
        click(qtbot, diagram, region_id)
    marks_list = diagram.marks_list
    assert marks_list.topLevelItemCount() == 3
    first = marks_list.topLevelItem(0)
    assert first.text(0) == load_regions().get("back.glute_med.L").label
    assert (first.text(1), first.text(2)) == ("Ache", "5/10")
    marks_list.setFocus()
    marks_list.setCurrentItem(first)
    assert diagram.selected_region() == "back.glute_med.L"
    key(qtbot, marks_list, Qt.Key.Key_Down)
    assert diagram.selected_region() == "back.glute_max.L"
    key(qtbot, marks_list, Qt.Key.Key_2)
    key(qtbot, marks_list, Qt.Key.Key_B)
    assert diagram.marks()[1] == mark("back.glute_max.L", SymptomType.BURNING, 2)
    assert marks_list.topLevelItem(1).text(2) == "2/10"
    assert marks_list.currentItem().text(0) == load_regions().get("back.glute_max.L").label
    key(qtbot, marks_list, Qt.Key.Key_Delete)
    assert [m.region_id for m in diagram.marks()] == ["back.glute_med.L", "front.hip_flexor.R"]
    assert diagram.selected_region() == "front.hip_flexor.R"  # moves on to the next row
    key(qtbot, marks_list, Qt.Key.Key_Up)
    assert diagram.selected_region() == "back.glute_med.L"


def test_page_keys_on_the_diagram_move_between_marks(qtbot, diagram):
    # (The arrow keys now move between neighbouring regions: test_body_map_keyboard.py.)
    diagram.set_marks([mark("back.neck.C"), mark("front.foot.L")])
    diagram.canvas.setFocus()
    key(qtbot, diagram.canvas, Qt.Key.Key_PageDown)
    assert diagram.selected_region() == "back.neck.C"
    key(qtbot, diagram.canvas, Qt.Key.Key_PageDown)
    assert diagram.selected_region() == "front.foot.L"
    key(qtbot, diagram.canvas, Qt.Key.Key_Escape)
    assert diagram.selected_region() is None


# ------------------------------------------------------------------ resizing


@pytest.mark.parametrize("size", [(520, 900), (1400, 420), (700, 700)])
def test_clicks_stay_accurate_after_resizing(qtbot, diagram, size):
    diagram.resize(*size)
    qtbot.waitUntil(lambda: diagram.canvas.width() > 0)
    targets = ["back.sij.L", "back.glute_med.R", "front.hip_flexor.L", "front.itb.R", "back.heel.L"]
    for region_id in targets:
        click(qtbot, diagram, region_id)
        assert diagram.selected_region() == region_id
    # painting agrees with hit-testing at the new size
    assert pixel(diagram, region_pos(diagram, "front.itb.R")).name() == intensity_colour(5)


# ------------------------------------------------------------------ API edges


def test_set_marks_keeps_versions_and_rejects_bad_intensity(qtbot, diagram):
    old = PainMark("back.calf.R", SymptomType.SHARP, None, "0")
    with qtbot.assertNotEmitted(diagram.marks_changed):
        diagram.set_marks([old])
    assert diagram.marks() == (old,)
    assert diagram.marks_list.topLevelItem(0).text(2) == "not rated"
    with pytest.raises(ValueError, match="0-10"):
        diagram.set_marks([mark("back.calf.R", intensity=11)])
    assert diagram.marks() == (old,)  # nothing lost
    assert not diagram.can_undo()


# ------------------------------------------------------------------ process hygiene


def test_the_widget_loads_neither_reportlab_nor_matplotlib():
    import subprocess
    import sys

    code = (
        "import sys, glutedesk.ui.body_diagram;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('reportlab','matplotlib')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
