"""One date style for screens and paper: day without a leading zero, short month, year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from glutedesk.domain.dates import format_date, format_long_date, format_moment
from glutedesk.reports import documents
from glutedesk.ui import formatting


def test_format_date_is_unambiguous_and_unpadded():
    assert format_date(dt.date(1984, 3, 9)) == "9 Mar 1984"
    assert format_date(dt.date(2026, 12, 31)) == "31 Dec 2026"


def test_a_missing_date_reads_as_given():
    assert format_date(None) == "—"
    assert format_date(None, "not recorded") == "not recorded"
    assert formatting.format_date(None, missing="") == ""


def test_long_dates_spell_the_month():
    assert format_long_date(dt.date(2026, 3, 1)) == "1 March 2026"


def test_screens_and_reports_share_the_one_formatter():
    assert formatting.format_date is format_date
    assert documents.format_date is format_date


def test_moments_share_the_date_style():
    naive = dt.datetime(2026, 3, 1, 9, 5)
    assert format_moment(naive) == "1 Mar 2026 at 09:05"
    assert format_moment(naive, long=True) == "1 March 2026 at 09:05"
    aware = dt.datetime(2026, 3, 1, 9, 5, tzinfo=dt.UTC)
    assert format_moment(aware) == format_moment(aware.astimezone())  # shown in local time


def test_no_padded_day_is_written_anywhere():
    """Every date with a day goes through the one formatter: no "%d" format in the product."""
    root = Path(__file__).resolve().parents[2] / "glutedesk"
    padded = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "%d %b" in line or "%d %B" in line or ":%d" in line
    ]
    assert padded == []
