"""Loading visits: whole visits (with every part recorded at them) and light summaries."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from glutedesk.domain.ids import ClientId, RegionId, TestId, VisitId
from glutedesk.domain.models import (
    Advice,
    ExercisePrescription,
    Instrument,
    Nprs,
    OutcomeScore,
    PainMark,
    PaperTotal,
    PostureFinding,
    RedFlagAnswer,
    RedFlagScreen,
    Referral,
    Side,
    Soap,
    SymptomType,
    TestResult,
    TotalScale,
    Treatment,
    Visit,
    VisitSummary,
)
from glutedesk.storage.rows import date_or_none, fetch_dicts

if TYPE_CHECKING:
    from sqlite_utils import Database

# The symptoms that put the nerve mark (≋) on a visit, as a JSON list for SQL's json_each.
_NERVE_SYMPTOMS = json.dumps([s.value for s in SymptomType if s.is_nerve_type])


# Stored values to members without Enum's call (a 100-visit client has ~1,000 of them).
_SIDES = {side.value: side for side in Side}
_SYMPTOMS = {symptom.value: symptom for symptom in SymptomType}
_SCALARS = (str, int, float, type(None))
_TUPLES: dict[str, tuple[Any, ...]] = {}  # JSON lists of plain values, parsed once each
_TUPLES_KEPT = 4096


def _json_tuple(text: str) -> tuple[Any, ...]:
    """``tuple(json.loads(text))``: most stored lists ("[]", a therapist's usual techniques)
    repeat from visit to visit, so each is parsed once; a list of plain values only (its
    tuple is immutable, so shared safely)."""
    found = _TUPLES.get(text)
    if found is None:
        found = tuple(json.loads(text))
        if len(_TUPLES) < _TUPLES_KEPT and all(isinstance(x, _SCALARS) for x in found):
            _TUPLES[text] = found
    return found


class VisitNotFound(LookupError):
    """No visit has the given id."""


def get_visit(db: Database, visit_id: str) -> Visit:
    """Return the whole visit with ``visit_id``; raises :class:`VisitNotFound`."""
    visits = _load(db, "v.id = ?", [visit_id])
    if not visits:
        raise VisitNotFound(f"No visit with id {visit_id!r}.")
    return visits[0]


def visits_for_client(db: Database, client_id: str) -> list[Visit]:
    """Return all of a client's visits, whole, oldest first."""
    return _load(db, "v.client_id = ?", [client_id])


def latest_visit(db: Database, client_id: str, *, before: dt.date | None = None) -> Visit | None:
    """Return the client's most recent visit (optionally the latest strictly before a date)."""
    sql = "SELECT id FROM visits WHERE client_id = ?"
    params: list[Any] = [client_id]
    if before is not None:
        sql += " AND visit_date < ?"
        params.append(before.isoformat())
    row = db.execute(sql + " ORDER BY visit_date DESC, created_at DESC LIMIT 1", params).fetchone()
    return get_visit(db, row[0]) if row else None


def visit_summaries(db: Database, client_id: str) -> list[VisitSummary]:
    """Return a client's visits as light summaries for lists, oldest first."""
    rows = db.execute(
        """
        SELECT v.id, v.client_id, v.visit_date, v.therapist, v.nprs_now,
               (SELECT count(*) FROM red_flag_answers r WHERE r.visit_id = v.id AND r.present),
               (SELECT count(*) FROM referrals f WHERE f.visit_id = v.id),
               EXISTS (SELECT 1 FROM pain_marks m WHERE m.visit_id = v.id
                       AND m.symptom IN (SELECT value FROM json_each(?)))
        FROM visits v WHERE v.client_id = ? ORDER BY v.visit_date, v.created_at
        """,
        [_NERVE_SYMPTOMS, client_id],
    )
    return [
        VisitSummary(
            id=VisitId(r[0]),
            client_id=ClientId(r[1]),
            visit_date=dt.date.fromisoformat(r[2]),
            therapist=r[3],
            nprs_now=r[4],
            red_flag_count=r[5],
            referral_count=r[6],
            nerve_symptoms=bool(r[7]),
        )
        for r in rows
    ]


def count_visits(db: Database) -> int:
    """Return how many visits the database holds."""
    return db.execute("SELECT count(*) FROM visits").fetchone()[0]


def _children(db: Database, table: str, where: str, params: list[Any], order: str) -> dict:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    sql = (
        f"SELECT t.* FROM {table} t JOIN visits v ON v.id = t.visit_id "
        f"WHERE {where} ORDER BY t.visit_id, {order}"
    )
    for row in fetch_dicts(db, sql, params):
        grouped[row["visit_id"]].append(row)
    return grouped


def _load(db: Database, where: str, params: list[Any]) -> list[Visit]:
    rows = fetch_dicts(
        db, f"SELECT v.* FROM visits v WHERE {where} ORDER BY v.visit_date, v.created_at", params
    )
    if not rows:
        return []
    flags = _children(db, "red_flag_answers", where, params, "t.flag_id")
    marks = _children(db, "pain_marks", where, params, "t.region_id")
    results = _children(db, "test_results", where, params, "t.position")
    scores = _children(db, "outcome_scores", where, params, "t.instrument")
    posture = _children(db, "posture_findings", where, params, "t.item_id")
    exercises = _children(db, "exercise_prescriptions", where, params, "t.position")
    referrals = _children(db, "referrals", where, params, "t.position")
    return [
        _visit_from_rows(
            r,
            flags[r["id"]],
            marks[r["id"]],
            results[r["id"]],
            scores[r["id"]],
            posture[r["id"]],
            exercises[r["id"]],
            referrals[r["id"]],
        )
        for r in rows
    ]


def _visit_from_rows(
    r: dict[str, Any],
    flags: list[dict[str, Any]],
    marks: list[dict[str, Any]],
    results: list[dict[str, Any]],
    scores: list[dict[str, Any]],
    posture: list[dict[str, Any]],
    exercises: list[dict[str, Any]],
    referrals: list[dict[str, Any]],
) -> Visit:
    return Visit(
        id=VisitId(r["id"]),
        client_id=ClientId(r["client_id"]),
        visit_date=dt.date.fromisoformat(r["visit_date"]),
        therapist=r["therapist"],
        complaint=r["complaint"],
        change_since_last=r["change_since_last"],
        goals=r["goals"],
        nprs=Nprs(now=r["nprs_now"], best=r["nprs_best"], worst=r["nprs_worst"]),
        pain_character=_json_tuple(r["pain_character"]),
        nerve_advice=Advice(r["nerve_advice"]) if r["nerve_advice"] else None,
        nerve_advice_note=r["nerve_advice_note"],
        red_flags=RedFlagScreen(
            answers=tuple(RedFlagAnswer(f["flag_id"], bool(f["present"])) for f in flags),
            advice=Advice(r["red_flag_advice"]) if r["red_flag_advice"] else None,
            advice_note=r["red_flag_advice_note"],
        ),
        pain_marks=tuple(
            PainMark(
                region_id=RegionId(m["region_id"]),
                symptom=_SYMPTOMS.get(m["symptom"]) or SymptomType(m["symptom"]),
                intensity=m["intensity"],
                diagram_version=m["diagram_version"],
            )
            for m in marks
        ),
        posture=tuple(PostureFinding(p["item_id"], p["value"], p["note"]) for p in posture),
        test_results=tuple(
            TestResult(
                test_id=TestId(t["test_id"]),
                side=_SIDES.get(t["side"]) or Side(t["side"]),
                # Checked when saved (and by the schema's json_valid): plain JSON back out.
                values=json.loads(t["result"]),
                variant=t["variant"],
                symptom_provoked=bool(t["symptom_provoked"]),
                symptom_region=t["symptom_region"],
                compensations=_json_tuple(t["compensations"]),
                not_tested_reason=t["not_tested_reason"],
                note=t["note"],
            )
            for t in results
        ),
        outcome_scores=tuple(_outcome_score(s) for s in scores),
        treatment=Treatment(
            techniques=_json_tuple(r["treatment_techniques"]),
            areas=_json_tuple(r["treatment_areas"]),
            response=r["treatment_response"],
            notes=r["treatment_notes"],
        ),
        exercises=tuple(
            ExercisePrescription(
                exercise_id=e["exercise_id"],
                sets=e["sets"],
                reps=e["reps"],
                hold_seconds=e["hold_seconds"],
                per_side=bool(e["per_side"]),
                frequency_per_week=e["frequency_per_week"],
                cues=e["cues"],
            )
            for e in exercises
        ),
        referrals=tuple(
            Referral(
                to_whom=f["to_whom"],
                reason=f["reason"],
                urgency=Advice(f["urgency"]),
                flags=_json_tuple(f["flags"]),
            )
            for f in referrals
        ),
        soap=Soap(
            subjective=r["soap_subjective"],
            objective=r["soap_objective"],
            assessment=r["soap_assessment"],
            plan=r["soap_plan"],
        ),
        consent_reconfirmed=bool(r["consent_reconfirmed"]),
        chaperone_offered=bool(r["chaperone_offered"]),
        next_visit=date_or_none(r["next_visit"]),
        created_at=dt.datetime.fromisoformat(r["created_at"]),
        updated_at=dt.datetime.fromisoformat(r["updated_at"]),
    )


def visit_heading(db: Database, visit_id: str) -> tuple[ClientId, dt.date, str] | None:
    """The client, date and therapist of ``visit_id``, without loading it (None: unknown id)."""
    row = db.execute(
        "SELECT client_id, visit_date, therapist FROM visits WHERE id = ?", [visit_id]
    ).fetchone()
    if row is None:
        return None
    return ClientId(row[0]), dt.date.fromisoformat(row[1]), row[2]


def _outcome_score(row: dict[str, Any]) -> OutcomeScore:
    """An outcome score row; its items column is an object for a total scored on paper."""
    items = json.loads(row["items"])
    paper = None
    if isinstance(items, dict):
        paper = PaperTotal(value=items["paper_total"], scale=TotalScale(items["scale"]))
        items = []
    return OutcomeScore(
        instrument=Instrument(row["instrument"]),
        items=tuple(items),
        version=row["version"],
        labels=_json_tuple(row["labels"]),
        paper_total=paper,
    )
