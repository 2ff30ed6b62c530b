"""Tamper evidence for ``glutedesk check``: signed records and the safety triggers.

Each signed visit is recomputed into its content hash and compared with the hash stored at
signing; each amendment likewise. The audit trail is read alongside: a visit it says was
signed must still be there and signed (unless its client was erased, which the trail also
records), and every amendment it logged must still exist. The live triggers are compared
with the ones the migrations create, so a dropped or rewritten safety trigger shows.

This is evidence against accidental or casual change, not cryptographic proof: anyone with
the file and this code can recompute every hash.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from glutedesk.domain.counts import plural
from glutedesk.storage.content_hash import (
    amendment_hash,
    amendment_values,
    stored_corrections,
    visit_content_hash,
)
from glutedesk.storage.signing import SIGN_DETAIL_PREFIX

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_LINES = 20

# Trigger name (or its start) -> what it protects, in plain words.
_PURPOSES = (
    ("visit_signatures_need_hash", "it makes every signature carry its content hash"),
    ("amendments_need_hash", "it makes every amendment carry its content hash"),
    ("visit_signatures_", "it stops a signature being changed or removed"),
    ("amendments_need_signed", "it lets only a signed visit take amendments"),
    ("amendments_", "it stops an amendment being changed or removed"),
    ("amendment_corrections_", "it stops a corrected value being changed or removed"),
    ("audit_log_", "it keeps the audit trail append-only"),
    ("visits_signed_", "it stops a signed visit being changed or deleted"),
    ("visits_summary_", "it keeps each client's visit count and last visit up to date"),
    ("clients_fts_", "it keeps the client name search up to date"),
    ("red_flag_needs_advice", "it refuses a ticked red flag without advice"),
    ("_signed_no_", "it stops the parts of a signed visit being changed"),
    ("insights_summary_", "it keeps the practice insights' summary of each visit up to date"),
)


def trigger_purpose(name: str) -> str:
    """Return what the trigger ``name`` protects, in plain words."""
    for start, purpose in _PURPOSES:
        if name.startswith(start) or (start.startswith("_") and start in name):
            return purpose
    return "it is one of GluteDesk's safety rules"


@functools.lru_cache(maxsize=1)
def expected_triggers() -> dict[str, str]:
    """Return the triggers the migrations create, by name, with their SQL (spacing folded)."""
    from glutedesk.storage.database import open_memory_database

    db = open_memory_database()
    try:
        return _triggers(db)
    finally:
        db.close()


def _triggers(db: Database) -> dict[str, str]:
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    return {name: " ".join((sql or "").split()) for name, sql in rows}


def trigger_problems(db: Database) -> list[str]:
    """Return one line per safety trigger that is missing, altered or unexpected."""
    expected, live = expected_triggers(), _triggers(db)
    problems = []
    for name in sorted(expected):
        if name not in live:
            problems.append(f"safety trigger {name} is missing ({trigger_purpose(name)})")
        elif live[name] != expected[name]:
            problems.append(f"safety trigger {name} was altered ({trigger_purpose(name)})")
    problems.extend(
        f"trigger {name} is not one of GluteDesk's; something added it to the database"
        for name in sorted(set(live) - set(expected))
    )
    return problems


def signed_record_problems(db: Database, notes: list[str] | None = None) -> list[str]:
    """Return one line per signed visit or amendment that no longer matches what was stored.

    Also checks the audit trail's sign and amend events against the records that remain. A
    client erased through GluteDesk is excused by the trail's ``erase`` event; a client missing
    altogether after a ``restore`` (a backup purged of an erased client) is added to ``notes``.
    """
    signatures = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT s.visit_id, s.signed_at, s.signed_by, s.content_hash, v.visit_date "
            "FROM visit_signatures s LEFT JOIN visits v ON v.id = s.visit_id"
        )
    }
    changed, unhashed = [], []
    for visit_id, (signed_at, signed_by, stored, visit_date) in signatures.items():
        if stored is None:
            unhashed.append(f"signed visit {visit_id} ({visit_date}) has no content hash")
        elif visit_content_hash(db, visit_id, signed_at, signed_by) != stored:
            changed.append(
                f"signed visit {visit_id} ({visit_date}) no longer matches what was signed: "
                "the visit, one of its parts or its signature was changed after signing"
            )
    problems = _capped(changed, "signed visits no longer match")
    problems += _capped(unhashed, "signed visits have no content hash")
    problems += _capped(_amendment_problems(db, signatures), "amendments were changed")
    excused = _Excuses(db)
    problems += _capped(_trail_problems(db, signatures, excused), "records disagree with the log")
    if notes is not None:
        notes.extend(
            f"client {client_id}'s signed records are gone without an erasure in this audit "
            "trail, after a restore (a backup purged of an erased client looks like this)"
            for client_id in sorted(excused.purged)
        )
    return problems


def _amendment_problems(db: Database, signatures: dict[str, tuple]) -> list[str]:
    problems = []
    amendments = amendment_values(db, "1", [])
    corrections = stored_corrections(db, [values["id"] for values, _stored in amendments])
    for values, stored in amendments:
        visit_id = str(values["visit_id"])
        sig = signatures.get(visit_id)
        rows = corrections.get(values["id"], [])
        if stored is None:
            problems.append(f"amendment {values['id']} of visit {visit_id} has no content hash")
        elif amendment_hash(values, sig[2] if sig else None, rows) != stored:
            problems.append(
                f"amendment {values['id']} of visit {visit_id} was changed after it was written"
            )
    return problems


class _Excuses:
    """Which audit entries about a client a later erasure (or a purged restore) explains."""

    def __init__(self, db: Database) -> None:
        self.erased = dict(
            db.execute(
                "SELECT client_id, max(id) FROM audit_log WHERE action = 'erase' GROUP BY client_id"
            ).fetchall()
        )
        row = db.execute("SELECT max(id) FROM audit_log WHERE action = 'restore'").fetchone()
        self.restored = row[0] or 0
        self.clients = {r[0] for r in db.execute("SELECT id FROM clients")}
        self.purged: set[str] = set()

    def __call__(self, client_id: str, entry: int) -> bool:
        if self.erased.get(client_id, 0) > entry:
            return True
        if client_id not in self.clients and self.restored > entry:
            self.purged.add(client_id)
            return True
        return False


def _trail_problems(db: Database, signatures: dict[str, tuple], excused: _Excuses) -> list[str]:
    visits = {r[0] for r in db.execute("SELECT id FROM visits")}
    problems = []
    signed_in_log: set[str] = set()
    for entry, client_id, visit_id, detail in db.execute(
        "SELECT id, client_id, visit_id, detail FROM audit_log WHERE action = 'sign' ORDER BY id"
    ).fetchall():
        signed_in_log.add(visit_id)
        if excused(client_id, entry):
            continue
        if visit_id not in visits:
            problems.append(
                f"visit {visit_id} was signed (audit entry {entry}) but is no longer in the "
                "database, and its client was not erased"
            )
        elif visit_id not in signatures:
            problems.append(
                f"visit {visit_id} was signed (audit entry {entry}) but its signature is gone"
            )
        elif detail.startswith(SIGN_DETAIL_PREFIX) and (
            detail.removeprefix(SIGN_DETAIL_PREFIX) != signatures[visit_id][2]
        ):
            problems.append(
                f"the signature of visit {visit_id} does not hold the content hash the "
                f"audit trail recorded when it was signed (entry {entry})"
            )
    imported = {r[0] for r in db.execute("SELECT client_id FROM audit_log WHERE action = 'import'")}
    for visit_id, client_id in db.execute(
        "SELECT s.visit_id, v.client_id FROM visit_signatures s JOIN visits v ON v.id = s.visit_id"
    ).fetchall():
        if visit_id not in signed_in_log and client_id not in imported:
            problems.append(
                f"signed visit {visit_id} has no signing or import entry in the audit trail"
            )
    problems += _missing_amendments(db, excused)
    return problems


def _missing_amendments(db: Database, excused: _Excuses) -> list[str]:
    logged: Counter[str] = Counter()
    for entry, client_id, visit_id in db.execute(
        "SELECT id, client_id, visit_id FROM audit_log WHERE action = 'amend'"
    ).fetchall():
        if not excused(client_id, entry):
            logged[visit_id] += 1
    kept = Counter(
        dict(db.execute("SELECT visit_id, count(*) FROM amendments GROUP BY visit_id").fetchall())
    )
    return [
        f"visit {visit_id} had {plural(count, 'amendment')} logged in the audit trail but "
        f"{kept[visit_id]} remain"
        for visit_id, count in sorted(logged.items())
        if kept[visit_id] < count
    ]


def _capped(lines: Iterable[str], what: str) -> list[str]:
    lines = list(lines)
    if len(lines) <= MAX_LINES:
        return lines
    return [*lines[:MAX_LINES], f"... and {len(lines) - MAX_LINES} more {what}"]
