"""The summary is right for every combination of recorded and missing data: the cases of
scripts/summary_sentences.py (which writes docs/reports/summary-sentences.md), checked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from glutedesk.reports.wording import change_summary

SCRIPT = Path(__file__).parents[2] / "scripts" / "summary_sentences.py"
_spec = importlib.util.spec_from_file_location("summary_sentences", SCRIPT)
assert _spec is not None and _spec.loader is not None
cases = importlib.util.module_from_spec(_spec)
sys.modules["summary_sentences"] = cases  # dataclasses look their module up while defined
_spec.loader.exec_module(cases)


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.name)
def test_summary_sentences(case):
    text = " ".join(change_summary(case.visits))
    for phrase in case.must:
        assert phrase in text, f"{case.name}: missing {phrase!r} in {text!r}"
    for phrase in case.never:
        assert phrase not in text, f"{case.name}: should not say {phrase!r}"
    assert "diagnos" not in text.lower() and "abnormal" not in text.lower()


def test_at_least_eight_combinations_are_covered():
    assert len(cases.CASES) >= 8


def test_every_statement_of_change_names_its_measure_and_unit():
    for case in cases.CASES:
        for sentence in change_summary(case.visits):
            if " down " in sentence or " up " in sentence:
                assert any(
                    name in sentence for name in ("(NPRS)", "(ODI)", "(RMDQ)", "(PSFS)", "strength")
                ), sentence
                assert any(unit in sentence for unit in ("/10", "%", "/24", "Oxford", " N")), (
                    sentence
                )


def test_the_published_table_is_up_to_date():
    published = Path(__file__).parents[2] / "docs" / "reports" / "summary-sentences.md"
    assert published.read_text(encoding="utf-8") == cases.table()
