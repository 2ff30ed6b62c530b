"""What a follow-up visit carries from the last visit, and what it must record afresh."""

from __future__ import annotations

import dataclasses
import datetime as dt

from glutedesk.domain.copy_forward import (
    CARRIED_FORWARD,
    RECORDED_AFRESH,
    blank_visit,
    copy_forward,
)
from glutedesk.domain.ids import ClientId
from glutedesk.domain.models import Instrument, Referral, Treatment, Visit
from tests.factories import make_client, make_visit, with_red_flag

TODAY = dt.date(2026, 3, 1)
IDENTITY = {"id", "client_id", "visit_date", "created_at", "updated_at"}


def _previous() -> Visit:
    visit = with_red_flag(make_visit(ClientId("c1")))
    return dataclasses.replace(
        visit,
        nerve_advice_note="GP letter",
        treatment=Treatment(("effleurage",), ("back.lumbar.R",), "Eased", "Firm pressure"),
        referrals=(Referral("GP", "Numbness"),),
    )


def test_every_visit_field_is_either_carried_or_recorded_afresh():
    fields = {f.name for f in dataclasses.fields(Visit)} - IDENTITY
    assert set(CARRIED_FORWARD) | set(RECORDED_AFRESH) == fields
    assert not set(CARRIED_FORWARD) & set(RECORDED_AFRESH)


def test_carried_fields_are_copied():
    previous = _previous()
    new = copy_forward(previous, TODAY)
    for name in ("therapist", "complaint", "goals", "nprs", "pain_character", "pain_marks"):
        assert getattr(new, name) == getattr(previous, name), name
    for name in ("posture", "test_results", "exercises"):
        assert getattr(new, name) == getattr(previous, name), name
    assert new.treatment.techniques == previous.treatment.techniques
    assert new.treatment.areas == previous.treatment.areas


def test_fields_recorded_afresh_start_blank():
    new = copy_forward(_previous(), TODAY)
    blank = Visit(new.id, new.client_id, TODAY, "")
    for name in RECORDED_AFRESH:
        assert getattr(new, name) == getattr(blank, name), name
    assert new.treatment.response == "" and new.treatment.notes == ""


def test_only_the_psfs_is_carried_of_the_outcome_measures():
    previous = _previous()
    assert previous.score(Instrument.ODI) is not None
    new = copy_forward(previous, TODAY)
    assert [s.instrument for s in new.outcome_scores] == [Instrument.PSFS]
    assert new.score(Instrument.PSFS) == previous.score(Instrument.PSFS)


def test_the_copy_is_a_new_visit_of_the_same_client_dated_today():
    previous = _previous()
    new = copy_forward(previous, TODAY)
    assert new.id != previous.id
    assert (new.client_id, new.visit_date) == (previous.client_id, TODAY)
    assert new.created_at is None and new.updated_at is None


def test_a_blank_visit_takes_who_and_why_from_the_last_visit_or_the_case_history():
    client = make_client()
    first = blank_visit(client.id, TODAY, None, client)
    assert (first.therapist, first.complaint, first.goals) == (
        "",
        client.history.complaint,
        client.history.goals,
    )
    previous = _previous()
    later = blank_visit(client.id, TODAY, previous, client)
    assert (later.therapist, later.complaint, later.goals) == (
        previous.therapist,
        previous.complaint,
        previous.goals,
    )
    assert later.nprs == Visit(later.id, later.client_id, TODAY, "").nprs
