"""A large-clinic client's visits: strength, pain, tests, scores and exercises visit by visit.

A visit is first drawn as a :class:`VisitSpec` of plain values (cheap to make in bulk), then
turned into the :class:`~glutedesk.domain.models.Visit` it describes; the builder stores that
Visit through the same row mapper as ``save_visit``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, NamedTuple

from glutedesk.domain.grades import chart_to_oxford
from glutedesk.domain.ids import ClientId, RegionId, TechniqueId, TestId, VisitId
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
from glutedesk.samples.findings import RESPONSES, TECHNIQUES, field_values, new_id
from glutedesk.samples.large.course import FLAGGED, Context, Course
from glutedesk.samples.visit_builder import (
    REVIEW_AFTER,
    REVIEW_COMPLAINT,
    REVIEW_PLAN,
    sample_visit,
)

DIAGRAM_VERSION = "1"
_EXTRA_TESTS = (
    "trendelenburg",
    "janda_side_lying_abduction",
    "janda_prone_hip_extension",
    "thomas_test",
    "single_leg_squat",
    "bridge_endurance",
    "aslr",
    "faber",
    "ober_test",
    "prone_instability",
    "oxford_iliopsoas",
)
_FULL_SCREEN_EVERY = 12
_REASSESS_EVERY = 6


class VisitSpec(NamedTuple):
    """Everything about one visit, as plain values (:func:`spec_visit` makes the Visit)."""

    id: str
    client_id: str
    date: dt.date
    therapist: str
    complaint: str
    change: str
    goals: str
    nprs: tuple[int, int, int]
    character: tuple[str, ...]
    nerve_advice: str | None
    nerve_note: str
    screened: tuple[str, ...]  # sorted flag ids
    flagged: bool  # the routine flag is present, with GP advice and a referral
    marks: tuple[tuple[str, str, int], ...]  # sorted by region
    tests: tuple[tuple[str, str, dict[str, Any], str, str | None], ...]
    scores: tuple[tuple[str, tuple[int, ...], str, tuple[str, ...]], ...]  # sorted by instrument
    posture: tuple[tuple[str, str], ...]  # sorted by item id
    techniques: tuple[str, ...]
    areas: tuple[str, ...]
    response: str
    exercises: tuple[ExercisePrescription, ...]
    subjective: str
    assessment: str
    plan: str
    next_visit: dt.date | None
    created: dt.datetime


def visit_specs(
    rng: random.Random, client: Client, course: Course, ctx: Context
) -> list[VisitSpec]:
    """The visits of ``client`` along ``course``, oldest first, drawn from ``rng``."""
    specs: list[VisitSpec] = []
    side = "left" if course.weak_side == Side.LEFT else "right"
    for n, date in enumerate(course.dates):
        flare = bool(course.flare_every) and n > 0 and n % course.flare_every == 0
        weak = min(course.start + course.gain * n + rng.uniform(-0.1, 0.1), 5.0)
        weak = max(0.0, weak - (0.67 if flare else 0.0))
        strong = max(weak, min(weak + rng.uniform(0.33, 1.0), 5.0))
        pain = max(0, round(course.pain_start - course.pain_drop * n))
        if flare:
            pain = min(10, pain + rng.randint(3, 5))
        elif n > 8:
            pain = max(pain, rng.choice((0, 0, 1, 1, 2, 3)))
        nerve = course.nerve_type and n <= 1
        flagged = rng.random() < 0.004
        marks = _marks(rng, course, pain, n, nerve)
        character = ["dull_ache", "worse_on_movement"]
        if pain <= 3:
            character.append("eases_with_rest")
        if nerve:
            character += ["pins_and_needles", "shooting_leg_pain"]
        full_screen = n % _FULL_SCREEN_EVERY == 0 or flagged
        screened = ctx.all_flags if full_screen else ctx.follow_up_flags
        psfs = tuple(
            min(10, s + (round(n * rng.uniform(0.2, 0.6)) if course.gain > 0.1 else 0))
            for s in course.psfs_start
        )
        scores: list[tuple[str, tuple[int, ...], str, tuple[str, ...]]] = []
        if n % 4 == 0:
            level = max(0, min(5, round(pain / 2 + rng.uniform(-1, 1))))
            odi = tuple(max(0, level - rng.randint(0, 1)) for _ in range(10))
            scores.append(("odi", odi, "2.1a", ()))
        scores.append(("psfs", psfs, "", course.psfs_labels))
        plan = course.plan[: 2 + min(1, n)]
        doses = ctx.progressed if n >= 3 else ctx.exercises
        exercises = tuple(doses[e] for e in plan if e in doses)
        specs.append(
            VisitSpec(
                id=new_id(rng),
                client_id=client.id,
                date=date,
                therapist=course.therapist,
                complaint=client.history.complaint if n == 0 else REVIEW_COMPLAINT,
                change="" if n == 0 else ("Flared up this week" if flare else "A little better"),
                goals=client.history.goals,
                nprs=(pain, max(0, pain - rng.randint(1, 2)), min(10, pain + rng.randint(1, 3))),
                character=tuple(character),
                nerve_advice=(Advice.ROUTINE_GP.value if nerve else None),
                nerve_note=(
                    "Advised to see GP about pins and needles down the thigh." if nerve else ""
                ),
                screened=screened,
                flagged=flagged,
                marks=marks,
                tests=_tests(rng, ctx, course, n, weak, strong),
                scores=tuple(scores),
                posture=_posture(rng, ctx, side) if n % _REASSESS_EVERY == 0 else (),
                techniques=tuple(rng.sample(TECHNIQUES, 3)),
                areas=tuple(r for r, _ in course.regions[:3]),
                response=rng.choice(RESPONSES),
                exercises=exercises,
                subjective=f"NPRS {pain}/10 today. "
                + ("Flare-up after a long drive." if flare else "Managing home exercises."),
                assessment=(
                    f"Glute med weaker on the {side} ({_grade(weak)} vs "
                    f"{_grade(strong)}); hip flexors tight on Thomas test."
                ),
                plan=REVIEW_PLAN,
                next_visit=date + REVIEW_AFTER,
                created=dt.datetime.combine(date, dt.time(9 + n % 8, 0), dt.UTC),
            )
        )
    return specs


_GRADES = tuple(chart_to_oxford(i / 100) for i in range(501))


def _grade(value: float) -> str:
    """The Oxford grade nearest a chart value (clipped to 0-5), from a table: fast in bulk."""
    return _GRADES[min(500, max(0, round(value * 100)))]


def _marks(
    rng: random.Random, course: Course, pain: int, n: int, nerve: bool
) -> tuple[tuple[str, str, int], ...]:
    if pain == 0:
        return ()
    keep = max(2, len(course.regions) - n // 3)
    marks = {
        region: (
            "sharp" if rng.random() < 0.2 else "ache",
            max(1, min(10, round(level * pain / max(course.pain_start, 1)))),
        )
        for region, level in course.regions[:keep]
    }
    if nerve:
        code = "L" if course.weak_side == Side.LEFT else "R"
        marks[f"back.hamstring.{code}"] = ("pins_and_needles", 4)
    return tuple((region, *marks[region]) for region in sorted(marks))


def _tests(
    rng: random.Random, ctx: Context, course: Course, n: int, weak: float, strong: float
) -> tuple[tuple[str, str, dict[str, Any], str, str | None], ...]:
    chosen = ["oxford_glute_max", "oxford_glute_med"]
    chosen += rng.sample(_EXTRA_TESTS, rng.randint(1, 3))
    results: list[tuple[str, str, dict[str, Any], str, str | None]] = []
    for test_id in chosen:
        test = ctx.tests[test_id]
        sides = (Side.LEFT, Side.RIGHT) if test.per_side else (Side.NOT_APPLICABLE,)
        variant = test.variants[0].id if test.variants else ""
        for side in sides:
            value = weak if side == course.weak_side else strong
            if test_id == "oxford_glute_max":
                value = min(5.0, value + 0.33)
            weakness = max(0.0, min(1.0, (4.67 - value) / 2.0))
            if test_id == "ober_test" and rng.random() < 0.2:
                results.append((test_id, side.value, {}, variant, "Short of time"))
                continue
            values = field_values(
                rng, test, value, weakness, dynamometer=course.dynamometer, grade=_grade
            )
            results.append((test_id, side.value, values, variant, None))
    return tuple(results)


def _posture(rng: random.Random, ctx: Context, side: str) -> tuple[tuple[str, str], ...]:
    findings = []
    for item_id, options in ctx.posture:
        value = options[0]
        if item_id == "gluteal_bulk":
            value = f"{side}_reduced"
        elif rng.random() < 0.1 and len(options) > 1:
            value = options[1]
        findings.append((item_id, value))
    return tuple(findings)


_GP_REFERRAL = (
    "GP (routine)",
    "Thoracic (mid-back) pain reported at screening: please review.",
)

_FLAG_NOTE = "Mid-back pain since a fall; advised to see the GP this month."


def spec_visit(s: VisitSpec) -> Visit:
    """The :class:`Visit` a spec describes (what ``get_visit`` should load)."""
    return sample_visit(
        ClientId(s.client_id),
        s.date,
        id=VisitId(s.id),
        therapist=s.therapist,
        complaint=s.complaint,
        change_since_last=s.change,
        goals=s.goals,
        nprs=Nprs(*s.nprs),
        pain_character=s.character,
        nerve_advice=Advice(s.nerve_advice) if s.nerve_advice else None,
        nerve_advice_note=s.nerve_note,
        red_flags=RedFlagScreen(
            answers=tuple(
                RedFlagAnswer(flag, s.flagged and flag == FLAGGED)  # type: ignore[arg-type]
                for flag in s.screened
            ),
            advice=Advice.ROUTINE_GP if s.flagged else Advice.NO_ACTION_NEEDED,
            advice_note=_FLAG_NOTE if s.flagged else "",
        ),
        pain_marks=tuple(
            PainMark(RegionId(region), SymptomType(symptom), intensity, DIAGRAM_VERSION)
            for region, symptom, intensity in s.marks
        ),
        posture=tuple(PostureFinding(item, value) for item, value in s.posture),  # type: ignore[arg-type]
        test_results=tuple(
            TestResult(TestId(test_id), Side(side), values, variant, not_tested_reason=reason)
            for test_id, side, values, variant, reason in s.tests
        ),
        outcome_scores=tuple(
            OutcomeScore(Instrument(instrument), items, version, labels)
            for instrument, items, version, labels in s.scores
        ),
        treatment=Treatment(
            techniques=tuple(TechniqueId(t) for t in s.techniques),
            areas=tuple(RegionId(a) for a in s.areas),
            response=s.response,
        ),
        exercises=s.exercises,
        referrals=((Referral(*_GP_REFERRAL, Advice.ROUTINE_GP, (FLAGGED,)),) if s.flagged else ()),
        soap=Soap(subjective=s.subjective, assessment=s.assessment, plan=s.plan),
        next_visit=s.next_visit,
        created_at=s.created,
    )
