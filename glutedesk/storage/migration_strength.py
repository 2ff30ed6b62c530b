"""Migration ``0005_involved_side``: the client's involved side on the case history.

Registered by :mod:`glutedesk.storage.migrations` (imported at its end), so it follows 0004.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glutedesk.storage.migrations import MIGRATIONS

if TYPE_CHECKING:
    from sqlite_utils import Database


@MIGRATIONS(name="0005_involved_side")
def involved_side(db: Database) -> None:
    """The client's involved side for the current episode of care, kept with the case history
    (docs/design/0005-strength-readings.md); existing clients read "not known"."""
    db.execute(
        "ALTER TABLE case_histories ADD COLUMN involved_side TEXT NOT NULL DEFAULT 'not_known' "
        "CHECK (involved_side IN ('left', 'right', 'both', 'not_known'))"
    )
