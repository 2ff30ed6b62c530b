"""Oxford/MRC grades, chart values and the limb symmetry index (reference: Decisions, 1.1)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutedesk.domain.grades import (
    OXFORD_GRADES,
    chart_to_oxford,
    grade_rank,
    limb_symmetry_index,
    lsi_from_grades,
    normalise_grade,
    oxford_to_chart,
    weaker_side,
)
from glutedesk.domain.models import Side


def test_eleven_grades_in_order():
    assert OXFORD_GRADES == ("0", "1", "2", "3-", "3", "3+", "4-", "4", "4+", "5-", "5")
    assert [grade_rank(g) for g in OXFORD_GRADES] == list(range(11))


@pytest.mark.parametrize(
    "grade, value",
    [
        ("0", 0.0),
        ("1", 1.0),
        ("2", 2.0),
        ("3-", 2.6667),
        ("3", 3.0),
        ("3+", 3.3333),
        ("4-", 3.6667),
        ("4", 4.0),
        ("4+", 4.3333),
        ("5-", 4.6667),
        ("5", 5.0),
    ],
)
def test_chart_values_use_thirds(grade, value):
    assert oxford_to_chart(grade) == pytest.approx(value, abs=1e-4)


def test_reference_examples():
    assert round(oxford_to_chart("3-"), 2) == 2.67
    assert round(oxford_to_chart("4+"), 2) == 4.33


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3−", "3-"),  # unicode minus
        ("4–", "4-"),  # en dash
        (" 4 + ", "4+"),
        ("5", "5"),
        (4, "4"),
        ("4＋", "4+"),
    ],
)
def test_normalise_accepts_variants(text, expected):
    assert normalise_grade(text) == expected
    assert oxford_to_chart(text) == oxford_to_chart(expected)


@pytest.mark.parametrize(
    "bad",
    ["", " ", "6", "5+", "0-", "0+", "1-", "2+", "4++", "-4", "four", "3.5", "-1", None, True],
)
def test_invalid_grades_raise_clear_error(bad):
    with pytest.raises(ValueError, match="Oxford grade"):
        oxford_to_chart(bad)


def test_invalid_grade_message_lists_valid_grades():
    with pytest.raises(ValueError, match=r"use one of 0, 1, 2, 3-, 3, 3\+"):
        grade_rank("6")


@pytest.mark.parametrize("grade", OXFORD_GRADES)
def test_chart_to_oxford_is_the_inverse(grade):
    assert chart_to_oxford(oxford_to_chart(grade)) == grade


def test_chart_to_oxford_nearest_and_ties():
    assert chart_to_oxford(2.9) == "3"
    assert chart_to_oxford(4.4) == "4+"
    assert chart_to_oxford(0.5) == "0"  # halfway goes to the lower grade
    assert chart_to_oxford(1.6) == "2"


@pytest.mark.parametrize("bad", [-0.1, 5.01, math.nan, math.inf, "4"])
def test_chart_to_oxford_rejects_out_of_scale(bad):
    with pytest.raises(ValueError):
        chart_to_oxford(bad)


@given(st.floats(min_value=0, max_value=5))
def test_chart_to_oxford_is_nearest(value):
    grade = chart_to_oxford(value)
    best = min(abs(oxford_to_chart(g) - value) for g in OXFORD_GRADES)
    assert abs(oxford_to_chart(grade) - value) == best


@given(st.sampled_from(OXFORD_GRADES), st.sampled_from(OXFORD_GRADES))
def test_rank_and_chart_order_agree(a, b):
    assert (grade_rank(a) < grade_rank(b)) == (oxford_to_chart(a) < oxford_to_chart(b))


def test_limb_symmetry_index():
    assert limb_symmetry_index(80, 100) == pytest.approx(80.0)
    assert limb_symmetry_index(100, 80) == pytest.approx(80.0)
    assert limb_symmetry_index(152.5, 152.5) == 100.0
    assert limb_symmetry_index(0, 50) == 0.0
    assert limb_symmetry_index(0, 0) is None
    assert limb_symmetry_index(None, 10) is None
    assert limb_symmetry_index(10, None) is None


@pytest.mark.parametrize("left, right", [(-1, 10), (10, -0.5), (math.nan, 1), (1, math.inf)])
def test_limb_symmetry_index_rejects_bad_values(left, right):
    with pytest.raises(ValueError):
        limb_symmetry_index(left, right)


@given(
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
)
def test_lsi_is_symmetric_and_bounded(left, right):
    lsi = limb_symmetry_index(left, right)
    assert lsi == limb_symmetry_index(right, left)
    if max(left, right) == 0:
        assert lsi is None
    else:
        assert 0 <= lsi <= 100


def test_lsi_from_grades():
    assert lsi_from_grades("4", "5") == pytest.approx(80.0)
    assert lsi_from_grades("3+", "4−") == pytest.approx(3.3333 / 3.6667 * 100, abs=1e-2)
    assert lsi_from_grades("0", "0") is None
    assert lsi_from_grades(None, "4") is None
    assert lsi_from_grades("", "4") is None
    with pytest.raises(ValueError):
        lsi_from_grades("6", "4")


def test_weaker_side():
    assert weaker_side("4", "3+") is Side.RIGHT
    assert weaker_side("4-", "4") is Side.LEFT
    assert weaker_side("4", "4") is None
    assert weaker_side(120.0, 150.0) is Side.LEFT
    assert weaker_side(150, 120) is Side.RIGHT
    assert weaker_side(None, 120) is None
    assert weaker_side("", "4") is None
    with pytest.raises(ValueError):
        weaker_side(-1, 2)
