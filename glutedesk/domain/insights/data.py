"""What the practice insights are computed from: plain facts fetched in bulk by storage.

Storage fills :class:`InsightsData` in a few set-based queries (see
``glutedesk/storage/insights_data.py``); :func:`plan_courses` and :func:`key_positions` tell
it which visits' details to fetch, so a 10,000-client clinic is read without loading every
visit whole. The courses and the key visits' scores are held as columns (one entry a course,
one a key visit), not as an object per visit: a large clinic has 70,000 key visits, and
building and freeing an object and a dictionary for each cost more than the figures.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress, islice
from operator import sub
from typing import Any, NamedTuple

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.definitions import COURSE_GAP_DAYS, MILESTONE_VISITS


class ClientFacts(NamedTuple):
    """A client's date of birth (only ever turned into a band) and recorded activity (a
    named tuple: one is built for every client of a large clinic)."""

    born: dt.date | None
    sport_activity: str = ""


class VisitFacts(NamedTuple):
    """One key visit of a course: its number in the course (1 = first) and NPRS now."""

    id: VisitId
    number: int
    nprs_now: int | None = None


class TestFacts(NamedTuple):
    """One recorded test on one side (values as stored; read defensively)."""

    test_id: str
    side: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class ClientCourse:
    """One client's first course of care in the period, as an object (see
    :meth:`InsightsData.course`; the figures read the columns of :class:`Courses`).

    ``visits`` holds only its key visits (:func:`key_positions`), in order; ``length`` is how
    many visits the course had, ``finished`` whether it has ended (see "discharge"), and
    ``all_course_lengths`` the length of every course the client had in the period.
    """

    client_id: ClientId
    visits: tuple[VisitFacts, ...]
    length: int
    finished: bool
    all_course_lengths: tuple[int, ...]
    first_date: dt.date

    @property
    def first(self) -> VisitFacts:
        """The course's first visit (the first assessment in the period)."""
        return self.visits[0]

    @property
    def last(self) -> VisitFacts:
        """The course's last visit so far (its discharge visit when finished)."""
        return self.visits[-1]


@dataclass(frozen=True)
class Courses:
    """Each client's first course of care in the period, as columns: entry *i* of every
    column is the course of ``client_ids[i]`` (clients in id order).

    The course's key visits (:func:`key_positions`: visits 1 to 6 and the last) are
    ``visit_ids[starts[i]:starts[i + 1]]``, in order; their numbers in the course follow from
    the length (:func:`key_numbers`). ``lengths`` says how many visits each course had,
    ``finished`` whether it has ended (see "discharge"), ``all_lengths`` the length of every
    course the client had in the period, and ``first_dates`` the day of its first visit.
    """

    client_ids: tuple[ClientId, ...] = ()
    lengths: tuple[int, ...] = ()
    finished: tuple[bool, ...] = ()
    all_lengths: tuple[tuple[int, ...], ...] = ()
    first_dates: tuple[dt.date, ...] = ()
    starts: tuple[int, ...] = (0,)
    visit_ids: tuple[VisitId, ...] = ()

    def __len__(self) -> int:
        return len(self.client_ids)

    def first_ids(self) -> list[VisitId]:
        """Each course's first visit, course by course."""
        ids = self.visit_ids
        return [ids[s] for s in self.starts[:-1]]

    def last_ids(self) -> list[VisitId | None]:
        """Each course's last visit (None for a course of one visit), course by course."""
        ids = self.visit_ids
        return [
            ids[end - 1] if length > 1 else None
            for end, length in zip(self.starts[1:], self.lengths, strict=True)
        ]


class CoursePlan(NamedTuple):
    """Where a client's first course lies among their visits, and every course's length.

    A named tuple, not a dataclass: one is made for every client of a large clinic, and a
    frozen dataclass costs several times as much to build."""

    first_length: int
    finished: bool
    lengths: tuple[int, ...]


