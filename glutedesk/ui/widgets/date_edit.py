"""A date typed as day/month/year (UK day-first), the way GluteDesk's forms take dates."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QLineEdit, QWidget

_DATE = re.compile(r"^\s*(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text: str) -> dt.date | None:
    """Parse "9/3/1984", "09.03.1984" or "1984-03-09" (UK day-first); ValueError otherwise.

    Blank text gives None.
    """
    if not text.strip():
        return None
    match = _DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            raise ValueError(f"{text.strip()!r} is not a date: type it as day/month/year")
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a real date: check the day and month") from None


def format_input_date(value: dt.date | None) -> str:
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year}"


class DateEdit(QLineEdit):
    """A date typed as day/month/year, or blank."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaximumWidth(130)

    def date(self) -> dt.date | None:
        """The date typed; raises ValueError with plain words when it is not one."""
        return parse_date(self.text())

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_input_date(value))
