"""Signing visits and amending signed visits.

Signing freezes a visit: triggers (migration ``0002_signing_audit``) refuse any UPDATE or
DELETE of the visit row and of every row recorded at the visit, so a signed record can never
change silently. A correction is an :class:`Amendment`: a new, dated entry beside the original
with its author, a reason that may not be blank, the section it corrects, the text it replaces
and the new text. Signing and amending each append an audit event in the same transaction.

Each signature is stored with the content hash of what it signs, and each amendment with its
own (:mod:`glutedesk.storage.content_hash`); the sign event records the hash too, so
``glutedesk check`` can show a signed record changed behind the triggers' back.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutedesk.domain.correction_models import ValueCorrection
from glutedesk.domain.dates import format_moment
from glutedesk.domain.ids import VisitId
from glutedesk.storage.audit import record_event
from glutedesk.storage.content_hash import (
    amendment_hash,
    correction_json,
    stored_corrections,
    visit_content_hash,
)
from glutedesk.storage.errors import SigningError, VisitSigned, write_errors
from glutedesk.storage.rows import now_utc

if TYPE_CHECKING:
    from sqlite_utils import Database

GENERAL_SECTION = "general"
_HAS_CORRECTIONS = "EXISTS (SELECT 1 FROM amendment_corrections c WHERE c.amendment_id = a.id)"
# A sign event's detail: this prefix and the content hash stored with the signature.
SIGN_DETAIL_PREFIX = "content sha256 "

# Section id (the visit field's dotted path) -> (label, visits column holding its text or None).
SECTIONS: dict[str, tuple[str, str | None]] = {
    GENERAL_SECTION: ("General addendum", None),
    "complaint": ("Complaint", "complaint"),
    "change_since_last": ("Change since last visit", "change_since_last"),
    "goals": ("Goals", "goals"),
    "red_flags.advice_note": ("Red-flag advice note", "red_flag_advice_note"),
    "nerve_advice_note": ("Nerve-symptom advice note", "nerve_advice_note"),
    "pain_marks": ("Pain map", None),
    "test_results": ("Tests", None),
    "treatment.response": ("Treatment response", "treatment_response"),
    "treatment.notes": ("Treatment notes", "treatment_notes"),
    "exercises": ("Home exercises", None),
    "referrals": ("Referrals", None),
    "soap.subjective": ("Subjective (S)", "soap_subjective"),
    "soap.objective": ("Objective (O)", "soap_objective"),
    "soap.assessment": ("Assessment (A)", "soap_assessment"),
    "soap.plan": ("Plan (P)", "soap_plan"),
    "nprs": ("Pain ratings (NPRS)", None),
    "outcome_scores": ("Outcome measures", None),
    "values": ("Recorded values", None),
}


@dataclass(frozen=True)
class Signature:
    """Who signed a visit, and when (UTC)."""

    visit_id: VisitId
    signed_at: dt.datetime
    signed_by: str


@dataclass(frozen=True)
class Amendment:
    """A dated correction of one section of a signed visit; the original stays as it was.

    ``corrections`` lists the recorded values it corrects (empty for a text amendment); its
    ``old_text`` and ``new_text`` then state them in words.
    """

    visit_id: VisitId
    created_at: dt.datetime
    author: str
    reason: str
    section: str
    old_text: str
    new_text: str
    corrections: tuple[ValueCorrection, ...] = ()

    @property
    def section_label(self) -> str:
        return section_label(self.section)


def section_label(section: str) -> str:
    """Return the readable name of an amendment section id (the id itself if unknown)."""
    return SECTIONS.get(section, (section, None))[0]


def is_signed(db: Database, visit_id: str) -> bool:
    """Return True when the visit has been signed (and so can only be amended)."""
    row = db.execute("SELECT 1 FROM visit_signatures WHERE visit_id = ?", [visit_id]).fetchone()
    return row is not None


def signature(db: Database, visit_id: str) -> Signature | None:
    """Return the visit's signature, or None if it is not signed."""
    row = db.execute(
        "SELECT visit_id, signed_at, signed_by FROM visit_signatures WHERE visit_id = ?",
        [visit_id],
    ).fetchone()
    return _signature(row) if row else None


def signatures_for_client(db: Database, client_id: str) -> list[Signature]:
    """Return the signatures of a client's visits, in visit order."""
    rows = db.execute(
        "SELECT s.visit_id, s.signed_at, s.signed_by FROM visit_signatures s "
        "JOIN visits v ON v.id = s.visit_id WHERE v.client_id = ? "
        "ORDER BY v.visit_date, v.created_at",
        [client_id],
    )
    return [_signature(r) for r in rows]


