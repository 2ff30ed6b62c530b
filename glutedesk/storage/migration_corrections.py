"""Migration ``0007_amendment_corrections``: corrected values stored beside their amendment.

Kept in its own module (``migrations.py`` is at its size limit); :mod:`.migrations` imports it
last, so it is registered after every earlier migration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glutedesk.storage.migrations import MIGRATIONS

if TYPE_CHECKING:
    from sqlite_utils import Database

_NOT_ERASING = "NOT EXISTS (SELECT 1 FROM erasure_permits)"


@MIGRATIONS(name="0007_amendment_corrections")
def amendment_corrections(db: Database) -> None:
    """Each value an amendment corrects: its field path, the value it replaces and the new one
    (JSON text). Rows are written with their amendment and, like it, never changed."""
    db.executescript(
        f"""
        CREATE TABLE amendment_corrections (
            amendment_id INTEGER NOT NULL REFERENCES amendments(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            field TEXT NOT NULL CHECK (length(trim(field)) > 0),
            old_value TEXT NOT NULL CHECK (json_valid(old_value)),
            new_value TEXT NOT NULL CHECK (json_valid(new_value)),
            PRIMARY KEY (amendment_id, position)
        ) WITHOUT ROWID;
        CREATE TRIGGER amendment_corrections_no_update BEFORE UPDATE ON amendment_corrections
        BEGIN
            SELECT RAISE(ABORT, 'a correction cannot be changed; add another amendment');
        END;
        CREATE TRIGGER amendment_corrections_no_delete BEFORE DELETE ON amendment_corrections
        WHEN {_NOT_ERASING}
        BEGIN
            SELECT RAISE(ABORT, 'a correction cannot be removed');
        END;
        """
    )
