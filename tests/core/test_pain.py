"""Soft-tissue vs nerve-type classification (reference: Decisions "Pain character", 2.4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutedesk.domain.models import PainKind, PainMark, SymptomType
from glutedesk.domain.pain import KIND_LABELS, PainClassification, classify_pain

SOFT = (
    "dull_ache",
    "deep_pressure",
    "worse_on_movement",
    "eases_with_rest",
    "varies_with_back_pain",
    "wide_vague_area",
)
NERVE = (
    "shooting_leg_pain",
    "electric",
    "burning",
    "pins_and_needles",
    "numbness",
    "weakness",
    "leg_pain_worse_than_back",
    "narrow_band_below_knee",
)
REFERRAL = {
    "numbness",
    "pins_and_needles",
    "weakness",
    "shooting_leg_pain",
    "leg_pain_worse_than_back",
}

INDICATORS = {
    **{i: ("soft_tissue", False, i.replace("_", " ").capitalize()) for i in SOFT},
    **{i: ("nerve", i in REFERRAL, i.replace("_", " ").capitalize()) for i in NERVE},
}

REGIONS = {"front.lateral_thigh.L": "Lateral thigh, left"}


def test_no_answers_is_unclear():
    result = classify_pain([], INDICATORS)
    assert result == PainClassification(PainKind.UNCLEAR, (), False, ())


def test_soft_tissue_only():
    result = classify_pain(["dull_ache", "worse_on_movement"], INDICATORS)
    assert result.kind is PainKind.SOFT_TISSUE
    assert result.reasons == ("Dull ache reported", "Worse on movement reported")
    assert not result.prompts_referral
    assert result.label == "soft-tissue type"


def test_nerve_type_that_prompts_referral():
    result = classify_pain(["pins_and_needles"], INDICATORS)
    assert result.kind is PainKind.NERVE_TYPE
    assert result.reasons == ("Pins and needles reported",)
    assert result.prompts_referral
    assert result.referral_reasons == ("Pins and needles reported",)
    assert result.label == "nerve-type symptoms"


def test_nerve_type_without_referral_prompt():
    result = classify_pain(["burning", "electric"], INDICATORS)
    assert result.kind is PainKind.NERVE_TYPE
    assert not result.prompts_referral
    assert result.referral_reasons == ()


def test_both_is_mixed():
    result = classify_pain(["dull_ache", "weakness"], INDICATORS)
    assert result.kind is PainKind.MIXED
    assert result.referral_reasons == ("Weakness reported",)


@pytest.mark.parametrize("item", sorted(REFERRAL))
def test_app_rule_items_prompt_referral(item):
    assert classify_pain([item], INDICATORS).prompts_referral


@pytest.mark.parametrize("symptom", [SymptomType.PINS_AND_NEEDLES, SymptomType.NUMBNESS])
def test_nerve_marks_always_count_and_prompt_referral(symptom):
    mark = PainMark("front.lateral_thigh.L", symptom, None, "1")
    result = classify_pain(["dull_ache"], INDICATORS, [mark], REGIONS)
    assert result.kind is PainKind.MIXED
    assert result.prompts_referral
    name = "Pins and needles" if symptom is SymptomType.PINS_AND_NEEDLES else "Numbness"
    assert result.referral_reasons == (f"{name} marked on the body map (Lateral thigh, left)",)


def test_mark_region_falls_back_to_id_and_reasons_are_deduplicated():
    mark = PainMark("back.calf.R", SymptomType.NUMBNESS, 3, "1")
    result = classify_pain(["numbness", "numbness"], INDICATORS, [mark, mark])
    assert result.kind is PainKind.NERVE_TYPE
    assert result.reasons == (
        "Numbness reported",
        "Numbness marked on the body map (back.calf.R)",
    )


def test_ache_marks_do_not_classify():
    marks = [
        PainMark("back.lumbar.R", s, 5, "1")
        for s in (SymptomType.ACHE, SymptomType.SHARP, SymptomType.BURNING)
    ]
    assert classify_pain([], INDICATORS, marks).kind is PainKind.UNCLEAR


def test_unknown_item_raises_naming_it():
    with pytest.raises(ValueError, match="'tickly'"):
        classify_pain(["tickly"], INDICATORS)


def test_bad_indicates_value_raises():
    with pytest.raises(ValueError, match="'bone'"):
        classify_pain(["x"], {"x": ("bone", False, "X")})


def test_question_labels_and_the_real_catalogue():
    path = Path(__file__).resolve().parents[2] / "resources" / "pain_character.json"
    catalogue = json.loads(path.read_text(encoding="utf-8"))["pain_character"]
    indicators = {e["id"]: (e["indicates"], e["prompts_referral"], e["label"]) for e in catalogue}
    assert {i for i, v in indicators.items() if v[1]} == REFERRAL
    assert set(indicators) == set(SOFT) | set(NERVE)
    result = classify_pain(["numbness"], indicators)
    assert result.reasons == ('Client answered yes: "Numbness?"',)


def test_never_a_diagnosis():
    words = " ".join(KIND_LABELS.values()).lower()
    for diagnosis in ("sciatica", "radiculopathy", "disc", "herniat"):
        assert diagnosis not in words


@given(
    st.lists(st.sampled_from(SOFT + NERVE)),
    st.lists(st.sampled_from(list(SymptomType))),
)
def test_kind_and_referral_properties(items, symptoms):
    marks = [PainMark("r", s, None, "1") for s in symptoms]
    result = classify_pain(items, INDICATORS, marks)
    nerve = any(i in NERVE for i in items) or any(s.is_nerve_type for s in symptoms)
    soft = any(i in SOFT for i in items)
    expected = {
        (True, True): PainKind.MIXED,
        (True, False): PainKind.NERVE_TYPE,
        (False, True): PainKind.SOFT_TISSUE,
        (False, False): PainKind.UNCLEAR,
    }[(nerve, soft)]
    assert result.kind is expected
    assert result.prompts_referral == (
        any(i in REFERRAL for i in items) or any(s.is_nerve_type for s in symptoms)
    )
    assert set(result.referral_reasons) <= set(result.reasons)
