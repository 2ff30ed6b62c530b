"""A demo client's visits: strength and pain along their course, with the deliberate cases.

Client 2's first two visits carry nerve-type symptoms (an urgent, then routine, GP referral);
client 3's second visit finds saddle numbness (A&E now, no hands-on treatment). The order in
which ``rng`` is drawn is part of the clinic: change it and the same seed gives another clinic.
"""

from __future__ import annotations

import datetime as dt
import random

from glutedesk.domain.catalogue import Catalogue
from glutedesk.domain.ids import RegionId
from glutedesk.domain.models import (
    Advice,
    Client,
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
from glutedesk.samples.demo.course import DemoCourse
from glutedesk.samples.demo.enrich import (
    StrengthProfile,
    client_rng,
    rmdq_instead_of_odi,
    strength_profile,
    strengths,
    with_thomas,
    without_readings,
)
from glutedesk.samples.findings import (
    EXERCISE_PLANS,
    RESPONSES,
    TECHNIQUES,
    THERAPISTS,
    clipped_grade,
    field_values,
    new_id,
    progressed,
)
from glutedesk.samples.text import PSFS
from glutedesk.samples.visit_builder import REVIEW_AFTER, REVIEW_PLAN, course_visit

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
_DEMO_THERAPISTS = THERAPISTS[:2]
_DEMO_TECHNIQUES = TECHNIQUES[:6]
_A_AND_E = Referral(
    "A&E",
    "New saddle numbness with low back pain: suspected cauda equina syndrome.",
    Advice.A_AND_E_NOW,
    ("ces_saddle_numbness",),
)


def demo_visits(
    rng: random.Random, client: Client, course: DemoCourse, catalogue: Catalogue
) -> list[Visit]:
    """The visits of ``client`` along ``course``, oldest first, drawn from ``rng``."""
    valid = load_regions().ids()
    side_code = "L" if course.weak_side == Side.LEFT else "R"
    pain_regions = [
        (template.format(s=side_code), band)
        for template, band in rng.sample(_PAIN_REGIONS, rng.randint(2, 4))
    ]
    pain_regions = [(r, b) for r, b in pain_regions if r in valid]
    psfs_names = rng.choice(PSFS)
    psfs_start = [rng.randint(2, 5) for _ in psfs_names]
    plan = rng.choice(EXERCISE_PLANS)
    therapist = rng.choice(_DEMO_THERAPISTS)
    extra = client_rng(client.id)
    tight_flexors, uses_rmdq = extra.random() < 0.7, extra.random() < 0.35
    story = course.nerve_type or course.red_flag_at is not None or course.gain_per_visit < 0.1
    profile = strength_profile(extra, story)
    visits: list[Visit] = []
    for n, date in enumerate(course.dates):
        noise, spread = rng.uniform(-0.1, 0.1), rng.uniform(0.5, 1.0)
        weak, strong = strengths(profile, course.start, course.gain_per_visit, n, noise, spread)
        pain_now = max(0, round(course.pain_start - course.pain_drop_per_visit * n))
        red_flag_visit = course.red_flag_at == n
        visit_id = new_id(rng)
        marks = _pain_marks(rng, pain_regions, pain_now, n, course)
        tests = _tests(rng, catalogue, n, course.weak_side, (weak, strong), profile)
        tests = with_thomas(tests, extra, tight_flexors, n)
        character, nerve_advice, nerve_note, referrals = _nerve(client, course, n, pain_now)
        red_flags = _red_flag_screen(catalogue, red_flag_visit)
        if red_flag_visit:
            referrals = (_A_AND_E,)
        hands_on = not red_flag_visit
        scores = _scores(rng, course, n, psfs_start, psfs_names)
        if uses_rmdq:
            scores = rmdq_instead_of_odi(scores, extra, pain_now)
        nprs = Nprs(
            now=pain_now,
            best=max(0, pain_now - rng.randint(1, 3)),
            worst=min(10, pain_now + rng.randint(1, 3)),
        )
        posture = _posture(rng, catalogue, course, n)
        created = dt.datetime.combine(date, dt.time(10 + n % 6, 0), dt.UTC)
        visits.append(
            course_visit(
                client,
                n,
                visit_id,
                date,
                therapist=therapist,
                change_since_last="" if n == 0 else _change_text(course, n),
                nprs=nprs,
                pain_character=character,
                nerve_advice=nerve_advice,
                nerve_advice_note=nerve_note,
                red_flags=red_flags,
                pain_marks=marks,
                posture=posture,
                test_results=tests,
                outcome_scores=scores,
                treatment=_treatment(rng, pain_regions, hands_on),
                exercises=_exercises(catalogue, plan, n) if hands_on else (),
                referrals=referrals,
                soap=Soap(
                    assessment=_assessment(course, weak, strong, tight_flexors and n == 0),
                    plan=REVIEW_PLAN if hands_on else "Do not treat until cleared by the hospital.",
                ),
                next_visit=None if red_flag_visit else date + REVIEW_AFTER,
                created_at=created,
            )
        )
    return visits


def _nerve(
    client: Client, course: DemoCourse, n: int, pain_now: int
) -> tuple[tuple[str, ...], Advice | None, str, tuple[Referral, ...]]:
    """Pain character, nerve advice, its note and referrals: nerve-type at client 2's start."""
    character = ["dull_ache", "worse_on_movement"]
    if pain_now <= 3:
        character.append("eases_with_rest")
    if not (course.nerve_type and n <= 1):
        return tuple(character), None, "", ()
    character += ["shooting_leg_pain", "pins_and_needles", "leg_pain_worse_than_back"]
    if n > 0:
        note = "Symptoms easing; GP appointment booked for next week."
        return tuple(character), Advice.ROUTINE_GP, note, ()
    referral = Referral(
        "GP: " + client.gp_name,
        "Pins and needles and shooting pain below the buttock with low back "
        "pain: nerve-type symptoms, please assess.",
        Advice.URGENT_GP,
        ("pins_and_needles", "shooting_leg_pain"),
    )
    note = "Advised to see GP about pins and needles down the back of the thigh; letter given."
    return tuple(character), Advice.URGENT_GP, note, (referral,)


def _scores(
    rng: random.Random,
    course: DemoCourse,
    n: int,
    psfs_start: list[int],
    psfs_names: tuple[str, ...],
) -> tuple[OutcomeScore, ...]:
    psfs = tuple(min(10, s + round(n * rng.uniform(0.5, 1.4))) for s in psfs_start)
    if course.gain_per_visit < 0.1:
        psfs = tuple(min(10, s + rng.choice((0, 0, 1))) for s in psfs_start)
    scores = [OutcomeScore(Instrument.PSFS, psfs, "", psfs_names)]
    if n % 4 == 0:
        odi_level = max(0, course.pain_start - round(course.pain_drop_per_visit * n * 0.9))
        items = tuple(min(5, max(0, round(odi_level / 3 + rng.uniform(-1, 1)))) for _ in range(10))
        scores.append(OutcomeScore(Instrument.ODI, items, "2.1a"))
    if n == 0:
        items = tuple(int(rng.random() < (0.5 if i < 4 else 0.25)) for i in range(9))
        scores.append(OutcomeScore(Instrument.STARTBACK, items, "1.0"))
    return tuple(scores)


def _treatment(
    rng: random.Random, pain_regions: list[tuple[str, tuple[int, int]]], hands_on: bool
) -> Treatment:
    if not hands_on:
        return Treatment(response="No treatment: sent to A&E with the red flag found.")
    return Treatment(
        techniques=tuple(rng.sample(_DEMO_TECHNIQUES, 3)),
        areas=tuple(r for r, _ in pain_regions[:3]),
        response=rng.choice(RESPONSES),
    )


def _change_text(course: DemoCourse, n: int) -> str:
    if course.gain_per_visit < 0.1:
        return "About the same as last time"
    return ("A little better", "Better: sitting longer before it aches", "Much better")[
        min(2, n // 2)
    ]


def _assessment(course: DemoCourse, weak: float, strong: float, tight: bool) -> str:
    side = "left" if course.weak_side == Side.LEFT else "right"
    glutes = (
        "Glute med 5 on both sides"
        if clipped_grade(weak) == clipped_grade(strong) == "5"
        else f"Glute med weaker on the {side} ({clipped_grade(weak)} vs {clipped_grade(strong)})"
    )
    return f"{glutes}; hip flexors {'tight' if tight else 'not tight'} on Thomas test."


def _pain_marks(
    rng: random.Random,
    pain_regions: list[tuple[str, tuple[int, int]]],
    pain_now: int,
    n: int,
    course: DemoCourse,
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


def _tests(
    rng: random.Random,
    catalogue: Catalogue,
    n: int,
    weak_side: Side,
    strength: tuple[float, float],
    profile: StrengthProfile,
) -> tuple[TestResult, ...]:
    weak, strong = strength
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
                value = min(5.0, value + profile.max_offset)
            weakness = max(0.0, min(1.0, (4.67 - value) / 2.0))
            if test_id == "ober_test" and n > 0 and rng.random() < 0.25:
                results.append(TestResult(test.id, side, {}, not_tested_reason="Short of time"))
                continue
            values = field_values(rng, test, value, weakness)
            if test_id in _BATTERY_EVERY_VISIT and not profile.dynamometer:
                values = without_readings(values)
            results.append(
                TestResult(
                    test.id,
                    side,
                    values,
                    variant=test.variants[0].id if test.variants else "",
                )
            )
    return tuple(results)


def _posture(
    rng: random.Random, catalogue: Catalogue, course: DemoCourse, n: int
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


def _red_flag_screen(catalogue: Catalogue, positive: bool) -> RedFlagScreen:
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
    doses = [catalogue.exercise(e).default_prescription() for e in plan[: 2 + min(1, n)]]
    return tuple(progressed(d) if n >= 3 else d for d in doses)
