"""Saving and deleting visits (one transaction each) and the row mappers that write them.

Loading lives in :mod:`glutedesk.storage.visit_loading`; its names are importable from here too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.models import Visit
from glutedesk.storage.audit import record_event
from glutedesk.storage.changes import Changes
from glutedesk.storage.errors import VisitSigned, write_errors
from glutedesk.storage.row_mappers import insert_sql, visit_rows
from glutedesk.storage.rows import stamped
from glutedesk.storage.signing import signed_message
from glutedesk.storage.visit_loading import (
    VisitNotFound,
    count_visits,
    get_visit,
    latest_visit,
    visit_summaries,
    visits_for_client,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = [
    "VisitNotFound",
    "count_visits",
    "delete_visit",
    "get_visit",
    "latest_visit",
    "save_visit",
    "visit_summaries",
    "visits_for_client",
]


def save_visit(
    db: Database, visit: Visit, *, touch: bool = True, audit: bool = True
) -> tuple[Visit, Changes]:
    """Insert or replace ``visit`` and all its parts in one transaction.

    Either the whole visit is stored or, on any error, nothing changes. With ``touch`` (the
    default) ``updated_at`` is set to now; without it the record's timestamps are kept (import).
    Returns the stored visit and the change record. With ``audit`` a create/update event is
    logged in the same transaction. A signed visit raises :class:`VisitSigned` (amend it
    instead); disk-full, locked and read-only failures raise the clear errors of
    :mod:`glutedesk.storage.errors`, with nothing written.
    """
    visit = stamped(visit, touch=touch)
    signed = signed_message(db, visit.id)
    if signed:
        raise VisitSigned(signed)
    with write_errors(), db.atomic():
        existed = db.execute("DELETE FROM visits WHERE id = ?", [visit.id]).rowcount > 0
        for table, rows in visit_rows(visit).items():
            db.conn.executemany(insert_sql(table), rows)
        vid = visit.id
        if audit:
            action = "update" if existed else "create"
            record_event(db, action, client_id=visit.client_id, visit_id=vid, detail="visit")
    return visit, Changes(clients=frozenset({visit.client_id}), visits=frozenset({visit.id}))


def delete_visit(db: Database, visit_id: str) -> Changes:
    """Delete one visit and everything recorded at it, in one transaction."""
    row = db.execute("SELECT client_id FROM visits WHERE id = ?", [visit_id]).fetchone()
    if row is None:
        raise VisitNotFound(f"No visit with id {visit_id!r}.")
    signed = signed_message(db, visit_id)
    if signed:
        raise VisitSigned(signed)
    with write_errors("delete"), db.atomic():
        db.execute("DELETE FROM visits WHERE id = ?", [visit_id])
        record_event(db, "delete", client_id=row[0], visit_id=visit_id, detail="visit")
    return Changes(clients=frozenset({ClientId(row[0])}), visits=frozenset({VisitId(visit_id)}))
