"""The referral a finding suggests: to whom, how urgently and on which findings.

The editor offers "Add GP referral" for nerve-type symptoms and "Add referral from these flags"
for ticked red flags; what goes into that referral is decided here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from glutedesk.domain.models import Advice, Client, RedFlagTier
from glutedesk.domain.pain import NERVE_REFERRAL_ADVICE, Indicator
from glutedesk.domain.red_flags import required_advice

_URGENT = (Advice.URGENT_GP, Advice.A_AND_E_NOW)


def gp_recipient(client: Client) -> str:
    """Who a GP referral goes to: "GP: Dr Shah, Hill Surgery", or just "GP"."""
    parts = [p for p in (client.gp_name.strip(), client.gp_practice.strip()) if p]
    return "GP: " + ", ".join(parts) if parts else "GP"


def nerve_referral_urgency(advice: Advice | None) -> Advice:
    """The urgency of a nerve-symptom referral: the advice given when it is urgent, else the
    App rule's "refer to GP" (:data:`glutedesk.domain.pain.NERVE_REFERRAL_ADVICE`)."""
    return advice if advice in _URGENT else NERVE_REFERRAL_ADVICE


def nerve_referral_findings(
    character: Iterable[str], indicators: Mapping[str, Indicator]
) -> tuple[str, ...]:
    """The ticked pain-character items that prompt a referral, in the catalogue's order."""
    ticked = set(character)
    return tuple(item for item, entry in indicators.items() if item in ticked and entry[1])


def nerve_referral_reason(referral_reasons: Iterable[str]) -> str:
    """The reason written on a nerve-symptom referral."""
    return "Nerve-type symptoms: " + "; ".join(referral_reasons) + ". Please assess."


def red_flag_referral(
    tier: RedFlagTier, advice: Advice | None, flag_labels: Iterable[str], client: Client
) -> tuple[str, str, Advice]:
    """(to whom, reason, urgency) of a referral for ticked red flags of ``tier``.

    The urgency is the advice recorded, or the advice the tier calls for when none is; A&E
    when that advice is "A&E now", the client's GP otherwise.
    """
    urgency = advice or required_advice(tier)
    to_whom = "A&E" if urgency is Advice.A_AND_E_NOW else gp_recipient(client)
    reason = "Red flag: " + "; ".join(label.rstrip("?") for label in flag_labels)
    return to_whom, reason, urgency
