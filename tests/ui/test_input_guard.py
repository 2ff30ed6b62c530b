"""Input that cannot slip: the wheel, Esc on changed forms, the nerve banner.

Real events throughout: QWheelEvent sent through QApplication, real key clicks, and the
question's real buttons clicked.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QMessageBox,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from glutedesk.storage.clients import get_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.settings import clinic_settings
from glutedesk.ui.discard_guard import DISCARD_TEXT, KEEP_TEXT
from glutedesk.ui.input_guard import install_input_guard
from tests.ui.conftest import TODAY


def wheel(widget: QWidget, notches: int = -1) -> None:
    """One real wheel turn over the middle of ``widget`` (negative: towards the user)."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def page_of_controls(qtbot):
    install_input_guard()
    area = QScrollArea()
    area.setWidgetResizable(True)
    page = QWidget()
    column = QVBoxLayout(page)
    combo = QComboBox()
    combo.addItems(["neutral", "increased", "reduced"])
    spin = QSpinBox()
    spin.setRange(0, 10)
    spin.setValue(5)
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(0, 10)
    slider.setValue(5)
    for control in (combo, spin, slider):
        column.addWidget(control)
        column.addSpacing(600)  # a page taller than the window
    area.setWidget(page)
    area.resize(400, 300)
    qtbot.addWidget(area)
    with qtbot.waitExposed(area):
        area.show()
    return area, (combo, spin, slider)


def value(control) -> int:
    return control.currentIndex() if isinstance(control, QComboBox) else control.value()


def test_the_wheel_scrolls_the_page_not_an_unfocused_control(qtbot):
    area, controls = page_of_controls(qtbot)
    bar = area.verticalScrollBar()
    for control in controls:
        area.setFocus()
        before, position = value(control), bar.value()
        wheel(control)
        assert value(control) == before, type(control).__name__
        assert bar.value() > position, "the page scrolls instead"
    for control in controls:  # with focus the wheel still works (so the test above can fail)
        control.setFocus()
        qtbot.waitUntil(control.hasFocus)
        before = value(control)
        wheel(control, notches=-1 if isinstance(control, QComboBox) else 1)
        assert value(control) != before, type(control).__name__


