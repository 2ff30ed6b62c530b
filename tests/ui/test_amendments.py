"""The signature and amendments panel: sign, amend, errors keep the typing."""

from __future__ import annotations

import datetime as dt

import pytest

from glutedesk.storage.changes import Changes
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.errors import DiskFullError
from glutedesk.storage.signing import amendments_for_visit, is_signed
from glutedesk.storage.visits import save_visit
from glutedesk.ui.amendments import (
    AmendmentDialog,
    AmendmentInput,
    AmendmentsPanel,
    SignVisitDialog,
)
from glutedesk.ui.dialogs import ErrorMessage
from tests.factories import make_client, make_visit


@pytest.fixture
def visit(file_db):
    client, _ = save_client(file_db, make_client())
    stored, _ = save_visit(file_db, make_visit(client.id, dt.date(2026, 2, 1)))
    return stored


@pytest.fixture
def panel(qtbot, file_db, visit):
    widget = AmendmentsPanel(Clinic(file_db))
    qtbot.addWidget(widget)
    widget.resize(520, 420)
    widget.set_visit(visit.id)
    return widget


def test_unsigned_visit_offers_signing_only(panel):
    assert "Not signed" in panel.status_label.text()
    assert panel.sign_button.isEnabled() and not panel.amend_button.isEnabled()
    panel.set_visit(None)
    assert not panel.sign_button.isEnabled() and panel.status_label.text() == "No visit selected."


def test_sign_then_amend(panel, file_db, visit, qtbot, monkeypatch):
    monkeypatch.setattr(SignVisitDialog, "ask", classmethod(lambda cls, p, label, who: who))
    with qtbot.waitSignal(panel.changed) as signal:
        panel.sign_button.click()
    assert signal.args == [Changes(frozenset({visit.client_id}), frozenset({visit.id}))]
    assert is_signed(file_db, visit.id)
    assert "Signed by Sam Therapist" in panel.status_label.text()
    assert not panel.sign_button.isEnabled() and panel.amend_button.isEnabled()

    seen = []

    def answer(cls, parent, current, previous):
        seen.append((previous, current("soap.assessment")))
        return AmendmentInput("Sam", "soap.assessment", "Wrong side", "Left <weaker> & sore")

    monkeypatch.setattr(AmendmentDialog, "ask", classmethod(answer))
    assert panel.amend()
    assert seen[0][0].author == "Sam Therapist" and seen[0][1] == visit.soap.assessment
    [stored] = amendments_for_visit(file_db, visit.id)
    assert stored.new_text == "Left <weaker> & sore" and stored.old_text == visit.soap.assessment
    text = panel.list_view.toPlainText()
    assert "Left <weaker> & sore" in text and "Wrong side" in text and "Amendment 1" in text


def test_a_failed_save_reopens_the_dialog_with_the_typing_kept(panel, visit, monkeypatch):
    monkeypatch.setattr(SignVisitDialog, "ask", classmethod(lambda cls, p, label, who: who))
    panel.sign()
    typed = AmendmentInput("Sam", "general", "Client phoned", "Addendum: pain eased by evening")
    calls = []

    def answer(cls, parent, current, previous):
        calls.append(previous)
        return typed if len(calls) < 3 else None

    errors = []
    monkeypatch.setattr(AmendmentDialog, "ask", classmethod(answer))
    monkeypatch.setattr(ErrorMessage, "ask", classmethod(lambda c, p, t, m: errors.append(m)))

    def full(*args, **kwargs):
        raise DiskFullError("Could not save the amendment: the disk is full.")

    monkeypatch.setattr(Clinic, "amend", full)
    assert not panel.amend()
    assert calls[1] == typed and calls[2] == typed  # reopened with everything typed
    assert errors == ["Could not save the amendment: the disk is full."] * 2


def test_dialogs_require_a_reason_and_a_name(qtbot, panel, visit):
    dialog = AmendmentDialog(
        panel, lambda s: "Original text", AmendmentInput("Sam", "general", "", "")
    )
    qtbot.addWidget(dialog)
    dialog.text_edit.setPlainText("Addendum")
    assert not dialog.save_button.isEnabled()
    dialog.reason_edit.setText("   ")
    assert not dialog.save_button.isEnabled()
    dialog.reason_edit.setText("Client asked")
    assert dialog.save_button.isEnabled()
    dialog.section_combo.setCurrentIndex(dialog.section_combo.findData("soap.plan"))
    assert dialog.text_edit.toPlainText() == "Original text"  # prefilled for correcting
    assert dialog.original_view.toPlainText() == "Original text"
    sign = SignVisitDialog(panel, "2026-02-01", "")
    qtbot.addWidget(sign)
    assert not sign.sign_button.isEnabled()
    sign.name_edit.setText("Sam")
    assert sign.sign_button.isEnabled() and sign.signer() == "Sam"


def test_screenshot(panel, monkeypatch, tmp_path):
    monkeypatch.setattr(SignVisitDialog, "ask", classmethod(lambda cls, p, label, who: who))
    panel.sign()
    answers = iter(
        [
            AmendmentInput(
                "Sam Therapist",
                "soap.assessment",
                "Left and right were swapped",
                "Left glute med weaker than right (3+ vs 4)",
            ),
            AmendmentInput(
                "Sam Therapist",
                "general",
                "Client phoned the next day",
                "Pain eased to 2/10 by the evening; no pins and needles.",
            ),
        ]
    )
    monkeypatch.setattr(AmendmentDialog, "ask", classmethod(lambda *a: next(answers, None)))
    panel.amend()
    panel.amend()
    # What the screenshot shows: the signature, both amendments with their reasons, oldest first.
    assert panel.status_label.text().startswith("Signed by Sam Therapist on ")
    shown = panel.list_view.toPlainText()
    swapped, phoned = shown.find("Left and right were swapped"), shown.find("phoned the next day")
    assert 0 <= swapped < phoned
    assert "Left glute med weaker than right (3+ vs 4)" in shown
    assert not panel.sign_button.isEnabled() and panel.amend_button.isEnabled()
    image = panel.grab().toImage()
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 3  # text and frames were painted, not an empty grey rectangle
    image.save(str(tmp_path / "amendments.png"))


def test_the_signature_and_amendments_show_moments_as_everywhere_else(panel, file_db, visit):
    """ "1 Feb 2026 at 14:05" (domain.dates.format_moment), not "1 Feb 2026, 14:05"."""
    from glutedesk.domain.dates import format_moment
    from glutedesk.storage.signing import signature

    clinic = Clinic(file_db)
    clinic.sign(visit.id, "Sam Therapist")
    clinic.amend(visit.id, "Sam Therapist", "Typo", "general", "Added a note.")
    panel.refresh()
    signed_at = signature(file_db, visit.id).signed_at
    moment = format_moment(signed_at)
    assert " at " in moment and f"on {moment}." in panel.status_label.text()
    created = amendments_for_visit(file_db, visit.id)[0].created_at
    shown = panel.list_view.toPlainText()
    assert format_moment(created) in shown and f"{created.astimezone():%Y}, " not in shown
