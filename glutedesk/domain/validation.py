"""Checks run before a client or visit is saved, as plain-English messages for the therapist.

Each problem is a :class:`FieldError` naming the field (a dotted path such as
``"nprs.now"`` or ``"exercises[1].sets"``), what to fix, and a severity: "error" blocks saving,
"warning" is shown but does not. The rules come from the clinical reference (Decisions first):
a ticked red flag needs advice at least as urgent as its tier, nerve-type symptoms need the
advice given logged, hands-on treatment without home exercise prompts the NICE NG59 reminder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from glutedesk.domain import field_limits
from glutedesk.domain.models import Advice, Client, ConsentKind, RedFlagTier, Side, Visit
from glutedesk.domain.outcomes import validate_items
from glutedesk.domain.pain import classify_pain
from glutedesk.domain.red_flags import (
    ADVICE_LABELS,
    TIER_LABELS,
    advice_is_adequate,
    required_advice,
    screen_tier,
)

Severity = Literal["error", "warning"]

EARLIEST_DOB = dt.date(1900, 1, 1)
MAX_FREQUENCY_PER_WEEK = 14

RED_FLAG_ADVICE_MISSING = "A red flag is ticked: record the advice given before saving"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

_SIDE_WORDS = {
    Side.LEFT: "left",
    Side.RIGHT: "right",
    Side.BILATERAL: "both sides",
    Side.NOT_APPLICABLE: "no side",
}


@dataclass(frozen=True)
class FieldError:
    """One problem with a record: the field at fault, what to fix, and how serious it is."""

    field: str
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if self.severity not in ("error", "warning"):
            raise ValueError(f"severity must be 'error' or 'warning', not {self.severity!r}")

    @property
    def is_error(self) -> bool:
        """True when this problem blocks saving."""
        return self.severity == "error"


def has_errors(errors: Iterable[FieldError]) -> bool:
    """True when any problem in ``errors`` is an error (warnings alone allow saving)."""
    return any(e.severity == "error" for e in errors)


def _error(field: str, message: str) -> FieldError:
    return FieldError(field, message, "error")


def _warning(field: str, message: str) -> FieldError:
    return FieldError(field, message, "warning")


def _text_fields(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Yield (path, text) for every string inside ``value`` (dataclasses, tuples, dicts)."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _text_fields(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _text_fields(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _text_fields(key, f"{path} (key)")
            yield from _text_fields(item, f"{path}.{key}")


def _human(path: str) -> str:
    """Turn a field path into words: "history.past_medical_history" -> "past medical history"."""
    last = re.sub(r"\[\d+\]", "", path.rsplit(".", 1)[-1]).replace(" (key)", "")
    return last.replace("_", " ")


def _unsavable_text(record: Any) -> list[FieldError]:
    problems = []
    for path, text in _text_fields(record, ""):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(
                _error(
                    path,
                    f"The {_human(path)} field contains a broken character (often half of an "
                    "emoji pasted from another program) that cannot be saved: retype that text",
                )
            )
    return problems


def _too_long(record: Any) -> list[FieldError]:
    return [
        _error(
            path,
            f"The {_human(path)} field is {length:,} characters long; it can hold at most "
            f"{limit:,}: shorten it",
        )
        for path, length, limit in field_limits.too_long(list(_text_fields(record, "")))
    ]


def _is_whole(value: object, low: int, high: int) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value == int(value)
        and low <= value <= high
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_client(client: Client, today: dt.date | None = None) -> list[FieldError]:
    """Return the problems with ``client`` before saving (empty when all is well).

    Errors: blank first or last name; date of birth in the future or before 1900; daily
    sitting hours outside 0–24; an email address that does not look like one; a consent marked
    given without a date, dated in the future, or recorded twice; text that cannot be saved
    (lone surrogate characters). Warning: no treatment consent given yet.
    """
    today = today or dt.date.today()
    problems: list[FieldError] = []
    if not client.first_name.strip():
        problems.append(_error("first_name", "Enter the client's first name"))
    if not client.last_name.strip():
        problems.append(_error("last_name", "Enter the client's last name"))
    dob = client.date_of_birth
    if dob is not None:
        if dob > today:
            problems.append(
                _error("date_of_birth", "The date of birth is in the future: correct it")
            )
        elif dob < EARLIEST_DOB:
            problems.append(
                _error("date_of_birth", "The date of birth is before 1900: check the year")
            )
    hours = client.sitting_hours_per_day
    if hours is not None and not (
        isinstance(hours, int | float)
        and not isinstance(hours, bool)
        and math.isfinite(hours)
        and 0 <= hours <= 24
    ):
        problems.append(
            _error("sitting_hours_per_day", "Hours sitting per day must be between 0 and 24")
        )
    email = client.email.strip()
    if email and not _EMAIL.match(email):
        problems.append(
            _error(
                "email",
                f"{email!r} does not look like an email address (name@example.com): "
                "correct it or leave it blank",
            )
        )
    seen: set[ConsentKind] = set()
    for consent in client.consents:
        kind = ConsentKind(consent.kind)
        field = f"consents.{kind.value}"
        words = kind.value.replace("_", " ")
        if kind in seen:
            problems.append(_error(field, f"The {words} consent is recorded twice: keep only one"))
        seen.add(kind)
        if consent.given and consent.date is None:
            problems.append(
                _error(f"{field}.date", f"Enter the date the {words} consent was given")
            )
        if consent.date is not None and consent.date > today:
            problems.append(
                _error(f"{field}.date", f"The {words} consent date is in the future: correct it")
            )
    treatment = client.consent(ConsentKind.TREATMENT)
    if treatment is None or not treatment.given:
        problems.append(
            _warning(
                "consents.treatment",
                "No consent to treatment is recorded: get signed consent before assessing or "
                "treating",
            )
        )
    problems.extend(_unsavable_text(client))
    problems.extend(_too_long(client))
    return problems


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
        problems.extend(
            _error(where, message) for message in validate_items(score.instrument, score.items)
        )
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
