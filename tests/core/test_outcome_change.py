"""Change in NPRS, ODI, RMDQ and PSFS against the clinical reference's thresholds, totals
scored on paper ("total only"), and numbers written with their recorded precision."""

from __future__ import annotations

import datetime as dt

import pytest

from glutedesk.domain.models import Instrument, OutcomeScore, PaperTotal, TotalScale
from glutedesk.domain.outcome_change import format_number, outcome_change, threshold_text
from glutedesk.domain.outcomes import score_outcome, validate_score
from glutedesk.domain.serialize import from_json, to_json
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.visits import get_visit, save_visit
from tests.factories import make_client, make_visit


@pytest.mark.parametrize(
    ("key", "baseline", "current", "way", "meaningful"),
    [
        # ODI: 10 points (clinical reference, Decisions and section 4)
        ("odi", 46, 36, "better", True),
        ("odi", 46, 36.1, "better", False),
        ("odi", 30, 40, "worse", True),
        ("odi", 30, 39.9, "worse", False),
        # RMDQ: 5 points
        ("rmdq", 14, 9, "better", True),
        ("rmdq", 14, 10, "better", False),
        ("rmdq", 6, 11, "worse", True),
        # PSFS: 2 points, higher is better
        ("psfs", 4, 6, "better", True),
        ("psfs", 4, 5.9, "better", False),
        ("psfs", 6, 4, "worse", True),
        # NPRS: 2 points or 30% of the first rating
        ("nprs", 8, 6, "better", True),
        ("nprs", 8, 7, "better", False),
        ("nprs", 3, 2, "better", True),  # 33%
        ("nprs", 10, 7, "better", True),  # 30%
        ("nprs", 4, 4, "unchanged", False),
    ],
)
def test_change_is_judged_by_the_reference_thresholds(key, baseline, current, way, meaningful):
    change = outcome_change(key, baseline, current)
    assert (change.way, change.meaningful) == (way, meaningful)
    assert change.points == pytest.approx(abs(current - baseline))


def test_threshold_words_name_the_rule():
    assert threshold_text("nprs") == "2 points or 30%"
    assert threshold_text("odi") == "10 points"
    assert threshold_text("rmdq") == "5 points"
    assert threshold_text("psfs") == "2 points"


@pytest.mark.parametrize(
    ("value", "text"),
    [(5.85, "5.85"), (7.97, "7.97"), (8.01, "8.01"), (182.0, "182"), (6.0, "6"), (35.6, "35.6")],
)
def test_numbers_keep_their_recorded_precision(value, text):
    assert format_number(value) == text


def paper(instrument, value, scale):
    return OutcomeScore(instrument, (), paper_total=PaperTotal(value, scale))


def test_paper_totals_score_as_stated():
    assert score_outcome(paper(Instrument.ODI, 22, TotalScale.POINTS_OF_50)) == 44
    assert score_outcome(paper(Instrument.ODI, 35.6, TotalScale.PERCENT)) == 35.6
    assert score_outcome(paper(Instrument.RMDQ, 11, TotalScale.POINTS_OF_24)) == 11
    assert paper(Instrument.RMDQ, 11, TotalScale.POINTS_OF_24).total_only
    assert not OutcomeScore(Instrument.RMDQ, (0,) * 24).total_only


@pytest.mark.parametrize(
    ("score", "message"),
    [
        (paper(Instrument.ODI, 51, TotalScale.POINTS_OF_50), "0–50"),
        (paper(Instrument.ODI, 22.5, TotalScale.POINTS_OF_50), "whole number"),
        (paper(Instrument.ODI, 100.5, TotalScale.PERCENT), "0–100"),
        (paper(Instrument.ODI, 12, TotalScale.POINTS_OF_24), "percentage or points of 50"),
        (paper(Instrument.RMDQ, 25, TotalScale.POINTS_OF_24), "0–24"),
        (paper(Instrument.STARTBACK, 4, TotalScale.POINTS_OF_24), "enter its items"),
        (paper(Instrument.PSFS, 4, TotalScale.PERCENT), "enter its items"),
        (OutcomeScore(Instrument.ODI, ()), "enter its items, or its total scored on paper"),
        (
            OutcomeScore(Instrument.RMDQ, (1,) * 24, paper_total=PaperTotal(24, "points_of_24")),
            "both item answers and a total",
        ),
    ],
)
def test_impossible_paper_totals_are_refused_with_a_message(score, message):
    problems = validate_score(score)
    assert any(message in p for p in problems), problems


