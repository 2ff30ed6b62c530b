"""How referrals and findings read on paper: the catalogue's words, urgency in plain brackets."""

from __future__ import annotations

import dataclasses

from glutedesk.domain.catalogue import load_catalogue
from glutedesk.domain.ids import ClientId
from glutedesk.domain.models import Advice, Referral
from glutedesk.reports.sections import referral_rows
from tests.factories import make_visit

CATALOGUE = load_catalogue()


def test_finding_labels_come_from_the_catalogue():
    assert CATALOGUE.finding_label("pins_and_needles") == "Pins and needles or tingling"
    flag = CATALOGUE.red_flags[0]
    assert CATALOGUE.finding_label(flag.id) == flag.label.rstrip("?").strip()
    assert CATALOGUE.finding_label("retired_item") == "retired_item"  # older records: as written


def test_a_referral_line_has_one_pair_of_brackets():
    visit = dataclasses.replace(
        make_visit(ClientId("c1")),
        referrals=(Referral("Dr Shah", "Pins and needles in the left foot", Advice.ROUTINE_GP),),
    )
    [(_, _, advice)] = referral_rows([visit], CATALOGUE)
    assert advice == "Referred to Dr Shah: Pins and needles in the left foot (routine GP)"
