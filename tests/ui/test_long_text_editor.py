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
