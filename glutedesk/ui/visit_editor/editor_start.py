"""Where the visit editor starts: the visit to edit, the one before it, and the visit shown.

A draft (after a crash) wins; else the stored visit; else a new visit copied forward from the
last one (:func:`glutedesk.domain.copy_forward.copy_forward`), or a blank one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from dataclasses import dataclass

from glutedesk.domain.copy_forward import blank_visit, copy_forward
from glutedesk.domain.models import Client, Visit
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.drafts import Draft


@dataclass(frozen=True)
class Start:
    """The stored visit (None for a new one), the visit before it and the visit to show."""

    original: Visit | None
    previous: Visit | None
    base: Visit
    copied_forward: bool
    today: dt.date


def starting_point(
    clinic: Clinic,
    client: Client,
    client_id: str,
    visit_id: str | None,
    draft: Draft | None,
    copy_last: bool,
    today: dt.date,
) -> Start:
    """Decide what the editor opens on (see the module docstring)."""
    original: Visit | None = None
    if draft is not None:
        visit_id = draft.visit.id
    if visit_id is not None:
        with contextlib.suppress(LookupError):
            original = clinic.visit(visit_id)
    anchor = original.visit_date if original else (draft.visit.visit_date if draft else None)
    previous = clinic.latest_visit(client_id, before=anchor) if anchor else None
    if anchor is None:
        previous = clinic.latest_visit(client_id)
    if original is not None and previous is not None and previous.id == original.id:
        previous = None
    copied = False
    if draft is not None:
        base = dataclasses.replace(
            draft.visit,
            created_at=original.created_at if original else None,
            updated_at=original.updated_at if original else None,
        )
    elif original is not None:
        base = original
    elif previous is not None and copy_last:
        base = copy_forward(previous, today)
        copied = True
    else:
        default = clinic.settings().therapist_name
        base = blank_visit(client_id, today, previous, client, default)
    return Start(original, previous, base, copied, today)
