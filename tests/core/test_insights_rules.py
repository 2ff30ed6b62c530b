"""The practice-insight rules against the clinical reference's own examples and cut-offs."""

from __future__ import annotations

import datetime as dt

import pytest

from glutedesk.domain.insights import definitions as d
from glutedesk.domain.insights.data import key_positions, plan_courses
from glutedesk.domain.insights.figures import (
    Figure,
    anonymous_code,
    median_figure,
    share_figure,
)
from glutedesk.domain.insights.rules import (
    activity_level,
    age_band,
    grade_is_weak,
    grade_of,
    hip_flexors_short,
    reading_of,
    symmetry,
    symmetry_is_weak,
    trendelenburg_positive,
    weaker_of,
)
from glutedesk.domain.outcomes import is_meaningful_change


@pytest.mark.parametrize(
    ("grade", "weak"),
    [("5", False), ("5-", True), ("4+", True), ("3-", True), ("0", True), ("4 −", True)],
)
def test_any_grade_below_5_is_weak(grade, weak):
    assert grade_is_weak(grade_of({"grade": grade})) is weak


@pytest.mark.parametrize(
    "values",
    [{}, {"grade": ""}, {"grade": None}, {"grade": "6"}, {"grade": "strong"}, {"grade": True}],
)
def test_a_missing_or_unreadable_grade_is_unknown_not_normal(values):
    assert grade_is_weak(grade_of(values)) is None


def test_symmetry_from_same_unit_readings_with_the_90_percent_line():
    left = {"grade": "5", "dynamometer": 180.0, "dynamometer_unit": "n"}
    right = {"grade": "5", "dynamometer": 200.0, "dynamometer_unit": "N"}
    lsi, source = symmetry(left, right)
    assert (round(lsi, 6), source) == (90.0, "readings")
    assert symmetry_is_weak(lsi) is False  # exactly 90 % is not below 90 %
    left["dynamometer"] = 179.0
    lsi, _ = symmetry(left, right)
    assert symmetry_is_weak(lsi) is True
    assert weaker_of(left, right) == "left"


def test_readings_in_different_units_are_never_compared_grades_are_used_instead():
    left = {"grade": "4", "dynamometer": 20.0, "dynamometer_unit": "kg"}
    right = {"grade": "5", "dynamometer": 200.0, "dynamometer_unit": "n"}
    lsi, source = symmetry(left, right)
    assert source == "grades"
    assert round(lsi, 6) == 80.0  # 4 against 5 (reference 1.1a: from grades, and says so)


def test_a_reading_without_a_unit_is_not_a_reading():
    assert reading_of({"dynamometer": 152.5}) is None
    assert reading_of({"dynamometer": {"value": 152.5, "unit": "N"}}).unit == "n"
    assert reading_of({"dynamometer": -3, "dynamometer_unit": "n"}) is None
    assert symmetry({"dynamometer": 100.0}, {"dynamometer": 50.0}) is None  # no grades either


def test_grade_may_be_missing_when_readings_carry_the_symmetry():
    left = {"dynamometer": 150.0, "unit": "nm"}
    right = {"dynamometer": 100.0, "unit": "nm"}
    lsi, source = symmetry(left, right)
    assert source == "readings" and round(lsi, 4) == 66.6667
    assert weaker_of(left, right) == "right"


@pytest.mark.parametrize(
    ("values", "short"),
    [
        ({"hip_angle": 1.0}, True),  # above 0° = short one-joint flexors (reference 1.7)
        ({"hip_angle": 0.0, "knee_angle": 67.0}, False),
        ({"hip_angle": -10.0, "knee_angle": 66.0}, True),  # under 67° = short two-joint
        ({"flags": ["psoas_iliacus"]}, True),
        ({"flags": ["tfl"]}, False),
        ({"hip_angle": -5.0, "flags": ["psoas_iliacus"]}, False),  # angles decide when measured
        ({}, None),
    ],
)
def test_thomas_test_cut_offs(values, short):
    assert hip_flexors_short(values) is short


@pytest.mark.parametrize(
    ("result", "positive"),
    [("drop", True), ("trunk_lean", True), ("negative", False), ("", None), (None, None)],
)
def test_trendelenburg_drop_or_trunk_lean_is_positive(result, positive):
    assert trendelenburg_positive({"result": result}) is positive


@pytest.mark.parametrize(
    ("measure", "first", "later", "meaningful"),
    [
        ("nprs", 6, 4, True),  # 2 points
        ("nprs", 3, 2, True),  # 33 % of baseline
        ("nprs", 8, 7, False),
        ("odi", 40, 30, True),
        ("odi", 40, 31, False),
        ("rmdq", 11, 6, True),
        ("rmdq", 11, 7, False),
        ("psfs", 3, 5, True),
        ("psfs", 3, 4.5, False),
    ],
)
def test_meaningful_change_thresholds_of_the_reference(measure, first, later, meaningful):
    assert is_meaningful_change(measure, first, later) is meaningful