def sign_visit(
    db: Database, visit_id: str, signed_by: str, *, at: dt.datetime | None = None
) -> Signature:
    """Sign the visit as ``signed_by``: from now on it is read-only, correctable by amendment.

    Raises :class:`VisitSigned` if it is already signed and :class:`SigningError` for a blank
    name or an unknown visit.
    """
    signed_by = _text(signed_by, "The name of the person signing").strip()
    if not signed_by:
        raise SigningError("Enter the name of the person signing the visit.")
    client_id = _client_of(db, visit_id)
    existing = signature(db, visit_id)
    if existing is not None:
        raise VisitSigned(_already_signed(existing))
    stamp = at or now_utc()
    with write_errors("sign the visit"), db.atomic():
        digest = insert_signature(db, Signature(VisitId(visit_id), stamp, signed_by))
        record_event(
            db,
            "sign",
            client_id=client_id,
            visit_id=visit_id,
            actor=signed_by,
            detail=f"{SIGN_DETAIL_PREFIX}{digest}",
        )
    return Signature(VisitId(visit_id), stamp, signed_by)


def current_text(db: Database, visit_id: str, section: str) -> str:
    """Return a section's text as it now stands: the latest amendment's, else the original."""
    row = db.execute(
        "SELECT new_text FROM amendments a WHERE visit_id = ? AND section = ? "
        f"AND NOT {_HAS_CORRECTIONS} ORDER BY id DESC LIMIT 1",
        [visit_id, section],
    ).fetchone()
    if row:
        return row[0]
    column = SECTIONS.get(section, ("", None))[1]
    if column is None:
        return ""
    row = db.execute(f"SELECT {column} FROM visits WHERE id = ?", [visit_id]).fetchone()
    return row[0] if row else ""


def add_amendment(
    db: Database,
    visit_id: str,
    author: str,
    reason: str,
    section: str,
    text: str,
    *,
    at: dt.datetime | None = None,
    corrections: tuple[ValueCorrection, ...] = (),
    was: str | None = None,
) -> Amendment:
    """Add a correction to a signed visit and return it.

    ``corrections`` are the recorded values it corrects (checked by
    :func:`glutedesk.storage.corrections.add_correction`, which states them in ``was`` and
    ``text``); ``was`` defaults to the section's current text.

    ``section`` is a key of :data:`SECTIONS`; the text it replaces is recorded as ``old_text``
    (the section's current text). Raises :class:`SigningError` when the visit is unknown or not
    signed, or the author, reason or text is blank.
    """
    author = _text(author, "The author").strip()
    reason = _text(reason, "The reason").strip()
    text = _text(text, "The amendment")
    if not author:
        raise SigningError("Enter who is making the amendment.")
    if not reason:
        raise SigningError("Give a reason for the amendment; it is kept with the record.")
    if not text.strip():
        raise SigningError("The amendment is empty; type the corrected or added text.")
    if section not in SECTIONS:
        raise SigningError(f"Unknown section {section!r} for an amendment.")
    client_id = _client_of(db, visit_id)
    if not is_signed(db, visit_id):
        raise SigningError("This visit is not signed yet: edit it directly instead.")
    if was is None:
        was = current_text(db, visit_id, section)
    amendment = Amendment(
        VisitId(visit_id), at or now_utc(), author, reason, section, was, text, corrections
    )
    with write_errors("save the amendment"), db.atomic():
        insert_amendment(db, amendment)
        record_event(
            db,
            "amend",
            client_id=client_id,
            visit_id=visit_id,
            actor=author,
            detail=f"section {section}" + "".join(f"; corrects {c.field}" for c in corrections),
        )
    return amendment


def amendments_for_visit(db: Database, visit_id: str) -> list[Amendment]:
    """Return a visit's amendments, oldest first."""
    return _amendments(db, "a.visit_id = ?", [visit_id])


def amendments_for_client(db: Database, client_id: str) -> list[Amendment]:
    """Return the amendments of all a client's visits, by visit then oldest first."""
    return _amendments(db, "v.client_id = ?", [client_id])


def insert_signature(db: Database, sig: Signature) -> str:
    """Store a signature as it is (import and :func:`sign_visit`; no audit event here).

    The signature is stored with the content hash of the visit as it now stands, its child
    rows and the signature itself (:func:`~glutedesk.storage.content_hash.visit_content_hash`);
    returns that hash.
    """
    signed_at = sig.signed_at.isoformat()
    digest = visit_content_hash(db, sig.visit_id, signed_at, sig.signed_by)
    db.execute(
        "INSERT INTO visit_signatures (visit_id, signed_at, signed_by, content_hash) "
        "VALUES (?, ?, ?, ?)",
        [sig.visit_id, signed_at, sig.signed_by, digest],
    )
    return digest or ""


