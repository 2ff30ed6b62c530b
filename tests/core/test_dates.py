"""One date style for screens and paper: day without a leading zero, short month, year."""

from __future__ import annotations

import datetime as dt

from glutedesk.domain.dates import format_date, format_long_date
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
