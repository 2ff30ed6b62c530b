"""Checks run before a client or visit is saved, as plain-English messages for the therapist.

Each problem is a :class:`FieldError` naming the field (a dotted path such as
``"nprs.now"`` or ``"exercises[1].sets"``), what to fix, and a severity: "error" blocks saving,
"warning" is shown but does not. The rules come from the clinical reference (Decisions first):
a ticked red flag needs advice at least as urgent as its tier, nerve-type symptoms need the
advice given logged, hands-on treatment without home exercise prompts the NICE NG59 reminder.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection, Mapping

from glutedesk.domain.client_validation import EARLIEST_DOB, validate_client
from glutedesk.domain.field_errors import (
    FieldError,
    Severity,
    _error,
    _is_int,
    _is_whole,
    _too_long,
    _unsavable_text,
    _warning,
    has_errors,
)
from glutedesk.domain.models import Advice, RedFlagTier, Side, Visit
from glutedesk.domain.outcomes import validate_score
from glutedesk.domain.pain import classify_pain
from glutedesk.domain.red_flags import (
    ADVICE_LABELS,
    TIER_LABELS,
    advice_is_adequate,
    required_advice,
    screen_tier,
)

__all__ = [
    "EARLIEST_DOB",
    "MAX_FREQUENCY_PER_WEEK",
    "RED_FLAG_ADVICE_MISSING",
    "FieldError",
    "Severity",
    "has_errors",
    "validate_client",
    "validate_visit",
]

MAX_FREQUENCY_PER_WEEK = 14

RED_FLAG_ADVICE_MISSING = "A red flag is ticked: record the advice given before saving"

_SIDE_WORDS = {
    Side.LEFT: "left",
    Side.RIGHT: "right",
    Side.BILATERAL: "both sides",
    Side.NOT_APPLICABLE: "no side",
}


def _validate_nprs(visit: Visit) -> list[FieldError]:
    problems: list[FieldError] = []
    readings = {"now": visit.nprs.now, "best": visit.nprs.best, "worst": visit.nprs.worst}
    valid: dict[str, float] = {}
    for name, value in readings.items():
        if value is None:
            continue
        if _is_whole(value, 0, 10):
            valid[name] = value
        else:
            problems.append(
                _error(f"nprs.{name}", f"Pain {name} must be a whole number from 0 to 10")
            )
    order = [name for name in ("best", "now", "worst") if name in valid]
    if any(valid[a] > valid[b] for a, b in itertools.pairwise(order)):
        problems.append(
            _warning(
                "nprs",
                "Pain scores are out of order (expected best <= now <= worst): check them "
                "with the client",
            )
        )
    return problems


def _validate_red_flags(visit: Visit, tiers: Mapping[str, RedFlagTier]) -> list[FieldError]:
    problems: list[FieldError] = []
    screen = visit.red_flags
    answered = [a.flag_id for a in screen.answers]
    repeated = sorted({f for f in answered if answered.count(f) > 1})
    if repeated:
        problems.append(
            _error("red_flags", f"Red flag answered more than once: {', '.join(repeated)}")
        )
    unknown = [f for f in dict.fromkeys(answered) if f not in tiers]
    if unknown:
        problems.append(
            _error(
                "red_flags",
                "Unknown red flag(s) not in the checklist: "
                f"{', '.join(unknown)}. Untick them or update the checklist",
            )
        )
    present = [f for f in screen.present_flags if f in tiers]
    tier = screen_tier(present, tiers)
    if tier is None:
        return problems
    if screen.advice is None:
        problems.append(_error("red_flags.advice", RED_FLAG_ADVICE_MISSING))
    elif not advice_is_adequate(tier, screen.advice):
        needed = required_advice(tier)
        detail = (
            f"The advice recorded ({ADVICE_LABELS[Advice(screen.advice)]}) is less urgent than "
            f"the red flags ticked call for ({TIER_LABELS[tier]}: {ADVICE_LABELS[needed]})"
        )
        if screen.advice_note.strip():
            problems.append(
                _warning(
                    "red_flags.advice",
                    f"{detail}. Your advice note explains why: check that it is right",
                )
            )
        else:
            problems.append(
                _error(
                    "red_flags.advice",
                    f"{detail}. Change the advice, or explain why in the advice note",
                )
            )
    return problems


def _validate_pain(
    visit: Visit, indicators: Mapping[str, tuple[str, bool, str]]
) -> list[FieldError]:
    problems: list[FieldError] = []
    for i, mark in enumerate(visit.pain_marks):
        if mark.intensity is not None and not _is_whole(mark.intensity, 0, 10):
            problems.append(
                _error(
                    f"pain_marks[{i}].intensity",
                    f"The pain rating marked on {mark.region_id} must be a whole number "
                    "from 0 to 10",
                )
            )
    unknown = [c for c in dict.fromkeys(visit.pain_character) if c not in indicators]
    if unknown:
        problems.append(
            _error(
                "pain_character",
                f"Unknown pain-character item(s): {', '.join(unknown)}. Untick them",
            )
        )
    known = [c for c in visit.pain_character if c in indicators]
    try:
        result = classify_pain(known, indicators, visit.pain_marks)
    except ValueError as exc:
        problems.append(_error("pain_character", str(exc)))
        return problems
    if result.prompts_referral and visit.nerve_advice is None:
        problems.append(
            _error(
                "nerve_advice",
                "Nerve-type symptoms are recorded ("
                + "; ".join(result.referral_reasons)
                + "): the rule is to advise the client to see their GP. Record the advice "
                "given before saving",
            )
        )
    elif (
        result.prompts_referral
        and visit.nerve_advice == Advice.NO_ACTION_NEEDED
        and not visit.nerve_advice_note.strip()
    ):
        problems.append(
            _warning(
                "nerve_advice",
                "Nerve-type symptoms are recorded but the advice is 'no action needed': "
                "add a note explaining why",
            )
        )
    return problems


def _validate_exercises(visit: Visit, exercise_ids: Collection[str] | None) -> list[FieldError]:
    problems: list[FieldError] = []
    for i, ex in enumerate(visit.exercises):
        where = f"exercises[{i}]"
        name = ex.exercise_id
        if exercise_ids is not None and name not in exercise_ids:
            problems.append(
                _error(
                    f"{where}.exercise_id",
                    f"Exercise {name!r} is not in the exercise catalogue: choose another",
                )
            )
        if not _is_int(ex.sets) or ex.sets < 1:
            problems.append(_error(f"{where}.sets", f"{name}: sets must be at least 1"))
        if (ex.reps is None) == (ex.hold_seconds is None):
            problems.append(
                _error(
                    f"{where}.reps",
                    f"{name}: give either repetitions or a hold time in seconds, not "
                    + ("both" if ex.reps is not None else "neither"),
                )
            )
        if ex.reps is not None and (not _is_int(ex.reps) or ex.reps < 1):
            problems.append(_error(f"{where}.reps", f"{name}: repetitions must be at least 1"))
        if ex.hold_seconds is not None and (not _is_int(ex.hold_seconds) or ex.hold_seconds < 1):
            problems.append(
                _error(f"{where}.hold_seconds", f"{name}: hold time must be at least 1 second")
            )
        if not _is_int(ex.frequency_per_week) or not (
            1 <= ex.frequency_per_week <= MAX_FREQUENCY_PER_WEEK
        ):
            problems.append(
                _error(
                    f"{where}.frequency_per_week",
                    f"{name}: times per week must be from 1 to {MAX_FREQUENCY_PER_WEEK}",
                )
            )
    if visit.treatment.is_hands_on and not visit.exercises:
        problems.append(
            _warning(
                "exercises",
                "Hands-on treatment was given but no home exercise is prescribed. NICE NG59 "
                "recommends manual therapy only alongside exercise: add an exercise, or note "
                "why not",
            )
        )
    return problems


def _validate_tests(visit: Visit, test_ids: Collection[str] | None) -> list[FieldError]:
    problems: list[FieldError] = []
    seen: set[tuple[str, Side]] = set()
    for i, result in enumerate(visit.test_results):
        where = f"test_results[{i}]"
        if test_ids is not None and result.test_id not in test_ids:
            problems.append(
                _error(
                    f"{where}.test_id",
                    f"Test {result.test_id!r} is not in the test catalogue: remove it",
                )
            )
        key = (result.test_id, Side(result.side))
        if key in seen:
            problems.append(
                _error(
                    where,
                    f"{result.test_id} is recorded twice for {_SIDE_WORDS[key[1]]}: "
                    "keep only one result",
                )
            )
        seen.add(key)
        if result.not_tested_reason is not None and not result.not_tested_reason.strip():
            problems.append(
                _warning(
                    f"{where}.not_tested_reason",
                    f"{result.test_id} is marked not tested: give the reason",
                )
            )
    return problems


def _validate_outcomes(visit: Visit) -> list[FieldError]:
    problems: list[FieldError] = []
    seen: set[str] = set()
    for score in visit.outcome_scores:
        where = f"outcome_scores.{score.instrument}"
        if score.instrument in seen:
            problems.append(_error(where, f"{score.instrument} is recorded twice: keep only one"))
        seen.add(score.instrument)
        problems.extend(_error(where, message) for message in validate_score(score))
        if score.instrument == "psfs" and len(score.labels) != len(score.items):
            problems.append(
                _warning(
                    f"{where}.labels",
                    "Name each PSFS activity so the same ones can be re-rated next visit",
                )
            )
    return problems


def validate_visit(
    visit: Visit,
    *,
    tiers: Mapping[str, RedFlagTier],
    indicators: Mapping[str, tuple[str, bool, str]],
    exercise_ids: Collection[str] | None = None,
    test_ids: Collection[str] | None = None,
    client_dob: dt.date | None = None,
    today: dt.date | None = None,
) -> list[FieldError]:
    """Return the problems with ``visit`` before saving (empty when all is well).

    ``tiers`` maps red-flag ids to tiers and ``indicators`` maps pain-character ids to
    (indicates, prompts_referral, label), both from the catalogues. When ``exercise_ids`` or
    ``test_ids`` are given, ids outside them are errors.

    Errors: visit date in the future or before the date of birth; blank therapist; NPRS or
    mark ratings outside 0–10; a ticked red flag with no advice, or advice less urgent than its
    tier with no note explaining why; nerve-type symptoms that prompt referral with no advice
    recorded; exercise doses (sets >= 1, exactly one of reps / hold seconds, 1–14 times a
    week); unknown ids; the same test and side twice; invalid outcome items; a referral with
    no recipient or reason; text that cannot be saved. Warnings: NPRS not best <= now <= worst;
    less-urgent red-flag advice that is explained; hands-on treatment without home exercise
    (NICE NG59); next visit before this one; unnamed PSFS activities.
    """
    today = today or dt.date.today()
    problems: list[FieldError] = []
    if visit.visit_date > today:
        problems.append(_error("visit_date", "The visit date is in the future: correct it"))
    if client_dob is not None and visit.visit_date < client_dob:
        problems.append(_error("visit_date", "The visit date is before the client's date of birth"))
    if not visit.therapist.strip():
        problems.append(
            _error("therapist", "Enter the therapist's name (records must be attributable)")
        )
    problems.extend(_validate_nprs(visit))
    problems.extend(_validate_pain(visit, indicators))
    problems.extend(_validate_red_flags(visit, tiers))
    problems.extend(_validate_tests(visit, test_ids))
    problems.extend(_validate_outcomes(visit))
    problems.extend(_validate_exercises(visit, exercise_ids))
    for i, referral in enumerate(visit.referrals):
        if not referral.to_whom.strip():
            problems.append(
                _error(f"referrals[{i}].to_whom", "Enter who the client was referred to")
            )
        if not referral.reason.strip():
            problems.append(_error(f"referrals[{i}].reason", "Enter the reason for the referral"))
    if visit.next_visit is not None and visit.next_visit < visit.visit_date:
        problems.append(
            _warning("next_visit", "The next visit date is before this visit: check it")
        )
    problems.extend(_unsavable_text(visit))
    problems.extend(_too_long(visit))
    return problems
