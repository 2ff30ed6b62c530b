"""Documents and charts read the corrected values and mark them; the originals stay in print."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from glutedesk.domain.correction_models import ValueCorrection
from glutedesk.domain.corrections import nprs_path, result_value_path
from glutedesk.domain.models import Nprs, Side
from glutedesk.reports.charts import pain_function_figure, strength_figure
from glutedesk.reports.correction_chart import NOTE, prefix_for
from glutedesk.reports.progress import build_progress_report
from glutedesk.reports.referral import build_referral_letter
from glutedesk.storage.clinic import Clinic
from tests.factories import make_client, make_visit

GRADE = result_value_path("oxford_glute_max", Side.LEFT, "grade")
WHEN = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)
REASON = "Copied from the wrong line of the form"


def _text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


@pytest.fixture
def corrected(tmp_path):
    clinic = Clinic.open(tmp_path / "clinic.sqlite3")
    client, _ = clinic.save_client(make_client())
    first, _ = clinic.save_visit(make_visit(client.id, dt.date(2026, 2, 1)))
    later, _ = clinic.save_visit(
        make_visit(client.id, dt.date(2026, 3, 1), nprs=Nprs(now=3, best=1, worst=5))
    )
    clinic.sign(first.id, "Sam Therapist")
    clinic.correct(
        first.id,
        "Sam Therapist",
        REASON,
        [ValueCorrection(GRADE, "4", "3+"), ValueCorrection(nprs_path("now"), 4, 6)],
        at=WHEN,
    )
    yield clinic, client, first, later
    clinic.close()


def test_progress_report_prints_the_corrected_values_marked_and_dated(corrected, tmp_path):
    clinic, client, _first, _later = corrected
    out = build_progress_report(clinic, client.id, tmp_path / "p.pdf", today=dt.date(2026, 12, 4))
    text = _text(out)
    assert "6/10 †" in text and "3+ †" in text
    assert "4/10 †" not in text  # the value as recorded is not shown as the result
    assert "Corrected after the visit was signed" in text
    flat_summary = " ".join(text.split())
    assert "2 recorded values were corrected after signing (latest corrected 3 Dec 2026)" in (
        flat_summary
    )
    assert "corrected 3 Dec 2026 by Sam Therapist" in text
    assert "3+ (recorded 4)" in text and "6 (recorded 4)" in text
    assert REASON in " ".join(text.split())
    # the signed record at the end keeps both values, in the amendment's "Was" and "Now"
    flat = " ".join(text.split())
    assert "Oxford grade: 4 Pain (NPRS) now: 4" in flat
    assert "Oxford grade: 3+ Pain (NPRS) now: 6" in flat


def test_referral_letter_reports_the_corrected_values_and_says_so(corrected, tmp_path):
    clinic, client, first, _later = corrected
    out = build_referral_letter(
        clinic, client.id, tmp_path / "r.pdf", first.id, today=dt.date(2026, 12, 4)
    )
    text = " ".join(_text(out).split())
    assert "Pain rating (NPRS): now 6/10, best 2/10, worst 7/10 †" in text
    assert "3+ †" in text
    assert "corrected 3 Dec 2026" in text and REASON in text


def test_an_uncorrected_record_prints_no_marks(corrected, tmp_path):
    clinic, client, _first, later = corrected
    out = build_referral_letter(
        clinic, client.id, tmp_path / "r.pdf", later.id, today=dt.date(2026, 12, 4)
    )
    text = _text(out)
    assert "†" not in text and "corrected" not in text


def test_charts_ring_exactly_the_corrected_points(corrected):
    clinic, client, first, _later = corrected
    visits = clinic.visits(client.id)
    figures = (
        (strength_figure(visits), "oxford_glute_max:left"),
        (pain_function_figure(visits), "nprs"),
    )
    for figure, gid in figures:
        rings = [
            line
            for ax in figure.axes
            for line in ax.get_lines()
            if str(line.get_gid() or "").startswith("corrected:")
        ]
        assert [r.get_gid() for r in rings] == [f"corrected:{gid}"]
        (x,) = rings[0].get_xdata()
        assert x == first.visit_date
        assert NOTE in [t.get_text() for t in figure.texts]
    (ring,) = [
        line
        for ax in strength_figure(visits).axes
        for line in ax.get_lines()
        if line.get_gid() == "corrected:oxford_glute_max:left"
    ]
    assert list(ring.get_ydata()) == [pytest.approx(3 + 1 / 3)]  # 3+ as charted
    plain = [v for v in visits if v.id != first.id]
    assert not strength_figure(plain).texts


def test_chart_line_ids_map_to_correction_paths():
    assert prefix_for("oxford_glute_max:left") == GRADE
    assert prefix_for("dynamometer:oxford_glute_med:right") == (
        "tests/oxford_glute_med/right/values/dynamometer"
    )
    assert prefix_for("nprs") == "nprs/now"
    assert prefix_for("odi") == "outcomes/odi"
    assert prefix_for("nprs:baseline") is None
