"""The clinical record as immutable values.

Everything a therapist records is a frozen dataclass here. Storage turns them into rows, the
export turns them into JSON, and the screens and reports read them; nothing below this module
knows about SQLite, Qt or PDFs. Scores and classifications are computed by the pure functions in
the sibling modules, never stored as the only copy of a fact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from glutedesk.domain.correction_models import CorrectionMark
from glutedesk.domain.ids import (
    ClientId,
    ExerciseId,
    PostureItemId,
    RedFlagId,
    RegionId,
    TechniqueId,
    TestId,
    VisitId,
)


class Side(StrEnum):
    """The client's own side (never the viewer's)."""

    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"
    NOT_APPLICABLE = "na"


class SymptomType(StrEnum):
    """What the client feels in a marked body region."""

    ACHE = "ache"
    SHARP = "sharp"
    BURNING = "burning"
    PINS_AND_NEEDLES = "pins_and_needles"
    NUMBNESS = "numbness"

    @property
    def is_nerve_type(self) -> bool:
        """Pins and needles and numbness are nerve-type symptoms (clinical reference 2.4)."""
        return self in (SymptomType.PINS_AND_NEEDLES, SymptomType.NUMBNESS)


class ConsentKind(StrEnum):
    TREATMENT = "treatment"
    DATA_PROCESSING = "data_processing"
    CONTACT_GP = "contact_gp"


class RedFlagTier(StrEnum):
    """Red-flag urgency, most urgent first in ``TIER_ORDER``."""

    EMERGENCY = "emergency"
    URGENT_GP = "urgent_gp"
    ROUTINE_GP = "routine_gp"


TIER_ORDER: tuple[RedFlagTier, ...] = (
    RedFlagTier.EMERGENCY,
    RedFlagTier.URGENT_GP,
    RedFlagTier.ROUTINE_GP,
)


class Advice(StrEnum):
    """Advice the therapist gave after a red-flag or nerve-symptom finding."""

    A_AND_E_NOW = "a_and_e_now"
    URGENT_GP = "urgent_gp"
    ROUTINE_GP = "routine_gp"
    NO_ACTION_NEEDED = "no_action_needed"


ADVICE_FOR_TIER: dict[RedFlagTier, Advice] = {
    RedFlagTier.EMERGENCY: Advice.A_AND_E_NOW,
    RedFlagTier.URGENT_GP: Advice.URGENT_GP,
    RedFlagTier.ROUTINE_GP: Advice.ROUTINE_GP,
}


class Instrument(StrEnum):
    """Outcome measures scored item by item (NPRS lives on the visit itself)."""

    ODI = "odi"
    RMDQ = "rmdq"
    PSFS = "psfs"
    STARTBACK = "startback"


class TotalScale(StrEnum):
    """How a total scored on paper was stated: ODI as % or points of 50, RMDQ of 24."""

    PERCENT = "percent"
    POINTS_OF_50 = "points_of_50"
    POINTS_OF_24 = "points_of_24"


class PainKind(StrEnum):
    """Result of the soft-tissue vs nerve-type classification (clinical reference 2.4)."""

    NERVE_TYPE = "nerve_type"
    SOFT_TISSUE = "soft_tissue"
    MIXED = "mixed"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class Consent:
    """One consent the client gave (or declined), with the wording version they saw."""

    kind: ConsentKind
    given: bool
    date: dt.date | None = None
    wording_version: str = ""


@dataclass(frozen=True)
class CaseHistory:
    """The client's case history (clinical reference section 7)."""

    complaint: str = ""
    onset: str = ""
    mechanism: str = ""
    duration: str = ""
    aggravating: str = ""
    easing: str = ""
    pattern_24h: str = ""
    past_medical_history: str = ""
    surgery: str = ""
    medication: str = ""
    contraindications: str = ""
    goals: str = ""
    involved_side: str = "not_known"  # this episode of care: left, right, both or not_known


@dataclass(frozen=True)
class Client:
    """A client's identity, contact details, GP, lifestyle, consents and case history."""

    id: ClientId
    first_name: str
    last_name: str
    date_of_birth: dt.date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    gp_name: str = ""
    gp_practice: str = ""
    gp_address: str = ""
    occupation: str = ""
    sitting_hours_per_day: float | None = None
    sport_activity: str = ""
    consents: tuple[Consent, ...] = ()
    history: CaseHistory = field(default_factory=CaseHistory)
    notes: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def name(self) -> str:
        """The client's display name, "First Last"."""
        return f"{self.first_name} {self.last_name}".strip()

    def consent(self, kind: ConsentKind) -> Consent | None:
        """Return the recorded consent of ``kind``, or None if none was recorded."""
        return next((c for c in self.consents if c.kind == kind), None)


@dataclass(frozen=True)
class PainMark:
    """One marked region on the body diagram."""

    region_id: RegionId
    symptom: SymptomType
    intensity: int | None
    diagram_version: str


@dataclass(frozen=True)
class Nprs:
    """Numeric Pain Rating Scale, 0 (no pain) to 10 (worst imaginable)."""

    now: int | None = None
    best: int | None = None
    worst: int | None = None


@dataclass(frozen=True)
class TestResult:
    """One test of the battery, on one side.

    ``values`` holds the typed result fields the test's catalogue entry defines (for example
    ``{"grade": "4-", "dynamometer": 182.0}``). ``not_tested_reason`` is set, and ``values``
    empty, when the test was not done.
    """

    test_id: TestId
    side: Side
    values: dict[str, Any] = field(default_factory=dict)
    variant: str = ""
    symptom_provoked: bool = False
    symptom_region: RegionId | None = None
    compensations: tuple[str, ...] = ()
    not_tested_reason: str | None = None
    note: str = ""

    @property
    def tested(self) -> bool:
        return self.not_tested_reason is None


