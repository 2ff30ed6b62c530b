"""Domain records as table rows: the one mapping used by ``save_visit``, ``save_client`` and
the sample clinics written in bulk, so what a bulk insert stores can never drift from a save.

Each mapper returns ``{table: [row, ...]}`` with rows as tuples in the column order of
:data:`VISIT_TABLES` or :data:`CLIENT_TABLES`, parents first; :func:`insert_sql` gives the
matching ``INSERT`` statement.
"""

from __future__ import annotations

import json
from typing import Any

from glutedesk.domain.models import Client, OutcomeScore, Visit
from glutedesk.domain.outcomes import score_outcome
from glutedesk.domain.serialize import to_json
from glutedesk.storage.content_hash import CHILD_COLUMNS, VISIT_COLUMNS
from glutedesk.storage.rows import iso, timestamp

Rows = dict[str, list[tuple[Any, ...]]]

VISIT_TABLES: dict[str, tuple[str, ...]] = {
    "visits": VISIT_COLUMNS,
    **{table: ("visit_id", *columns) for table, columns in CHILD_COLUMNS.items()},
}
"""The tables a visit is stored in, each with its columns in the order of the mapped rows.

They are the columns the signed-visit hash covers (one list, in
:mod:`glutedesk.storage.content_hash`); a column a later migration adds to one of these tables
is appended here, not there, so the hash of visits already signed does not change."""

CLIENT_TABLES: dict[str, tuple[str, ...]] = {
    "clients": (
        "id",
        "first_name",
        "last_name",
        "date_of_birth",
        "phone",
        "email",
        "address",
        "gp_name",
        "gp_practice",
        "gp_address",
        "occupation",
        "sitting_hours_per_day",
        "sport_activity",
        "notes",
        "created_at",
        "updated_at",
    ),
    "case_histories": (
        "client_id",
        "complaint",
        "onset",
        "mechanism",
        "duration",
        "aggravating",
        "easing",
        "pattern_24h",
        "past_medical_history",
        "surgery",
        "medication",
        "contraindications",
        "goals",
        "involved_side",
    ),
    "consents": ("client_id", "kind", "given", "date", "wording_version"),
}
"""The tables a client is stored in, each with its columns in the order of the mapped rows."""

# ``dumps`` with its encoder built once: the same text, without a new encoder for every value.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False).encode
_PLAIN = (str, int, float, bool, type(None))
_JSON_LISTS: dict[tuple[str, ...], str] = {}


def _outcome_items(score: OutcomeScore) -> str:
    """The items column: the answers as a list, or for a total scored on paper an object
    ``{"paper_total": 22, "scale": "points_of_50"}`` (so no schema change was needed)."""
    if score.paper_total is not None:
        total = score.paper_total
        return _encode({"paper_total": total.value, "scale": total.scale.value})
    return _encode(list(score.items))


def _json_list(values: tuple[str, ...]) -> str:
    """``dumps(list(values))`` for a list of text, remembered: visits repeat the same few."""
    text = _JSON_LISTS.get(values)
    if text is None:
        text = _encode(list(values))
        if len(_JSON_LISTS) < 100_000:
            _JSON_LISTS[values] = text
    return text


def _result_json(values: dict[str, Any]) -> str:
    """``dumps(to_json(values))``; values that are already plain JSON skip the conversion."""
    for key, value in values.items():
        if type(key) is not str:
            break
        kind = type(value)
        if kind is list:
            if any(type(item) not in _PLAIN for item in value):
                break
        elif kind not in _PLAIN:
            break
    else:
        return _encode(values)
    return _encode(to_json(values))


def insert_sql(table: str) -> str:
    """The ``INSERT`` statement for one row of ``table`` as the mappers give it."""
    columns = VISIT_TABLES.get(table) or CLIENT_TABLES[table]
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def visit_rows(visit: Visit) -> Rows:
    """The rows that store ``visit``: its ``visits`` row first, then each part's rows."""
    vid = visit.id
    treatment, soap, red_flags = visit.treatment, visit.soap, visit.red_flags
    return {
        "visits": [
            (
                vid,
                visit.client_id,
                visit.visit_date.isoformat(),
                visit.therapist,
                visit.complaint,
                visit.change_since_last,
                visit.goals,
                visit.nprs.now,
                visit.nprs.best,
                visit.nprs.worst,
                _json_list(visit.pain_character),
                visit.nerve_advice.value if visit.nerve_advice else None,
                visit.nerve_advice_note,
                red_flags.advice.value if red_flags.advice else None,
                red_flags.advice_note,
                _json_list(treatment.techniques),
                _json_list(treatment.areas),
                treatment.response,
                treatment.notes,
                soap.subjective,
                soap.objective,
                soap.assessment,
                soap.plan,
                int(visit.consent_reconfirmed),
                int(visit.chaperone_offered),
                iso(visit.next_visit),
                timestamp(visit.created_at),
                timestamp(visit.updated_at),
            )
        ],
        "red_flag_answers": [(vid, a.flag_id, int(a.present)) for a in red_flags.answers],
        "pain_marks": [
            (vid, m.region_id, m.symptom.value, m.intensity, m.diagram_version)
            for m in visit.pain_marks
        ],
        "test_results": [
            (
                vid,
                r.test_id,
                r.side.value,
                position,
                r.variant,
                _result_json(r.values),
                int(r.symptom_provoked),
                r.symptom_region,
                _json_list(r.compensations),
                r.not_tested_reason,
                r.note,
            )
            for position, r in enumerate(visit.test_results)
        ],
        "outcome_scores": [
            (
                vid,
                s.instrument.value,
                s.version,
                _outcome_items(s),
                _json_list(s.labels),
                score_outcome(s),
            )
            for s in visit.outcome_scores
        ],
        "posture_findings": [(vid, p.item_id, p.value, p.note) for p in visit.posture],
        "exercise_prescriptions": [
            (
                vid,
                position,
                e.exercise_id,
                e.sets,
                e.reps,
                e.hold_seconds,
                int(e.per_side),
                e.frequency_per_week,
                e.cues,
            )
            for position, e in enumerate(visit.exercises)
        ],
        "referrals": [
            (vid, position, f.to_whom, f.reason, f.urgency.value, _json_list(f.flags))
            for position, f in enumerate(visit.referrals)
        ],
    }


def client_rows(client: Client) -> Rows:
    """The rows that store ``client``: the ``clients`` row, the case history, the consents."""
    history = client.history
    return {
        "clients": [
            (
                client.id,
                client.first_name,
                client.last_name,
                iso(client.date_of_birth),
                client.phone,
                client.email,
                client.address,
                client.gp_name,
                client.gp_practice,
                client.gp_address,
                client.occupation,
                client.sitting_hours_per_day,
                client.sport_activity,
                client.notes,
                timestamp(client.created_at),
                timestamp(client.updated_at),
            )
        ],
        "case_histories": [
            (client.id, *(getattr(history, c) for c in CLIENT_TABLES["case_histories"][1:]))
        ],
        "consents": [
            (client.id, c.kind.value, int(c.given), iso(c.date), c.wording_version)
            for c in client.consents
        ],
    }
