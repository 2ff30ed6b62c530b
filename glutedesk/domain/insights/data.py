"""What the practice insights are computed from: plain facts fetched in bulk by storage.

Storage fills :class:`InsightsData` in a few set-based queries (see
``glutedesk/storage/insights_data.py``); :func:`plan_courses` and :func:`key_positions` tell
it which visits' details to fetch, so a 10,000-client clinic is read without loading every
visit whole.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.definitions import COURSE_GAP_DAYS, MILESTONE_VISITS


@dataclass(frozen=True)
class ClientFacts:
    """A client's date of birth (only ever turned into a band) and recorded activity."""

    born: dt.date | None
    sport_activity: str = ""


class VisitFacts(NamedTuple):
    """One key visit of a course: its number in the course (1 = first), date and NPRS now."""

    id: VisitId
    number: int
    date: dt.date
    nprs_now: int | None = None


class TestFacts(NamedTuple):
    """One recorded test on one side (values as stored; read defensively)."""

    test_id: str
    side: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class ClientCourse:
    """A client's first course of care in the period.

    ``visits`` holds only its key visits (:func:`key_positions`), in order; ``length`` is how
    many visits the course had, ``finished`` whether it has ended (see "discharge"), and
    ``all_course_lengths`` the length of every course the client had in the period.
    """

    client_id: ClientId
    visits: tuple[VisitFacts, ...]
    length: int
    finished: bool
    all_course_lengths: tuple[int, ...]

    @property
    def first(self) -> VisitFacts:
        """The course's first visit (the first assessment in the period)."""
        return self.visits[0]

    @property
    def last(self) -> VisitFacts:
        """The course's last visit so far (its discharge visit when finished)."""
        return self.visits[-1]

    def upto(self, number: int) -> tuple[VisitFacts, ...]:
        """The key visits numbered ``number`` or lower."""
        return tuple(v for v in self.visits if v.number <= number)


@dataclass(frozen=True)
class CoursePlan:
    """Where a client's first course lies among their visits, and every course's length."""

    first_length: int
    finished: bool
    lengths: tuple[int, ...]


def plan_courses(days: Sequence[int], as_of_day: int) -> CoursePlan:
    """Split a client's visit day numbers (sorted, e.g. ``date.toordinal()``) into courses.

    A gap of more than ``COURSE_GAP_DAYS`` starts a new course; the first course is finished
    when another course follows it or more than that many days have passed by ``as_of_day``.
    """
    lengths: list[int] = []
    previous: int | None = None
    for day in days:
        if previous is None or day - previous > COURSE_GAP_DAYS:
            lengths.append(0)
        lengths[-1] += 1
        previous = day
    if not lengths:
        return CoursePlan(0, False, ())
    finished = len(lengths) > 1 or as_of_day - days[lengths[0] - 1] > COURSE_GAP_DAYS
    return CoursePlan(lengths[0], finished, tuple(lengths))


def key_positions(length: int) -> tuple[int, ...]:
    """The 0-based positions of a course's key visits: visits 1 to 6 and the last (first
    assessment, milestones, discharge or latest)."""
    chosen = list(range(min(length, max(MILESTONE_VISITS))))
    if length and length - 1 not in chosen:
        chosen.append(length - 1)
    return tuple(chosen)


@dataclass(frozen=True)
class InsightsData:
    """Everything the insights need for one period of one clinic.

    ``courses`` holds each client's first course in the period; ``tests``, ``scores`` and
    ``pain`` are keyed by key visit (tests: the first and last visit of each course; pain: the
    first). ``red_flags`` and ``referrals`` are (client, catalogue id) pairs from every visit in
    the period; ``exercises`` from each course's first and last visit (the programme as set and
    as left).
    """

    as_of: dt.date
    start: dt.date | None
    end: dt.date | None
    clients: Mapping[ClientId, ClientFacts]
    courses: Mapping[ClientId, ClientCourse]
    visits: int = 0
    tests: Mapping[VisitId, tuple[TestFacts, ...]] = field(default_factory=dict)
    scores: Mapping[VisitId, Mapping[str, float]] = field(default_factory=dict)
    pain: Mapping[VisitId, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    red_flags: tuple[tuple[ClientId, str], ...] = ()
    referrals: tuple[tuple[ClientId, str], ...] = ()
    exercises: tuple[tuple[ClientId, str], ...] = ()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the insights build their many small, acyclic
    objects (facts, pairs, sets): on a large clinic it would otherwise sweep every object
    built so far again and again. Reference counting still frees everything; the collector
    is switched back on afterwards unless it was already off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
