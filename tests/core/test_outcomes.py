"""Outcome-measure scoring and meaningful change (reference: Decisions, 3.3, 4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutedesk.domain.models import Instrument, OutcomeScore
from glutedesk.domain.outcomes import (
    MEANINGFUL_CHANGE,
    StartBackResult,
    change_direction,
    is_meaningful_change,
    nprs_change_is_meaningful,
    odi_band,
    odi_score,
    psfs_score,
    rmdq_score,
    score_outcome,
    startback_score,
    validate_items,
)

# ---- ODI -------------------------------------------------------------------------------------


def test_odi_reference_example_16_of_45():
    # 9 sections answered, 16 points: 16 / 45 x 100 = 35.56 -> 35.6
    assert odi_score((2, 1, 3, 1, 2, 1, 2, None, 2, 2)) == 35.6


def test_odi_all_answered_and_extremes():
    assert odi_score([0] * 10) == 0.0
    assert odi_score([5] * 10) == 100.0
    assert odi_score([2] * 10) == 40.0
    assert odi_score([5] + [None] * 9) == 100.0


def test_odi_nothing_answered_is_none():
    assert odi_score([None] * 10) is None


@pytest.mark.parametrize(
    "items, message",
    [
        ([1] * 9, "10 section scores; 9 were given"),
        ([1] * 11, "10 section scores; 11 were given"),
        ([1] * 9 + [6], "section 10 must be a whole number 0–5"),
        ([-1] + [1] * 9, "section 1 must be"),
        ([1.5] + [1] * 9, "section 1 must be"),
        (["2"] + [1] * 9, "section 1 must be"),
    ],
)
def test_odi_invalid_items(items, message):
    with pytest.raises(ValueError, match=message):
        odi_score(items)


@given(st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=10, max_size=10))
def test_odi_is_a_bounded_percentage(items):
    score = odi_score(items)
    answered = [v for v in items if v is not None]
    if not answered:
        assert score is None
    else:
        assert 0 <= score <= 100
        assert score == round(sum(answered) / (5 * len(answered)) * 100, 1)


@pytest.mark.parametrize(
    "score, band",
    [
        (0, "minimal"),
        (20, "minimal"),
        (20.4, "moderate"),
        (21, "moderate"),
        (35.6, "moderate"),
        (40, "moderate"),
        (41, "severe"),
        (60, "severe"),
        (61, "crippled"),
        (80, "crippled"),
        (81, "bed-bound"),
        (100, "bed-bound"),
    ],
)
def test_odi_band(score, band):
    assert odi_band(score) == band


@pytest.mark.parametrize("bad", [-1, 100.1, float("nan")])
def test_odi_band_out_of_range(bad):
    with pytest.raises(ValueError):
        odi_band(bad)


# ---- RMDQ ------------------------------------------------------------------------------------


def test_rmdq_counts_ticks_and_not_applicable_is_not_ticked():
    items = [1] * 7 + [0] * 10 + [None] * 7
    assert rmdq_score(items) == 7
    assert rmdq_score([0] * 24) == 0
    assert rmdq_score([1] * 24) == 24


def test_booleans_are_not_item_scores():
    assert validate_items(Instrument.RMDQ, [True] + [0] * 23) == [
        "RMDQ item 1 must be 0 or 1, not True"
    ]


@pytest.mark.parametrize("items", [[1] * 23, [1] * 25, [2] + [0] * 23])
def test_rmdq_invalid(items):
    with pytest.raises(ValueError, match="RMDQ"):
        rmdq_score(items)


# ---- PSFS ------------------------------------------------------------------------------------


def test_psfs_mean_to_one_decimal():
    assert psfs_score([4, 6, 5]) == 5.0
    assert psfs_score([3, 4, 4]) == 3.7
    assert psfs_score([10, None, 0]) == 5.0
    assert psfs_score([7, 8, 9, 10, 6]) == 8.0


def test_psfs_nothing_rated_is_none():
    assert psfs_score([]) is None
    assert psfs_score([None, None]) is None


@pytest.mark.parametrize(
    "items, message",
    [([1] * 6, "at most 5 activities"), ([11], "activity 1 must be"), ([5, -1], "activity 2")],
)
def test_psfs_invalid(items, message):
    with pytest.raises(ValueError, match=message):
        psfs_score(items)


# ---- STarT Back ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "items, result",
    [
        ([0] * 9, StartBackResult(0, 0, "low")),
        ([1, 1, 1, 0, 0, 0, 0, 0, 0], StartBackResult(3, 0, "low")),
        # total 3 is low even with distress 3
        ([0, 0, 0, 0, 1, 1, 1, 0, 0], StartBackResult(3, 3, "low")),
        # total 4, distress 3 -> medium
        ([1, 0, 0, 0, 1, 1, 1, 0, 0], StartBackResult(4, 3, "medium")),
        # total 4, distress 4 -> high
        ([0, 0, 0, 0, 1, 1, 1, 1, 0], StartBackResult(4, 4, "high")),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], StartBackResult(4, 0, "medium")),
        ([1, 1, 1, 1, 1, 1, 1, 0, 0], StartBackResult(7, 3, "medium")),
        ([1] * 9, StartBackResult(9, 5, "high")),
    ],
)
def test_startback_risk_groups(items, result):
    assert startback_score(items) == result


@pytest.mark.parametrize(
    "items, message",
    [
        ([0] * 8, "9 item answers"),
        ([0] * 8 + [2], "item 9 must be 0 or 1"),
        ([None] + [0] * 8, "not answered"),
    ],
)
def test_startback_invalid(items, message):
    with pytest.raises(ValueError, match=message):
        startback_score(items)


@given(st.lists(st.integers(0, 1), min_size=9, max_size=9))
def test_startback_properties(items):
    result = startback_score(items)
    assert result.total == sum(items)
    assert result.distress == sum(items[4:])
    if result.total <= 3:
        assert result.risk == "low"
    elif result.distress >= 4:
        assert result.risk == "high"
    else:
        assert result.risk == "medium"


# ---- dispatch and validation -----------------------------------------------------------------


def test_score_outcome_dispatches_on_instrument():
    assert score_outcome(OutcomeScore(Instrument.ODI, (2, 1, 3, 1, 2, 1, 2, None, 2, 2))) == 35.6
    assert score_outcome(OutcomeScore(Instrument.RMDQ, (1,) * 5 + (0,) * 19)) == 5.0
    assert score_outcome(OutcomeScore(Instrument.PSFS, (4, 6, 5))) == 5.0
    assert score_outcome(OutcomeScore(Instrument.STARTBACK, (1,) * 4 + (0,) * 5)) == 4.0
    assert score_outcome(OutcomeScore(Instrument.ODI, (None,) * 10)) is None
    assert score_outcome(OutcomeScore(Instrument.STARTBACK, (None,) + (0,) * 8)) is None
    with pytest.raises(ValueError):
        score_outcome(OutcomeScore(Instrument.STARTBACK, (None,) + (0,) * 7 + (2,)))
    with pytest.raises(ValueError):
        score_outcome(OutcomeScore(Instrument.ODI, (1,) * 3))


def test_validate_items_messages():
    assert validate_items(Instrument.ODI, (2, 1, 3, 1, 2, 1, 2, None, 2, 2)) == []
    assert validate_items("psfs", (4, 6, 5)) == []
    assert validate_items(Instrument.ODI, (1,) * 3) == ["ODI needs 10 section scores; 3 were given"]
    assert validate_items(Instrument.RMDQ, (0,) * 23 + (3,)) == [
        "RMDQ item 24 must be 0 or 1, not 3"
    ]
    assert validate_items(Instrument.PSFS, ()) == ["PSFS needs at least one activity"]
    assert validate_items("sf36", ()) == ["Unknown outcome measure 'sf36'"]
    problems = validate_items(Instrument.STARTBACK, (0, None, 0, 0, 0, 0, 0, 0, 0, 0))
    assert problems == [
        "STarT Back needs 9 item answers; 10 were given",
        "STarT Back item 2 is not answered; answer all items",
    ]


# ---- meaningful change -----------------------------------------------------------------------


def test_thresholds_match_the_reference():
    assert MEANINGFUL_CHANGE["nprs"].points == 2 and MEANINGFUL_CHANGE["nprs"].percent == 30
    assert MEANINGFUL_CHANGE[Instrument.ODI].points == 10
    assert MEANINGFUL_CHANGE[Instrument.RMDQ].points == 5
    assert MEANINGFUL_CHANGE[Instrument.PSFS].points == 2
    assert MEANINGFUL_CHANGE[Instrument.PSFS].higher_is_better
    assert not MEANINGFUL_CHANGE[Instrument.ODI].higher_is_better


@pytest.mark.parametrize(
    "baseline, current, meaningful",
    [
        (4, 2, True),  # 2 points
        (7, 5, True),
        (3, 2, True),  # 1 point but 33%
        (10, 8, True),
        (8, 7, False),  # 1 point, 12.5%
        (5, 4, False),  # 20%
        (10, 7, True),  # exactly 30% and 3 points
        (2, 1, True),  # 50%
        (1, 0, True),  # 100%
        (0, 0, False),
        (2, 4, False),  # worse is never an improvement
        (5, 5, False),
    ],
)
def test_nprs_meaningful_change(baseline, current, meaningful):
    assert nprs_change_is_meaningful(baseline, current) is meaningful
    assert is_meaningful_change("nprs", baseline, current) is meaningful


def test_nprs_range_checked():
    with pytest.raises(ValueError, match="NPRS baseline"):
        nprs_change_is_meaningful(11, 2)
    with pytest.raises(ValueError, match="NPRS current"):
        nprs_change_is_meaningful(5, -1)


@pytest.mark.parametrize(
    "instrument, baseline, current, meaningful",
    [
        (Instrument.ODI, 45.6, 35.6, True),  # exactly 10 despite float error
        (Instrument.ODI, 40, 31, False),
        (Instrument.ODI, 30, 40, False),
        (Instrument.RMDQ, 12, 7, True),
        (Instrument.RMDQ, 12, 8, False),
        (Instrument.PSFS, 4.0, 6.0, True),  # higher is better
        (Instrument.PSFS, 4.3, 6.3, True),
        (Instrument.PSFS, 4.0, 5.9, False),
        (Instrument.PSFS, 6.0, 4.0, False),
        ("odi", 50, 20, True),
    ],
)
def test_instrument_meaningful_improvement(instrument, baseline, current, meaningful):
    assert is_meaningful_change(instrument, baseline, current) is meaningful


@pytest.mark.parametrize(
    "instrument, baseline, current, direction",
    [
        ("nprs", 6, 3, "improved"),
        ("nprs", 3, 6, "worse"),
        ("nprs", 6, 5, "no meaningful change"),
        ("nprs", 0, 1, "no meaningful change"),
        ("nprs", 0, 2, "worse"),
        (Instrument.ODI, 30, 42, "worse"),
        (Instrument.ODI, 30, 21, "no meaningful change"),
        (Instrument.RMDQ, 4, 9, "worse"),
        (Instrument.PSFS, 6, 4, "worse"),
        (Instrument.PSFS, 4, 7, "improved"),
    ],
)
def test_change_direction(instrument, baseline, current, direction):
    assert change_direction(instrument, baseline, current) == direction


def test_startback_and_unknown_have_no_change_rule():
    with pytest.raises(ValueError, match="baseline"):
        is_meaningful_change(Instrument.STARTBACK, 5, 2)
    with pytest.raises(ValueError, match="Unknown"):
        change_direction("sf36", 5, 2)


@given(
    st.sampled_from(["nprs", Instrument.ODI, Instrument.RMDQ, Instrument.PSFS]),
    st.integers(0, 10),
    st.integers(0, 10),
)
def test_improved_and_worse_are_mirror_images(instrument, a, b):
    forward = change_direction(instrument, a, b)
    assert (forward == "improved") == is_meaningful_change(instrument, a, b)
    if forward == "improved" and instrument != "nprs":
        assert change_direction(instrument, b, a) == "worse"
    if a == b:
        assert forward == "no meaningful change"
