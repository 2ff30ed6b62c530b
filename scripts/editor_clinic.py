"""The throwaway clinic the editor-opening scripts time (``measure_editor_open.py`` and
``profile_editor_open.py``): one demo client whose richest visit is repeated, one a week, up to
``visits`` visits.

It imports nothing of the visit editor, so a script that opens the editor afterwards pays for
the editor's imports on the first opening, as the app does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from glutedesk.domain.ids import new_visit_id
from glutedesk.samples.demo import build_demo_clinic
from glutedesk.storage.clinic import Clinic

FILE_NAME = "clinic.db"


def editor_clinic(folder: Path, visits: int) -> tuple[Clinic, str]:
    """Build the clinic in ``folder``; return it (open) and the client's id."""
    clinic = Clinic.open(folder / FILE_NAME)
    summary = build_demo_clinic(clinic, n_clients=1, seed=3, visits_range=(3, 3))
    client_id = summary.client_ids[0]
    stored = clinic.visits(client_id)
    richest = max(stored, key=lambda v: len(v.test_results) + len(v.exercises))
    start = dt.date.today() - dt.timedelta(weeks=visits + 1)
    for n in range(visits - len(stored)):
        copy = dataclasses.replace(
            richest,
            id=new_visit_id(),
            visit_date=start + dt.timedelta(weeks=n),
            created_at=None,
            updated_at=None,
        )
        clinic.save_visit(copy)
    return clinic, client_id