@dataclass(frozen=True)
class PaperTotal:
    """A questionnaire total scored on paper and entered without its items ("total only").

    ``value`` is the total as stated on the form, in ``scale``: an ODI as a percentage or as
    points of 50, an RMDQ as points of 24.
    """

    value: float
    scale: TotalScale


@dataclass(frozen=True)
class OutcomeScore:
    """Item scores of one outcome measure. The total is computed from the items.

    ``items`` are the raw answers in questionnaire order (None = skipped). For the PSFS,
    ``labels`` holds the client-named activities, one per item. A questionnaire scored on paper
    may instead hold only its ``paper_total`` (ODI, RMDQ), with ``items`` empty: "total only".
    """

    instrument: Instrument
    items: tuple[float | None, ...]
    version: str = ""
    labels: tuple[str, ...] = ()
    paper_total: PaperTotal | None = None

    @property
    def total_only(self) -> bool:
        """True when only a total scored on paper was entered (no item answers)."""
        return self.paper_total is not None


@dataclass(frozen=True)
class RedFlagAnswer:
    flag_id: RedFlagId
    present: bool


@dataclass(frozen=True)
class RedFlagScreen:
    """The red-flag checklist as screened at a visit, and the advice given."""

    answers: tuple[RedFlagAnswer, ...] = ()
    advice: Advice | None = None
    advice_note: str = ""

    @property
    def present_flags(self) -> tuple[RedFlagId, ...]:
        return tuple(a.flag_id for a in self.answers if a.present)


@dataclass(frozen=True)
class PostureFinding:
    item_id: PostureItemId
    value: str
    note: str = ""


@dataclass(frozen=True)
class Treatment:
    """Hands-on treatment given: techniques from the catalogue, body areas, the response."""

    techniques: tuple[TechniqueId, ...] = ()
    areas: tuple[RegionId, ...] = ()
    response: str = ""
    notes: str = ""

    @property
    def is_hands_on(self) -> bool:
        return bool(self.techniques)


@dataclass(frozen=True)
class ExercisePrescription:
    """A home exercise with its dose. Either ``reps`` or ``hold_seconds`` is set."""

    exercise_id: ExerciseId
    sets: int
    reps: int | None = None
    hold_seconds: int | None = None
    per_side: bool = False
    frequency_per_week: int = 3
    cues: str = ""


@dataclass(frozen=True)
class Referral:
    """A referral made at a visit: to whom, why, how urgently, and the findings behind it."""

    to_whom: str
    reason: str
    urgency: Advice = Advice.ROUTINE_GP
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Soap:
    """Free-text SOAP sections, alongside the structured parts of the visit."""

    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""


@dataclass(frozen=True)
class Visit:
    """One visit, in SOAP order, with everything recorded at it."""

    id: VisitId
    client_id: ClientId
    visit_date: dt.date
    therapist: str
    complaint: str = ""
    change_since_last: str = ""
    goals: str = ""
    nprs: Nprs = field(default_factory=Nprs)
    pain_character: tuple[str, ...] = ()
    nerve_advice: Advice | None = None
    nerve_advice_note: str = ""
    red_flags: RedFlagScreen = field(default_factory=RedFlagScreen)
    pain_marks: tuple[PainMark, ...] = ()
    posture: tuple[PostureFinding, ...] = ()
    test_results: tuple[TestResult, ...] = ()
    outcome_scores: tuple[OutcomeScore, ...] = ()
    treatment: Treatment = field(default_factory=Treatment)
    exercises: tuple[ExercisePrescription, ...] = ()
    referrals: tuple[Referral, ...] = ()
    soap: Soap = field(default_factory=Soap)
    consent_reconfirmed: bool = False
    chaperone_offered: bool = False
    next_visit: dt.date | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # Set only on the corrected view (domain.corrections.apply_corrections); never stored.
    corrections: tuple[CorrectionMark, ...] = field(
        default=(), compare=False, repr=False, metadata={"derived": True}
    )

    def correction(self, path: str) -> CorrectionMark | None:
        """The mark of the corrected value at field ``path`` (None: as recorded)."""
        return next((m for m in self.corrections if m.field == path), None)

    def result(self, test_id: str, side: Side) -> TestResult | None:
        """Return this visit's result for ``test_id`` on ``side``, if recorded."""
        return next((r for r in self.test_results if r.test_id == test_id and r.side == side), None)

    def score(self, instrument: Instrument) -> OutcomeScore | None:
        """Return this visit's item scores for ``instrument``, if recorded."""
        return next((s for s in self.outcome_scores if s.instrument == instrument), None)

    @property
    def has_nerve_symptom_marks(self) -> bool:
        """True when any pain mark is pins and needles or numbness."""
        return any(m.symptom.is_nerve_type for m in self.pain_marks)


@dataclass(frozen=True)
class VisitSummary:
    """A visit's key figures for lists and timelines, without loading the whole visit."""

    id: VisitId
    client_id: ClientId
    visit_date: dt.date
    therapist: str
    nprs_now: int | None
    red_flag_count: int
    referral_count: int
    nerve_symptoms: bool = False  # a pain mark of pins and needles or numbness
