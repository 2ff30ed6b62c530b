"""The content hash of a signed visit never changes: signatures and the audit chain hold it.

A fixed, complete visit (every table a visit is stored in) hashes to the same digest it had
when the hash format was written; any change to the hashed columns, their order or the
serialisation fails here before it could turn existing signatures into "tampered" ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.content_hash import visit_content_hash
from tests.factories import make_client, make_visit, with_red_flag

STAMP = dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.UTC)
SIGNED_AT = "2026-03-04T10:00:00+00:00"
# Taken from the code before the visit columns had one home (commit 1ca1d86).
GOLDEN = "c57a3ba93807d10357674cadb9c5307296c9a024780bc262c8855b31a34e1ed3"


def test_a_stored_visit_hashes_as_it_always_did(memory_db):
    clinic = Clinic(memory_db)
    client = make_client(id="client-golden", created_at=STAMP, updated_at=STAMP)
    clinic.save_client(client, touch=False)
    visit = with_red_flag(make_visit(client.id, dt.date(2026, 3, 4), id="visit-golden"))
    visit = dataclasses.replace(visit, created_at=STAMP, updated_at=STAMP)
    clinic.save_visit(visit, touch=False)
    assert visit_content_hash(memory_db, visit.id, SIGNED_AT, "A. Therapist") == GOLDEN
    # The same visit signed by someone else, or at another time, is another document.
    assert visit_content_hash(memory_db, visit.id, SIGNED_AT, "B. Therapist") != GOLDEN
