"""What both sample clinics draw alike: ids, therapists, treatments, exercise plans and the
plausible values of a test's fields for a given strength."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import uuid
from collections.abc import Callable
from typing import Any

from glutedesk.domain.catalogue import FieldType, TestDefinition
from glutedesk.domain.grades import chart_to_oxford
from glutedesk.domain.models import Consent, ConsentKind, ExercisePrescription
from glutedesk.samples.text import STREETS, TOWNS

THERAPISTS = ("Alex Morgan", "Priya Nair", "Sam Okoro")
EXERCISE_PLANS = (
    ("glute_bridge", "clam", "half_kneeling_hip_flexor_stretch"),
    ("side_lying_hip_abduction", "glute_bridge", "half_kneeling_hip_flexor_stretch"),
    ("single_leg_bridge", "lateral_band_walk", "rear_foot_elevated_hip_flexor_stretch"),
    ("hip_thrust", "side_lying_hip_abduction", "single_leg_squat"),
)
TECHNIQUES = (
    "effleurage",
    "petrissage",
    "soft_tissue_release",
    "muscle_energy_technique",
    "trigger_point",
    "passive_stretch",
    "myofascial_release",
)
RESPONSES = (
    "Eased; moving more freely on standing",
    "Tender over glute med, eased with treatment",
    "NPRS down 2 points after treatment",
)


def new_id(rng: random.Random) -> str:
    """A version-4 UUID in hex drawn from ``rng`` (the same seed gives the same ids)."""
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def sample_phone(rng: random.Random) -> str:
    """A mobile number from Ofcom's range reserved for drama (never a real line)."""
    return f"07700 9{rng.randint(0, 99999):05d}"


def sample_address(rng: random.Random) -> str:
    """A street address on two lines: number and street, then town and postcode."""
    return f"{rng.randint(1, 120)} {rng.choice(STREETS)}\n{rng.choice(TOWNS)}"


def sample_consents(rng: random.Random, date: dt.date) -> tuple[Consent, ...]:
    """Treatment and data consent given on ``date``; consent to contact the GP four in five."""
    return (
        Consent(ConsentKind.TREATMENT, True, date, "2026-01"),
        Consent(ConsentKind.DATA_PROCESSING, True, date, "2026-01"),
        Consent(ConsentKind.CONTACT_GP, rng.random() < 0.8, date, "2026-01"),
    )


def clipped_grade(value: float) -> str:
    """The Oxford grade of a chart value, clipped to 0-5."""
    return chart_to_oxford(max(0.0, min(5.0, value)))


def progressed(prescription: ExercisePrescription) -> ExercisePrescription:
    """From the fourth visit, an exercise done for repetitions gets an extra set (up to 3)."""
    if prescription.reps is None:
        return prescription
    return dataclasses.replace(prescription, sets=min(3, prescription.sets + 1))


def field_values(
    rng: random.Random,
    test: TestDefinition,
    value: float,
    weakness: float,
    *,
    dynamometer: bool = True,
    grade: Callable[[float], str] = clipped_grade,
) -> dict[str, Any]:
    """Plausible typed values for the fields of ``test``, worse when ``weakness`` is high.

    ``value`` is the chart strength behind Oxford fields; without ``dynamometer`` the
    dynamometer fields are left out (not every clinic owns one).
    """
    values: dict[str, Any] = {}
    for field in test.fields:
        kind = field.type
        if kind == FieldType.OXFORD:
            values[field.id] = grade(value)
        elif field.id == "dynamometer":
            if dynamometer:
                values[field.id] = round(60 + value * 45 + rng.uniform(-8, 8), 1)
        elif field.id == "dynamometer_unit":
            if dynamometer:
                values[field.id] = "n"
        elif kind == FieldType.CHOICE:
            options = [o.id for o in field.options]
            bad = rng.random() < weakness
            values[field.id] = rng.choice(options[1:]) if bad and len(options) > 1 else options[0]
        elif kind == FieldType.MULTI:
            count = min(len(field.options), round(weakness * rng.uniform(0, 2.5)))
            values[field.id] = sorted(rng.sample([o.id for o in field.options], count))
        elif kind == FieldType.BOOLEAN:
            values[field.id] = rng.random() < weakness * 0.8
        elif kind == FieldType.ORDER:
            items = [i.id for i in field.items]
            if rng.random() < weakness:
                items = items[1:2] + items[:1] + items[2:]
            values[field.id] = items
        elif kind in (FieldType.INTEGER, FieldType.NUMBER):
            values[field.id] = _number(rng, field.id, kind, field.min, field.max, weakness)
    return values


def _number(
    rng: random.Random,
    field_id: str,
    kind: FieldType,
    low: float | None,
    high: float | None,
    weakness: float,
) -> int | float:
    low = low if low is not None else 0
    high = high if high is not None else 100
    span = high - low
    number = low + span * (0.15 + 0.35 * (1 - weakness)) + rng.uniform(-0.03, 0.03) * span
    if field_id in ("score", "compression_score"):
        number = round(weakness * 3 * rng.uniform(0.5, 1.0))
    number = max(low, min(high, number))
    return round(number) if kind == FieldType.INTEGER else round(number, 1)