def test_a_gap_over_56_days_starts_a_new_course_and_finishes_the_first():
    day = dt.date(2026, 1, 1).toordinal()
    plan = plan_courses([day, day + 14, day + 71, day + 127], as_of_day=day + 130)
    assert plan.lengths == (2, 2) and plan.first_length == 2 and plan.finished
    plan = plan_courses([day, day + 56, day + 112], as_of_day=day + 150)
    assert plan.lengths == (3,) and not plan.finished  # exactly 56 days: same course
    assert plan_courses([day, day + 56, day + 112], as_of_day=day + 169).finished


def test_key_visits_are_the_first_six_and_the_last():
    assert key_positions(3) == (0, 1, 2)
    assert key_positions(6) == (0, 1, 2, 3, 4, 5)
    assert key_positions(15) == (0, 1, 2, 3, 4, 5, 14)


def test_age_bands_and_activity_levels():
    day = dt.date(2026, 6, 1)
    assert age_band(dt.date(1996, 6, 2), day) == "under 30"  # 29 the day before the birthday
    assert age_band(dt.date(1996, 6, 1), day) == "30–39"
    assert age_band(dt.date(1960, 1, 1), day) == "60+"
    assert age_band(None, day) == "unknown"
    assert activity_level("Half-marathon training") == "trains hard"
    assert activity_level("Road cycling, 100 km a week") == "trains hard"
    assert activity_level("Netball") == "some sport"
    assert activity_level("None at present") == "no regular sport"
    assert activity_level("  ") == "no regular sport"


def test_too_few_under_five_clients_and_no_number_shown():
    few = share_figure("x", "X", {"a", "b", "c", "d"}, {"a"})
    assert few.too_few and few.share is None and few.text.startswith("too few to say")
    enough = share_figure("x", "X", {"a", "b", "c", "d", "e"}, {"a", "b"})
    assert not enough.too_few and enough.share == 40.0 and enough.text == "40 % (2 of 5)"
    assert enough.as_dict()["records_counted"] == sorted([anonymous_code("a"), anonymous_code("b")])
    change = median_figure("y", "Y", {c: (6.0, 2.0) for c in "abcde"})
    assert change.value == -4.0 and "6 → 2" in change.detail


def test_every_definition_has_a_source_and_own_rules_say_so():
    ids = [x.id for x in d.DEFINITIONS]
    assert len(ids) == len(set(ids))
    for item in d.DEFINITIONS:
        assert item.rule and item.source
        assert ("GluteDesk's own" in item.source) == item.own or item.id == "weak_symmetry"
    for own in ("course_of_care", "discharge", "age_band", "activity_level", "weak_symmetry"):
        assert d.definition(own).own
    assert "56 days" in d.definition("course_of_care").rule
    assert "90 %" in d.definition("weak_symmetry").rule
    with pytest.raises(KeyError, match="no insights definition"):
        d.definition("nonsense")


def test_anonymous_codes_are_stable_and_do_not_contain_the_id():
    code = anonymous_code("c0ffee-client-1234")
    assert code == anonymous_code("c0ffee-client-1234") and code.startswith("R-")
    assert "c0ffee" not in code.lower() and len(code) == 8
    assert isinstance(share_figure("k", "K", set(), set()), Figure)


def test_shared_strength_values_give_the_same_summaries_as_separate_ones():
    from glutedesk.domain.insights.data import TestFacts
    from glutedesk.domain.insights.strength import summarise, summarise_all

    weak = {"grade": "4-", "dynamometer": 180.0, "dynamometer_unit": "n"}
    strong = {"grade": "5", "dynamometer": 250.0, "dynamometer_unit": "n"}
    other = {"grade": "3+"}

    def visit(left, right):
        return (
            TestFacts("oxford_glute_med", "left", left),
            TestFacts("oxford_glute_med", "right", right),
            TestFacts("thomas_test", "left", {"hip_angle": 5.0}),
        )

    tests = {
        "a": visit(weak, strong),
        "b": visit(weak, strong),  # the same objects: one summary
        "c": visit(dict(weak), dict(strong)),  # equal but separate objects
        "d": visit(strong, other),
    }
    found = summarise_all(tests)
    assert found["a"] is found["b"]
    for visit_id, visit_tests in tests.items():
        assert found[visit_id] == summarise(visit_tests)
    assert found["a"]["oxford_glute_med"].weaker == "left"
    assert found["d"]["oxford_glute_med"].lsi_from == "grades"


def test_the_collector_is_back_on_after_the_insights_unless_it_was_off():
    import gc

    from glutedesk.domain.insights.data import collector_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a failure inside still switches it back on")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_read_and_compute_keeps_the_collector_off_from_the_read_to_the_figures():
    import datetime as dt
    import gc

    from glutedesk.domain.catalogue import load_catalogue
    from glutedesk.domain.insights.compute import compute_insights, read_and_compute
    from glutedesk.domain.insights.data import Courses, InsightsData

    seen: list[bool] = []

    def read() -> InsightsData:
        seen.append(gc.isenabled())
        return InsightsData(dt.date(2026, 6, 1), None, None, clients={}, courses=Courses())

    assert gc.isenabled()
    found = read_and_compute(read, load_catalogue())
    assert seen == [False] and gc.isenabled()
    assert found == compute_insights(read(), load_catalogue())

    def fails() -> InsightsData:
        raise RuntimeError("the file could not be read")

    with pytest.raises(RuntimeError):
        read_and_compute(fails, load_catalogue())
    assert gc.isenabled()
