"""What the practice insights are computed from: plain facts fetched in bulk by storage.

Storage fills :class:`InsightsData` in a few set-based queries (see
``glutedesk/storage/insights_data.py``); :func:`key_visits` tells it which visits' details to
fetch, so a 10,000-client clinic is read without loading every visit whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.definitions import MILESTONE_VISITS
from glutedesk.domain.insights.rules import courses_of_care


@dataclass(frozen=True)
class ClientFacts:
    """A client's date of birth (only ever turned into a band) and recorded activity."""

    born: dt.date | None
    sport_activity: str = ""


@dataclass(frozen=True)
class VisitFacts:
    """One visit's date and NPRS "now"."""

    id: VisitId
    date: dt.date
    nprs_now: int | None = None


@dataclass(frozen=True)
class TestFacts:
    """One recorded test on one side (values as stored; read defensively)."""

    test_id: str
    side: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class InsightsData:
    """Everything the insights need for one period of one clinic.

    ``visits`` are per client, oldest first, within the period. ``tests``, ``scores`` and
    ``pain`` are keyed by visit and hold only the key visits (:func:`key_visits`).
    ``red_flags``, ``referrals`` and ``exercises`` are (client, catalogue id) pairs from every
    visit in the period.
    """

    as_of: dt.date
    start: dt.date | None
    end: dt.date | None
    clients: Mapping[ClientId, ClientFacts]
    visits: Mapping[ClientId, tuple[VisitFacts, ...]]
    tests: Mapping[VisitId, tuple[TestFacts, ...]] = field(default_factory=dict)
    scores: Mapping[VisitId, Mapping[str, float]] = field(default_factory=dict)
    pain: Mapping[VisitId, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    red_flags: tuple[tuple[ClientId, str], ...] = ()
    referrals: tuple[tuple[ClientId, str], ...] = ()
    exercises: tuple[tuple[ClientId, str], ...] = ()


@dataclass(frozen=True)
class ClientCourse:
    """A client's first course of care in the period: its visits, and whether it ended."""

    client_id: ClientId
    visits: tuple[VisitFacts, ...]
    finished: bool
    all_course_lengths: tuple[int, ...]

    @property
    def first(self) -> VisitFacts:
        return self.visits[0]

    @property
    def last(self) -> VisitFacts:
        return self.visits[-1]


def first_courses(
    visits: Mapping[ClientId, tuple[VisitFacts, ...]], as_of: dt.date
) -> dict[ClientId, ClientCourse]:
    """Each client's first course of care among ``visits`` (see "course_of_care")."""
    from glutedesk.domain.insights.rules import course_finished

    result: dict[ClientId, ClientCourse] = {}
    for client_id, client_visits in visits.items():
        if not client_visits:
            continue
        dates = [v.date for v in client_visits]
        courses = courses_of_care(dates)
        first = courses[0]
        following = dates[courses[1][0]] if len(courses) > 1 else None
        result[client_id] = ClientCourse(
            client_id,
            tuple(client_visits[i] for i in first),
            course_finished(dates[first[-1]], following, as_of),
            tuple(len(c) for c in courses),
        )
    return result


def key_visits(course: ClientCourse) -> tuple[VisitId, ...]:
    """The visits whose details the insights read: visits 1 to 6 of the first course and its
    last visit (first assessment, milestones, discharge or latest)."""
    upto = max(MILESTONE_VISITS)
    chosen = [v.id for v in course.visits[:upto]]
    if course.last.id not in chosen:
        chosen.append(course.last.id)
    return tuple(chosen)
