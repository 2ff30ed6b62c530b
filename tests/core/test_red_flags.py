"""Red-flag tiers and advice (reference: Decisions "Red flags", 3.1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutedesk.domain.models import ADVICE_FOR_TIER, TIER_ORDER, Advice, RedFlagTier
from glutedesk.domain.red_flags import (
    advice_is_adequate,
    advice_urgency_rank,
    required_advice,
    screen_tier,
)

TIERS = {
    "ces_saddle_numbness": RedFlagTier.EMERGENCY,
    "ces_bladder": RedFlagTier.EMERGENCY,
    "cancer_history": RedFlagTier.URGENT_GP,
    "infection_fever": RedFlagTier.URGENT_GP,
    "thoracic_pain": RedFlagTier.ROUTINE_GP,
}


def test_no_flags_present_gives_none():
    assert screen_tier([], TIERS) is None


@pytest.mark.parametrize(
    "present, tier",
    [
        (["thoracic_pain"], RedFlagTier.ROUTINE_GP),
        (["thoracic_pain", "cancer_history"], RedFlagTier.URGENT_GP),
        (["cancer_history", "ces_saddle_numbness", "thoracic_pain"], RedFlagTier.EMERGENCY),
        (iter(["infection_fever"]), RedFlagTier.URGENT_GP),
    ],
)
def test_most_urgent_tier_wins(present, tier):
    assert screen_tier(present, TIERS) is tier


def test_unknown_flag_is_a_value_error_naming_it():
    with pytest.raises(ValueError, match="'telepathy'"):
        screen_tier(["cancer_history", "telepathy"], TIERS)


def test_tier_strings_accepted():
    assert screen_tier(["x"], {"x": "emergency"}) is RedFlagTier.EMERGENCY


@given(st.lists(st.sampled_from(sorted(TIERS))))
def test_tier_is_the_minimum_in_tier_order(present):
    tier = screen_tier(present, TIERS)
    if not present:
        assert tier is None
    else:
        assert TIER_ORDER.index(tier) == min(TIER_ORDER.index(TIERS[f]) for f in present)


def test_required_advice_follows_the_tier():
    assert required_advice(RedFlagTier.EMERGENCY) is Advice.A_AND_E_NOW
    assert required_advice(RedFlagTier.URGENT_GP) is Advice.URGENT_GP
    assert required_advice(RedFlagTier.ROUTINE_GP) is Advice.ROUTINE_GP


def test_advice_urgency_rank_orders_advice():
    ranks = [
        advice_urgency_rank(a)
        for a in (Advice.NO_ACTION_NEEDED, Advice.ROUTINE_GP, Advice.URGENT_GP, Advice.A_AND_E_NOW)
    ]
    assert ranks == sorted(ranks) and len(set(ranks)) == 4


@pytest.mark.parametrize(
    "tier, advice, ok",
    [
        (RedFlagTier.EMERGENCY, Advice.A_AND_E_NOW, True),
        (RedFlagTier.EMERGENCY, Advice.URGENT_GP, False),
        (RedFlagTier.EMERGENCY, Advice.ROUTINE_GP, False),
        (RedFlagTier.URGENT_GP, Advice.A_AND_E_NOW, True),
        (RedFlagTier.URGENT_GP, Advice.URGENT_GP, True),
        (RedFlagTier.URGENT_GP, Advice.ROUTINE_GP, False),
        (RedFlagTier.ROUTINE_GP, Advice.ROUTINE_GP, True),
        (RedFlagTier.ROUTINE_GP, Advice.NO_ACTION_NEEDED, False),
        (RedFlagTier.ROUTINE_GP, None, False),
        (None, None, True),
        (None, Advice.NO_ACTION_NEEDED, True),
    ],
)
def test_advice_is_adequate(tier, advice, ok):
    assert advice_is_adequate(tier, advice) is ok


@given(st.sampled_from(list(RedFlagTier)), st.sampled_from(list(Advice)))
def test_no_action_never_adequate_and_required_always_is(tier, advice):
    assert advice_is_adequate(tier, ADVICE_FOR_TIER[tier])
    if advice is Advice.NO_ACTION_NEEDED:
        assert not advice_is_adequate(tier, advice)
    assert advice_is_adequate(tier, advice) == (
        advice_urgency_rank(advice) >= advice_urgency_rank(required_advice(tier))
    )


def test_advice_starts_a_sentence_keeping_its_capitals():
    from glutedesk.domain.red_flags import URGENCY_WORDS, advice_sentence

    assert advice_sentence(Advice.URGENT_GP) == "See a GP urgently"
    assert advice_sentence(Advice.A_AND_E_NOW) == "Go to A&E now"
    # inside brackets, no brackets of its own: "Referred to Dr Shah (routine GP)"
    assert all("(" not in words for words in URGENCY_WORDS.values())
    assert set(URGENCY_WORDS) == set(Advice)