def test_the_wheel_leaves_the_editors_posture_choices_alone(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Liam"])
    editor.resize(992, 584)
    with qtbot.waitExposed(editor):
        editor.show()
    editor.go_to(2)  # Objective
    combos = [c for c in editor.objective.findChildren(QComboBox) if c.isVisible()]
    assert combos
    combo = combos[0]
    qtbot.waitUntil(lambda: not combo.hasFocus())
    before = combo.currentIndex()
    for _ in range(3):
        wheel(combo)
    assert combo.currentIndex() == before


def answer_question(qtbot, button_text: str, seen: list[str]) -> None:
    """Click ``button_text`` on the question box once it is up (it runs its own loop)."""
    timer = QTimer()
    timer.setInterval(20)

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            timer.stop()
            seen.append(box.text())
            button = next(b for b in box.buttons() if b.text() == button_text)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    timer.timeout.connect(look)
    timer.start()
    qtbot._input_guard_timer = timer  # kept alive until the test ends


def esc(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Escape)


def check_esc_asks_when_changed(qtbot, form: QDialog, field, typed: str) -> None:
    with qtbot.waitExposed(form):
        form.show()
    seen: list[str] = []
    esc(qtbot, field)  # nothing changed: it closes without a question
    assert not form.isVisible() and seen == []
    assert form.result() == QDialog.DialogCode.Rejected
    with qtbot.waitExposed(form):
        form.show()
    field.setFocus()
    qtbot.keyClicks(field, typed)
    answer_question(qtbot, KEEP_TEXT, seen)
    esc(qtbot, field)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert "not saved" in seen[0]
    assert form.isVisible()
    assert typed in field.text()  # nothing typed is lost
    answer_question(qtbot, DISCARD_TEXT, seen)
    esc(qtbot, field)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    assert len(seen) == 2


def test_esc_on_a_changed_new_client_form_asks_first(file_db, qtbot):
    from glutedesk.ui.client_form import ClientForm

    form = ClientForm(Clinic(file_db), today=lambda: TODAY)
    qtbot.addWidget(form)
    check_esc_asks_when_changed(qtbot, form, form.first_name, "Ann")


def test_esc_on_a_changed_edit_client_form_asks_first(clinic, file_db, qtbot):
    from glutedesk.ui.client_form import ClientForm

    form = ClientForm(Clinic(file_db), get_client(file_db, clinic["Zoë"]), today=lambda: TODAY)
    qtbot.addWidget(form)
    check_esc_asks_when_changed(qtbot, form, form.phone, "9")


def test_esc_on_changed_clinic_details_asks_first(file_db, qtbot):
    from glutedesk.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(clinic_settings(file_db))
    qtbot.addWidget(dialog)
    check_esc_asks_when_changed(qtbot, dialog, dialog.name_edit, "Riverside")


def test_the_nerve_banner_does_not_move_the_diagram(qtbot):
    from glutedesk.domain.models import PainMark, SymptomType
    from glutedesk.ui.body_diagram import BodyDiagram

    diagram = BodyDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(1000, 700)
    with qtbot.waitExposed(diagram):
        diagram.show()
    before = diagram.canvas.mapTo(diagram, QPoint(0, 0))
    region = diagram.regions().regions[0].id
    diagram.set_marks([PainMark(region, SymptomType.NUMBNESS, 5, diagram.regions().version)])
    qtbot.waitUntil(diagram.banner.isVisible)
    QApplication.processEvents()
    assert diagram.canvas.mapTo(diagram, QPoint(0, 0)) == before


def show_active(window: QWidget, qtbot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.mark.parametrize("where", ["left", "middle", "right"])
def test_a_click_then_a_digit_fills_an_empty_score(clinic, make_editor, qtbot, where):
    editor = make_editor(clinic["Liam"])
    spin = editor.subjective.nprs_now
    spin.set_value_or_none(None)
    show_active(editor, qtbot)
    edit = spin.lineEdit()
    x = {"left": 3, "middle": edit.width() // 2, "right": edit.width() - 3}[where]
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(x, edit.height() // 2))
    typed_into = QApplication.focusWidget()  # the keyboard goes where focus is
    assert typed_into in (spin, edit)
    qtbot.keyClick(typed_into, Qt.Key.Key_6)
    assert spin.value_or_none() == 6
    qtbot.keyClick(typed_into, Qt.Key.Key_Backspace)  # and back to blank when cleared
    qtbot.keyClick(typed_into, Qt.Key.Key_7)
    assert spin.value_or_none() == 7


def test_tab_runs_through_each_psfs_row(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Liam"])
    psfs = editor.subjective.psfs
    show_active(editor, qtbot)
    qtbot.mouseClick(psfs.labels[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is psfs.labels[0])
    qtbot.keyClicks(psfs.labels[0], "Sitting at work")
    visited = []
    for _ in range(4):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    expected = [psfs.ratings[0], psfs.labels[1], psfs.ratings[1], psfs.labels[2]]
    assert [w.objectName() for w in visited] == [w.objectName() for w in expected]


def test_re_rating_copied_activities_goes_down_the_ratings(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Zoë"])  # copied forward: her activities are named
    psfs = editor.subjective.psfs
    named = [i for i, label in enumerate(psfs.labels) if label.text()]
    assert len(named) >= 2
    show_active(editor, qtbot)
    qtbot.keyClick(editor, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is psfs.ratings[0])
    qtbot.keyClick(psfs.ratings[0], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is psfs.ratings[1]  # the named activity is skipped


def test_a_stored_visit_opens_with_no_score_selected(clinic, make_editor, file_db, qtbot):
    from glutedesk.storage.visits import latest_visit

    stored = latest_visit(file_db, clinic["Zoë"])
    editor = make_editor(clinic["Zoë"], stored.id)
    show_active(editor, qtbot)
    focused = QApplication.focusWidget()
    assert focused is editor.nav  # the section list, not a field
    qtbot.keyClick(focused, Qt.Key.Key_7)  # a stray key changes nothing recorded
    assert editor.subjective.nprs_now.value_or_none() == stored.nprs.now
    assert not editor.is_dirty()


def test_a_new_visit_still_opens_on_the_pain_score(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Zoë"])
    show_active(editor, qtbot)
    assert QApplication.focusWidget() is editor.subjective.nprs_now
