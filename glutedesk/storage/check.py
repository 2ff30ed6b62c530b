"""Whole-database checks: SQLite integrity, foreign keys and GluteDesk's own labels."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlite_utils import Database

from glutedesk.storage.audit import verify_chain
from glutedesk.storage.database import APPLICATION_ID
from glutedesk.storage.migrations import MIGRATION_SET, known_migrations


@dataclass(frozen=True)
class CheckReport:
    """The outcome of :func:`check_database`: ``ok`` and a list of plain-English problems."""

    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(db: Database) -> CheckReport:
    """Run SQLite's integrity and foreign-key checks, GluteDesk's schema checks and the audit
    chain check.

    A check that raises (a badly damaged file) is reported as a problem, never passed over.
    """
    problems: list[str] = []
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
    except sqlite3.DatabaseError as exc:
        problems.append(f"the check could not run: {exc}")
    return CheckReport(tuple(problems))
