"""Red-flag screening: the most urgent tier among ticked flags, and whether the advice fits.

Three tiers (clinical reference, Decisions "Red flags" and section 3.1): emergency (A&E now),
urgent GP and routine GP. A ticked flag cannot be saved without advice, and the advice must be
at least as urgent as the most urgent tier ticked. Red flags raise suspicion; they are not
diagnoses, and nothing here names one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from glutedesk.domain.models import ADVICE_FOR_TIER, TIER_ORDER, Advice, RedFlagTier

_ADVICE_RANK: dict[Advice, int] = {
    Advice.NO_ACTION_NEEDED: 0,
    Advice.ROUTINE_GP: 1,
    Advice.URGENT_GP: 2,
    Advice.A_AND_E_NOW: 3,
}

ADVICE_LABELS: dict[Advice, str] = {
    Advice.A_AND_E_NOW: "go to A&E now",
    Advice.URGENT_GP: "see a GP urgently",
    Advice.ROUTINE_GP: "see a GP (routine)",
    Advice.NO_ACTION_NEEDED: "no action needed",
}

# How urgent a referral is, in a few words that read well inside brackets:
# "Referred to Dr Shah (routine GP)" rather than "(see a GP (routine))".
URGENCY_WORDS: dict[Advice, str] = {
    Advice.A_AND_E_NOW: "A&E now",
    Advice.URGENT_GP: "urgent GP",
    Advice.ROUTINE_GP: "routine GP",
    Advice.NO_ACTION_NEEDED: "no action needed",
}


def advice_sentence(advice: Advice) -> str:
    """The advice as the start of a sentence: "See a GP urgently", keeping "GP" and "A&E"."""
    label = ADVICE_LABELS[advice]
    return label[:1].upper() + label[1:]


TIER_LABELS: dict[RedFlagTier, str] = {
    RedFlagTier.EMERGENCY: "emergency (A&E now)",
    RedFlagTier.URGENT_GP: "urgent GP",
    RedFlagTier.ROUTINE_GP: "routine GP",
}


def screen_tier(
    present_flag_ids: Iterable[str], tiers: Mapping[str, RedFlagTier]
) -> RedFlagTier | None:
    """Return the most urgent tier among the ticked flags, or None when none is ticked.

    ``tiers`` maps each catalogue flag id to its tier. Raises ``ValueError`` naming any flag id
    that is not in ``tiers`` (never ``KeyError``).
    """
    present = list(present_flag_ids)
    unknown = [flag for flag in present if flag not in tiers]
    if unknown:
        names = ", ".join(repr(flag) for flag in dict.fromkeys(unknown))
        raise ValueError(f"Unknown red flag {names}: it is not in the red-flag checklist")
    found = {RedFlagTier(tiers[flag]) for flag in present}
    return next((tier for tier in TIER_ORDER if tier in found), None)


def required_advice(tier: RedFlagTier) -> Advice:
    """Return the advice a ticked flag of ``tier`` calls for (e.g. emergency -> A&E now)."""
    return ADVICE_FOR_TIER[RedFlagTier(tier)]


def advice_urgency_rank(advice: Advice) -> int:
    """Return how urgent ``advice`` is: 0 no action, 1 routine GP, 2 urgent GP, 3 A&E now."""
    return _ADVICE_RANK[Advice(advice)]


def advice_is_adequate(tier: RedFlagTier | None, advice: Advice | None) -> bool:
    """True when ``advice`` is at least as urgent as ``tier`` requires.

    With no flag ticked (``tier`` None) any advice, or none, is adequate. With a flag ticked,
    missing advice and "no action needed" are never adequate; more urgent advice than required
    (A&E for an urgent-GP flag) is.
    """
    if tier is None:
        return True
    if advice is None or Advice(advice) is Advice.NO_ACTION_NEEDED:
        return False
    return advice_urgency_rank(advice) >= advice_urgency_rank(required_advice(tier))
