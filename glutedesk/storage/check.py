"""Whole-database checks: SQLite integrity, foreign keys, GluteDesk's own labels and tamper
evidence (signed records against their hashes, the audit trail against its anchor and the
backups, the safety triggers against the migrations) and the practice insights' per-visit
summary against the records it is derived from."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.storage.audit import verify_chain
from glutedesk.storage.database import APPLICATION_ID
from glutedesk.storage.migration_summary import summary_mismatches
from glutedesk.storage.migrations import MIGRATION_SET, known_migrations
from glutedesk.storage.tamper import signed_record_problems, trigger_problems
from glutedesk.storage.trail_check import trail_findings

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class CheckReport:
    """The outcome of :func:`check_database`: ``ok`` and a list of plain-English problems.

    ``notes`` are worth telling the therapist but do not make the check fail.
    """

    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(db: Database, db_path: Path | None = None) -> CheckReport:
    """Run SQLite's integrity and foreign-key checks, GluteDesk's schema checks, the audit
    chain check and the tamper-evidence checks.

    ``db_path`` is the database file (found from the connection when not given); the audit
    anchor beside it and its backups are compared with the live trail. A check that raises
    (a badly damaged file) is reported as a problem, never passed over.
    """
    problems: list[str] = []
    notes: list[str] = []
    try:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.extend(f"integrity: {r}" for r in rows[:20])
        for table, rowid, parent, _fk in db.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent} row")
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            problems.append(f"application id is {app_id:#x}, not GluteDesk's")
        applied = [
            r[0]
            for r in db.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            )
        ]
        if applied != list(known_migrations()):
            problems.append(
                f"schema: applied {applied}, this version expects {list(known_migrations())}"
            )
        if "0002_signing_audit" in applied:
            problems.extend(f"audit: {p}" for p in verify_chain(db))
            trail = trail_findings(db, db_path)
            problems.extend(f"audit: {p}" for p in trail.problems)
            notes.extend(f"audit: {n}" for n in trail.notes)
        if applied == list(known_migrations()):
            signed_notes: list[str] = []
            problems.extend(f"tamper: {p}" for p in signed_record_problems(db, signed_notes))
            notes.extend(f"tamper: {n}" for n in signed_notes)
            problems.extend(f"tamper: {p}" for p in trigger_problems(db))
            problems.extend(_summary_problems(db))
    except sqlite3.DatabaseError as exc:
        problems.append(f"the check could not run: {exc}")
    return CheckReport(tuple(problems), tuple(notes))


_SUMMARY_SHOWN = 20  # visits the summary check looks for at most


def _summary_problems(db: Database) -> list[str]:
    """One line when the insights summary (migration 0009) disagrees with the records: only
    a program writing around GluteDesk's triggers can cause it. The records themselves are
    not affected; the practice figures would be."""
    wrong = summary_mismatches(db.conn, _SUMMARY_SHOWN)
    if not wrong:
        return []
    many = len(wrong)
    more = " or more" if many >= _SUMMARY_SHOWN else ""  # the search stops there
    count = "1 visit" if many == 1 else f"{many}{more} visits"
    return [
        f"insights summary: the summary of {count} differs from the records (first: "
        f"{wrong[0]}); the practice figures would not match the records"
    ]
