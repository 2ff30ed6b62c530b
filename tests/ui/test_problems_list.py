"""The editor's problems list takes one line when all is well and wraps long messages."""

from __future__ import annotations

from glutedesk.ui.visit_editor.problems_list import MAX_LIST_HEIGHT


def test_one_line_when_ready_and_taller_with_problems(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Liam"])
    editor.resize(1024, 640)
    editor.show()
    qtbot.waitExposed(editor)
    issues = editor.issues
    editor.refresh_now()
    with_problems = issues.height()
    assert issues.count() >= 2  # a new visit with nothing recorded has several
    line = issues.fontMetrics().height()
    assert with_problems > 2 * line

    subjective = editor.subjective
    subjective.therapist.setText("Sam")
    subjective.red_flags.screened.setChecked(True)
    editor.refresh_now()
    assert [issues.item(i).text() for i in range(issues.count())] == [
        "No problems found: ready to save."
    ]
    assert issues.height() < with_problems
    assert issues.height() < 2 * line + 12  # one line
    assert issues.height() <= MAX_LIST_HEIGHT


def test_a_long_message_wraps_inside_the_list(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Liam"])
    editor.resize(1024, 640)
    editor.show()
    qtbot.waitExposed(editor)
    editor.refresh_now()
    issues = editor.issues
    width = issues.viewport().width()
    for i in range(issues.count()):
        rect = issues.visualItemRect(issues.item(i))
        assert rect.width() <= width  # nothing runs off the right-hand side
    assert issues.horizontalScrollBar().maximum() == 0