def test_a_paper_total_survives_json_and_the_database(file_db):
    score = paper(Instrument.ODI, 17, TotalScale.POINTS_OF_50)
    data = to_json(score)
    assert data["items"] == [] and data["paper_total"] == {"value": 17, "scale": "points_of_50"}
    assert from_json(OutcomeScore, data) == score
    assert from_json(OutcomeScore, {"instrument": "rmdq", "items": [0] * 24}).paper_total is None
    client, _ = save_client(file_db, make_client())
    visit = make_visit(client.id, dt.date(2026, 1, 5), outcome_scores=(score,))
    save_visit(file_db, visit)
    assert get_visit(file_db, visit.id).score(Instrument.ODI) == score
    row = file_db.execute("SELECT items, total FROM outcome_scores").fetchone()
    assert row == ('{"paper_total": 17, "scale": "points_of_50"}', 34.0)


def test_the_referral_letter_states_each_outcome_measure(file_db, tmp_path):
    from glutedesk.domain.models import Nprs
    from glutedesk.reports.referral import build_referral_letter
    from tests.core.test_reports import flat, pdf_text

    client, _ = save_client(file_db, make_client())
    first = make_visit(
        client.id,
        dt.date(2026, 1, 5),
        nprs=Nprs(now=7),
        outcome_scores=(
            OutcomeScore(Instrument.RMDQ, (1,) * 14 + (0,) * 10),
            OutcomeScore(Instrument.STARTBACK, (1, 0, 1, 0, 1, 1, 0, 1, 1)),
        ),
    )
    later = make_visit(
        client.id,
        dt.date(2026, 2, 2),
        nprs=Nprs(now=4),
        outcome_scores=(paper(Instrument.RMDQ, 8, TotalScale.POINTS_OF_24),),
    )
    for visit in (first, later):
        save_visit(file_db, visit)
    out = build_referral_letter(Clinic(file_db), client.id, tmp_path / "r.pdf", later.id)
    text = flat(pdf_text(out))
    assert "Outcome measures" in text
    assert (
        "Disability (RMDQ): 8/24 at the latest visit (2 Feb 2026), down 6 points from 14/24 at "
        "the first visit (5 Jan 2026) — a meaningful improvement (at least 5 points). The score "
        "of 2 Feb 2026 is a total scored on paper."
    ) in text
    assert "STarT Back on 5 Jan 2026: high risk (total 6/9, distress subscale 4/5)" in text
    early = build_referral_letter(Clinic(file_db), client.id, tmp_path / "r1.pdf", first.id)
    early_text = flat(pdf_text(early))  # a letter about the first visit says nothing later
    assert "Disability (RMDQ): 14/24 on 5 Jan 2026." in early_text and "8/24" not in early_text


def test_the_disability_chart_marks_paper_totals_single_scores_and_startback():
    from glutedesk.domain.ids import ClientId, VisitId
    from glutedesk.domain.models import Visit
    from glutedesk.reports.outcome_charts import disability_figure

    def visit(n, *scores):
        return Visit(
            VisitId(f"{n:032d}"),
            ClientId("c" * 32),
            dt.date(2026, 1, 5 + 7 * n),
            "S",
            outcome_scores=scores,
        )

    startback = OutcomeScore(Instrument.STARTBACK, (1, 0, 1, 0, 1, 1, 0, 1, 1))
    visits = [
        visit(0, OutcomeScore(Instrument.ODI, (2,) * 10), startback),
        visit(1, paper(Instrument.ODI, 15, TotalScale.POINTS_OF_50)),
    ]
    fig = disability_figure(visits)
    (ax,) = fig.axes  # only the ODI was scored: one panel
    lines = {line.get_gid(): list(line.get_ydata()) for line in ax.get_lines()}
    assert lines["odi"] == [40.0, 30.0]
    assert lines["odi:total_only"] == [30.0]
    assert lines["odi:threshold"] == [30.0, 30.0]  # 10 points below the first score
    assert lines["odi:baseline"] == [40.0, 40.0]
    assert any("STarT Back 5 Jan 2026: high risk (6/9" in t.get_text() for t in fig.texts)
    single = disability_figure(visits[:1])
    assert any("One score so far" in t.get_text() for t in single.axes[0].texts)
