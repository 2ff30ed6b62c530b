"""Touches that make the demo clinic's practice figures believable.

They draw from their own generator, seeded by the client id, so they never change the order
of the main demo stream's draws. Most, not all, clients have short hip flexors on the Thomas
test at first, easing with stretching; about a third of clients are followed with the RMDQ
rather than the ODI (the reference's "ODI *or* RMDQ"). Glute strength at the first visit
varies (:class:`StrengthProfile`): most clients are weak, as the clinic writes ("about 98 %"),
but a few test normal; some are weak on one side only, some on both; glute max is often less
affected than glute med; about half the clients are measured with a dynamometer as well.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from glutedesk.domain.models import Instrument, OutcomeScore, TestResult
from glutedesk.domain.outcomes import RMDQ_ITEMS


def client_rng(client_id: str) -> random.Random:
    """A generator for one client's extra draws (deterministic for the same id)."""
    return random.Random(f"demo-enrich:{client_id}")


def with_thomas(
    tests: tuple[TestResult, ...], rng: random.Random, tight: bool, n: int
) -> tuple[TestResult, ...]:
    """The Thomas test results with plausible angles: short flexors ease after visit 3."""
    still_tight = tight and n < 3 + rng.randint(0, 4)
    out: list[TestResult] = []
    for result in tests:
        if result.test_id != "thomas_test" or not result.tested:
            out.append(result)
            continue
        if still_tight:
            hip, knee, flags = rng.randint(3, 15), rng.randint(50, 64), ["psoas_iliacus"]
        else:
            hip, knee, flags = rng.randint(-12, -1), rng.randint(70, 95), []
        values = dict(result.values, hip_angle=float(hip), knee_angle=float(knee), flags=flags)
        out.append(replace(result, values=values))
    return tuple(out)


def rmdq_instead_of_odi(
    scores: tuple[OutcomeScore, ...], rng: random.Random, pain_now: int
) -> tuple[OutcomeScore, ...]:
    """The same visit's scores with the ODI replaced by an RMDQ of similar severity."""
    out: list[OutcomeScore] = []
    for score in scores:
        if score.instrument != Instrument.ODI:
            out.append(score)
            continue
        ticked = min(RMDQ_ITEMS, max(0, round(pain_now * 2.0 + rng.uniform(-2, 2))))
        chosen = set(rng.sample(range(RMDQ_ITEMS), ticked))
        items = tuple(1 if i in chosen else 0 for i in range(RMDQ_ITEMS))
        out.append(OutcomeScore(Instrument.RMDQ, items, "RMDQ-24"))
    return tuple(out)


@dataclass(frozen=True)
class StrengthProfile:
    """How one demo client's glutes test: which values the strength tests are given."""

    normal: bool  # both glutes test 5 on both sides at the first visit (no weakness found)
    one_sided: bool  # only the weaker side is below 5; the other tests normal
    start_shift: float  # added to the course's starting glute med value (a milder start)
    max_offset: float  # glute max tests this much stronger than glute med on the same side
    dynamometer: bool  # readings (newtons) recorded beside the grades


def strength_profile(rng: random.Random, story: bool) -> StrengthProfile:
    """A client's strength profile; the clients with a story of their own (nerve-type pain,
    the red flag, the plateaus: ``story``) are never the normal ones."""
    normal = rng.random() < 0.09 and not story
    return StrengthProfile(
        normal=normal,
        one_sided=rng.random() < 0.55,
        start_shift=rng.choice((0.0, 0.0, 0.0, 0.33, 0.67)),
        max_offset=rng.choice((0.33, 0.33, 0.67, 1.0, 2.0)),
        dynamometer=rng.random() < 0.5,
    )


def strengths(
    profile: StrengthProfile, start: float, gain: float, n: int, noise: float, spread: float
) -> tuple[float, float]:
    """Chart values (weaker side, other side) of glute med at visit ``n`` (0 = first).

    ``noise`` and ``spread`` are the main stream's draws for this visit (drawn whatever the
    profile, so the stream keeps its order)."""
    if profile.normal:
        return 5.0, 5.0
    weak = min(start + profile.start_shift + gain * n + noise, 5.0)
    if profile.one_sided:
        return weak, 5.0
    return weak, max(min(weak + spread - 0.05 * n, 5.0), weak)


def without_readings(values: dict[str, object]) -> dict[str, object]:
    """A strength test's values with the dynamometer reading (and its unit) left out."""
    return {k: v for k, v in values.items() if k not in ("dynamometer", "dynamometer_unit")}
