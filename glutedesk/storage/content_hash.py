"""The content hash kept with each signature and amendment: what was signed, as one SHA-256.

A signed visit's hash covers the visit row, every row recorded at the visit (red-flag answers,
pain marks, tests, outcome scores, posture findings, exercises, referrals) and the signature
itself (visit, signer, time), serialised canonically: fixed column lists, rows sorted, JSON
with no spacing. Amendments are added after signing, so they are not part of it; each
amendment carries its own hash over its fields and the hash of the signature it amends; an
amendment that corrects recorded values (format 2) also covers each corrected field, the value
it replaced and the new value, exactly as stored.

The column lists are fixed (format 1) rather than read from the schema, so a later migration
that adds a column does not change the hash of visits already signed; a column added to a
signed table is covered only once a new format names it. They are also the row mappers'
column lists (:data:`glutedesk.storage.row_mappers.VISIT_TABLES` is built from them), so what
is saved and what is signed cannot drift apart.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

FORMAT = "glutedesk-signed-visit/1"
AMENDMENT_FORMAT = "glutedesk-amendment/1"
CORRECTING_AMENDMENT_FORMAT = "glutedesk-amendment/2"

VISIT_COLUMNS = (
    "id",
    "client_id",
    "visit_date",
    "therapist",
    "complaint",
    "change_since_last",
    "goals",
    "nprs_now",
    "nprs_best",
    "nprs_worst",
    "pain_character",
    "nerve_advice",
    "nerve_advice_note",
    "red_flag_advice",
    "red_flag_advice_note",
    "treatment_techniques",
    "treatment_areas",
    "treatment_response",
    "treatment_notes",
    "soap_subjective",
    "soap_objective",
    "soap_assessment",
    "soap_plan",
    "consent_reconfirmed",
    "chaperone_offered",
    "next_visit",
    "created_at",
    "updated_at",
)

# Every table whose rows belong to one visit, with the columns the hash covers.
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "red_flag_answers": ("flag_id", "present"),
    "pain_marks": ("region_id", "symptom", "intensity", "diagram_version"),
    "test_results": (
        "test_id",
        "side",
        "position",
        "variant",
        "result",
        "symptom_provoked",
        "symptom_region",
        "compensations",
        "not_tested_reason",
        "note",
    ),
    "outcome_scores": ("instrument", "version", "items", "labels", "total"),
    "posture_findings": ("item_id", "value", "note"),
    "exercise_prescriptions": (
        "position",
        "exercise_id",
        "sets",
        "reps",
        "hold_seconds",
        "per_side",
        "frequency_per_week",
        "cues",
    ),
    "referrals": ("position", "to_whom", "reason", "urgency", "flags"),
}

AMENDMENT_COLUMNS = (
    "id",
    "visit_id",
    "created_at",
    "author",
    "reason",
    "section",
    "old_text",
    "new_text",
)


def _value(value: object) -> object:
    # SQLite's storage class is part of the content: 3 and '3' serialise differently.
    if isinstance(value, bytes):
        return {"blob": value.hex()}
    if isinstance(value, float):
        return {"real": repr(value)}
    return value


def _digest(document: object) -> str:
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def signed_content(db: Database, visit_id: str, signed_at: str, signed_by: str) -> dict | None:
    """Return the canonical document a signature's hash is taken over (None: no such visit)."""
    row = db.execute(
        f"SELECT {', '.join(VISIT_COLUMNS)} FROM visits WHERE id = ?", [visit_id]
    ).fetchone()
    if row is None:
        return None
    children: dict[str, list[list[object]]] = {}
    for table, columns in CHILD_COLUMNS.items():
        rows = db.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE visit_id = ?", [visit_id]
        )
        serialised = [[_value(v) for v in r] for r in rows]
        children[table] = sorted(serialised, key=lambda r: json.dumps(r, sort_keys=True))
    return {
        "format": FORMAT,
        "visit": [_value(v) for v in row],
        "children": children,
        "signature": {"visit_id": visit_id, "signed_at": signed_at, "signed_by": signed_by},
    }


