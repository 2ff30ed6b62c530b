"""The clinical catalogues (tests, exercises, techniques, red flags, posture, pain character).

Everything a therapist picks from is data in ``resources/*.json``, so adding a test or an exercise
is a data edit, not a code change. :func:`load_catalogue` reads the six files, validates them
strictly (required keys, types, allowed values, unique ids, no unknown keys) and returns frozen
dataclasses. A malformed file raises :class:`~glutedesk.domain.errors.CatalogueError` whose
message names the file, the entry (by id, or by index when the id is missing) and the problem.

:func:`validate_test_values` checks a recorded result against its test's field definitions.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from glutedesk.domain.errors import CatalogueError
from glutedesk.domain.models import (
    Advice,
    ExercisePrescription,
    RedFlagTier,
    TestResult,
)

SUPPORTED_VERSIONS: tuple[str, ...] = ("1",)

OXFORD_VALUES: tuple[str, ...] = ("0", "1", "2", "3-", "3", "3+", "4-", "4", "4+", "5-", "5")

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

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")


def oxford_values() -> tuple[str, ...]:
    """Return the 11 Oxford/MRC grades, weakest first: 0, 1, 2, 3-, 3, 3+, 4-, 4, 4+, 5-, 5."""
    return OXFORD_VALUES


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
            exercise_id=self.id,  # type: ignore[arg-type]
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


E = TypeVar("E")


def _lookup(entries: Iterable[E], entry_id: str, what: str, file: str) -> E:
    for entry in entries:
        if entry.id == entry_id:  # type: ignore[attr-defined]
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

    def tests_in_section(self, section: TestSection | str) -> tuple[TestDefinition, ...]:
        """Return the tests of one battery section, in catalogue order."""
        return tuple(t for t in self.tests if t.section == section)

    def red_flags_in_group(self, group: RedFlagGroup | str) -> tuple[RedFlagItem, ...]:
        """Return the red flags of one group, in catalogue order."""
        return tuple(f for f in self.red_flags if f.group == group)


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Load and validate the six catalogue files from ``folder``.

    ``folder`` defaults to the shipped ``resources/`` folder
    (:func:`glutedesk.paths.resources_dir`), whose catalogue is read once and cached. Raises
    :class:`CatalogueError` naming the file, the entry and the problem when anything is missing
    or malformed.
    """
    if folder is None:
        return _load_default()
    return _load(Path(folder))


@cache
def _load_default() -> Catalogue:
    from glutedesk.paths import resources_dir

    return _load(resources_dir())


def _load(folder: Path) -> Catalogue:
    tests = _load_entries(folder, TESTS_FILE, "tests", "test", _parse_test)
    exercises = _load_entries(folder, EXERCISES_FILE, "exercises", "exercise", _parse_exercise)
    techniques = _load_entries(folder, TECHNIQUES_FILE, "techniques", "technique", _parse_technique)
    red_flag_data = _read_file(folder, RED_FLAGS_FILE, ("red_flags", "advice"))
    red_flags = _parse_list(RED_FLAGS_FILE, red_flag_data, "red_flags", "red flag", _parse_red_flag)
    advice = _parse_list(RED_FLAGS_FILE, red_flag_data, "advice", "advice", _parse_advice)
    missing_advice = [a.value for a in Advice if a.value not in {x.id for x in advice}]
    if missing_advice:
        raise CatalogueError(
            f"{RED_FLAGS_FILE}: 'advice' lacks entries for {', '.join(map(repr, missing_advice))}"
        )
    posture = _load_entries(folder, POSTURE_FILE, "posture", "posture item", _parse_posture)
    pain = _load_entries(
        folder, PAIN_CHARACTER_FILE, "pain_character", "pain item", _parse_pain_item
    )
    present = {p.id for p in pain}
    missing_pain = [i for i in (*SOFT_TISSUE_PAIN_IDS, *NERVE_PAIN_IDS) if i not in present]
    if missing_pain:
        raise CatalogueError(
            f"{PAIN_CHARACTER_FILE}: missing required pain-character item(s) "
            f"{', '.join(map(repr, missing_pain))}"
        )
    return Catalogue(
        folder=folder,
        tests=tests,
        exercises=exercises,
        techniques=techniques,
        red_flags=red_flags,
        advice=advice,
        posture=posture,
        pain_character=pain,
    )


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(Exception):
    pass


