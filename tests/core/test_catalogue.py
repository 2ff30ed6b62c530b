"""The shipped catalogues load and match the clinical reference; malformed files are refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from glutedesk.domain.catalogue import (
    CATALOGUE_FILES,
    NERVE_PAIN_IDS,
    SOFT_TISSUE_PAIN_IDS,
    Catalogue,
    ExerciseTarget,
    FieldType,
    RedFlagGroup,
    TestSection,
    load_catalogue,
    validate_test_result,
    validate_test_values,
)
from glutedesk.domain.errors import CatalogueError
from glutedesk.domain.grades import OXFORD_GRADES
from glutedesk.domain.models import Advice, RedFlagTier, Side
from glutedesk.domain.models import TestResult as Result
from glutedesk.paths import resources_dir

FIXTURE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue"

SECTION_1_TEST_IDS = {
    "oxford_glute_max",
    "oxford_glute_med",
    "oxford_iliopsoas",
    "oxford_tfl",
    "oxford_hamstrings",
    "janda_prone_hip_extension",
    "janda_side_lying_abduction",
    "trendelenburg",
    "single_leg_squat",
    "bridge_endurance",
    "thomas_test",
    "ober_test",
    "aslr",
    "faber",
    "prone_instability",
    "passive_slr",
}
OPTIONAL_TEST_IDS = {
    "oxford_iliopsoas",
    "oxford_tfl",
    "oxford_hamstrings",
    "prone_instability",
    "passive_slr",
}
EXPECTED_EXERCISE_IDS = {
    "glute_bridge",
    "single_leg_bridge",
    "quadruped_hip_extension",
    "prone_hip_extension_knee_bent",
    "hip_thrust",
    "step_up",
    "lateral_step_up",
    "squat",
    "single_leg_deadlift",
    "side_lying_hip_abduction",
    "clam",
    "lateral_band_walk",
    "single_leg_squat",
    "half_kneeling_hip_flexor_stretch",
    "rear_foot_elevated_hip_flexor_stretch",
}
EXPECTED_TECHNIQUE_IDS = {
    "effleurage",
    "petrissage",
    "tapotement",
    "compression",
    "vibration",
    "friction",
    "soft_tissue_release",
    "muscle_energy_technique",
    "myofascial_release",
    "positional_release",
    "trigger_point",
    "passive_stretch",
    "heat",
    "ice",
}
REFERRAL_PROMPTING = {
    "numbness",
    "pins_and_needles",
    "weakness",
    "shooting_leg_pain",
    "leg_pain_worse_than_back",
}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def copy_catalogue(dest: Path) -> Path:
    """Copy the shipped catalogue files into ``dest`` and return it."""
    for name in CATALOGUE_FILES:
        shutil.copy(resources_dir() / name, dest / name)
    return dest


def edit(folder: Path, name: str, change: Any) -> None:
    """Load ``folder/name`` as JSON, apply ``change(data)`` in place, and write it back."""
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def find(entries: list[dict[str, Any]], entry_id: str) -> dict[str, Any]:
    return next(e for e in entries if e.get("id") == entry_id)


# ------------------------------------------------------------------------------------------
# The shipped catalogue
# ------------------------------------------------------------------------------------------


def test_shipped_catalogue_loads_and_is_cached(cat: Catalogue) -> None:
    assert load_catalogue() is cat
    assert cat.tests and cat.exercises and cat.techniques
    assert cat.red_flags and cat.advice and cat.posture and cat.pain_character


def test_every_section_1_test_is_present(cat: Catalogue) -> None:
    assert {t.id for t in cat.tests} == SECTION_1_TEST_IDS
    assert {t.id for t in cat.tests if t.optional} == OPTIONAL_TEST_IDS
    assert all(cat.test(i).per_side for i in SECTION_1_TEST_IDS - {"prone_instability"})


def test_oxford_tests_have_grade_and_dynamometer(cat: Catalogue) -> None:
    assert OXFORD_GRADES == ("0", "1", "2", "3-", "3", "3+", "4-", "4", "4+", "5-", "5")
    for test in cat.tests_in_section(TestSection.STRENGTH):
        assert test.field("grade").type is FieldType.OXFORD
        assert not test.field("grade").required  # a reading may stand without a grade (1.1a)
        assert test.field("dynamometer").type is FieldType.NUMBER
        assert test.field("dynamometer_unit").option_ids == (
            "n",
            "kg",
            "lbf",
            "nm",
            "n_per_kg",
            "percent_bw",
        )
        assert test.field("position").type is FieldType.TEXT


def test_firing_tests_record_order_and_faults_never_abnormal(cat: Catalogue) -> None:
    phe = cat.test("janda_prone_hip_extension")
    order = phe.field("order")
    assert order.type is FieldType.ORDER
    assert set(order.option_ids) == {
        "glute_max",
        "hamstrings",
        "contralateral_es",
        "ipsilateral_es",
    }
    assert len(phe.field("faults").options) == 7
    for test in cat.tests_in_section(TestSection.FIRING):
        for f in test.fields:
            assert "abnormal" not in f.id
            assert all("abnormal" not in o.id for o in (*f.options, *f.items))


def test_specific_test_shapes(cat: Catalogue) -> None:
    assert cat.test("trendelenburg").field("result").option_ids == (
        "negative",
        "drop",
        "trunk_lean",
    )
    assert cat.test("single_leg_squat").field("rating").option_ids == ("good", "fair", "poor")
    bridge = cat.test("bridge_endurance")
    assert bridge.variant_ids == ("hold", "reps")
    assert set(bridge.field("felt_in").option_ids) == {"glute", "hamstring", "back", "cramp"}
    assert cat.test("ober_test").variant_ids == ("ober", "modified")
    aslr = cat.test("aslr").field("score")
    assert (aslr.min, aslr.max) == (0, 5)
    assert cat.test("faber").field("location").option_ids == (
        "groin",
        "posterior_sij",
        "lateral_hip",
    )
    assert "referral" in cat.test("passive_slr").caveat.lower()


def test_red_flag_tiers_follow_groups(cat: Catalogue) -> None:
    expected = {
        RedFlagGroup.CAUDA_EQUINA: RedFlagTier.EMERGENCY,
        RedFlagGroup.CANCER: RedFlagTier.URGENT_GP,
        RedFlagGroup.INFECTION: RedFlagTier.URGENT_GP,
        RedFlagGroup.FRACTURE: RedFlagTier.URGENT_GP,
        RedFlagGroup.OTHER: RedFlagTier.ROUTINE_GP,
    }
    for group, tier in expected.items():
        flags = cat.red_flags_in_group(group)
        assert flags, group
        assert {f.tier for f in flags} == {tier}
    assert len(cat.red_flags_in_group(RedFlagGroup.CAUDA_EQUINA)) == 6
    assert {a.id for a in cat.advice} == set(Advice)
    emergency = cat.advice_option(Advice.A_AND_E_NOW)
    assert "A&E" in emergency.text and emergency.safety_net
    assert cat.red_flag("ces_saddle_numbness").tier is RedFlagTier.EMERGENCY


def test_pain_character_ids_and_referral_prompts(cat: Catalogue) -> None:
    ids = [p.id for p in cat.pain_character]
    assert set(ids) == set(SOFT_TISSUE_PAIN_IDS) | set(NERVE_PAIN_IDS)
    assert {p.id for p in cat.pain_character if p.indicates == "soft_tissue"} == set(
        SOFT_TISSUE_PAIN_IDS
    )
    assert {p.id for p in cat.pain_character if p.indicates == "nerve"} == set(NERVE_PAIN_IDS)
    assert {p.id for p in cat.pain_character if p.prompts_referral} == REFERRAL_PROMPTING
    assert cat.pain_item("numbness").prompts_referral


def test_exercises_and_doses(cat: Catalogue) -> None:
    assert {e.id for e in cat.exercises} == EXPECTED_EXERCISE_IDS
    for ex in cat.exercises:
        dose = ex.dose
        assert (dose.reps is None) != (dose.hold_seconds is None), ex.id
        assert 1 <= dose.frequency_per_week <= 7
        assert 2 <= ex.printable.count(". ") + 1 <= 5, ex.id
        if ex.target is ExerciseTarget.FLEXOR_LENGTH:
            assert dose.hold_seconds is not None and 20 <= dose.hold_seconds <= 30
            assert 2 <= dose.sets <= 4 and dose.frequency_per_week == 7
        else:
            assert dose.reps is not None and 8 <= dose.reps <= 12, ex.id
            assert 1 <= dose.sets <= 3 and 2 <= dose.frequency_per_week <= 3
        prescription = ex.default_prescription()
        assert prescription.exercise_id == ex.id and prescription.sets == dose.sets
    assert "54%" in cat.exercise("single_leg_bridge").evidence


def test_techniques_and_posture(cat: Catalogue) -> None:
    assert {t.id for t in cat.techniques} == EXPECTED_TECHNIQUE_IDS
    groups = {p.group.value for p in cat.posture}
    assert groups == {"pelvis", "lumbar", "hips", "knees_feet", "plumb_line", "leg_length"}
    assert cat.posture_item("pelvic_tilt").neutral.id == "neutral"
    assert cat.posture_item("pelvic_obliquity").measure is not None
    assert cat.posture_item("lumbar_lordosis").option_ids == ("normal", "increased", "flat")


def test_lookup_of_unknown_id_raises_key_error(cat: Catalogue) -> None:
    with pytest.raises(KeyError, match="no_such_test"):
        cat.test("no_such_test")
    with pytest.raises(KeyError, match="exercise"):
        cat.exercise("nope")
    with pytest.raises(KeyError):
        cat.red_flag("nope")
    with pytest.raises(KeyError):
        cat.test("trendelenburg").field("nope")


def test_fixture_catalogue_has_extra_test() -> None:
    fixture = load_catalogue(FIXTURE_DIR)
    extra = fixture.test("fixture_extra_test")
    assert extra.name == "Fixture-only test"
    assert [f.type for f in extra.fields] == [FieldType.CHOICE]
    assert {t.id for t in fixture.tests} == SECTION_1_TEST_IDS | {"fixture_extra_test"}


def test_new_test_added_as_data_appears(tmp_path: Path) -> None:
    folder = copy_catalogue(tmp_path)
    new_test = {
        "id": "heel_walk",
        "name": "Heel walk",
        "section": "stability",
        "per_side": False,
        "optional": True,
        "variants": [],
        "instructions": "Walk on the heels for ten steps.",
        "fields": [{"id": "able", "label": "Able", "type": "boolean", "required": True}],
        "compensations": [],
        "caveat": "",
        "source": "therapist's own",
    }
    edit(folder, "tests.json", lambda d: d["tests"].append(new_test))
    loaded = load_catalogue(folder)
    assert loaded.test("heel_walk").field("able").type is FieldType.BOOLEAN
    assert validate_test_values(loaded.test("heel_walk"), {"able": True}) == []


# ------------------------------------------------------------------------------------------
# Malformed catalogues
# ------------------------------------------------------------------------------------------


def _drop_key(entry_id: str, key: str):
    return lambda d: find(d["tests"], entry_id).pop(key)


def _set_field(test_id: str, field_id: str, key: str, value: Any):
    def change(d: dict[str, Any]) -> None:
        find(find(d["tests"], test_id)["fields"], field_id)[key] = value

    return change


MALFORMED = [
    pytest.param(
        "tests.json",
        _drop_key("faber", "section"),
        ["tests.json", "test 'faber'", "missing key 'section'"],
        id="missing-key",
    ),
    pytest.param(
        "tests.json",
        lambda d: find(d["tests"], "aslr").update(per_side="yes"),
        ["tests.json", "test 'aslr'", "'per_side'", "true or false"],
        id="bad-type",
    ),
    pytest.param(
        "tests.json",
        lambda d: d["tests"].append(dict(find(d["tests"], "faber"))),
        ["tests.json", "test 'faber'", "duplicate id"],
        id="duplicate-test-id",
    ),
    pytest.param(
        "tests.json",
        _set_field("trendelenburg", "result", "type", "slider"),
        ["tests.json", "test 'trendelenburg'", "field 'result'", "'slider'"],
        id="unknown-field-type",
    ),
    pytest.param(
        "tests.json",
        _set_field("trendelenburg", "result", "options", []),
        [
            "tests.json, test 'trendelenburg', field 'result': "
            "choice field needs a non-empty 'options' list"
        ],
        id="empty-options",
    ),
    pytest.param(
        "tests.json",
        _set_field("aslr", "score", "min", 9),
        ["tests.json", "test 'aslr'", "field 'score'", "'min'"],
        id="min-above-max",
    ),
    pytest.param(
        "tests.json",
        lambda d: find(d["tests"], "faber").update(sectoin="provocation"),
        ["tests.json", "test 'faber'", "unknown key 'sectoin'"],
        id="typo-key",
    ),
    pytest.param(
        "tests.json",
        lambda d: d["tests"][2].pop("id"),
        ["tests.json", "test at index 2", "missing key 'id'"],
        id="missing-id-uses-index",
    ),
    pytest.param(
        "exercises.json",
        lambda d: find(d["exercises"], "clam")["dose"].update(hold_seconds=30),
        ["exercises.json", "exercise 'clam'", "dose", "exactly one of 'reps' and 'hold_seconds'"],
        id="dose-reps-and-hold",
    ),
    pytest.param(
        "exercises.json",
        lambda d: find(d["exercises"], "squat").update(target="legs"),
        ["exercises.json", "exercise 'squat'", "'target'", "'legs'"],
        id="bad-exercise-target",
    ),
    pytest.param(
        "red_flags.json",
        lambda d: find(d["red_flags"], "ces_bowel").update(tier="soon"),
        ["red_flags.json", "red flag 'ces_bowel'", "'tier'", "'soon'"],
        id="bad-tier",
    ),
    pytest.param(
        "red_flags.json",
        lambda d: d["advice"].pop(),
        ["red_flags.json", "'no_action_needed'"],
        id="missing-advice",
    ),
    pytest.param(
        "posture.json",
        lambda d: find(d["posture"], "pelvic_tilt").update(options=[]),
        ["posture.json", "posture item 'pelvic_tilt'", "'options'"],
        id="posture-no-options",
    ),
    pytest.param(
        "pain_character.json",
        lambda d: d["pain_character"].pop(0),
        ["pain_character.json", "'dull_ache'"],
        id="missing-pain-id",
    ),
    pytest.param(
        "techniques.json",
        lambda d: d.update(version="2"),
        ["techniques.json", "'version'"],
        id="bad-version",
    ),
]


@pytest.mark.parametrize(("name", "change", "fragments"), MALFORMED)
def test_malformed_catalogue_names_file_and_entry(
    tmp_path: Path, name: str, change: Any, fragments: list[str]
) -> None:
    folder = copy_catalogue(tmp_path)
    edit(folder, name, change)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(folder)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message


def test_invalid_json_and_missing_file(tmp_path: Path) -> None:
    folder = copy_catalogue(tmp_path)
    (folder / "posture.json").write_text('{"version": "1", "posture": [', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"posture\.json: not valid JSON at line 1"):
        load_catalogue(folder)
    (folder / "posture.json").unlink()
    with pytest.raises(CatalogueError, match=r"posture\.json: file not found"):
        load_catalogue(folder)


def test_duplicate_json_key_is_refused(tmp_path: Path) -> None:
    folder = copy_catalogue(tmp_path)
    text = (folder / "techniques.json").read_text(encoding="utf-8")
    text = text.replace('"id": "ice",', '"id": "ice", "id": "ice2",', 1)
    (folder / "techniques.json").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"techniques\.json: key 'id' appears twice"):
        load_catalogue(folder)


def test_catalogue_error_is_a_value_error() -> None:
    assert issubclass(CatalogueError, ValueError)


# ------------------------------------------------------------------------------------------
# Checking recorded values
# ------------------------------------------------------------------------------------------


def test_validate_test_values_accepts_good_values(cat: Catalogue) -> None:
    good = {"grade": "4-", "dynamometer": 182.5, "dynamometer_unit": "n", "position": "knee"}
    assert validate_test_values(cat.test("oxford_glute_max"), good) == []
    phe = cat.test("janda_prone_hip_extension")
    assert validate_test_values(phe, {"order": ["hamstrings", "glute_max"], "faults": []}) == []
    assert validate_test_values(phe, {"order": "undetermined"}) == []
    bridge = {"seconds": 45, "stop_reason": "pelvis_drops", "felt_in": ["glute", "back"]}
    assert validate_test_values(cat.test("bridge_endurance"), bridge) == []


@pytest.mark.parametrize(
    ("test_id", "values", "fragment"),
    [
        ("oxford_glute_max", {"grade": "6"}, "not an Oxford grade"),
        ("oxford_glute_max", {"dynamometer": 10, "dynamometer_unit": "mm"}, "not one of"),
        ("oxford_glute_max", {"grade": "4", "dynamometer": -5}, "outside"),
        ("oxford_glute_max", {"grade": "4", "dynamometer": "a lot"}, "expected a number"),
        ("oxford_glute_max", {"grade": "4", "colour": "red"}, "unknown field 'colour'"),
        ("trendelenburg", {"result": "wobble"}, "'wobble' is not one of"),
        ("trendelenburg", {"result": "drop", "seconds_held": 12.5}, "whole number"),
        ("trendelenburg", {"result": "drop", "pain": "yes"}, "true or false"),
        ("janda_prone_hip_extension", {"order": ["glute_max", "glute_max"]}, "twice"),
        ("janda_prone_hip_extension", {"order": ["quads"]}, "'quads'"),
        ("janda_prone_hip_extension", {"faults": ["sneezing"]}, "'sneezing'"),
        ("janda_prone_hip_extension", {"faults": "knee_flexes"}, "expected a list"),
        ("aslr", {"score": 6}, "outside"),
        ("aslr", {"score": True}, "expected a number"),
    ],
)
def test_validate_test_values_catches_bad_values(
    cat: Catalogue, test_id: str, values: dict[str, Any], fragment: str
) -> None:
    problems = validate_test_values(cat.test(test_id), values)
    assert problems
    assert any(fragment in p for p in problems), problems


def test_validate_test_result(cat: Catalogue) -> None:
    ober = cat.test("ober_test")
    ok = Result(test_id="ober_test", side=Side.LEFT, values={"positive": True}, variant="ober")
    assert validate_test_result(ober, ok) == []
    bad = Result(
        test_id="ober_test",
        side=Side.LEFT,
        values={"positive": True},
        variant="sideways",
        compensations=("made_up",),
    )
    problems = validate_test_result(ober, bad)
    assert any("sideways" in p for p in problems) and any("made_up" in p for p in problems)
    skipped = Result(test_id="ober_test", side=Side.RIGHT, not_tested_reason="hip pain")
    assert validate_test_result(ober, skipped) == []
