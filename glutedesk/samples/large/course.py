"""One large-clinic client and their course of care: who they are, how their glutes and pain
change, and the catalogue facts every visit draws from (loaded once per process)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, NamedTuple

from glutedesk.domain.catalogue import Catalogue, TestDefinition
from glutedesk.domain.ids import ClientId
from glutedesk.domain.models import (
    CaseHistory,
    Client,
    ExercisePrescription,
    RedFlagTier,
    Side,
)
from glutedesk.domain.regions import load_regions
from glutedesk.samples.findings import (
    EXERCISE_PLANS,
    THERAPISTS,
    progressed,
    sample_address,
    sample_consents,
    sample_phone,
)
from glutedesk.samples.text import (
    COMPLAINTS,
    FIRST_NAMES,
    GOALS,
    JOBS,
    LAST_NAMES,
    PSFS,
    SPORTS,
)

if TYPE_CHECKING:
    from glutedesk.samples.large.plan import LargeClinicPlan

_PAIN_REGIONS = (
    ("back.lumbar.{s}", 6),
    ("back.glute_med.{s}", 5),
    ("back.glute_max.{s}", 4),
    ("back.sij.{s}", 4),
    ("front.hip_flexor.{s}", 3),
    ("front.lateral_hip.{s}", 3),
)
# Screened at every follow-up: the cauda equina (emergency) items. The whole list is screened
# at the first visit and at every twelfth (a periodic full re-screen).
_FOLLOW_UP_FLAGS = (
    "ces_bilateral_sciatica",
    "ces_bilateral_weakness",
    "ces_bladder",
    "ces_bowel",
    "ces_saddle_numbness",
    "ces_sexual_dysfunction",
)
FLAGGED = "thoracic_pain"  # a routine-GP flag, found now and then
# The posture items a therapist records for a low-back and glute assessment (first visit and
# reassessments); the full list stays available in the app.
_POSTURE_ITEMS = (
    "pelvic_tilt",
    "pelvic_obliquity",
    "lateral_shift",
    "lumbar_lordosis",
    "gluteal_bulk",
    "knee_alignment_left",
    "knee_alignment_right",
    "leg_length_apparent",
)


class Course(NamedTuple):
    weak_side: Side
    start: float  # chart value of the weaker glute med at the first visit
    gain: float  # chart points per visit until the plateau
    pain_start: int
    pain_drop: float
    flare_every: int  # long-term clients flare up now and then (0 = never)
    dynamometer: bool
    nerve_type: bool  # nerve-type symptoms at the first two visits, with GP advice
    regions: tuple[tuple[str, int], ...]
    psfs_labels: tuple[str, ...]
    psfs_start: tuple[int, ...]
    plan: tuple[str, ...]
    therapist: str
    dates: tuple[dt.date, ...]


class Context(NamedTuple):
    """What every visit draws from the catalogues and the body map."""

    tests: dict[str, TestDefinition]
    exercises: dict[str, ExercisePrescription]
    progressed: dict[str, ExercisePrescription]
    all_flags: tuple[str, ...]
    follow_up_flags: tuple[str, ...]
    posture: tuple[tuple[str, tuple[str, ...]], ...]
    regions: frozenset[str]

    @classmethod
    def load(cls, catalogue: Catalogue) -> Context:
        flags = {f.id: f for f in catalogue.red_flags}
        assert flags[FLAGGED].tier == RedFlagTier.ROUTINE_GP
        exercises = {e.id: e.default_prescription() for e in catalogue.exercises}
        return cls(
            tests={t.id: t for t in catalogue.tests},
            exercises=exercises,
            progressed={k: progressed(v) for k, v in exercises.items()},
            all_flags=tuple(sorted(flags)),
            follow_up_flags=tuple(sorted(_FOLLOW_UP_FLAGS)),
            posture=tuple(
                sorted(
                    (p.id, tuple(o.id for o in p.options))
                    for p in catalogue.posture
                    if p.id in _POSTURE_ITEMS
                )
            ),
            regions=frozenset(load_regions().ids()),
        )


def new_client(
    rng: random.Random, client_id: ClientId, index: int, plan: LargeClinicPlan, ctx: Context
) -> tuple[Client, Course]:
    """The client at ``index`` of ``plan`` and their course, drawn from ``rng``."""
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    job, sitting = rng.choice(JOBS)
    n = plan.visit_counts[index]
    long = index in plan.long_indices
    # Active clients' last visit is recent; others stopped coming up to eight years ago.
    last_visit = plan.today - dt.timedelta(
        days=rng.randint(0, 60) if long or rng.random() < 0.3 else rng.randint(30, 2900)
    )
    gaps = [rng.choice((7, 14, 14, 21, 28)) for _ in range(n - 1)]
    dates = [last_visit]
    for gap in reversed(gaps):
        dates.append(dates[-1] - dt.timedelta(days=gap))
    dates.reverse()
    first_visit = dates[0]
    start = first_visit - dt.timedelta(days=rng.randint(0, 3))
    dob = dt.date(plan.today.year - rng.randint(20, 75), rng.randint(1, 12), rng.randint(1, 28))
    created = dt.datetime.combine(start, dt.time(9, 0), dt.UTC)
    side_code = rng.choice("LR")
    regions = tuple(
        (template.format(s=side_code), level)
        for template, level in rng.sample(_PAIN_REGIONS, rng.randint(2, 4))
    )
    course = Course(
        weak_side=Side.LEFT if side_code == "L" else Side.RIGHT,
        start=rng.choice((2.67, 3.0, 3.0, 3.33, 3.67)),
        gain=rng.uniform(-0.02, 0.03) if rng.random() < 0.15 else rng.uniform(0.15, 0.4),
        pain_start=rng.randint(4, 8),
        pain_drop=rng.uniform(0.4, 1.1),
        flare_every=rng.randint(8, 20) if n > 12 else 0,
        dynamometer=rng.random() < 0.3,
        nerve_type=rng.random() < 0.02,
        regions=tuple(r for r in regions if r[0] in ctx.regions),
        psfs_labels=rng.choice(PSFS),
        psfs_start=tuple(rng.randint(2, 5) for _ in range(3)),
        plan=rng.choice(EXERCISE_PLANS),
        therapist=rng.choice(THERAPISTS),
        dates=tuple(dates),
    )
    client = Client(
        id=client_id,
        first_name=first,
        last_name=last,
        date_of_birth=dob,
        phone=sample_phone(rng),
        email=f"client{index}@example.org",
        address=sample_address(rng),
        gp_name=rng.choice(("Dr Amira Shah", "Dr John Pearce", "Dr Helen Cho")),
        gp_practice=rng.choice(("Park Lane Surgery", "Riverside Medical Centre")),
        gp_address=rng.choice(("1 Park Lane, Leeds LS1 1AA", "Riverside, York YO1 6FA")),
        occupation=job,
        sitting_hours_per_day=sitting,
        sport_activity=rng.choice(SPORTS),
        consents=sample_consents(rng, start),
        history=CaseHistory(
            complaint=rng.choice(COMPLAINTS),
            onset=rng.choice(("Gradual over 3 months", "Sudden, lifting", "After a long drive")),
            duration=rng.choice(("6 weeks", "3 months", "8 months", "Over a year, on and off")),
            aggravating=rng.choice(("Sitting over an hour", "Stairs", "Bending", "Running")),
            easing=rng.choice(("Walking", "Lying on the back with knees bent", "Heat")),
            past_medical_history=rng.choice(("Nil of note", "Asthma", "Hypertension")),
            medication=rng.choice(("None", "Ibuprofen as needed")),
            contraindications="None identified",
            goals=rng.choice(GOALS),
        ),
        created_at=created,
        updated_at=created,
    )
    return client, course
