"""What a new visit carries from the client's last one, and what must be recorded afresh.

A follow-up visit starts as a copy of the last visit so the therapist only changes what
changed (the editor highlights every field that differs from the copy). Some things are never
copied because each visit must record them anew: the red-flag screen is asked at every visit
(clinical reference 3.1), advice and referrals are given on the day, and the licensed
questionnaires are not measured at every visit.
"""

from __future__ import annotations

import datetime as dt

from glutedesk.domain.ids import ClientId, new_visit_id
from glutedesk.domain.models import Client, Instrument, Soap, Treatment, Visit

CARRIED_FORWARD: tuple[str, ...] = (
    "therapist",
    "complaint",
    "goals",
    "nprs",
    "pain_character",
    "pain_marks",
    "posture",
    "test_results",
    "outcome_scores",  # the PSFS only: its activities are re-rated at each visit
    "treatment",  # techniques and areas only
    "exercises",
)
"""Visit fields a follow-up visit copies from the last visit (everything stays editable)."""

RECORDED_AFRESH: tuple[str, ...] = (
    "change_since_last",
    "nerve_advice",
    "nerve_advice_note",
    "red_flags",
    "referrals",
    "soap",
    "consent_reconfirmed",
    "chaperone_offered",
    "next_visit",
    "corrections",  # the marks of a corrected visit's view; the copied values are as corrected
)
"""Visit fields a follow-up visit leaves blank: each visit must record them anew."""

CARRIED_INSTRUMENTS: tuple[Instrument, ...] = (Instrument.PSFS,)
"""Outcome measures copied forward (ODI, RMDQ and STarT Back are not measured every visit)."""


def blank_visit(
    client_id: ClientId | str,
    today: dt.date,
    previous: Visit | None,
    client: Client,
    default_therapist: str = "",
) -> Visit:
    """A new visit with nothing recorded but the date and (from the record) who and why.

    The therapist, complaint and goals come from ``previous`` when there is one, else the
    clinic's main therapist (``default_therapist``) and the complaint and goals from the
    client's case history.
    """
    return Visit(
        id=new_visit_id(),
        client_id=ClientId(client_id),
        visit_date=today,
        therapist=previous.therapist if previous else default_therapist.strip(),
        complaint=previous.complaint if previous else client.history.complaint,
        goals=previous.goals if previous else client.history.goals,
    )


def copy_forward(previous: Visit, today: dt.date) -> Visit:
    """A new visit dated ``today``, pre-filled from ``previous`` by :data:`CARRIED_FORWARD`.

    Copied: complaint, goals, NPRS, pain character, pain marks, posture, test results, PSFS
    activities and ratings, techniques and areas, home exercises. Not copied
    (:data:`RECORDED_AFRESH`): the red-flag screen, the nerve-symptom advice, referrals, the
    client's response and treatment notes, change since last visit, SOAP notes, consent and
    chaperone, next visit, and the ODI / RMDQ / STarT Back.
    """
    scores = tuple(score for score in map(previous.score, CARRIED_INSTRUMENTS) if score is not None)
    return Visit(
        id=new_visit_id(),
        client_id=previous.client_id,
        visit_date=today,
        therapist=previous.therapist,
        complaint=previous.complaint,
        goals=previous.goals,
        nprs=previous.nprs,
        pain_character=previous.pain_character,
        pain_marks=previous.pain_marks,
        posture=previous.posture,
        test_results=previous.test_results,
        outcome_scores=scores,
        treatment=Treatment(previous.treatment.techniques, previous.treatment.areas),
        exercises=previous.exercises,
        soap=Soap(),
    )
