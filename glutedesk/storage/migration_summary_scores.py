"""Migration ``0010_summary_scores_index``: the insights summary's outcome totals in an index
of their own.

The practice insights read ODI, RMDQ and PSFS at every key visit (visits 1 to 6 and the last
of each course: 70,000 visits on the benchmark's clinic). Looked up in the summary table,
each lookup lands on the visit's whole row (its test values and exercises, about 460 bytes);
this index holds only the visit id and the three totals, so the same lookups touch about a
tenth of the pages (docs/benchmark.md, "Eighth round"). SQLite keeps it in step with every
write, like the summary itself; a file without it (an older copy opened read-only) is read
from the table, with the same answers. Registered after 0009 (:mod:`glutedesk.storage.database`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glutedesk.storage.migration_summary import SCORED, TABLE
from glutedesk.storage.migrations import MIGRATIONS

if TYPE_CHECKING:  # registered without sqlite-utils (see storage.migration_registry)
    from sqlite_utils import Database

INDEX = "insights_summary_scores"


@MIGRATIONS(name="0010_summary_scores_index")
def summary_scores_index(db: Database) -> None:
    """The summary's visit id and outcome totals in one covering index."""
    db.execute(f"CREATE INDEX {INDEX} ON {TABLE}(visit_id, {', '.join(SCORED)})")
