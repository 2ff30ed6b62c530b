"""Saving and deleting visits (one transaction each) and the row mappers that write them.

Loading lives in :mod:`glutedesk.storage.visit_loading`; its names are importable from here too.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.models import Visit
from glutedesk.domain.outcomes import score_outcome
from glutedesk.domain.serialize import to_json
from glutedesk.storage.audit import record_event
from glutedesk.storage.changes import Changes
from glutedesk.storage.errors import VisitSigned, write_errors
from glutedesk.storage.rows import dumps, iso, stamped, timestamp
from glutedesk.storage.signing import signed_message
from glutedesk.storage.visit_loading import (
    VisitNotFound,
    count_visits,
    get_visit,
    latest_visit,
    visit_summaries,
    visits_for_client,
)

__all__ = [
    "VisitNotFound",
    "count_visits",
    "delete_visit",
    "get_visit",
    "latest_visit",
    "save_visit",
    "visit_summaries",
    "visits_for_client",
]


def save_visit(
    db: Database, visit: Visit, *, touch: bool = True, audit: bool = True
) -> tuple[Visit, Changes]:
    """Insert or replace ``visit`` and all its parts in one transaction.

    Either the whole visit is stored or, on any error, nothing changes. With ``touch`` (the
    default) ``updated_at`` is set to now; without it the record's timestamps are kept (import).
    Returns the stored visit and the change record. With ``audit`` a create/update event is
    logged in the same transaction. A signed visit raises :class:`VisitSigned` (amend it
    instead); disk-full, locked and read-only failures raise the clear errors of
    :mod:`glutedesk.storage.errors`, with nothing written.
    """
    visit = stamped(visit, touch=touch)
    signed = signed_message(db, visit.id)
    if signed:
        raise VisitSigned(signed)
    with write_errors(), db.atomic():
        existed = db.execute("DELETE FROM visits WHERE id = ?", [visit.id]).rowcount > 0
        _insert(db, "visits", _visit_row(visit))
        vid = visit.id
        for answer in visit.red_flags.answers:
            _insert(
                db,
                "red_flag_answers",
                {"visit_id": vid, "flag_id": answer.flag_id, "present": int(answer.present)},
            )
        for mark in visit.pain_marks:
            _insert(
                db,
                "pain_marks",
                {
                    "visit_id": vid,
                    "region_id": mark.region_id,
                    "symptom": mark.symptom.value,
                    "intensity": mark.intensity,
                    "diagram_version": mark.diagram_version,
                },
            )
        for position, result in enumerate(visit.test_results):
            _insert(
                db,
                "test_results",
                {
                    "visit_id": vid,
                    "test_id": result.test_id,
                    "side": result.side.value,
                    "position": position,
                    "variant": result.variant,
                    "result": dumps(to_json(result.values)),
                    "symptom_provoked": int(result.symptom_provoked),
                    "symptom_region": result.symptom_region,
                    "compensations": dumps(list(result.compensations)),
                    "not_tested_reason": result.not_tested_reason,
                    "note": result.note,
                },
            )
        for score in visit.outcome_scores:
            _insert(
                db,
                "outcome_scores",
                {
                    "visit_id": vid,
                    "instrument": score.instrument.value,
                    "version": score.version,
                    "items": dumps(list(score.items)),
                    "labels": dumps(list(score.labels)),
                    "total": score_outcome(score),
                },
            )
        for finding in visit.posture:
            _insert(
                db,
                "posture_findings",
                {
                    "visit_id": vid,
                    "item_id": finding.item_id,
                    "value": finding.value,
                    "note": finding.note,
                },
            )
        for position, ex in enumerate(visit.exercises):
            _insert(
                db,
                "exercise_prescriptions",
                {
                    "visit_id": vid,
                    "position": position,
                    "exercise_id": ex.exercise_id,
                    "sets": ex.sets,
                    "reps": ex.reps,
                    "hold_seconds": ex.hold_seconds,
                    "per_side": int(ex.per_side),
                    "frequency_per_week": ex.frequency_per_week,
                    "cues": ex.cues,
                },
            )
        for position, ref in enumerate(visit.referrals):
            _insert(
                db,
                "referrals",
                {
                    "visit_id": vid,
                    "position": position,
                    "to_whom": ref.to_whom,
                    "reason": ref.reason,
                    "urgency": ref.urgency.value,
                    "flags": dumps(list(ref.flags)),
                },
            )
        if audit:
            action = "update" if existed else "create"
            record_event(db, action, client_id=visit.client_id, visit_id=vid, detail="visit")
    return visit, Changes(clients=frozenset({visit.client_id}), visits=frozenset({visit.id}))


def delete_visit(db: Database, visit_id: str) -> Changes:
    """Delete one visit and everything recorded at it, in one transaction."""
    row = db.execute("SELECT client_id FROM visits WHERE id = ?", [visit_id]).fetchone()
    if row is None:
        raise VisitNotFound(f"No visit with id {visit_id!r}.")
    signed = signed_message(db, visit_id)
    if signed:
        raise VisitSigned(signed)
    with write_errors("delete"), db.atomic():
        db.execute("DELETE FROM visits WHERE id = ?", [visit_id])
        record_event(db, "delete", client_id=row[0], visit_id=visit_id, detail="visit")
    return Changes(clients=frozenset({ClientId(row[0])}), visits=frozenset({VisitId(visit_id)}))


def _insert(db: Database, table: str, row: dict[str, Any]) -> None:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))


def _visit_row(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.id,
        "client_id": visit.client_id,
        "visit_date": visit.visit_date.isoformat(),
        "therapist": visit.therapist,
        "complaint": visit.complaint,
        "change_since_last": visit.change_since_last,
        "goals": visit.goals,
        "nprs_now": visit.nprs.now,
        "nprs_best": visit.nprs.best,
        "nprs_worst": visit.nprs.worst,
        "pain_character": dumps(list(visit.pain_character)),
        "nerve_advice": visit.nerve_advice.value if visit.nerve_advice else None,
        "nerve_advice_note": visit.nerve_advice_note,
        "red_flag_advice": visit.red_flags.advice.value if visit.red_flags.advice else None,
        "red_flag_advice_note": visit.red_flags.advice_note,
        "treatment_techniques": dumps(list(visit.treatment.techniques)),
        "treatment_areas": dumps(list(visit.treatment.areas)),
        "treatment_response": visit.treatment.response,
        "treatment_notes": visit.treatment.notes,
        "soap_subjective": visit.soap.subjective,
        "soap_objective": visit.soap.objective,
        "soap_assessment": visit.soap.assessment,
        "soap_plan": visit.soap.plan,
        "consent_reconfirmed": int(visit.consent_reconfirmed),
        "chaperone_offered": int(visit.chaperone_offered),
        "next_visit": iso(visit.next_visit),
        "created_at": timestamp(visit.created_at),
        "updated_at": timestamp(visit.updated_at),
    }
