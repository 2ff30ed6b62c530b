"""What a catalogue holds: its enumerations, its entries as frozen dataclasses, and
:class:`Catalogue` with lookups by id."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol, TypeVar

from glutedesk.domain.models import (
    Advice,
    ExerciseId,
    ExercisePrescription,
    RedFlagTier,
)

ORDER_UNDETERMINED = "undetermined"

SOFT_TISSUE_PAIN_IDS: tuple[str, ...] = (
    "dull_ache",
    "deep_pressure",
    "worse_on_movement",
    "eases_with_rest",
    "varies_with_back_pain",
    "wide_vague_area",
)
NERVE_PAIN_IDS: tuple[str, ...] = (
    "shooting_leg_pain",
    "electric",
    "burning",
    "pins_and_needles",
    "numbness",
    "weakness",
    "leg_pain_worse_than_back",
    "narrow_band_below_knee",
)

TESTS_FILE = "tests.json"
EXERCISES_FILE = "exercises.json"
TECHNIQUES_FILE = "techniques.json"
RED_FLAGS_FILE = "red_flags.json"
POSTURE_FILE = "posture.json"
PAIN_CHARACTER_FILE = "pain_character.json"
CATALOGUE_FILES: tuple[str, ...] = (
    TESTS_FILE,
    EXERCISES_FILE,
    TECHNIQUES_FILE,
    RED_FLAGS_FILE,
    POSTURE_FILE,
    PAIN_CHARACTER_FILE,
)


# --------------------------------------------------------------------------------------------
# Enumerations
# --------------------------------------------------------------------------------------------


class TestSection(StrEnum):
    """Which part of the battery a test belongs to."""

    __test__ = False  # not a pytest test class

    STRENGTH = "strength"
    FIRING = "firing"
    STABILITY = "stability"
    ENDURANCE = "endurance"
    LENGTH = "length"
    PROVOCATION = "provocation"


class FieldType(StrEnum):
    """The type of one result field of a test."""

    OXFORD = "oxford"
    INTEGER = "integer"
    NUMBER = "number"
    CHOICE = "choice"
    MULTI = "multi"
    BOOLEAN = "boolean"
    TEXT = "text"
    ORDER = "order"


class ExerciseTarget(StrEnum):
    """What a home exercise is for."""

    MAX = "max"
    MED = "med"
    FLEXOR_LENGTH = "flexor_length"
    CONTROL = "control"


class RedFlagGroup(StrEnum):
    """The condition a red flag raises suspicion of."""

    CAUDA_EQUINA = "cauda_equina"
    CANCER = "cancer"
    INFECTION = "infection"
    FRACTURE = "fracture"
    OTHER = "other"


class PostureGroup(StrEnum):
    """Where a postural observation belongs."""

    PELVIS = "pelvis"
    LUMBAR = "lumbar"
    HIPS = "hips"
    KNEES_FEET = "knees_feet"
    PLUMB_LINE = "plumb_line"
    LEG_LENGTH = "leg_length"


class PainIndicator(StrEnum):
    """Which kind of pain a pain-character answer points to."""

    NERVE = "nerve"
    SOFT_TISSUE = "soft_tissue"


# --------------------------------------------------------------------------------------------
# Entry dataclasses
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One choice of a choice/multi/order field, a test variant, or a compensation."""

    id: str
    label: str


@dataclass(frozen=True)
class FieldDefinition:
    """One typed result field of a test.

    ``options`` is set for choice and multi fields, ``items`` for order fields, and
    ``min``/``max`` (and optionally ``unit``) for integer and number fields.
    """

    id: str
    label: str
    type: FieldType
    required: bool = False
    help: str = ""
    options: tuple[Option, ...] = ()
    items: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str = ""

    def option(self, option_id: str) -> Option:
        """Return the option (or order item) with ``option_id``; KeyError if unknown."""
        for opt in (*self.options, *self.items):
            if opt.id == option_id:
                return opt
        raise KeyError(f"field {self.id!r} has no option {option_id!r}")

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The ids of this field's options (choice/multi) or items (order)."""
        return tuple(o.id for o in (*self.options, *self.items))


@dataclass(frozen=True)
class TestDefinition:
    """One test of the battery, with its typed result fields."""

    __test__ = False  # not a pytest test class

    id: str
    name: str
    section: TestSection
    per_side: bool
    optional: bool
    variants: tuple[Option, ...]
    instructions: str
    fields: tuple[FieldDefinition, ...]
    compensations: tuple[Option, ...]
    caveat: str
    source: str

    def field(self, field_id: str) -> FieldDefinition:
        """Return the result field ``field_id``; KeyError if this test has no such field."""
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(f"test {self.id!r} has no field {field_id!r}")

    @property
    def variant_ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.variants)

    @property
    def compensation_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.compensations)


@dataclass(frozen=True)
class Dose:
    """A default exercise dose. Exactly one of ``reps`` and ``hold_seconds`` is set."""

    sets: int
    reps: int | None
    hold_seconds: int | None
    per_side: bool
    frequency_per_week: int


