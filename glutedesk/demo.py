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
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from glutedesk.domain.catalogue import Catalogue, FieldType, TestDefinition, load_catalogue
from glutedesk.domain.grades import chart_to_oxford
from glutedesk.domain.ids import ClientId, RegionId, VisitId
from glutedesk.domain.models import (
    Advice,
    CaseHistory,
    Client,
    Consent,
    ConsentKind,
    ExercisePrescription,
    Instrument,
    Nprs,
    OutcomeScore,
    PainMark,
    PostureFinding,
    RedFlagAnswer,
    RedFlagScreen,
    Referral,
    Side,
    Soap,
    SymptomType,
    TestResult,
    Treatment,
    Visit,
)
from glutedesk.domain.regions import load_regions
from glutedesk.storage.clients import save_client
from glutedesk.storage.sample_text import COMPLAINTS, GOALS, JOBS, PSFS, SPORTS, STREETS, TOWNS
from glutedesk.storage.visits import save_visit

THERAPISTS = ("Alex Morgan", "Priya Nair")

_FIRST = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Sophia",
    "Grace",
    "Freya",
    "Zoë",
    "Siobhán",
    "Aisha",
    "Chloé",
    "Hannah",
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Leo",
    "Harry",
    "Oscar",
    "Jack",
    "Mohammed",
    "Dafydd",
    "Łukasz",
    "Rory",
    "Callum",
    "Ethan",
    "Kwame",
    "Ravi",
    "Tomás",
    "Ewan",
    "Fatima",
    "Niamh",
    "Ines",
    "Yusuf",
    "Megan",
]
_LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Robinson",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "O'Neill",
    "Khan",
    "Hughes",
    "Edwards",
    "Kowalski",
    "Nowak",
    "MacLeod",
    "Ní Bhriain",
    "Okafor",
    "Fernández",
    "Murphy",
    "Price",
    "Lewis",
    "Ahmed",
]
_PAIN_REGIONS = (
    ("back.lumbar.{s}", (5, 7)),
    ("back.glute_med.{s}", (3, 6)),
    ("back.glute_max.{s}", (2, 5)),
    ("back.sij.{s}", (3, 5)),
    ("front.hip_flexor.{s}", (2, 4)),
    ("front.lateral_hip.{s}", (2, 4)),
)
_BATTERY_EVERY_VISIT = ("oxford_glute_max", "oxford_glute_med")
_BATTERY_REASSESS = (
    "janda_prone_hip_extension",
    "janda_side_lying_abduction",
    "trendelenburg",
    "single_leg_squat",
    "bridge_endurance",
    "thomas_test",
    "ober_test",
    "aslr",
    "faber",
)
_EXERCISE_PLANS = (
    ("glute_bridge", "clam", "half_kneeling_hip_flexor_stretch"),
    ("side_lying_hip_abduction", "glute_bridge", "half_kneeling_hip_flexor_stretch"),
    ("single_leg_bridge", "lateral_band_walk", "rear_foot_elevated_hip_flexor_stretch"),
    ("hip_thrust", "side_lying_hip_abduction", "single_leg_squat"),
)


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    visits: int
    client_ids: tuple[ClientId, ...]


@dataclass
class _Course:
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


