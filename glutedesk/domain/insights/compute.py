"""The practice insights from a clinic's facts: how clients present, and the care they get.

:func:`compute_insights` is pure: given :class:`InsightsData` (fetched by storage) and the
catalogue, it returns the same :class:`PracticeInsights` every time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import chain, compress

from glutedesk.domain.catalogue import Catalogue
from glutedesk.domain.ids import ClientId, RegionId
from glutedesk.domain.insights.course import course_section
from glutedesk.domain.insights.data import InsightsData, collector_paused
from glutedesk.domain.insights.definitions import DEFINITIONS
from glutedesk.domain.insights.figures import (
    Figure,
    PracticeInsights,
    Section,
    share_figure,
    value_figure,
)
from glutedesk.domain.insights.first_assessment import first_assessment
from glutedesk.domain.insights.strength import summarise_all
from glutedesk.domain.models import Advice, PainKind, PainMark, SymptomType
from glutedesk.domain.pain import classify_pain
from glutedesk.domain.record_rules import pain_indicators
from glutedesk.domain.red_flags import ADVICE_LABELS, TIER_LABELS

TOP_EXERCISES = 8
_PAIN_LABELS = {
    PainKind.NERVE_TYPE: "Nerve-type pain only",
    PainKind.SOFT_TISSUE: "Soft-tissue type pain only",
    PainKind.MIXED: "Mixed (both types)",
    PainKind.UNCLEAR: "Unclear (neither recorded)",
}
# Only the symptom of a nerve-type mark matters to the pain type, not where it was marked.
_NO_REGION_MARK = {s.value: PainMark(RegionId(""), s, None, "") for s in SymptomType}
_REFERRAL_ORDER = (Advice.A_AND_E_NOW, Advice.URGENT_GP, Advice.ROUTINE_GP)


def compute_insights(data: InsightsData, catalogue: Catalogue) -> PracticeInsights:
    """Every figure of the Practice view and report, for ``data``'s period."""
    with collector_paused():
        return _compute(data, catalogue)


def read_and_compute(read: Callable[[], InsightsData], catalogue: Catalogue) -> PracticeInsights:
    """:func:`compute_insights` on the facts ``read()`` gives (e.g. ``Clinic.insights_data``),
    with the cycle collector paused from the read until the facts are freed.

    Every object the read builds is young to the collector; re-enabled between reading and
    computing it would sweep them all (80–110 ms on a 10,000-client clinic) although they are
    acyclic and freed by reference counting anyway. Paused throughout, only the figures are
    left for it to look at."""
    with collector_paused():
        return compute_insights(read(), catalogue)


def _compute(data: InsightsData, catalogue: Catalogue) -> PracticeInsights:
    courses = data.courses
    muscles = summarise_all(data.tests)
    sections = (
        first_assessment(data, muscles),
        course_section(data, muscles),
        presentation_section(data, catalogue),
        care_section(data, catalogue),
    )
    used = {d for s in sections for f in s.figures for d in f.definitions} | {"too_few"}
    return PracticeInsights(
        as_of=data.as_of,
        start=data.start,
        end=data.end,
        clients=len(courses),
        visits=data.visits,
        sections=sections,
        course_lengths=tuple(chain.from_iterable(courses.all_lengths)),
        definitions_used=tuple(d.id for d in DEFINITIONS if d.id in used),
    )


def presentation_section(data: InsightsData, catalogue: Catalogue) -> Section:
    """How clients present: pain type at the first visit, red flags and referrals by tier."""
    indicators = pain_indicators(catalogue)
    kinds: dict[ClientId, PainKind] = {}
    seen: dict[tuple[tuple[str, ...], tuple[str, ...]], PainKind] = {}  # few distinct answers
    courses = data.courses
    for client_id, first in zip(courses.client_ids, courses.first_ids(), strict=True):
        answers = data.pain.get(first, ((), ()))
        kind = seen.get(answers)
        if kind is None:
            character, marks = answers
            known = [c for c in character if c in indicators]
            pain_marks = [_NO_REGION_MARK[m] for m in marks if m in _NO_REGION_MARK]
            kind = seen[answers] = classify_pain(known, indicators, pain_marks).kind
        kinds[client_id] = kind
    base = set(courses.client_ids)
    figures: list[Figure] = [
        share_figure(
            f"pain_{kind.value}",
            label,
            base,
            {c for c, k in kinds.items() if k == kind},
            ("pain_type",),
        )
        for kind, label in _PAIN_LABELS.items()
    ]
    tiers = {item.id: item.tier for item in catalogue.red_flags}
    for tier, label in TIER_LABELS.items():
        found = {c for c, flag in data.red_flags if tiers.get(flag) == tier and c in base}
        figures.append(
            share_figure(
                f"red_flag_{tier.value}",
                f"Red flag found: {label}",
                base,
                found,
                ("red_flag_tier",),
            )
        )
    for urgency in _REFERRAL_ORDER:
        sent = {c for c, u in data.referrals if u == urgency and c in base}
        figures.append(
            share_figure(
                f"referral_{urgency.value}",
                f"Referred: {ADVICE_LABELS[urgency]}",
                base,
                sent,
                ("red_flag_tier",),
            )
        )
    return Section(
        "presentation",
        "How clients present",
        tuple(figures),
        "Pain type at the first visit in the period; red flags and referrals at any visit in "
        "the period. Red flags raise suspicion; they are not diagnoses.",
    )


def care_section(data: InsightsData, catalogue: Catalogue) -> Section:
    """Visits per course of care, finished courses, and the home exercises prescribed most."""
    courses = data.courses
    clients = courses.client_ids
    lengths = dict(zip(clients, map(float, courses.lengths), strict=True))
    finished = set(compress(clients, courses.finished))
    figures: list[Figure] = [
        value_figure(
            "visits_per_course",
            "Visits in the first course of care",
            lengths,
            " visits",
            ("course_of_care",),
        ),
        share_figure(
            "courses_finished",
            "First course finished (discharged)",
            set(clients),
            finished,
            ("course_of_care", "discharge"),
        ),
    ]
    prescribed = data.exercises
    with_any: set[ClientId] = set().union(*prescribed.values()) if prescribed else set()
    names = {e.id: e.name for e in catalogue.exercises}
    counts = Counter({e: len(c) for e, c in prescribed.items()})
    for exercise_id, _count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[
        :TOP_EXERCISES
    ]:
        figures.append(
            share_figure(
                f"exercise_{exercise_id}",
                f"Home exercise: {names.get(exercise_id, exercise_id)}",
                with_any,
                prescribed[exercise_id],
            )
        )
    return Section(
        "care",
        "Courses of care and home exercises",
        tuple(figures),
        "Home exercises: share of the clients given any home exercise who were given this one "
        "at the first or last visit of their course (the programme as set and as left).",
    )