@dataclass(frozen=True)
class ExerciseDefinition:
    """A home exercise from the catalogue (clinical reference section 6)."""

    id: str
    name: str
    target: ExerciseTarget
    position: str
    equipment: tuple[str, ...]
    dose: Dose
    cues: tuple[str, ...]
    regressions: tuple[str, ...]
    progressions: tuple[str, ...]
    cautions: tuple[str, ...]
    printable: str
    evidence: str

    def default_prescription(self) -> ExercisePrescription:
        """Return a prescription of this exercise at its default dose."""
        return ExercisePrescription(
            exercise_id=ExerciseId(self.id),
            sets=self.dose.sets,
            reps=self.dose.reps,
            hold_seconds=self.dose.hold_seconds,
            per_side=self.dose.per_side,
            frequency_per_week=self.dose.frequency_per_week,
            cues="; ".join(self.cues),
        )


@dataclass(frozen=True)
class Technique:
    """A hands-on treatment technique (NOS SFHCNH27)."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class RedFlagItem:
    """One red-flag screening question, with its group and urgency tier."""

    id: str
    label: str
    group: RedFlagGroup
    tier: RedFlagTier
    help: str = ""


@dataclass(frozen=True)
class AdviceOption:
    """Advice the therapist can give, with what to tell the client and a safety net."""

    id: Advice
    label: str
    text: str
    safety_net: str = ""


@dataclass(frozen=True)
class Measure:
    """An optional measurement alongside a posture finding (e.g. obliquity in cm)."""

    unit: str
    min: float
    max: float


@dataclass(frozen=True)
class PostureItem:
    """One postural observation; the first option is the neutral/normal value."""

    id: str
    label: str
    group: PostureGroup
    options: tuple[Option, ...]
    measure: Measure | None = None
    help: str = ""

    @property
    def neutral(self) -> Option:
        """The neutral/normal option (always the first)."""
        return self.options[0]

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class PainCharacterItem:
    """A pain-character question that points to soft-tissue or nerve-type pain."""

    id: str
    label: str
    indicates: PainIndicator
    prompts_referral: bool
    help: str = ""


class HasId(Protocol):
    """A catalogue entry: anything with an ``id``."""

    @property
    def id(self) -> str: ...


E = TypeVar("E", bound=HasId)


def _lookup(entries: Iterable[E], entry_id: str, what: str, file: str) -> E:
    for entry in entries:
        if entry.id == entry_id:
            return entry
    raise KeyError(f"no {what} with id {entry_id!r} in the catalogue ({file})")


@dataclass(frozen=True)
class Catalogue:
    """All six catalogues, as loaded from one folder."""

    folder: Path
    tests: tuple[TestDefinition, ...]
    exercises: tuple[ExerciseDefinition, ...]
    techniques: tuple[Technique, ...]
    red_flags: tuple[RedFlagItem, ...]
    advice: tuple[AdviceOption, ...]
    posture: tuple[PostureItem, ...]
    pain_character: tuple[PainCharacterItem, ...]

    def test(self, test_id: str) -> TestDefinition:
        """Return the test ``test_id``; KeyError if the catalogue has none."""
        return _lookup(self.tests, test_id, "test", TESTS_FILE)

    def exercise(self, exercise_id: str) -> ExerciseDefinition:
        """Return the exercise ``exercise_id``; KeyError if the catalogue has none."""
        return _lookup(self.exercises, exercise_id, "exercise", EXERCISES_FILE)

    def technique(self, technique_id: str) -> Technique:
        """Return the technique ``technique_id``; KeyError if the catalogue has none."""
        return _lookup(self.techniques, technique_id, "technique", TECHNIQUES_FILE)

    def red_flag(self, flag_id: str) -> RedFlagItem:
        """Return the red flag ``flag_id``; KeyError if the catalogue has none."""
        return _lookup(self.red_flags, flag_id, "red flag", RED_FLAGS_FILE)

    def advice_option(self, advice: Advice | str) -> AdviceOption:
        """Return the advice entry for ``advice``; KeyError if the catalogue has none."""
        return _lookup(self.advice, str(advice), "advice", RED_FLAGS_FILE)

    def posture_item(self, item_id: str) -> PostureItem:
        """Return the posture item ``item_id``; KeyError if the catalogue has none."""
        return _lookup(self.posture, item_id, "posture item", POSTURE_FILE)

    def pain_item(self, item_id: str) -> PainCharacterItem:
        """Return the pain-character question ``item_id``; KeyError if the catalogue has none."""
        return _lookup(self.pain_character, item_id, "pain-character item", PAIN_CHARACTER_FILE)

    def finding_label(self, finding_id: str) -> str:
        """The words for a referral's finding: a red flag's or a pain-character item's label.

        An id neither catalogue knows (a finding from an older catalogue) is shown as written.
        """
        for lookup in (self.red_flag, self.pain_item):
            try:
                return lookup(finding_id).label.rstrip("?").strip()
            except KeyError:
                continue
        return finding_id

    def tests_in_section(self, section: TestSection | str) -> tuple[TestDefinition, ...]:
        """Return the tests of one battery section, in catalogue order."""
        return tuple(t for t in self.tests if t.section == section)

    def red_flags_in_group(self, group: RedFlagGroup | str) -> tuple[RedFlagItem, ...]:
        """Return the red flags of one group, in catalogue order."""
        return tuple(f for f in self.red_flags if f.group == group)


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------