_GAP_EXCEEDED = COURSE_GAP_DAYS.__lt__  # gap > COURSE_GAP_DAYS


def plan_courses(days: Sequence[int], as_of_day: int) -> CoursePlan:
    """Split a client's visit day numbers (sorted, e.g. ``date.toordinal()``) into courses.

    A gap of more than ``COURSE_GAP_DAYS`` starts a new course; the first course is finished
    when another course follows it or more than that many days have passed by ``as_of_day``.
    """
    if not days:
        return CoursePlan(0, False, ())
    # where each new course starts: the visits after a long gap (iterated in C, not Python:
    # this runs over every visit of a large clinic)
    gaps = map(sub, islice(days, 1, None), days)
    bounds = [0, *compress(range(1, len(days)), map(_GAP_EXCEEDED, gaps)), len(days)]
    lengths = tuple(map(sub, islice(bounds, 1, None), bounds))
    first = lengths[0]
    finished = len(lengths) > 1 or as_of_day - days[first - 1] > COURSE_GAP_DAYS
    return CoursePlan(first, finished, lengths)


_LAST_MILESTONE = max(MILESTONE_VISITS)


def key_positions(length: int) -> tuple[int, ...]:
    """The 0-based positions of a course's key visits: visits 1 to 6 and the last (first
    assessment, milestones, discharge or latest)."""
    if length > _LAST_MILESTONE:
        return (*range(_LAST_MILESTONE), length - 1)
    return tuple(range(length))


def key_numbers(length: int) -> tuple[int, ...]:
    """The numbers in the course (1 = first) of a course's key visits."""
    return tuple(p + 1 for p in key_positions(length))


@dataclass(frozen=True)
class InsightsData:
    """Everything the insights need for one period of one clinic.

    ``courses`` holds each client's first course in the period (columns); ``scores`` each
    measure's score ("nprs", "odi", "rmdq", "psfs") at every key visit, a column lined up
    with ``courses.visit_ids`` (None: not recorded). ``tests`` and ``pain`` are keyed by
    visit (tests: the first and last visit of each course; pain: the first).
    ``red_flags`` and ``referrals`` are (client, catalogue id) pairs from every visit in the
    period; ``exercises`` the clients given each exercise at their course's first or last
    visit (the programme as set and as left).
    """

    as_of: dt.date
    start: dt.date | None
    end: dt.date | None
    clients: Mapping[ClientId, ClientFacts]
    courses: Courses = field(default_factory=Courses)
    visits: int = 0
    scores: Mapping[str, Sequence[float | None]] = field(default_factory=dict)
    tests: Mapping[VisitId, tuple[TestFacts, ...]] = field(default_factory=dict)
    pain: Mapping[VisitId, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    red_flags: tuple[tuple[ClientId, str], ...] = ()
    referrals: tuple[tuple[ClientId, str], ...] = ()
    exercises: Mapping[str, frozenset[ClientId]] = field(default_factory=dict)

    def course(self, client_id: ClientId) -> ClientCourse:
        """One client's first course as an object (raises ``ValueError`` when not in scope)."""
        c = self.courses
        i = c.client_ids.index(client_id)
        start, end = c.starts[i], c.starts[i + 1]
        nprs = self.scores.get("nprs", ())
        visits = tuple(
            VisitFacts(c.visit_ids[k], number, _whole(nprs[k]) if nprs else None)
            for k, number in zip(range(start, end), key_numbers(c.lengths[i]), strict=True)
        )
        return ClientCourse(
            client_id, visits, c.lengths[i], c.finished[i], c.all_lengths[i], c.first_dates[i]
        )

    def score(self, visit_id: VisitId, measure: str) -> float | None:
        """``measure``'s score at one key visit (None when not recorded or not a key visit)."""
        ids = self.courses.visit_ids
        column = self.scores.get(measure)
        if column is None or visit_id not in ids:
            return None
        return column[ids.index(visit_id)]


def _whole(score: float | None) -> int | None:
    return None if score is None else int(score)


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
