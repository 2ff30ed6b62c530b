"""The visit editor enforces the field limits of glutedesk.domain.field_limits by name."""

from __future__ import annotations

from glutedesk.storage.visits import count_visits, get_visit


def test_an_over_long_field_blocks_saving_with_its_name(clinic, make_editor, file_db):
    editor = make_editor(clinic["Liam"])
    editor.subjective.therapist.setText("Sam")
    before = count_visits(file_db)
    editor.subjective.complaint.setText("ache " * 4_001)  # 20,005 characters
    problems = [p for p in editor.problems() if p.is_error and p.field == "complaint"]
    assert problems and "at most 20,000" in problems[0].message
    assert "complaint" in problems[0].message
    assert editor.save() is False
    assert count_visits(file_db) == before
    editor.subjective.complaint.setText("ache " * 3_999)  # 19,995 characters: accepted
    assert editor.save() is True
    assert get_visit(file_db, editor.visit_id).complaint == "ache " * 3_999


def test_characters_no_font_has_are_warned_about_as_typed(clinic, make_editor, file_db):
    editor = make_editor(clinic["Liam"])
    editor.subjective.therapist.setText("Sam")
    editor.subjective.complaint.setText("허리 통증 and 腰痛, ache in the شكر")
    warnings = [p for p in editor.problems() if not p.is_error and p.field == "complaint"]
    assert len(warnings) == 1
    assert "placeholder" in warnings[0].message and "허" in warnings[0].message
    assert "腰" not in warnings[0].message  # Chinese prints in the fallback font
    assert editor.save() is True  # a warning never stops saving
    editor.subjective.complaint.setText("Ache across the lower back")
    assert not [p for p in editor.problems() if p.field == "complaint"]
