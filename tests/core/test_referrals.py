"""The referral a finding suggests: recipient, urgency and findings."""

from __future__ import annotations

import dataclasses

from glutedesk.domain.catalogue import load_catalogue
from glutedesk.domain.models import Advice, RedFlagTier
from glutedesk.domain.pain import NERVE_REFERRAL_ADVICE
from glutedesk.domain.record_rules import pain_indicators
from glutedesk.domain.referrals import (
    gp_recipient,
    nerve_referral_findings,
    nerve_referral_reason,
    nerve_referral_urgency,
    red_flag_referral,
)
from tests.factories import make_client


def test_the_nerve_referral_is_routine_gp_unless_the_advice_given_is_more_urgent():
    assert NERVE_REFERRAL_ADVICE is Advice.ROUTINE_GP
    assert nerve_referral_urgency(None) is NERVE_REFERRAL_ADVICE
    assert nerve_referral_urgency(Advice.NO_ACTION_NEEDED) is NERVE_REFERRAL_ADVICE
    assert nerve_referral_urgency(Advice.URGENT_GP) is Advice.URGENT_GP
    assert nerve_referral_urgency(Advice.A_AND_E_NOW) is Advice.A_AND_E_NOW


def test_nerve_findings_are_the_ticked_items_that_prompt_referral_in_catalogue_order():
    indicators = pain_indicators(load_catalogue())
    prompting = [i for i, entry in indicators.items() if entry[1]]
    quiet = [i for i, entry in indicators.items() if not entry[1]]
    assert len(prompting) >= 2 and quiet
    ticked = (quiet[0], prompting[1], prompting[0])
    assert nerve_referral_findings(ticked, indicators) == (prompting[0], prompting[1])
    assert nerve_referral_findings((quiet[0],), indicators) == ()


def test_the_nerve_referral_reason_lists_the_findings():
    text = nerve_referral_reason(["Numbness reported", "Pins and needles reported"])
    assert (
        text == "Nerve-type symptoms: Numbness reported; Pins and needles reported. Please assess."
    )


def test_a_gp_referral_names_the_clients_gp_when_known():
    client = make_client()
    named = dataclasses.replace(client, gp_name="Dr Shah", gp_practice="Hill Surgery")
    assert gp_recipient(named) == "GP: Dr Shah, Hill Surgery"
    assert gp_recipient(dataclasses.replace(client, gp_name=" ", gp_practice="")) == "GP"


def test_red_flag_referrals_go_to_a_and_e_for_an_emergency_and_to_the_gp_otherwise():
    client = dataclasses.replace(make_client(), gp_name="Dr Shah", gp_practice="")
    to, reason, urgency = red_flag_referral(
        RedFlagTier.EMERGENCY, None, ["Saddle numbness?"], client
    )
    assert (to, urgency) == ("A&E", Advice.A_AND_E_NOW)
    assert reason == "Red flag: Saddle numbness"
    to, _reason, urgency = red_flag_referral(RedFlagTier.URGENT_GP, None, ["Weight loss"], client)
    assert (to, urgency) == ("GP: Dr Shah", Advice.URGENT_GP)
    to, _reason, urgency = red_flag_referral(
        RedFlagTier.EMERGENCY, Advice.URGENT_GP, ["Saddle numbness?"], client
    )
    assert (to, urgency) == ("GP: Dr Shah", Advice.URGENT_GP)