def visit_content_hash(db: Database, visit_id: str, signed_at: str, signed_by: str) -> str | None:
    """Return the SHA-256 (hex) of a visit as signed by ``signed_by`` at ``signed_at``.

    ``signed_at`` is the stored ISO text of the signing time. Used when signing (the hash is
    stored with the signature) and by ``glutedesk check`` (it is recomputed and compared).
    Returns None when the visit does not exist.
    """
    document = signed_content(db, visit_id, signed_at, signed_by)
    return None if document is None else _digest(document)


def amendment_hash(
    values: dict[str, object],
    signature_hash: str | None,
    corrections: Sequence[Sequence[object]] = (),
) -> str:
    """Return the SHA-256 (hex) of one amendment's stored fields and its visit's signature hash.

    ``values`` maps each of :data:`AMENDMENT_COLUMNS` to the value as stored; ``corrections``
    are its stored ``(field, old_value, new_value)`` rows in order (JSON text). An amendment
    without corrections hashes as format 1, so hashes stored before corrections existed hold.
    """
    document: dict[str, object] = {
        "format": CORRECTING_AMENDMENT_FORMAT if corrections else AMENDMENT_FORMAT,
        "amendment": [_value(values[c]) for c in AMENDMENT_COLUMNS],
        "signature_hash": signature_hash,
    }
    if corrections:
        document["corrections"] = [[_value(v) for v in row] for row in corrections]
    return _digest(document)


def correction_json(value: object) -> str:
    """Return a corrected value as the JSON text stored (and hashed) for it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def stored_corrections(db: Database, amendment_ids: Sequence[object]) -> dict[object, list[list]]:
    """Return the stored ``[field, old JSON, new JSON]`` rows of each amendment, in order.

    Amendments without corrections are absent; so is everything before migration ``0007``.
    """
    if not amendment_ids or not db["amendment_corrections"].exists():
        return {}
    out: dict[object, list[list]] = {}
    ids = list(dict.fromkeys(amendment_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = db.execute(
            "SELECT amendment_id, field, old_value, new_value FROM amendment_corrections "
            f"WHERE amendment_id IN ({', '.join('?' * len(chunk))}) "
            "ORDER BY amendment_id, position",
            chunk,
        )
        for amendment_id, *row in rows:
            out.setdefault(amendment_id, []).append(row)
    return out


def amendment_values(db: Database, where: str, params: list[object]) -> list[tuple[dict, str]]:
    """Return ``(stored values, stored content hash)`` of the amendments matching ``where``."""
    rows = db.execute(
        f"SELECT {', '.join('a.' + c for c in AMENDMENT_COLUMNS)}, a.content_hash "
        f"FROM amendments a WHERE {where} ORDER BY a.id",
        params,
    )
    return [(dict(zip(AMENDMENT_COLUMNS, r[:-1], strict=True)), r[-1]) for r in rows]


def backfill_hashes(db: Database) -> None:
    """Give every stored signature and amendment its content hash (migration ``0004`` only).

    The tables' no-update triggers are lifted for the one statement that fills the new column
    and put back with exactly the SQL they had.
    """
    signatures = db.execute("SELECT visit_id, signed_at, signed_by FROM visit_signatures")
    sig_hashes = {
        visit_id: visit_content_hash(db, visit_id, signed_at, signed_by)
        for visit_id, signed_at, signed_by in signatures.fetchall()
    }
    _update_past_trigger(
        db,
        "visit_signatures_no_update",
        "UPDATE visit_signatures SET content_hash = ? WHERE visit_id = ?",
        [(digest, visit_id) for visit_id, digest in sig_hashes.items()],
    )
    _update_past_trigger(
        db,
        "amendments_no_update",
        "UPDATE amendments SET content_hash = ? WHERE id = ?",
        [
            (amendment_hash(values, sig_hashes.get(str(values["visit_id"]))), values["id"])
            for values, _stored in amendment_values(db, "1", [])
        ],
    )


def _update_past_trigger(db: Database, trigger: str, sql: str, rows: list[tuple]) -> None:
    if not rows:
        return
    definition = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [trigger]
    ).fetchone()[0]
    db.execute(f"DROP TRIGGER {trigger}")
    db.conn.executemany(sql, rows)
    db.execute(definition)
