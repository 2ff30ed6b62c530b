"""#15's typical follow-up visit in at most 30 key presses and clicks, counted as delivered.

Copy forward, screen the red flags, change three pain marks (re-rate two, add one), re-grade
four muscles (glute max and glute med, both sides), swap one exercise, save and sign. Every
input is a real key or mouse event sent where a therapist's would go; the count is what Qt
delivers to the windows (tests/ui/event_count.py), not the script's own tally, and the stored
visit must hold exactly what was entered.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox

from glutedesk.domain.models import Side
from glutedesk.storage.signing import signature
from glutedesk.storage.visits import get_visit, latest_visit
from glutedesk.ui.amendments import SignVisitDialog
from glutedesk.ui.visit_editor.editor import PAIN_MAP, PLAN
from tests.ui.event_count import ALT, CTRL, counted_new_visit
from tests.ui.test_body_diagram import region_pos

MAX_INPUTS = 30  # the budget for this follow-up
NEW_MARK = "back.glute_max.L"


def test_a_typical_follow_up_in_at_most_30_inputs(window, clinic, file_db, qtbot):
    zoe = clinic["Zoë"]
    last = latest_visit(file_db, zoe)
    marked = [m.region_id for m in last.pain_marks]
    assert len(marked) == 2 and NEW_MARK not in marked
    with counted_new_visit(window, zoe, qtbot) as (editor, counted):
        order = _follow_up(editor, qtbot)

    stored = get_visit(file_db, editor.visit_id)
    intensities = {m.region_id: m.intensity for m in stored.pain_marks}
    assert sorted(order) == sorted(marked)
    assert intensities == {order[0]: 6, order[1]: 2, NEW_MARK: 4}
    grades = {
        (t, s): stored.result(t, s).values["grade"]
        for t in ("oxford_glute_max", "oxford_glute_med")
        for s in (Side.LEFT, Side.RIGHT)
    }
    assert grades == {
        ("oxford_glute_max", Side.LEFT): "4",
        ("oxford_glute_max", Side.RIGHT): "4",
        ("oxford_glute_med", Side.LEFT): "3+",
        ("oxford_glute_med", Side.RIGHT): "4",
    }
    old, new = last.exercises[0].exercise_id, stored.exercises[0].exercise_id
    assert new != old and stored.exercises[1:] == last.exercises[1:]
    assert signature(file_db, editor.visit_id) is not None
    total = counted.keys + counted.text + counted.clicks
    print(
        f"\nfollow-up (#15): {counted.keys} keys + {counted.text} text + {counted.clicks} "
        f"clicks = {total}: {' '.join(counted.log)}"
    )
    assert 0 < total <= MAX_INPUTS


def _follow_up(editor, qtbot) -> list[str]:
    def key(k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(QApplication.focusWidget(), k, modifier)

    key(Qt.Key.Key_R, ALT)  # red flags screened: none present
    key(Qt.Key.Key_PageDown, CTRL)  # pain map
    assert editor.current_section() == PAIN_MAP
    diagram = editor.pain_map.diagram
    qtbot.waitUntil(lambda: diagram.canvas.width() > 100)
    marks = [m.region_id for m in diagram.marks()]
    for region, digit in ((marks[0], Qt.Key.Key_6), (marks[1], Qt.Key.Key_2)):
        QTest.mouseClick(diagram.canvas, Qt.MouseButton.LeftButton, pos=region_pos(diagram, region))
        key(digit)  # re-rate the selected mark
    QTest.mouseClick(diagram.canvas, Qt.MouseButton.LeftButton, pos=region_pos(diagram, NEW_MARK))
    key(Qt.Key.Key_4)  # a new mark, rated
    key(Qt.Key.Key_PageDown, CTRL)  # objective: glute max, left grade
    for k in (Qt.Key.Key_4, Qt.Key.Key_Tab, Qt.Key.Key_4):
        key(k)
    key(Qt.Key.Key_Down, CTRL)  # glute med
    for k in (Qt.Key.Key_3, Qt.Key.Key_Plus, Qt.Key.Key_Tab, Qt.Key.Key_4):
        key(k)
    for _ in range(3):  # outcome measures, treatment, plan
        key(Qt.Key.Key_PageDown, CTRL)
    assert editor.current_section() == PLAN
    combo: QComboBox = editor.plan.exercise_rows[0].choice
    QTest.mouseClick(combo, Qt.MouseButton.LeftButton)  # opens the list
    qtbot.waitUntil(lambda: combo.view().isVisible())
    view: QAbstractItemView = combo.view()
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Return)  # the next exercise, in place
    key(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not editor.is_dirty())

    def sign_in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignVisitDialog):
            QTimer.singleShot(10, sign_in_dialog)
            return
        QTest.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, sign_in_dialog)
    QTest.mouseClick(editor.amendments.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.is_signed)
    return marks
