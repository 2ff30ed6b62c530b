"""Every threshold the practice insights use, defined once, with where it comes from.

Each figure of the Practice view and report names the definitions it rests on, and those are
shown beside it. A definition either cites the clinical reference (docs: /work/shared/
clinical-reference.md, section in ``source``) or says plainly that it is GluteDesk's own
choice, because the reference does not define it (a course of care, discharge, age bands,
activity level, the 90 % symmetry line).
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_CLIENTS = 5
"""Below this many clients a figure is shown as "too few to say"."""

FULL_GRADE = "5"
"""Oxford grade 5 is "normal"; any lower grade counts as weak (reference 1.1)."""

LSI_WEAK_BELOW = 90.0
"""A limb symmetry index below this (in %) counts as weak on the weaker side."""

THOMAS_HIP_ANGLE_SHORT_ABOVE = 0.0
"""Thomas test: a hip angle above 0° (thigh above horizontal) = short one-joint flexors."""

THOMAS_KNEE_FLEXION_SHORT_BELOW = 67.0
"""Thomas test: knee flexion under 67° = short two-joint flexors (rectus femoris)."""

THOMAS_SHORT_FLAGS = ("psoas_iliacus", "rectus_femoris")
"""Thomas-test flags that mean a short hip flexor when the angles were not measured."""

TRENDELENBURG_POSITIVE = ("drop", "trunk_lean")
"""Trendelenburg results that count as positive (reference 1.4)."""

COURSE_GAP_DAYS = 56
"""A gap of more than this many days between visits starts a new course of care."""

MILESTONE_VISITS = (3, 6)
"""The visit numbers at which meaningful change is counted (besides discharge)."""

AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 29),
    (30, 39),
    (40, 49),
    (50, 59),
    (60, None),
)
"""Age bands (age at the first visit in the period); the last band is open-ended."""

ACTIVITY_HIGH_WORDS = (
    "marathon",
    "training",
    "km",
    "miles",
    "three times",
    "four times",
    "five times",
    "daily",
    "competitive",
    "club",
    "triathlon",
)
"""Words in the recorded sport/activity that put a client in the "trains hard" band."""

ACTIVITY_NONE_WORDS = ("none", "nil", "no sport", "not at present", "n/a")
"""Words (or a blank field) that put a client in the "no regular sport" band."""


@dataclass(frozen=True)
class Definition:
    """One rule a figure rests on: its plain wording and its source (or "GluteDesk's own")."""

    id: str
    term: str
    rule: str
    source: str
    own: bool = False


DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "weak_grade",
        "Weak glute (grade)",
        "Any glute max or glute med Oxford grade below 5 (5 = normal; 5- and below count).",
        "Clinical reference 1.1 (MRC grades: 5 = normal)",
    ),
    Definition(
        "weak_symmetry",
        "Weak glute (symmetry)",
        f"Limb symmetry index below {LSI_WEAK_BELOW:g} %: weaker ÷ stronger × 100, from "
        "dynamometer readings in the same unit on both sides, else from grades.",
        "Index: clinical reference 1.1a. The 90 % line: GluteDesk's own (not in the reference)",
        own=True,
    ),
    Definition(
        "short_hip_flexors",
        "Short hip flexors (Thomas)",
        f"Thomas test hip angle above {THOMAS_HIP_ANGLE_SHORT_ABOVE:g}° or knee flexion under "
        f"{THOMAS_KNEE_FLEXION_SHORT_BELOW:g}° on either side; without angles, the iliopsoas "
        "or rectus femoris flag ticked.",
        "Clinical reference 1.7 (research cut-offs, BMC Sports Sci Med Rehabil s13102-021-00242-y)",
    ),
    Definition(
        "trendelenburg",
        "Positive Trendelenburg",
        "On either stance side: the lifted side drops, or the trunk leans over the stance leg.",
        "Clinical reference 1.4",
    ),
    Definition(
        "meaningful_change",
        "Meaningful change",
        "Improvement of at least: NPRS 2 points or 30 %, ODI 10 points, RMDQ 5, PSFS 2 "
        "(against the first visit of the course).",
        'Clinical reference, Decisions "Outcome measures" and section 4',
    ),
    Definition(
        "course_of_care",
        "Course of care",
        f"A client's visits with no gap of more than {COURSE_GAP_DAYS} days (8 weeks) "
        "between one and the next; figures use each client's first course in the period.",
        "GluteDesk's own (the reference does not define one)",
        own=True,
    ),
    Definition(
        "discharge",
        "Discharge",
        f"The last visit of a finished course: one followed by no visit within "
        f"{COURSE_GAP_DAYS} days (by the end of the period or today).",
        "GluteDesk's own (the reference does not define one)",
        own=True,
    ),
    Definition(
        "pain_type",
        "Nerve-type / soft-tissue pain",
        "From the pain-character questions and body-map marks at the first visit: nerve-type "
        "only, soft-tissue only, both (mixed), or neither (unclear).",
        'Clinical reference 2.4 and Decisions "Pain character"',
    ),
    Definition(
        "red_flag_tier",
        "Red flag tier",
        "A red flag ticked at any visit in the period, by its tier: emergency (A&E now), "
        "urgent GP, routine GP.",
        'Clinical reference 3.1 and Decisions "Red flags"',
    ),
    Definition(
        "age_band",
        "Age band",
        "Age at the first visit in the period: under 30, 30–39, 40–49, 50–59, 60 and over.",
        "GluteDesk's own (ages are banded so no client can be recognised)",
        own=True,
    ),
    Definition(
        "activity_level",
        "Activity level",
        'From the recorded sport/activity: "trains hard" when it names training, a '
        'distance, a club or three or more sessions a week; "no regular sport" when blank or '
        'none; otherwise "some sport".',
        "GluteDesk's own (the reference does not grade activity)",
        own=True,
    ),
    Definition(
        "too_few",
        "Too few to say",
        f"A figure resting on fewer than {MIN_CLIENTS} clients is not shown as a number.",
        "GluteDesk's own",
        own=True,
    ),
)

_BY_ID = {d.id: d for d in DEFINITIONS}


def definition(definition_id: str) -> Definition:
    """The definition with ``definition_id`` (raises ``KeyError`` naming it if unknown)."""
    try:
        return _BY_ID[definition_id]
    except KeyError:
        raise KeyError(f"no insights definition {definition_id!r}") from None
