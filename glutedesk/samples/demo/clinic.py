"""A realistic demo clinic, built with the same domain and storage code as the app.

Most clients' glutes get stronger and their pain eases over the visits; a few plateau; one
client reports nerve-type symptoms and is referred to their GP; one has a red flag (saddle
numbness) handled with A&E advice. Every finding is drawn from the shipped catalogues and body
regions, so the demo exercises the same rules a therapist's records do. The same seed and
anchor date always give the same clinic.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from glutedesk.domain.catalogue import load_catalogue
from glutedesk.domain.ids import ClientId
from glutedesk.samples.demo.course import demo_client, demo_course
from glutedesk.samples.demo.visits import demo_visits
from glutedesk.storage.clinic import Clinic


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`build_demo_clinic` made."""

    clients: int
    visits: int
    client_ids: tuple[ClientId, ...]


def build_demo_clinic(
    clinic: Clinic,
    *,
    n_clients: int = 24,
    seed: int = 7,
    today: dt.date | None = None,
    visits_range: tuple[int, int] = (3, 9),
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Create ``n_clients`` demo clients with their visits in ``clinic``; returns what was made.

    Each client is saved in its own transaction through the normal storage functions. Client 2
    has nerve-type symptoms and is referred to the GP; client 3 has a red flag handled with
    A&E advice; clients 4 and 5 plateau; the rest improve. Each client has between
    ``visits_range`` visits (1 <= low <= high, else ValueError); clients 2 and 3 have at least 4
    when ``high`` allows, and client 3's red flag is at its second visit (its only one if 1).
    """
    rng = random.Random(seed)
    today = today or dt.date.today()
    catalogue = load_catalogue()
    ids: list[ClientId] = []
    visits = 0
    for index in range(n_clients):
        course = demo_course(rng, index, visits_range, today)
        client = demo_client(rng, index, today, course)
        clinic.save_client(client, touch=False)
        for visit in demo_visits(rng, client, course, catalogue):
            clinic.save_visit(visit, touch=False)
            visits += 1
        ids.append(client.id)
        if progress:
            progress(index + 1, n_clients)
    return DemoSummary(clients=n_clients, visits=visits, client_ids=tuple(ids))
