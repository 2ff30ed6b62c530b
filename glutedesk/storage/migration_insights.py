"""Migration ``0008_insights_indexes``: two indexes for the practice insights' reads.

Indexes, not a summary table: SQLite keeps them in step with every write, erasure, import and
restore, they hold nothing the records do not, and a file without them (an older copy opened
read-only) gives the same answers, only slower. docs/design/0008-insights-summary.md explains
the choice. Registered after 0007 (:mod:`glutedesk.storage.database` imports this module last).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glutedesk.storage.migrations import MIGRATIONS

if TYPE_CHECKING:  # registered without sqlite-utils (see storage.migration_registry)
    from sqlite_utils import Database


@MIGRATIONS(name="0008_insights_indexes")
def insights_indexes(db: Database) -> None:
    """Every visit's client, date, NPRS and id in one index (the insights read them without
    touching the wide visit rows), and the red flags ticked (a handful among millions of
    answers) in a partial index."""
    db.executescript(
        """
        CREATE INDEX visits_insights ON visits(client_id, visit_date, nprs_now, id);
        CREATE INDEX red_flags_ticked ON red_flag_answers(present, visit_id, flag_id)
            WHERE present = 1;
        """
    )
