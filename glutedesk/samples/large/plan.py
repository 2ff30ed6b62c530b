"""A large, deterministic clinic (for the benchmark): who the clients are and how many visits each.

A busy clinic keeps thousands of clients for the years a record must be kept.
:class:`LargeClinicPlan` decides everything from a seed: names, visit counts, each client's
course (a weaker side getting stronger, pain easing with the odd flare-up), the tests done,
the pain marked on real body regions, NPRS, PSFS and home exercises. ``plan.visits(i)`` gives a
client's visits as domain objects, so tests can compare what was written with what was meant;
:mod:`glutedesk.samples.large.build` writes the plan into a database.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cached_property

from glutedesk.domain.catalogue import Catalogue, load_catalogue
from glutedesk.domain.ids import ClientId
from glutedesk.domain.models import Client, Visit
from glutedesk.samples.findings import new_id
from glutedesk.samples.large.course import Context, new_client
from glutedesk.samples.large.visits import VisitSpec, spec_visit, visit_specs

DEFAULT_CLIENTS = 10_000
DEFAULT_VISITS = 200_000
DEFAULT_SEED = 2026
LONG_VISITS = 100


class BulkBuildError(ValueError):
    """The large clinic cannot be built as asked (a non-empty database, impossible counts)."""


class LargeClinicPlan:
    """A deterministic large clinic: the same arguments always describe the same records.

    ``long_visits`` (100 by default, fewer for tiny clinics) is the number of visits of the
    "long" clients the benchmark opens; one client in a thousand (at least one) is long, and
    the other visits are spread unevenly over the remaining clients (at least one each).
    """

    def __init__(
        self,
        *,
        n_clients: int = DEFAULT_CLIENTS,
        n_visits: int = DEFAULT_VISITS,
        seed: int = DEFAULT_SEED,
        today: dt.date | None = None,
        long_visits: int = LONG_VISITS,
    ) -> None:
        if n_clients < 1:
            raise BulkBuildError("The large clinic needs at least one client.")
        if n_visits < n_clients:
            raise BulkBuildError("Give at least one visit per client.")
        self.n_clients = n_clients
        self.n_visits = n_visits
        self.seed = seed
        self.today = today or dt.date.today()
        n_long = max(1, n_clients // 1000)
        self.long_visits = max(1, min(long_visits, (n_visits - (n_clients - n_long)) // n_long))
        rng = random.Random(seed)
        step = n_clients // n_long
        self.long_indices = tuple(i * step for i in range(n_long))
        self.visit_counts = _spread_visits(
            rng, n_clients, n_visits, self.long_indices, self.long_visits
        )
        self.client_ids = tuple(ClientId(new_id(rng)) for _ in range(n_clients))

    @cached_property
    def _catalogue(self) -> Catalogue:
        return load_catalogue()

    @cached_property
    def _context(self) -> Context:
        return Context.load(self._catalogue)

    def client(self, index: int) -> Client:
        """The client at ``index`` (0 to ``n_clients - 1``)."""
        return self._generate(index)[0]

    def visits(self, index: int) -> list[Visit]:
        """The visits of the client at ``index``, oldest first, as :class:`Visit` objects."""
        return [spec_visit(spec) for spec in self._generate(index)[1]]

    def _generate(self, index: int) -> tuple[Client, list[VisitSpec]]:
        rng = random.Random(self.seed * 1_000_003 + index)
        client, course = new_client(rng, self.client_ids[index], index, self, self._context)
        specs = visit_specs(rng, client, course, self._context)
        return client, specs


def _spread_visits(
    rng: random.Random,
    n_clients: int,
    n_visits: int,
    long_indices: tuple[int, ...],
    long_visits: int,
) -> tuple[int, ...]:
    """Visit counts per client: long clients get ``long_visits``; the rest at least one each,
    with a long tail (most clients come a handful of times, a few for years)."""
    counts = [1] * n_clients
    long_set = set(long_indices)
    for i in long_set:
        counts[i] = long_visits
    others = [i for i in range(n_clients) if i not in long_set]
    spare = n_visits - sum(counts)
    if not others:
        counts[long_indices[0]] += spare
        return tuple(counts)
    cap = max(long_visits - 1, 1)
    weights = [rng.paretovariate(1.6) for _ in others]
    total = sum(weights)
    for i, w in zip(others, weights, strict=True):
        counts[i] += min(cap - 1, int(spare * w / total))
    left = n_visits - sum(counts)
    position = 0
    while left > 0:  # hand out what rounding and the cap left over, one at a time
        i = others[position % len(others)]
        if counts[i] < cap or position >= cap * len(others):
            counts[i] += 1
            left -= 1
        position += 1
    return tuple(counts)
