"""Touches that make the demo clinic's practice figures believable.

They draw from their own generator, seeded by the client id, so the main demo stream (and
every other client's record) is unchanged. Most, not all, clients have short hip flexors on
the Thomas test at first, easing with stretching; about a third of clients are followed with
the RMDQ rather than the ODI (the reference's "ODI *or* RMDQ").
"""

from __future__ import annotations

import random
from dataclasses import replace

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
        ticked = min(RMDQ_ITEMS, max(0, round(pain_now * 1.6 + rng.uniform(-2, 2))))
        chosen = set(rng.sample(range(RMDQ_ITEMS), ticked))
        items = tuple(1 if i in chosen else 0 for i in range(RMDQ_ITEMS))
        out.append(OutcomeScore(Instrument.RMDQ, items, "RMDQ-24"))
    return tuple(out)