def _read_file(folder: Path, name: str, list_keys: Sequence[str]) -> dict[str, Any]:
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError(f"{name}: file not found in {folder}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{name}: cannot be read ({exc})") from None
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except _DuplicateKey as exc:
        raise CatalogueError(f"{name}: key {exc.args[0]!r} appears twice in one object") from None
    _check_keys(name, data, required=("version", *list_keys), optional=())
    version = data["version"]
    if not isinstance(version, str) or version not in SUPPORTED_VERSIONS:
        raise CatalogueError(
            f"{name}: unsupported 'version' {version!r} (supported: "
            f"{', '.join(map(repr, SUPPORTED_VERSIONS))})"
        )
    return data


T = TypeVar("T")


def _load_entries(
    folder: Path, name: str, list_key: str, kind: str, parse: Callable[[str, Any], T]
) -> tuple[T, ...]:
    data = _read_file(folder, name, (list_key,))
    return _parse_list(name, data, list_key, kind, parse)


def _parse_list(
    name: str, data: Mapping[str, Any], list_key: str, kind: str, parse: Callable[[str, Any], T]
) -> tuple[T, ...]:
    raw = data[list_key]
    if not isinstance(raw, list):
        raise CatalogueError(f"{name}: {list_key!r} must be a list, not {_type_name(raw)}")
    if not raw:
        raise CatalogueError(f"{name}: {list_key!r} is empty")
    entries: list[T] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        where = f"{name}, {_describe(kind, item, index)}"
        entry = parse(where, item)
        entry_id = str(entry.id)  # type: ignore[attr-defined]
        if entry_id in seen:
            raise CatalogueError(f"{where}: duplicate id (also at index {seen[entry_id]})")
        seen[entry_id] = index
        entries.append(entry)
    return tuple(entries)


# --------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------


def _describe(kind: str, item: Any, index: int) -> str:
    if isinstance(item, dict):
        entry_id = item.get("id")
        if isinstance(entry_id, str) and entry_id:
            return f"{kind} {entry_id!r}"
    return f"{kind} at index {index}"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _check_keys(
    where: str, value: Any, *, required: Sequence[str], optional: Sequence[str]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CatalogueError(f"{where}: expected an object, got {_type_name(value)}")
    allowed = (*required, *optional)
    unknown = [k for k in value if k not in allowed]
    if unknown:
        raise CatalogueError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(allowed)})")
    missing = [k for k in required if k not in value]
    if missing:
        raise CatalogueError(f"{where}: missing key {missing[0]!r}")
    return value


def _str(where: str, data: Mapping[str, Any], key: str, *, empty_ok: bool = False) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise CatalogueError(f"{where}: {key!r} must be a string, not {_type_name(value)}")
    if not empty_ok and not value.strip():
        raise CatalogueError(f"{where}: {key!r} must not be empty")
    return value


def _opt_str(where: str, data: Mapping[str, Any], key: str) -> str:
    return _str(where, data, key, empty_ok=True) if key in data else ""


def _id(where: str, data: Mapping[str, Any], key: str = "id") -> str:
    value = _str(where, data, key)
    if not _ID_PATTERN.match(value):
        raise CatalogueError(
            f"{where}: {key!r} {value!r} must be lower-case letters, digits and underscores"
        )
    return value