def build_demo_clinic(
    db: Database,
    *,
    n_clients: int = 24,
    seed: int = 7,
    today: dt.date | None = None,
    visits_range: tuple[int, int] = (3, 9),
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Create ``n_clients`` demo clients with their visits in ``db``; returns what was made.

    Each client is saved in its own transaction through the normal storage functions. Client 2
    has nerve-type symptoms and is referred to the GP; client 3 has a red flag handled with
    A&E advice; clients 4 and 5 plateau; the rest improve.
    """
    rng = random.Random(seed)
    today = today or dt.date.today()
    catalogue = load_catalogue()
    ids: list[ClientId] = []
    visits = 0
    for index in range(n_clients):
        course = _course(rng, index, visits_range, today)
        client = _client(rng, index, today, course)
        save_client(db, client, touch=False)
        for visit in _visits(rng, client, course, catalogue):
            save_visit(db, visit, touch=False)
            visits += 1
        ids.append(client.id)
        if progress:
            progress(index + 1, n_clients)
    return DemoSummary(clients=n_clients, visits=visits, client_ids=tuple(ids))


def _uid(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def _course(
    rng: random.Random, index: int, visits_range: tuple[int, int], today: dt.date
) -> _Course:
    low, high = visits_range
    n = rng.randint(max(low, 4), high) if index in (2, 3) else rng.randint(low, high)
    plateau = index in (4, 5)
    gaps = [rng.choice((7, 14, 14, 21)) for _ in range(n - 1)]
    last = today - dt.timedelta(days=rng.randint(0, 75))
    dates = [last]
    for gap in reversed(gaps):
        dates.insert(0, dates[0] - dt.timedelta(days=gap))
    return _Course(
        weak_side=rng.choice((Side.LEFT, Side.RIGHT)),
        start=rng.choice((2.67, 3.0, 3.0, 3.33, 3.67)),
        gain_per_visit=rng.uniform(-0.02, 0.03) if plateau else rng.uniform(0.22, 0.4),
        pain_start=rng.randint(5, 8),
        pain_drop_per_visit=0.0 if plateau else rng.uniform(0.6, 1.1),
        visits=n,
        dates=tuple(dates),
        nerve_type=index == 2,
        red_flag_at=1 if index == 3 else None,
    )


def _client(rng: random.Random, index: int, today: dt.date, course: _Course) -> Client:
    first = _FIRST[(index * 7 + rng.randrange(len(_FIRST))) % len(_FIRST)]
    last = _LAST[(index * 5 + rng.randrange(len(_LAST))) % len(_LAST)]
    job, sitting = rng.choice(JOBS)
    start = course.dates[0] - dt.timedelta(days=rng.randint(0, 3))
    dob = dt.date(today.year - rng.randint(22, 68), rng.randint(1, 12), rng.randint(1, 28))
    consent_date = start
    created = dt.datetime.combine(start, dt.time(9, 0), dt.UTC)
    return Client(
        id=ClientId(_uid(rng)),
        first_name=first,
        last_name=last,
        date_of_birth=dob,
        phone=f"07700 9{rng.randint(0, 99999):05d}",
        email=_email(first, last),
        address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}\n{rng.choice(TOWNS)}",
        gp_name=f"Dr {rng.choice(['Amira Shah', 'John Pearce', 'Helen Cho', 'Gareth Lloyd'])}",
        gp_practice=rng.choice(
            ["Park Lane Surgery", "Riverside Medical Centre", "The Grange Practice"]
        ),
        gp_address=rng.choice(["1 Park Lane, Leeds LS1 1AA", "Riverside, York YO1 6FA"]),
        occupation=job,
        sitting_hours_per_day=sitting,
        sport_activity=rng.choice(SPORTS),
        consents=(
            Consent(ConsentKind.TREATMENT, True, consent_date, "2026-01"),
            Consent(ConsentKind.DATA_PROCESSING, True, consent_date, "2026-01"),
            Consent(ConsentKind.CONTACT_GP, rng.random() < 0.8, consent_date, "2026-01"),
        ),
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
    import unicodedata

    local = unicodedata.normalize("NFKD", f"{first}.{last}".lower().replace("ł", "l"))
    local = "".join(ch for ch in local if ch.isascii() and (ch.isalnum() or ch == "."))
    return f"{local}@example.org"


def _visits(
    rng: random.Random, client: Client, course: _Course, catalogue: Catalogue
) -> list[Visit]:
    regions = load_regions()
    valid = regions.ids()
    side_code = "L" if course.weak_side == Side.LEFT else "R"
    pain_regions = [
        (template.format(s=side_code), band)
        for template, band in rng.sample(_PAIN_REGIONS, rng.randint(2, 4))
    ]
    pain_regions = [(r, b) for r, b in pain_regions if r in valid]
    psfs_names = rng.choice(PSFS)
    psfs_start = [rng.randint(2, 5) for _ in psfs_names]
    plan = rng.choice(_EXERCISE_PLANS)
    therapist = rng.choice(THERAPISTS)
    visits: list[Visit] = []
    for n, date in enumerate(course.dates):
        weak = min(course.start + course.gain_per_visit * n + rng.uniform(-0.1, 0.1), 5.0)
        strong = min(weak + rng.uniform(0.5, 1.0) - 0.05 * n, 5.0)
        strong = max(strong, weak)
        pain_now = max(0, round(course.pain_start - course.pain_drop_per_visit * n))
        red_flag_visit = course.red_flag_at == n
        visit_id = VisitId(_uid(rng))
        marks = _pain_marks(rng, pain_regions, pain_now, n, course)
        tests = _tests(rng, catalogue, n, course.weak_side, weak, strong)
        referrals: tuple[Referral, ...] = ()
        nerve_advice = None
        nerve_note = ""
        character = ["dull_ache", "worse_on_movement"]
        if pain_now <= 3:
            character.append("eases_with_rest")
        if course.nerve_type and n <= 1:
            character += ["shooting_leg_pain", "pins_and_needles", "leg_pain_worse_than_back"]
            nerve_advice = Advice.URGENT_GP if n == 0 else Advice.ROUTINE_GP
            nerve_note = (
                "Advised to see GP about pins and needles down the back of the thigh; letter given."
                if n == 0
                else "Symptoms easing; GP appointment booked for next week."
            )
            if n == 0:
                referrals = (
                    Referral(
                        "GP: " + client.gp_name,
                        "Pins and needles and shooting pain below the buttock with low back "
                        "pain: nerve-type symptoms, please assess.",
                        Advice.URGENT_GP,
                        ("pins_and_needles", "shooting_leg_pain"),
                    ),
                )
        red_flags = _red_flag_screen(rng, catalogue, red_flag_visit)
        if red_flag_visit:
            referrals = (
                Referral(
                    "A&E",
                    "New saddle numbness with low back pain: suspected cauda equina syndrome.",
                    Advice.A_AND_E_NOW,
                    ("ces_saddle_numbness",),
                ),
            )
        hands_on = not red_flag_visit
        exercises = () if red_flag_visit else _exercises(catalogue, plan, n)
        psfs = tuple(min(10, s + round(n * rng.uniform(0.4, 1.0))) for s in psfs_start)
        if course.gain_per_visit < 0.1:
            psfs = tuple(min(10, s + rng.choice((0, 0, 1))) for s in psfs_start)
        scores = [OutcomeScore(Instrument.PSFS, psfs, "", psfs_names)]
        if n % 4 == 0:
            odi_level = max(0, course.pain_start - round(course.pain_drop_per_visit * n * 0.9))
            scores.append(
                OutcomeScore(
                    Instrument.ODI,
                    tuple(
                        min(5, max(0, round(odi_level / 2 + rng.uniform(-1, 1)))) for _ in range(10)
                    ),
                    "2.1a",
                )
            )
        if n == 0:
            scores.append(
                OutcomeScore(
                    Instrument.STARTBACK,
                    tuple(int(rng.random() < (0.5 if i < 4 else 0.25)) for i in range(9)),
                    "1.0",
                )
            )
        created = dt.datetime.combine(date, dt.time(10 + n % 6, 0), dt.UTC)
        visits.append(
            Visit(
                id=visit_id,
                client_id=client.id,
                visit_date=date,
                therapist=therapist,
                complaint=client.history.complaint if n == 0 else "Review of low back pain",
                change_since_last="" if n == 0 else _change_text(course, n),
                goals=client.history.goals,
                nprs=Nprs(
                    now=pain_now,
                    best=max(0, pain_now - rng.randint(1, 3)),
                    worst=min(10, pain_now + rng.randint(1, 3)),
                ),
                pain_character=tuple(character),
                nerve_advice=nerve_advice,
                nerve_advice_note=nerve_note,
                red_flags=red_flags,
                pain_marks=marks,
                posture=_posture(rng, catalogue, course, n),
                test_results=tests,
                outcome_scores=tuple(scores),
                treatment=(
                    Treatment(
                        techniques=tuple(
                            rng.sample(
                                [
                                    "effleurage",
                                    "petrissage",
                                    "soft_tissue_release",
                                    "muscle_energy_technique",
                                    "trigger_point",
                                    "passive_stretch",
                                ],
                                3,
                            )
                        ),
                        areas=tuple(r for r, _ in pain_regions[:3]),
                        response=rng.choice(
                            [
                                "Eased; moving more freely on standing",
                                "Tender over glute med, eased with treatment",
                                "NPRS down 2 points after treatment",
                            ]
                        ),
                    )
                    if hands_on
                    else Treatment(response="No treatment: sent to A&E with the red flag found.")
                ),
                exercises=exercises,
                referrals=referrals,
                soap=Soap(
                    assessment=_assessment(course, weak, strong),
                    plan="Review in two weeks; progress home exercises."
                    if hands_on
                    else "Do not treat until cleared by the hospital.",
                ),
                consent_reconfirmed=True,
                chaperone_offered=True,
                next_visit=None if red_flag_visit else date + dt.timedelta(days=14),
                created_at=created,
                updated_at=created,
            )
        )
    return visits


def _change_text(course: _Course, n: int) -> str:
    if course.gain_per_visit < 0.1:
        return "About the same as last time"
    return ("A little better", "Better: sitting longer before it aches", "Much better")[
        min(2, n // 2)
    ]


def _assessment(course: _Course, weak: float, strong: float) -> str:
    side = "left" if course.weak_side == Side.LEFT else "right"
    return (
        f"Glute med weaker on the {side} ({chart_to_oxford(weak)} vs {chart_to_oxford(strong)}); "
        "hip flexors tight on Thomas test."
    )


def _pain_marks(
    rng: random.Random,
    pain_regions: list[tuple[str, tuple[int, int]]],
    pain_now: int,
    n: int,
    course: _Course,
) -> tuple[PainMark, ...]:
    marks: list[PainMark] = []
    keep = max(1, len(pain_regions) - n // 2) if pain_now > 0 else 0
    for region, (low, high) in pain_regions[:keep]:
        level = max(
            1, min(10, round(rng.randint(low, high) * pain_now / max(course.pain_start, 1)))
        )
        symptom = SymptomType.SHARP if rng.random() < 0.2 else SymptomType.ACHE
        marks.append(PainMark(RegionId(region), symptom, level, "1"))
    if course.nerve_type and n <= 1:
        side = "L" if course.weak_side == Side.LEFT else "R"
        marks.append(
            PainMark(RegionId(f"back.hamstring.{side}"), SymptomType.PINS_AND_NEEDLES, 4, "1")
        )
        marks.append(PainMark(RegionId(f"back.calf.{side}"), SymptomType.NUMBNESS, 2, "1"))
    return tuple(marks)


def _grade(value: float) -> str:
    return chart_to_oxford(max(0.0, min(5.0, value)))


def _tests(
    rng: random.Random,
    catalogue: Catalogue,
    n: int,
    weak_side: Side,
    weak: float,
    strong: float,
) -> tuple[TestResult, ...]:
    results: list[TestResult] = []
    chosen = list(_BATTERY_EVERY_VISIT)
    if n % 3 == 0:
        chosen += list(_BATTERY_REASSESS)
    for test_id in chosen:
        test = catalogue.test(test_id)
        sides = (Side.LEFT, Side.RIGHT) if test.per_side else (Side.NOT_APPLICABLE,)
        for side in sides:
            value = weak if side == weak_side else strong
            if test_id == "oxford_glute_max":
                value = min(5.0, value + 0.33)
            weakness = max(0.0, min(1.0, (4.67 - value) / 2.0))
            if test_id == "ober_test" and n > 0 and rng.random() < 0.25:
                results.append(TestResult(test.id, side, {}, not_tested_reason="Short of time"))
                continue
            results.append(
                TestResult(
                    test.id,
                    side,
                    _values(rng, test, value, weakness),
                    variant=test.variants[0].id if test.variants else "",
                )
            )
    return tuple(results)


def _values(rng: random.Random, test: TestDefinition, value: float, weakness: float) -> dict:
    """Plausible typed values for every field of ``test``, worse when ``weakness`` is high."""
    values: dict[str, Any] = {}
    for field in test.fields:
        if field.type == FieldType.OXFORD:
            values[field.id] = _grade(value)
        elif field.id == "dynamometer":
            values[field.id] = round(60 + value * 45 + rng.uniform(-8, 8), 1)
        elif field.id == "dynamometer_unit":
            values[field.id] = "n"
        elif field.type == FieldType.CHOICE:
            options = [o.id for o in field.options]
            bad = rng.random() < weakness
            values[field.id] = rng.choice(options[1:]) if bad and len(options) > 1 else options[0]
        elif field.type == FieldType.MULTI:
            count = round(weakness * rng.uniform(0, 2.5))
            values[field.id] = sorted(rng.sample([o.id for o in field.options], count))
        elif field.type == FieldType.BOOLEAN:
            values[field.id] = rng.random() < weakness * 0.8
        elif field.type == FieldType.ORDER:
            items = [i.id for i in field.items]
            if rng.random() < weakness:
                items = items[1:2] + items[:1] + items[2:]
            values[field.id] = items
        elif field.type in (FieldType.INTEGER, FieldType.NUMBER):
            low = field.min if field.min is not None else 0
            high = field.max if field.max is not None else 100
            span = high - low
            good = 1 - weakness
            number = low + span * (0.15 + 0.35 * good) + rng.uniform(-0.03, 0.03) * span
            if field.id in ("score", "compression_score"):
                number = round(weakness * 3 * rng.uniform(0.5, 1.0))
            number = max(low, min(high, number))
            values[field.id] = (
                round(number) if field.type == FieldType.INTEGER else round(number, 1)
            )
    return values


def _posture(
    rng: random.Random, catalogue: Catalogue, course: _Course, n: int
) -> tuple[PostureFinding, ...]:
    if n % 3:
        return ()
    findings: list[PostureFinding] = []
    for item in catalogue.posture:
        options = [o.id for o in item.options]
        value = options[0]
        if item.id == "pelvic_tilt" and n == 0:
            value = "anterior"
        elif item.id == "lumbar_lordosis" and n == 0:
            value = "increased"
        elif item.id == "gluteal_bulk":
            value = "left_reduced" if course.weak_side == Side.LEFT else "right_reduced"
        elif rng.random() < 0.1 and len(options) > 1:
            value = options[1]
        findings.append(PostureFinding(item.id, value))
    return tuple(findings)


def _red_flag_screen(rng: random.Random, catalogue: Catalogue, positive: bool) -> RedFlagScreen:
    answers = tuple(
        RedFlagAnswer(item.id, positive and item.id == "ces_saddle_numbness")
        for item in catalogue.red_flags
    )
    if positive:
        return RedFlagScreen(
            answers,
            Advice.A_AND_E_NOW,
            "Cauda equina safety-net card given; client went straight to A&E. "
            "Will contact after hospital review.",
        )
    return RedFlagScreen(answers, Advice.NO_ACTION_NEEDED, "")


def _exercises(
    catalogue: Catalogue, plan: tuple[str, ...], n: int
) -> tuple[ExercisePrescription, ...]:
    chosen = plan[: 2 + min(1, n)]
    prescriptions = []
    for exercise_id in chosen:
        prescription = catalogue.exercise(exercise_id).default_prescription()
        if prescription.reps is not None and n >= 3:
            prescription = ExercisePrescription(
                prescription.exercise_id,
                sets=min(3, prescription.sets + 1),
                reps=prescription.reps,
                per_side=prescription.per_side,
                frequency_per_week=prescription.frequency_per_week,
                cues=prescription.cues,
            )
        prescriptions.append(prescription)
    return tuple(prescriptions)
