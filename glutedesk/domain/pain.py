"""Soft-tissue versus nerve-type pain classification (clinical reference 2.4 and App rule).

The therapist ticks pain-character items from the catalogue (``resources/pain_character.json``)
and marks symptoms on the body map. Each catalogue item indicates "nerve" or "soft_tissue" and
may prompt a GP referral (numbness, pins and needles, weakness, shooting leg pain, leg pain
worse than back pain). Pins-and-needles or numbness marks on the body map always count as
nerve-type and prompt referral.

The result only describes what was observed ("nerve-type symptoms", "soft-tissue type"); it is
never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from glutedesk.domain.models import Advice, PainKind, PainMark, SymptomType

NERVE = "nerve"
SOFT_TISSUE = "soft_tissue"

# The advice the App rule prompts for nerve-type symptoms: "refer to GP".
NERVE_REFERRAL_ADVICE = Advice.ROUTINE_GP

KIND_LABELS: dict[PainKind, str] = {
    PainKind.NERVE_TYPE: "nerve-type symptoms",
    PainKind.SOFT_TISSUE: "soft-tissue type",
    PainKind.MIXED: "both soft-tissue type and nerve-type symptoms",
    PainKind.UNCLEAR: "not enough information to tell",
}

_MARK_LABELS: dict[SymptomType, str] = {
    SymptomType.PINS_AND_NEEDLES: "Pins and needles",
    SymptomType.NUMBNESS: "Numbness",
}

Indicator = tuple[str, bool, str]
"""(indicates: "nerve" | "soft_tissue", prompts_referral, label)."""


@dataclass(frozen=True)
class PainClassification:
    """The classification, the observations behind it and whether a GP referral is prompted."""

    kind: PainKind
    reasons: tuple[str, ...]
    prompts_referral: bool
    referral_reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        """Plain wording of ``kind`` for screens and reports (never a diagnosis)."""
        return KIND_LABELS[self.kind]


def item_reason(label: str) -> str:
    """Return a readable observation for a ticked item: "Numbness reported".

    Catalogue labels phrased as questions ("Numbness?") become 'Client answered yes:
    "Numbness?"'.
    """
    text = label.strip()
    if text.endswith("?"):
        return f'Client answered yes: "{text}"'
    return f"{text} reported"


def mark_reason(symptom: SymptomType, region_label: str) -> str:
    """Return the observation for a body-map mark.

    For example "Pins and needles marked on the body map (Lateral thigh, left)".
    """
    name = _MARK_LABELS.get(symptom, str(symptom).replace("_", " ").capitalize())
    return f"{name} marked on the body map ({region_label})"


def classify_pain(
    character: Iterable[str],
    indicators: Mapping[str, Indicator],
    marks: Iterable[PainMark] = (),
    region_labels: Mapping[str, str] | None = None,
) -> PainClassification:
    """Classify the ticked pain-character items and body-map marks.

    ``indicators`` maps each catalogue item id to (indicates, prompts_referral, label), where
    indicates is "nerve" or "soft_tissue". Marks of pins and needles or numbness count as
    nerve-type and prompt referral; their region is named from ``region_labels`` (falling back
    to the region id). Kind: nerve-type only -> NERVE_TYPE, soft-tissue only -> SOFT_TISSUE,
    both -> MIXED, neither -> UNCLEAR. Reasons are de-duplicated and kept in order (items, then
    marks). Raises ``ValueError`` naming an item id missing from ``indicators`` or an item whose
    indicates value is neither "nerve" nor "soft_tissue".
    """
    labels = region_labels or {}
    reasons: list[str] = []
    referral: list[str] = []
    nerve = soft = False
    for item_id in dict.fromkeys(character):
        if item_id not in indicators:
            raise ValueError(f"Unknown pain-character item {item_id!r}: not in the catalogue")
        entry = tuple(indicators[item_id])
        indicates, prompts = entry[0], bool(entry[1])
        label = str(entry[2]) if len(entry) > 2 else item_id
        if indicates == NERVE:
            nerve = True
        elif indicates == SOFT_TISSUE:
            soft = True
        else:
            raise ValueError(
                f"Pain-character item {item_id!r} indicates {indicates!r}; "
                f"expected {NERVE!r} or {SOFT_TISSUE!r}"
            )
        reason = item_reason(label or item_id)
        reasons.append(reason)
        if prompts:
            referral.append(reason)
    for mark in marks:
        symptom = SymptomType(mark.symptom)
        if not symptom.is_nerve_type:
            continue
        nerve = True
        reason = mark_reason(symptom, labels.get(mark.region_id, mark.region_id))
        if reason not in reasons:
            reasons.append(reason)
            referral.append(reason)
    if nerve and soft:
        kind = PainKind.MIXED
    elif nerve:
        kind = PainKind.NERVE_TYPE
    elif soft:
        kind = PainKind.SOFT_TISSUE
    else:
        kind = PainKind.UNCLEAR
    return PainClassification(
        kind=kind,
        reasons=tuple(reasons),
        prompts_referral=bool(referral),
        referral_reasons=tuple(referral),
    )
