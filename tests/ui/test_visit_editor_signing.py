"""Signing from the visit editor: saved first, then locked; corrections only as amendments."""

from __future__ import annotations

from glutedesk.storage.signing import amendments_for_visit, is_signed
from glutedesk.storage.visits import get_visit
from glutedesk.ui.amendments import AmendmentDialog, AmendmentInput, SignVisitDialog


def test_new_visit_has_no_signature_panel_until_saved(clinic, make_editor):
    editor = make_editor(clinic.ids["Arjun"], copy_last=False)
    assert editor.is_new
    assert editor.amendments.isHidden()


def test_sign_saves_unsaved_edits_first_then_locks(clinic, make_editor, file_db, monkeypatch):
    monkeypatch.setattr(SignVisitDialog, "ask", classmethod(lambda cls, p, label, who: who))
    saved = []
    visit_id = get_visit_ids(file_db, clinic.ids["Zoë"])[-1]
    editor = make_editor(clinic.ids["Zoë"], visit_id, on_saved=saved.append)
    assert editor.amendments.isVisibleTo(editor)
    editor.subjective.complaint.setText("Ache eased, now mostly on the left")
    assert editor.is_dirty()
    assert editor.sign()
    assert is_signed(file_db, visit_id)
    assert get_visit(file_db, visit_id).complaint == "Ache eased, now mostly on the left"
    assert all(not section.isEnabled() for section in editor.sections)
    assert not editor.save_button.isEnabled()
    assert not editor.save()  # a signed visit is never re-saved
    assert saved and visit_id in saved[-1].visits


def test_amendment_from_the_editor_is_kept_beside_the_original(
    clinic, make_editor, file_db, monkeypatch
):
    monkeypatch.setattr(SignVisitDialog, "ask", classmethod(lambda cls, p, label, who: who))
    typed = AmendmentInput("Sam Therapist", "general", "Client phoned", "Pain eased by evening")
    monkeypatch.setattr(AmendmentDialog, "ask", classmethod(lambda cls, p, cur, prev: typed))
    visit_id = get_visit_ids(file_db, clinic.ids["Zoë"])[0]
    editor = make_editor(clinic.ids["Zoë"], visit_id)
    original = get_visit(file_db, visit_id)
    assert editor.sign()
    assert editor.amendments.amend()
    [amendment] = amendments_for_visit(file_db, visit_id)
    assert amendment.reason == "Client phoned"
    assert get_visit(file_db, visit_id) == original  # the original stays as it was
    assert "Pain eased by evening" in editor.amendments.list_view.toPlainText()


def get_visit_ids(db, client_id):
    rows = db.execute(
        "SELECT id FROM visits WHERE client_id = ? ORDER BY visit_date", [client_id]
    ).fetchall()
    assert rows
    return [r[0] for r in rows]