def _bool(where: str, data: Mapping[str, Any], key: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise CatalogueError(f"{where}: {key!r} must be true or false, not {_type_name(value)}")
    return value


def _int(where: str, data: Mapping[str, Any], key: str, *, minimum: int) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise CatalogueError(f"{where}: {key!r} must be a whole number, not {_type_name(value)}")
    if value < minimum:
        raise CatalogueError(f"{where}: {key!r} must be at least {minimum}, not {value}")
    return value


def _number(where: str, data: Mapping[str, Any], key: str, *, integer: bool = False) -> float:
    value = data[key]
    if integer and (isinstance(value, bool) or not isinstance(value, int)):
        raise CatalogueError(f"{where}: {key!r} must be a whole number, not {_type_name(value)}")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CatalogueError(f"{where}: {key!r} must be a number, not {_type_name(value)}")
    return value


def _enum(where: str, data: Mapping[str, Any], key: str, enum: type[StrEnum]) -> Any:
    value = _str(where, data, key)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in enum)
        raise CatalogueError(f"{where}: {key!r} {value!r} is not one of {allowed}") from None


def _str_list(where: str, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data[key]
    if not isinstance(value, list):
        raise CatalogueError(f"{where}: {key!r} must be a list, not {_type_name(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise CatalogueError(f"{where}: {key!r} item {i} must be a non-empty string")
    return tuple(value)


def _options(
    where: str, data: Mapping[str, Any], key: str, *, non_empty: bool, kind: str = "option"
) -> tuple[Option, ...]:
    value = data.get(key)
    if not isinstance(value, list):
        raise CatalogueError(f"{where}: {key!r} must be a list, not {_type_name(value)}")
    if non_empty and not value:
        raise CatalogueError(f"{where}: {key!r} must not be empty")
    options: list[Option] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        here = f"{where}, {_describe(kind, item, index)}"
        _check_keys(here, item, required=("id", "label"), optional=())
        opt = Option(id=_id(here, item), label=_str(here, item, "label"))
        if opt.id in seen:
            raise CatalogueError(f"{here}: duplicate id in {key!r}")
        seen.add(opt.id)
        options.append(opt)
    return tuple(options)


# --------------------------------------------------------------------------------------------
# Entry parsers
# --------------------------------------------------------------------------------------------

_FIELD_COMMON = ("id", "label", "type")
_FIELD_COMMON_OPTIONAL = ("required", "help")
_FIELD_EXTRA: dict[FieldType, tuple[tuple[str, ...], tuple[str, ...]]] = {
    FieldType.OXFORD: ((), ()),
    FieldType.INTEGER: (("min", "max"), ("unit",)),
    FieldType.NUMBER: (("min", "max"), ("unit",)),
    FieldType.CHOICE: (("options",), ()),
    FieldType.MULTI: (("options",), ()),
    FieldType.BOOLEAN: ((), ()),
    FieldType.TEXT: ((), ()),
    FieldType.ORDER: (("items",), ()),
}


def _parse_field(where: str, item: Any) -> FieldDefinition:
    if not isinstance(item, dict):
        raise CatalogueError(f"{where}: expected an object, got {_type_name(item)}")
    if "type" not in item:
        raise CatalogueError(f"{where}: missing key 'type'")
    ftype: FieldType = _enum(where, item, "type", FieldType)
    extra_required, extra_optional = _FIELD_EXTRA[ftype]
    label = f"{ftype.value} field"
    for key in extra_required:
        if key not in item:
            if key in ("options", "items"):
                raise CatalogueError(f"{where}: {label} needs a non-empty {key!r} list")
            raise CatalogueError(f"{where}: {label} needs {key!r}")
    allowed = (*_FIELD_COMMON, *_FIELD_COMMON_OPTIONAL, *extra_required, *extra_optional)
    unknown = [k for k in item if k not in allowed]
    if unknown:
        raise CatalogueError(
            f"{where}: key {unknown[0]!r} is not allowed in a field of type {ftype.value!r}"
        )
    _check_keys(
        where,
        item,
        required=(*_FIELD_COMMON, *extra_required),
        optional=(*_FIELD_COMMON_OPTIONAL, *extra_optional),
    )
    options: tuple[Option, ...] = ()
    items: tuple[Option, ...] = ()
    lo = hi = None
    if ftype in (FieldType.CHOICE, FieldType.MULTI):
        if not isinstance(item["options"], list) or not item["options"]:
            raise CatalogueError(f"{where}: {label} needs a non-empty 'options' list")
        options = _options(where, item, "options", non_empty=True)
    elif ftype is FieldType.ORDER:
        if not isinstance(item["items"], list) or not item["items"]:
            raise CatalogueError(f"{where}: {label} needs a non-empty 'items' list")
        items = _options(where, item, "items", non_empty=True, kind="item")
        if ORDER_UNDETERMINED in {i.id for i in items}:
            raise CatalogueError(f"{where}: {ORDER_UNDETERMINED!r} cannot be an order item id")
    elif ftype in (FieldType.INTEGER, FieldType.NUMBER):
        integer = ftype is FieldType.INTEGER
        lo = _number(where, item, "min", integer=integer)
        hi = _number(where, item, "max", integer=integer)
        if lo > hi:
            raise CatalogueError(f"{where}: 'min' ({lo}) is greater than 'max' ({hi})")
    return FieldDefinition(
        id=_id(where, item),
        label=_str(where, item, "label"),
        type=ftype,
        required=_bool(where, item, "required") if "required" in item else False,
        help=_opt_str(where, item, "help"),
        options=options,
        items=items,
        min=lo,
        max=hi,
        unit=_opt_str(where, item, "unit"),
    )


def _parse_test(where: str, item: Any) -> TestDefinition:
    _check_keys(
        where,
        item,
        required=(
            "id",
            "name",
            "section",
            "per_side",
            "optional",
            "variants",
            "instructions",
            "fields",
            "compensations",
            "caveat",
            "source",
        ),
        optional=(),
    )
    raw_fields = item["fields"]
    if not isinstance(raw_fields, list) or not raw_fields:
        raise CatalogueError(f"{where}: 'fields' must be a non-empty list")
    fields: list[FieldDefinition] = []
    for index, raw in enumerate(raw_fields):
        field_def = _parse_field(f"{where}, {_describe('field', raw, index)}", raw)
        if field_def.id in {f.id for f in fields}:
            raise CatalogueError(f"{where}, field {field_def.id!r}: duplicate field id")
        fields.append(field_def)
    return TestDefinition(
        id=_id(where, item),
        name=_str(where, item, "name"),
        section=_enum(where, item, "section", TestSection),
        per_side=_bool(where, item, "per_side"),
        optional=_bool(where, item, "optional"),
        variants=_options(where, item, "variants", non_empty=False, kind="variant"),
        instructions=_str(where, item, "instructions"),
        fields=tuple(fields),
        compensations=_options(where, item, "compensations", non_empty=False, kind="compensation"),
        caveat=_str(where, item, "caveat", empty_ok=True),
        source=_str(where, item, "source"),
    )


def _parse_dose(where: str, item: Any) -> Dose:
    where = f"{where}, dose"
    _check_keys(
        where,
        item,
        required=("sets", "per_side", "frequency_per_week"),
        optional=("reps", "hold_seconds"),
    )
    has_reps, has_hold = "reps" in item, "hold_seconds" in item
    if has_reps == has_hold:
        raise CatalogueError(f"{where}: give exactly one of 'reps' and 'hold_seconds'")
    frequency = _int(where, item, "frequency_per_week", minimum=1)
    if frequency > 7:
        raise CatalogueError(f"{where}: 'frequency_per_week' must be at most 7, not {frequency}")
    return Dose(
        sets=_int(where, item, "sets", minimum=1),
        reps=_int(where, item, "reps", minimum=1) if has_reps else None,
        hold_seconds=_int(where, item, "hold_seconds", minimum=1) if has_hold else None,
        per_side=_bool(where, item, "per_side"),
        frequency_per_week=frequency,
    )


def _parse_exercise(where: str, item: Any) -> ExerciseDefinition:
    _check_keys(
        where,
        item,
        required=(
            "id",
            "name",
            "target",
            "position",
            "equipment",
            "dose",
            "cues",
            "regressions",
            "progressions",
            "cautions",
            "printable",
            "evidence",
        ),
        optional=(),
    )
    return ExerciseDefinition(
        id=_id(where, item),
        name=_str(where, item, "name"),
        target=_enum(where, item, "target", ExerciseTarget),
        position=_str(where, item, "position"),
        equipment=_str_list(where, item, "equipment"),
        dose=_parse_dose(where, item["dose"]),
        cues=_str_list(where, item, "cues"),
        regressions=_str_list(where, item, "regressions"),
        progressions=_str_list(where, item, "progressions"),
        cautions=_str_list(where, item, "cautions"),
        printable=_str(where, item, "printable"),
        evidence=_str(where, item, "evidence", empty_ok=True),
    )


def _parse_technique(where: str, item: Any) -> Technique:
    _check_keys(where, item, required=("id", "name", "description"), optional=())
    return Technique(
        id=_id(where, item),
        name=_str(where, item, "name"),
        description=_str(where, item, "description"),
    )


def _parse_red_flag(where: str, item: Any) -> RedFlagItem:
    _check_keys(where, item, required=("id", "label", "group", "tier"), optional=("help",))
    return RedFlagItem(
        id=_id(where, item),
        label=_str(where, item, "label"),
        group=_enum(where, item, "group", RedFlagGroup),
        tier=_enum(where, item, "tier", RedFlagTier),
        help=_opt_str(where, item, "help"),
    )


def _parse_advice(where: str, item: Any) -> AdviceOption:
    _check_keys(where, item, required=("id", "label", "text"), optional=("safety_net",))
    return AdviceOption(
        id=_enum(where, item, "id", Advice),
        label=_str(where, item, "label"),
        text=_str(where, item, "text"),
        safety_net=_opt_str(where, item, "safety_net"),
    )


def _parse_posture(where: str, item: Any) -> PostureItem:
    _check_keys(
        where, item, required=("id", "label", "group", "options"), optional=("measure", "help")
    )
    measure = None
    if "measure" in item:
        here = f"{where}, measure"
        raw = _check_keys(here, item["measure"], required=("unit", "min", "max"), optional=())
        measure = Measure(
            unit=_str(here, raw, "unit"),
            min=_number(here, raw, "min"),
            max=_number(here, raw, "max"),
        )
        if measure.min > measure.max:
            raise CatalogueError(
                f"{here}: 'min' ({measure.min}) is greater than 'max' ({measure.max})"
            )
    return PostureItem(
        id=_id(where, item),
        label=_str(where, item, "label"),
        group=_enum(where, item, "group", PostureGroup),
        options=_options(where, item, "options", non_empty=True),
        measure=measure,
        help=_opt_str(where, item, "help"),
    )


def _parse_pain_item(where: str, item: Any) -> PainCharacterItem:
    _check_keys(
        where, item, required=("id", "label", "indicates", "prompts_referral"), optional=("help",)
    )
    return PainCharacterItem(
        id=_id(where, item),
        label=_str(where, item, "label"),
        indicates=_enum(where, item, "indicates", PainIndicator),
        prompts_referral=_bool(where, item, "prompts_referral"),
        help=_opt_str(where, item, "help"),
    )


# --------------------------------------------------------------------------------------------
# Checking recorded values
# --------------------------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def _check_value(f: FieldDefinition, value: Any) -> str | None:
    """Return a problem with ``value`` for field ``f``, or None if it fits."""
    where = f"field {f.id!r}"
    if f.type is FieldType.OXFORD:
        if value not in OXFORD_VALUES or not isinstance(value, str):
            return f"{where}: {value!r} is not an Oxford grade ({', '.join(OXFORD_VALUES)})"
    elif f.type in (FieldType.INTEGER, FieldType.NUMBER):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{where}: expected a number, got {_type_name(value)}"
        if f.type is FieldType.INTEGER and not isinstance(value, int):
            return f"{where}: expected a whole number, got {value!r}"
        if not math.isfinite(value):
            return f"{where}: {value!r} is not a finite number"
        assert f.min is not None and f.max is not None
        if not f.min <= value <= f.max:
            unit = f" {f.unit}" if f.unit else ""
            return f"{where}: {value}{unit} is outside {f.min:g} to {f.max:g}{unit}"
    elif f.type is FieldType.CHOICE:
        if not isinstance(value, str) or value not in f.option_ids:
            return f"{where}: {value!r} is not one of {', '.join(f.option_ids)}"
    elif f.type is FieldType.MULTI:
        if not isinstance(value, list | tuple):
            return f"{where}: expected a list of option ids, got {_type_name(value)}"
        for v in value:
            if not isinstance(v, str) or v not in f.option_ids:
                return f"{where}: {v!r} is not one of {', '.join(f.option_ids)}"
        if len(set(value)) != len(value):
            return f"{where}: an option is ticked twice"
    elif f.type is FieldType.BOOLEAN:
        if not isinstance(value, bool):
            return f"{where}: expected true or false, got {_type_name(value)}"
    elif f.type is FieldType.TEXT:
        if not isinstance(value, str):
            return f"{where}: expected text, got {_type_name(value)}"
    elif f.type is FieldType.ORDER:
        if value == ORDER_UNDETERMINED:
            return None
        if not isinstance(value, list | tuple):
            return f"{where}: expected a list of item ids or {ORDER_UNDETERMINED!r}"
        for v in value:
            if not isinstance(v, str) or v not in f.option_ids:
                return f"{where}: {v!r} is not one of {', '.join(f.option_ids)}"
        if len(set(value)) != len(value):
            return f"{where}: an item appears twice in the order"
    return None


def validate_test_values(test: TestDefinition, values: Mapping[str, Any]) -> list[str]:
    """Check recorded result ``values`` against ``test``'s fields; return the problems found.

    Reports unknown fields, missing required fields, wrong types, numbers out of range, and
    unknown option ids. ``None`` (and an empty string or list) counts as "not recorded". An empty
    list means the values fit.
    """
    if not isinstance(values, Mapping):
        return [f"test {test.id!r}: values must be a mapping of field id to value"]
    problems: list[str] = []
    known = {f.id for f in test.fields}
    for key in values:
        if key not in known:
            problems.append(f"unknown field {key!r} for test {test.id!r}")
    for f in test.fields:
        value = values.get(f.id)
        if _is_blank(value):
            if f.required:
                problems.append(f"field {f.id!r} ({f.label}) is required")
            continue
        problem = _check_value(f, value)
        if problem:
            problems.append(problem)
    return problems


def validate_test_result(test: TestDefinition, result: TestResult) -> list[str]:
    """Check a whole :class:`TestResult` against ``test``; return the problems found.

    Besides :func:`validate_test_values`, checks the test id, the variant, the compensation ids,
    and that a result marked "not tested" carries no values. Required fields are not demanded of
    a result that was not tested.
    """
    problems: list[str] = []
    if result.test_id != test.id:
        problems.append(f"result is for test {result.test_id!r}, not {test.id!r}")
    if result.variant and result.variant not in test.variant_ids:
        problems.append(f"test {test.id!r} has no variant {result.variant!r}")
    for comp in result.compensations:
        if comp not in test.compensation_ids:
            problems.append(f"test {test.id!r} has no compensation {comp!r}")
    if not result.tested:
        if result.values:
            problems.append("a result marked 'not tested' must not carry values")
        return problems
    problems.extend(validate_test_values(test, result.values))
    return problems
