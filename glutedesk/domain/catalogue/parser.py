"""Loading the catalogues: :func:`load_catalogue` reads the six files, validates them strictly
(required keys, types, allowed values, unique ids, no unknown keys) and returns frozen dataclasses.

A malformed file raises :class:`~glutedesk.domain.errors.CatalogueError` whose message names the
file, the entry (by id, or by index when the id is missing) and the problem.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from glutedesk.domain.catalogue.model import (
    EXERCISES_FILE,
    NERVE_PAIN_IDS,
    ORDER_UNDETERMINED,
    PAIN_CHARACTER_FILE,
    POSTURE_FILE,
    RED_FLAGS_FILE,
    SOFT_TISSUE_PAIN_IDS,
    TECHNIQUES_FILE,
    TESTS_FILE,
    AdviceOption,
    Catalogue,
    Dose,
    ExerciseDefinition,
    ExerciseTarget,
    FieldDefinition,
    FieldType,
    Measure,
    Option,
    PainCharacterItem,
    PainIndicator,
    PostureGroup,
    PostureItem,
    RedFlagGroup,
    RedFlagItem,
    Technique,
    TestDefinition,
    TestSection,
)
from glutedesk.domain.catalogue.readers import (
    _bool,
    _check_keys,
    _describe,
    _enum,
    _id,
    _int,
    _load_entries,
    _number,
    _opt_str,
    _options,
    _parse_list,
    _read_file,
    _str,
    _str_list,
    _type_name,
)
from glutedesk.domain.errors import CatalogueError
from glutedesk.domain.models import (
    Advice,
    RedFlagTier,
)


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
