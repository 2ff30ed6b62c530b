"""Checking a backup file without changing it: integrity, foreign keys, ids, schema, audit chain.

:func:`verify_backup` is run on every backup before it gets its name, again on the copy a
restore writes, and on any file offered for restoring.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from glutedesk.storage import cipher
from glutedesk.storage.audit import verify_chain
from glutedesk.storage.database import APPLICATION_ID, wrap_connection
from glutedesk.storage.migrations import MIGRATION_SET, known_migrations


@dataclass(frozen=True)
class BackupCheck:
    """What :func:`verify_backup` found: ``ok`` when there are no problems."""

    path: Path
    problems: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)
    migrations: tuple[str, ...] = ()
    last_audit_id: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Return the row count of every ordinary table (full-text index internals left out)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'clients_fts%' ORDER BY name"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def verify_backup(path: Path, *, expected_counts: dict[str, int] | None = None) -> BackupCheck:
    """Check a backup file without changing it; return what was found.

    Checks SQLite's integrity and foreign keys, GluteDesk's application id, that every schema
    migration in it is one this version knows, the audit chain, and (if given) that each
    table holds ``expected_counts`` rows.
    """
    path = Path(path)
    if not path.is_file():
        return BackupCheck(path, (f"{path} does not exist",))
    try:
        conn = cipher.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        return BackupCheck(path, (f"cannot open it: {exc}",))
    problems: list[str] = []
    counts: dict[str, int] = {}
    applied: tuple[str, ...] = ()
    last_audit = 0
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"it is damaged ({integrity[0]})")
            return BackupCheck(path, tuple(problems))
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            problems.append("some rows point to records that are missing (foreign keys)")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            problems.append("it is not a GluteDesk database")
            return BackupCheck(path, tuple(problems))
        applied = tuple(
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            )
        )
        unknown = [m for m in applied if m not in known_migrations()]
        if unknown:
            problems.append(
                f"it was made by a newer GluteDesk (schema change {unknown[0]!r}); update first"
            )
        counts = table_counts(conn)
        if "audit_log" in counts:
            problems.extend(verify_chain(wrap_connection(conn)))
            last_audit = conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        if expected_counts is not None:
            for table, expected in expected_counts.items():
                if counts.get(table) != expected:
                    problems.append(
                        f"table {table} has {counts.get(table)} rows, the source {expected}"
                    )
    except sqlite3.DatabaseError as exc:
        problems.append(f"it cannot be read ({exc})")
    finally:
        conn.close()
    return BackupCheck(path, tuple(problems), counts, applied, last_audit)
