"""One builder for the complete visits of sample clinics and tests.

The demo clinic, the benchmark's large clinic and the test suite's factories
(``tests/factories.py``) all make their visits with :func:`sample_visit`, so a sample visit is
recorded the same way everywhere: consent reconfirmed, a chaperone offered, the next visit
booked two weeks on, stamped as updated when it was created, with the first visit's complaint
and goals taken from the client's case history and later ones recorded as reviews.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from glutedesk.domain.ids import ClientId, VisitId, new_visit_id
from glutedesk.domain.models import Client, Visit

REVIEW_AFTER = dt.timedelta(days=14)
REVIEW_COMPLAINT = "Review of low back pain"
REVIEW_PLAN = "Review in two weeks; progress home exercises."


def sample_visit(client_id: ClientId, visit_date: dt.date, **fields: Any) -> Visit:
    """A complete visit of ``client_id`` on ``visit_date``; ``fields`` are the Visit's others.

    Unless given: a new visit id, consent reconfirmed and a chaperone offered, the next visit
    :data:`REVIEW_AFTER` later, and ``updated_at`` equal to ``created_at``.
    """
    if "id" not in fields:
        fields["id"] = new_visit_id()
    if "next_visit" not in fields:
        fields["next_visit"] = visit_date + REVIEW_AFTER
    fields.setdefault("consent_reconfirmed", True)
    fields.setdefault("chaperone_offered", True)
    fields.setdefault("updated_at", fields.get("created_at"))
    return Visit(client_id=client_id, visit_date=visit_date, **fields)


def course_visit(
    client: Client, n: int, visit_id: str, visit_date: dt.date, **fields: Any
) -> Visit:
    """Visit ``n`` (0 first) of ``client``'s course: the first states the complaint and goals
    of the case history, later ones are reviews of it; otherwise as :func:`sample_visit`."""
    fields.setdefault("complaint", client.history.complaint if n == 0 else REVIEW_COMPLAINT)
    fields.setdefault("goals", client.history.goals)
    return sample_visit(client.id, visit_date, id=VisitId(visit_id), **fields)
