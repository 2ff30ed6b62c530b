"""Builders for complete, realistic records used across the test suite (Qt-free)."""

from __future__ import annotations

import datetime as dt

from glutedesk.domain.ids import ClientId, new_client_id
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
from glutedesk.samples.visit_builder import sample_visit


def make_client(**overrides) -> Client:
    values = dict(
        id=new_client_id(),
        first_name="Zoë",
        last_name="O'Brien-Łukasz",
        date_of_birth=dt.date(1984, 3, 9),
        phone="07700 900123",
        email="zoe@example.org",
        address="12 Mill Lane\nLeeds LS1 4AB",
        gp_name="Dr Amira Shah",
        gp_practice="Park Lane Surgery",
        gp_address="1 Park Lane, Leeds",
        occupation="Software developer",
        sitting_hours_per_day=9.5,
        sport_activity="Park run, 5 km twice a week",
        consents=(
            Consent(ConsentKind.TREATMENT, True, dt.date(2026, 1, 5), "v2"),
            Consent(ConsentKind.DATA_PROCESSING, True, dt.date(2026, 1, 5), "v2"),
            Consent(ConsentKind.CONTACT_GP, False, None, "v2"),
        ),
        history=CaseHistory(
            complaint="Low back ache <worse> after sitting & driving",
            onset="Gradual, 3 months",
            aggravating="Sitting > 1 h",
            easing="Walking",
            goals="Run 10 km without pain",
        ),
        notes="Prefers morning appointments 🙂",
    )
    values.update(overrides)
    return Client(**values)


def make_visit(client_id: ClientId, visit_date: dt.date = dt.date(2026, 2, 1), **overrides):
    """A complete visit (every section recorded), built as the sample clinics build theirs."""
    values = dict(
        therapist="Sam Therapist",
        complaint="Ache across the lower back, right > left",
        change_since_last="Slightly better",
        goals="Sit through a work day",
        nprs=Nprs(now=4, best=2, worst=7),
        pain_character=("dull_ache", "worse_on_movement"),
        red_flags=RedFlagScreen(
            answers=(
                RedFlagAnswer("ces_saddle_numbness", False),
                RedFlagAnswer("ces_bladder", False),
            ),
            advice=None,
        ),
        pain_marks=(
            PainMark("back.lumbar.R", SymptomType.ACHE, 5, "1"),
            PainMark("back.glute_med.R", SymptomType.SHARP, 3, "1"),
        ),
        posture=(PostureFinding("pelvic_tilt", "anterior", "marked"),),
        test_results=(
            TestResult(
                "oxford_glute_max",
                Side.LEFT,
                {"grade": "4"},
                variant="prone_knee_flexed",
                compensations=("knee_flexes",),
            ),
            TestResult(
                "oxford_glute_max",
                Side.RIGHT,
                {"grade": "3+", "dynamometer": 152.5, "dynamometer_unit": "n"},
            ),
            TestResult(
                "trendelenburg",
                Side.RIGHT,
                {"result": "drop", "seconds_held": 20, "pain": True},
                symptom_provoked=True,
                symptom_region="back.glute_med.R",
            ),
            TestResult("ober_test", Side.LEFT, {}, not_tested_reason="Client short of time"),
        ),
        outcome_scores=(
            OutcomeScore(Instrument.ODI, (2, 1, 3, 1, 2, 1, 2, None, 2, 2), "2.1a"),
            OutcomeScore(Instrument.PSFS, (4, 6, 5), "", ("Running", "Sitting at work", "Lifting")),
        ),
        treatment=Treatment(
            techniques=("effleurage", "soft_tissue_release"),
            areas=("back.lumbar.R", "back.glute_med.R"),
            response="Eased, NPRS 4 → 2",
        ),
        exercises=(
            ExercisePrescription("glute_bridge", sets=3, reps=10, frequency_per_week=3),
            ExercisePrescription(
                "half_kneeling_hip_flexor_stretch",
                sets=3,
                hold_seconds=30,
                per_side=True,
                frequency_per_week=7,
                cues="Tuck the pelvis under",
            ),
        ),
        referrals=(),
        soap=Soap(assessment="Right glute med weaker than left", plan="Review in 2 weeks"),
    )
    values.update(overrides)
    return sample_visit(client_id, visit_date, **values)


def with_red_flag(visit: Visit) -> Visit:
    """The same visit with a ticked cauda-equina flag, advice and a referral recorded."""
    from dataclasses import replace

    return replace(
        visit,
        red_flags=RedFlagScreen(
            answers=(RedFlagAnswer("ces_saddle_numbness", True),),
            advice=Advice.A_AND_E_NOW,
            advice_note="Safety-net card given; client went to A&E.",
        ),
        referrals=(
            Referral(
                "A&E",
                "Saddle numbness with low back pain",
                Advice.A_AND_E_NOW,
                ("ces_saddle_numbness",),
            ),
        ),
    )
