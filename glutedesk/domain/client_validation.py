"""Checks run before a client is saved, as plain-English messages for the therapist."""

from __future__ import annotations

import datetime as dt
import math
import re

from glutedesk.domain.field_errors import (
    FieldError,
    _error,
    _too_long,
    _unsavable_text,
    _warning,
)
from glutedesk.domain.models import Client, ConsentKind
from glutedesk.domain.strength import INVOLVED_SIDES

EARLIEST_DOB = dt.date(1900, 1, 1)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def validate_client(client: Client, today: dt.date | None = None) -> list[FieldError]:
    """Return the problems with ``client`` before saving (empty when all is well).

    Errors: blank first or last name; date of birth in the future or before 1900; daily
    sitting hours outside 0–24; an email address that does not look like one; a consent marked
    given without a date, dated in the future, or recorded twice; text that cannot be saved
    (lone surrogate characters). Warning: no treatment consent given yet.
    """
    today = today or dt.date.today()
    return [
        *_name_problems(client),
        *_date_of_birth_problems(client.date_of_birth, today),
        *_contact_problems(client),
        *_consent_problems(client, today),
        *_unsavable_text(client),
        *_too_long(client),
    ]


def _name_problems(client: Client) -> list[FieldError]:
    problems = []
    if not client.first_name.strip():
        problems.append(_error("first_name", "Enter the client's first name"))
    if not client.last_name.strip():
        problems.append(_error("last_name", "Enter the client's last name"))
    return problems


def _date_of_birth_problems(dob: dt.date | None, today: dt.date) -> list[FieldError]:
    if dob is not None and dob > today:
        return [_error("date_of_birth", "The date of birth is in the future: correct it")]
    if dob is not None and dob < EARLIEST_DOB:
        return [_error("date_of_birth", "The date of birth is before 1900: check the year")]
    return []


def _contact_problems(client: Client) -> list[FieldError]:
    """Sitting hours in 0–24 and an email address that looks like one."""
    problems = []
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
    if client.history.involved_side not in INVOLVED_SIDES:
        problems.append(
            _error(
                "history.involved_side",
                f"Involved side {client.history.involved_side!r} is not one of "
                f"{', '.join(INVOLVED_SIDES)}",
            )
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
    return problems


def _consent_problems(client: Client, today: dt.date) -> list[FieldError]:
    """Each consent recorded once, dated when given, never in the future; treatment consent."""
    problems = []
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
    return problems
