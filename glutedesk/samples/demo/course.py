"""A demo client and their story: how weak, which side, how fast they improve, what else
happens (client 2 has nerve-type symptoms, client 3 a red flag, clients 4 and 5 plateau)."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from glutedesk.domain.ids import ClientId
from glutedesk.domain.models import CaseHistory, Client, Side
from glutedesk.samples.findings import new_id, sample_address, sample_consents, sample_phone
from glutedesk.samples.text import (
    COMPLAINTS,
    DEMO_FIRST_NAMES,
    DEMO_LAST_NAMES,
    GOALS,
    JOBS,
    SPORTS,
)


@dataclass
class DemoCourse:
    """One client's story: how weak, which side, how fast they improve, what else happens."""

    weak_side: Side
    start: float  # chart value of the weaker glute med at the first visit
    gain_per_visit: float
    pain_start: int
    pain_drop_per_visit: float
    visits: int
    dates: tuple[dt.date, ...] = ()
    nerve_type: bool = False
    red_flag_at: int | None = None


def demo_course(
    rng: random.Random, index: int, visits_range: tuple[int, int], today: dt.date
) -> DemoCourse:
    low, high = visits_range
    if not 1 <= low <= high:
        raise ValueError(
            f"visits_range must be (low, high) with 1 <= low <= high, not {visits_range}"
        )
    # The nerve-type and red-flag stories read best over 4+ visits, but never more than high.
    n = rng.randint(min(max(low, 4), high), high) if index in (2, 3) else rng.randint(low, high)
    plateau = index in (4, 5)
    gaps = [rng.choice((7, 14, 14, 21)) for _ in range(n - 1)]
    last = today - dt.timedelta(days=rng.randint(0, 75))
    dates = [last]
    for gap in reversed(gaps):
        dates.insert(0, dates[0] - dt.timedelta(days=gap))
    return DemoCourse(
        weak_side=rng.choice((Side.LEFT, Side.RIGHT)),
        start=rng.choice((2.67, 3.0, 3.0, 3.33, 3.67)),
        gain_per_visit=rng.uniform(-0.02, 0.03) if plateau else rng.uniform(0.22, 0.4),
        pain_start=rng.randint(5, 8),
        pain_drop_per_visit=0.0 if plateau else rng.uniform(0.6, 1.1),
        visits=n,
        dates=tuple(dates),
        nerve_type=index == 2,
        red_flag_at=min(1, n - 1) if index == 3 else None,  # the second visit, or the only one
    )


def demo_client(rng: random.Random, index: int, today: dt.date, course: DemoCourse) -> Client:
    first = DEMO_FIRST_NAMES[
        (index * 7 + rng.randrange(len(DEMO_FIRST_NAMES))) % len(DEMO_FIRST_NAMES)
    ]
    last = DEMO_LAST_NAMES[(index * 5 + rng.randrange(len(DEMO_LAST_NAMES))) % len(DEMO_LAST_NAMES)]
    job, sitting = rng.choice(JOBS)
    start = course.dates[0] - dt.timedelta(days=rng.randint(0, 3))
    dob = dt.date(today.year - rng.randint(22, 68), rng.randint(1, 12), rng.randint(1, 28))
    consent_date = start
    created = dt.datetime.combine(start, dt.time(9, 0), dt.UTC)
    return Client(
        id=ClientId(new_id(rng)),
        first_name=first,
        last_name=last,
        date_of_birth=dob,
        phone=sample_phone(rng),
        email=_email(first, last),
        address=sample_address(rng),
        gp_name=f"Dr {rng.choice(['Amira Shah', 'John Pearce', 'Helen Cho', 'Gareth Lloyd'])}",
        gp_practice=rng.choice(
            ["Park Lane Surgery", "Riverside Medical Centre", "The Grange Practice"]
        ),
        gp_address=rng.choice(["1 Park Lane, Leeds LS1 1AA", "Riverside, York YO1 6FA"]),
        occupation=job,
        sitting_hours_per_day=sitting,
        sport_activity=rng.choice(SPORTS),
        consents=sample_consents(rng, consent_date),
        history=CaseHistory(
            complaint=rng.choice(COMPLAINTS),
            onset=rng.choice(["Gradual over 3 months", "Sudden, lifting", "After a long drive"]),
            mechanism=rng.choice(["No clear mechanism", "Lifting and twisting", "Overuse"]),
            duration=rng.choice(["6 weeks", "3 months", "8 months", "Over a year, on and off"]),
            aggravating=rng.choice(["Sitting over an hour", "Stairs", "Bending", "Running"]),
            easing=rng.choice(["Walking", "Lying on the back with knees bent", "Heat"]),
            pattern_24h=rng.choice(["Stiff in the morning, eases by 10 am", "Worse by evening"]),
            past_medical_history=rng.choice(["Nil of note", "Asthma", "Hypertension"]),
            medication=rng.choice(["None", "Ibuprofen as needed", "Salbutamol inhaler"]),
            contraindications="None identified",
            goals=rng.choice(GOALS),
        ),
        created_at=created,
        updated_at=created,
    )


def _email(first: str, last: str) -> str:
    local = unicodedata.normalize("NFKD", f"{first}.{last}".lower().replace("ł", "l"))
    local = "".join(ch for ch in local if ch.isascii() and (ch.isalnum() or ch == "."))
    return f"{local}@example.org"
