"""How GluteDesk writes a date, on screen and on paper: "9 Mar 1984" (unambiguous in the UK
and abroad, unlike 09/03/1984)."""

from __future__ import annotations

import datetime as dt


def format_date(value: dt.date | None, missing: str = "—") -> str:
    """Return ``value`` as "9 Mar 1984", or ``missing`` when there is no date."""
    if value is None:
        return missing
    return f"{value.day} {value:%b %Y}"


def format_long_date(value: dt.date) -> str:
    """Return ``value`` with the month in full, "9 March 1984" (formal documents)."""
    return f"{value.day} {value:%B %Y}"


def format_moment(value: dt.datetime, *, long: bool = False) -> str:
    """Return a moment as "9 Mar 1984 at 14:05" (local time when ``value`` knows its zone).

    ``long`` writes the month in full ("9 March 1984 at 14:05") for formal wording.
    """
    local = value.astimezone() if value.tzinfo else value
    day = format_long_date(local.date()) if long else format_date(local.date())
    return f"{day} at {local:%H:%M}"