def insert_amendment(db: Database, amendment: Amendment) -> None:
    """Store an amendment as it is (import and :func:`add_amendment`; no audit event here).

    It is stored with its content hash, which also covers the hash of the signature it amends
    and the values it corrects (stored beside it in ``amendment_corrections``).
    """
    rows = [
        [c.field, correction_json(c.old_value), correction_json(c.new_value)]
        for c in amendment.corrections
    ]
    with db.atomic():
        next_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM amendments").fetchone()[0]
        values: dict[str, object] = {
            "id": next_id,
            "visit_id": amendment.visit_id,
            "created_at": amendment.created_at.isoformat(),
            "author": amendment.author,
            "reason": amendment.reason,
            "section": amendment.section,
            "old_text": amendment.old_text,
            "new_text": amendment.new_text,
        }
        row = db.execute(
            "SELECT content_hash FROM visit_signatures WHERE visit_id = ?", [amendment.visit_id]
        ).fetchone()
        values["content_hash"] = amendment_hash(values, row[0] if row else None, rows)
        db.execute(
            f"INSERT INTO amendments ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )
        db.conn.executemany(
            "INSERT INTO amendment_corrections (amendment_id, position, field, old_value, "
            "new_value) VALUES (?, ?, ?, ?, ?)",
            [(next_id, i, *r) for i, r in enumerate(rows)],
        )


def _amendments(db: Database, where: str, params: list[object]) -> list[Amendment]:
    rows = db.execute(
        "SELECT a.visit_id, a.created_at, a.author, a.reason, a.section, a.old_text, a.new_text, "
        f"a.id FROM amendments a JOIN visits v ON v.id = a.visit_id WHERE {where} "
        "ORDER BY v.visit_date, v.created_at, a.id",
        params,
    ).fetchall()
    corrected = stored_corrections(db, [r[7] for r in rows])
    return [
        Amendment(
            VisitId(r[0]),
            dt.datetime.fromisoformat(r[1]),
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            tuple(
                ValueCorrection(f, json.loads(old), json.loads(new))
                for f, old, new in corrected.get(r[7], [])
            ),
        )
        for r in rows
    ]


def _signature(row: tuple) -> Signature:
    return Signature(VisitId(row[0]), dt.datetime.fromisoformat(row[1]), row[2])


def _client_of(db: Database, visit_id: str) -> str:
    row = db.execute("SELECT client_id FROM visits WHERE id = ?", [visit_id]).fetchone()
    if row is None:
        raise SigningError(f"No visit with id {visit_id!r}.")
    return row[0]


def _text(value: str, what: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise SigningError(f"{what} contains a character that cannot be stored.") from None
    return value


def _already_signed(sig: Signature) -> str:
    when = format_moment(sig.signed_at)
    return (
        f"This visit was signed by {sig.signed_by} on {when} and cannot be changed; "
        "add an amendment instead."
    )


def signed_message(db: Database, visit_id: str) -> str | None:
    """Return the 'already signed' explanation for a visit, or None when it is not signed."""
    sig = signature(db, visit_id)
    return _already_signed(sig) if sig else None


def signing_problems(
    visit_ids: set[str], signatures: tuple[Signature, ...], amendments: tuple[Amendment, ...]
) -> list[str]:
    """Return what is wrong with imported signatures and amendments (an empty list: fine).

    Each signature must name a visit in the file, once; each amendment a signed visit, with an
    author, a reason and text.
    """
    problems: list[str] = []
    signed: set[str] = set()
    for i, sig in enumerate(signatures):
        if sig.visit_id not in visit_ids:
            problems.append(f"signatures[{i}] names visit {sig.visit_id}, not in the file")
        elif sig.visit_id in signed:
            problems.append(f"signatures[{i}]: visit {sig.visit_id} is signed twice")
        elif not sig.signed_by.strip():
            problems.append(f"signatures[{i}]: the signer's name is blank")
        signed.add(sig.visit_id)
    for i, amendment in enumerate(amendments):
        if amendment.visit_id not in signed:
            problems.append(
                f"amendments[{i}] amends visit {amendment.visit_id}, which is not signed"
            )
        for name in ("author", "reason", "section", "new_text"):
            if not getattr(amendment, name).strip():
                problems.append(f"amendments[{i}]: the {name.replace('_', ' ')} is blank")
    return problems
