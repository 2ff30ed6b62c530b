"""The printed documents: real PDFs read back with pypdf, real matplotlib figures read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from pypdf import PdfReader

from glutedesk.domain.grades import OXFORD_GRADES, oxford_to_chart
from glutedesk.domain.models import Advice, Nprs, Referral, Side
from glutedesk.domain.models import TestResult as Result
from glutedesk.reports.charts import (
    WIDTH_IN,
    nprs_meaningful_level,
    pain_function_figure,
    psfs_meaningful_level,
    strength_figure,
)
from glutedesk.reports.documents import build_document, default_file_name
from glutedesk.reports.errors import RecordNotFound, ReportError
from glutedesk.reports.handout import build_handout
from glutedesk.reports.outcome_charts import disability_figure
from glutedesk.reports.pdf_common import CHART_DPI
from glutedesk.reports.progress import build_progress_report
from glutedesk.reports.referral import build_referral_letter
from glutedesk.reports.series import visit_grade
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.settings import ClinicSettings
from glutedesk.storage.visits import save_visit, visits_for_client
from tests.factories import make_client, make_visit, with_red_flag

TODAY = dt.date(2026, 3, 1)
HOSTILE_NAME = ("Zoë <b>O'Brien & Sons</b>", "Ωμέγα Жанна")
HOSTILE_NOTE = "Left <knee> pain & R&D &nbsp;"
SETTINGS = ClinicSettings(
    name="Riverside <Sports> & Remedial",
    address="1 Mill Lane\nLeeds LS1 4AB",
    therapist_name="Sam Ó Súilleabháin",
    therapist_details="BTEC L5 · SMA 1234",
)


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces (cells wrap)."""
    return re.sub(r"\s+", " ", text)


def grades(test_id: str, side: Side, left: str, right: str) -> Result:
    return Result(test_id, side, {"grade": left if side is Side.LEFT else right})


def strength(max_l: str, max_r: str, med_l: str, med_r: str, *, dyn: float | None = None):
    results = []
    for test_id, left, right in (
        ("oxford_glute_max", max_l, max_r),
        ("oxford_glute_med", med_l, med_r),
    ):
        for side, grade in ((Side.LEFT, left), (Side.RIGHT, right)):
            values: dict = {"grade": grade}
            if dyn is not None:
                values |= {"dynamometer": dyn, "dynamometer_unit": "n"}
            results.append(Result(test_id, side, values))
    return tuple(results)


@pytest.fixture
def improving(memory_db):
    """A client with three visits: glutes stronger, pain 7 -> 4 -> 2."""
    client, _ = save_client(memory_db, make_client(first_name="Aoife", last_name="Byrne"))
    plan = [
        (dt.date(2026, 1, 5), 7, strength("3+", "4-", "3-", "3")),
        (dt.date(2026, 1, 19), 4, strength("4-", "4", "3+", "4-", dyn=140.5)),
        (dt.date(2026, 2, 9), 2, strength("4", "4+", "4", "4+", dyn=171.0)),
    ]
    for date, pain, tests in plan:
        save_visit(memory_db, make_visit(client.id, date, nprs=Nprs(now=pain), test_results=tests))
    return client


def test_progress_report_holds_the_name_dates_grades_and_change(memory_db, improving, tmp_path):
    out = build_progress_report(
        Clinic(memory_db), improving.id, tmp_path / "p.pdf", settings=SETTINGS, today=TODAY
    )
    text = flat(pdf_text(out))
    assert "Aoife Byrne" in text
    for date in ("5 Jan 2026", "19 Jan 2026", "9 Feb 2026"):
        assert date in text
    assert "Right gluteus medius strength improved from 3 to 4+ (Oxford)" in text
    assert "Left gluteus medius strength improved from 3- to 4 (Oxford)" in text
    assert (
        "Pain (NPRS): 2/10 at the latest visit (9 Feb 2026), down 5 points from 7/10 at the first "
        "visit (5 Jan 2026) — a meaningful improvement (at least 2 points or 30%)."
    ) in text
    # the results table lists the second visit's grades in order, each with its reading
    assert "19 Jan 2026 4/10 4- 140.5 N 4 140.5 N 3+ 140.5 N 4- 140.5 N" in text
    assert "Riverside <Sports> & Remedial" in text
    assert "Sam Ó Súilleabháin" in text
    assert "Page 1 of" in text and "diagnosis" in text
    reader = PdfReader(str(out))
    assert reader.metadata.title == "Progress report — Aoife Byrne"
    last = reader.pages[-1].extract_text()
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in last


def test_progress_report_charts_are_opaque_print_resolution_images(memory_db, improving, tmp_path):
    out = build_progress_report(Clinic(memory_db), improving.id, tmp_path / "p.pdf", today=TODAY)
    charts = []
    for page in PdfReader(str(out)).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for ref in xobjects.values():
            image = ref.get_object()
            if image["/Subtype"] == "/Image":
                charts.append(image)
    assert len(charts) == 3  # pain and function, disability (the client has an ODI), strength
    for image in charts:
        # Opaque RGB pixels: no second, all-opaque alpha image (SMask) embedded beside each.
        assert image["/ColorSpace"] == "/DeviceRGB" and "/SMask" not in image
        assert image["/Width"] == round(WIDTH_IN * CHART_DPI)
    visits = visits_for_client(memory_db, improving.id)
    figures = (  # 2.9 in; 2.9 in; 4.3 with dyn.
        pain_function_figure(visits),
        disability_figure(visits),
        strength_figure(visits),
    )
    expected = [round(figure.get_figheight() * CHART_DPI) for figure in figures]
    # Several charts can share a page, whose images are not listed in story order.
    assert sorted(image["/Height"] for image in charts) == sorted(expected)


def test_strength_chart_plots_the_stored_grades(memory_db, improving):
    visits = visits_for_client(memory_db, improving.id)
    fig = strength_figure(visits)
    lines = {line.get_gid(): line for ax in fig.axes for line in ax.get_lines() if line.get_gid()}
    for test_id in ("oxford_glute_max", "oxford_glute_med"):
        for side in (Side.LEFT, Side.RIGHT):
            line = lines[f"{test_id}:{side.value}"]
            stored = [visit_grade(v, test_id, side) for v in visits]
            assert list(line.get_ydata()) == [oxford_to_chart(g) for g in stored]
            assert list(line.get_xdata()) == [v.visit_date for v in visits]
    strength_axes = next(ax for ax in fig.axes if ax.get_gid() == "strength")
    labels = [t.get_text() for t in strength_axes.get_yticklabels()]
    assert labels == list(OXFORD_GRADES)
    assert strength_axes.get_ylim()[0] <= 0 and strength_axes.get_ylim()[1] >= 5
    # dynamometer readings on their own axis, only for the visits that recorded them
    dyn = lines["dynamometer:oxford_glute_med:right:n"]
    assert dyn.axes is not strength_axes
    assert dyn.axes.get_ylabel() == "Dynamometer (N)"
    assert list(dyn.get_ydata()) == [140.5, 171.0]


def test_pain_chart_plots_nprs_and_the_meaningful_change_line(memory_db, improving):
    visits = visits_for_client(memory_db, improving.id)
    fig = pain_function_figure(visits)
    lines = {line.get_gid(): line for ax in fig.axes for line in ax.get_lines() if line.get_gid()}
    assert list(lines["nprs"].get_ydata()) == [7, 4, 2]
    assert list(lines["nprs:baseline"].get_ydata()) == [7, 7]
    assert list(lines["nprs:threshold"].get_ydata()) == [5, 5]  # 7 - 2 beats 30% (4.9)
    assert list(lines["psfs"].get_ydata()) == [5, 5, 5]  # the factory's PSFS (4, 6, 5)
    assert list(lines["psfs:threshold"].get_ydata()) == [7, 7]


@pytest.mark.parametrize(("baseline", "level"), [(7, 5.0), (3, 2.1), (10, 8.0), (1, 0.7), (0, 0.0)])
def test_nprs_meaningful_level(baseline, level):
    assert nprs_meaningful_level(baseline) == pytest.approx(level)


def test_psfs_meaningful_level():
    assert psfs_meaningful_level(4.5) == 6.5


def test_a_client_without_visits_gets_clear_documents(memory_db, tmp_path):
    client, _ = save_client(memory_db, make_client(first_name="Nia", last_name="Evans"))
    for kind, expected in (
        ("progress", "No visits yet"),
        ("handout", "No home exercises have been prescribed yet."),
        ("referral", "No visits have been recorded yet"),
    ):
        out = build_document(
            kind, Clinic(memory_db), client.id, tmp_path / f"{kind}.pdf", today=TODAY
        )
        text = flat(pdf_text(out))
        assert "Nia Evans" in text
        assert expected in text
    assert not [line for line in strength_figure([]).axes[0].get_lines() if line.get_gid()]


def test_a_client_with_one_visit_gets_a_starting_point(memory_db, tmp_path):
    client, _ = save_client(memory_db, make_client(first_name="Owen", last_name="Price"))
    save_visit(
        memory_db,
        make_visit(client.id, dt.date(2026, 2, 2), test_results=strength("4", "4", "3+", "4-")),
    )
    text = flat(pdf_text(build_progress_report(Clinic(memory_db), client.id, tmp_path / "p.pdf")))
    assert "Owen Price" in text and "2 Feb 2026" in text
    assert "This is the first assessment" in text
    assert "Right gluteus medius strength: 4- (Oxford)" in text


def test_hostile_text_survives_in_every_document(memory_db, tmp_path):
    first, last = HOSTILE_NAME
    client = make_client(
        first_name=first,
        last_name=last,
        history=dataclasses.replace(make_client().history, complaint=HOSTILE_NOTE),
    )
    client, _ = save_client(memory_db, client)
    visit = make_visit(client.id, dt.date(2026, 2, 2), complaint=HOSTILE_NOTE)
    visit = with_red_flag(visit)
    visit = dataclasses.replace(
        visit,
        referrals=(Referral("GP", HOSTILE_NOTE, Advice.URGENT_GP),),
        test_results=(
            *visit.test_results,
            Result("faber", Side.LEFT, {"pain": True}, note=HOSTILE_NOTE),
        ),
    )
    save_visit(memory_db, visit)
    name = f"{first} {last}"
    for kind in ("progress", "handout", "referral"):
        out = tmp_path / f"{kind}.pdf"
        build_document(kind, Clinic(memory_db), client.id, out, settings=SETTINGS, today=TODAY)
        text = pdf_text(out)
        assert name in text, kind
        if kind != "handout":
            assert HOSTILE_NOTE.strip() in text, kind
        assert "Riverside <Sports> & Remedial" in text


def test_unknown_client_or_visit_is_refused_plainly(memory_db, improving, tmp_path):
    with pytest.raises(RecordNotFound, match="No client"):
        build_progress_report(Clinic(memory_db), "nobody", tmp_path / "x.pdf")
    with pytest.raises(RecordNotFound, match="No visit"):
        build_handout(Clinic(memory_db), improving.id, tmp_path / "x.pdf", visit_id="nope")
    assert not (tmp_path / "x.pdf").exists()


def test_a_failed_write_leaves_the_old_file_alone(memory_db, improving, tmp_path, monkeypatch):
    from glutedesk.reports import pdf_document

    target = tmp_path / "p.pdf"
    target.write_bytes(b"old")

    def disk_full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf_document.SimpleDocTemplate, "build", disk_full)
    with pytest.raises(ReportError, match="No space left on device"):
        build_referral_letter(Clinic(memory_db), improving.id, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["p.pdf"]  # no temporary file left


def test_a_folder_that_cannot_be_made_is_reported(memory_db, improving, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="Cannot write to"):
        build_handout(Clinic(memory_db), improving.id, blocker / "h.pdf")


def test_handout_lists_the_latest_exercises_with_their_dose(memory_db, improving, tmp_path):
    text = flat(pdf_text(build_handout(Clinic(memory_db), improving.id, tmp_path / "h.pdf")))
    assert "Glute bridge" in text
    assert "3 sets × 10 reps, 3 times a week" in text
    assert "3 sets × 30 s hold, each side, every day" in text
    assert "Tuck the pelvis under" in text  # the therapist's own cue
    assert "A&E" in text  # the safety net closes the sheet


def test_referral_letter_is_addressed_to_the_gp_and_reports_the_flag(memory_db, tmp_path):
    client, _ = save_client(memory_db, make_client())
    visit = with_red_flag(make_visit(client.id, dt.date(2026, 2, 2)))
    save_visit(memory_db, visit)
    save_visit(memory_db, make_visit(client.id, dt.date(2026, 2, 20)))
    text = flat(pdf_text(build_referral_letter(Clinic(memory_db), client.id, tmp_path / "r.pdf")))
    assert "Dear Dr Amira Shah," in text
    assert "Park Lane Surgery" in text
    assert "2 Feb 2026" in text  # the visit with the referral, not the later one
    assert "Red flag: Saddle, perianal or genital numbness" in text
    assert "go to A&E now" in text
    assert "Safety-net card given" in text
    assert "I have not made a diagnosis" in text
    assert "not consented to my contacting you directly" in text


def test_default_file_name_is_safe():
    name = default_file_name("progress", "Zoë <b>O'Brien & Sons</b>", TODAY)
    assert name == "progress-report-zoë-b-obrien-sons-b-2026-03-01.pdf"
    assert default_file_name("handout", "../..", TODAY) == "home-exercises-client-2026-03-01.pdf"


def test_progress_report_prints_signatures_and_amendments_beside_the_original(
    memory_db, improving, tmp_path
):
    from glutedesk.storage.signing import add_amendment, sign_visit

    first = visits_for_client(memory_db, improving.id)[0]
    sign_visit(memory_db, first.id, "Sam Therapist")
    add_amendment(
        memory_db, first.id, "Sam Therapist", "Wrong side <noted>", "complaint", "Left & worse"
    )
    text = flat(
        pdf_text(build_progress_report(Clinic(memory_db), improving.id, tmp_path / "p.pdf"))
    )
    assert "Signed records and amendments" in text
    assert "Signed by Sam Therapist" in text
    assert "Wrong side <noted>" in text
    assert "Left & worse" in text
    assert first.complaint in text  # the original text is printed beside the correction


def test_progress_report_without_signatures_has_no_record_section(memory_db, improving, tmp_path):
    text = flat(
        pdf_text(build_progress_report(Clinic(memory_db), improving.id, tmp_path / "p.pdf"))
    )
    assert "Signed records and amendments" not in text


def test_a_chart_has_the_same_pixels_however_many_charts_were_drawn_before(memory_db, improving):
    import zlib

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from glutedesk.reports.pdf_common import figure_image

    visits = visits_for_client(memory_db, improving.id)
    # the strength chart (with dynamometer panels) is taller: the drawer keeps renderers of
    # both sizes, and then of the pain chart's size again
    images = [figure_image(make(visits)) for make in (pain_function_figure, strength_figure) * 2]
    for image, make in zip(images, (pain_function_figure, strength_figure) * 2, strict=True):
        fig = make(visits)
        fig.set_dpi(CHART_DPI)
        canvas = FigureCanvasAgg(fig)  # a new canvas of its own: the usual way
        canvas.draw()
        expected = np.asarray(canvas.buffer_rgba())[:, :, :3]
        assert image.size == (expected.shape[1], expected.shape[0])
        assert zlib.decompress(image.stream) == expected.tobytes()


@pytest.mark.parametrize("make", [strength_figure, pain_function_figure, disability_figure])
def test_a_long_history_keeps_the_automatic_date_ticks_at_any_size(make):
    """The date axis places an AutoDateLocator's ticks once; the chart is the one that locator,
    asked again at every draw, gives: same ticks, labels and pixels, at two sizes."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator

    client = make_client()
    first = dt.date(2025, 1, 6)
    visits = [make_visit(client.id, first + dt.timedelta(days=23 * i)) for i in range(20)]
    fixed, automatic = make(visits), make(visits)
    ticks = 8 if make is strength_figure else 5  # as each builder asks for
    for ax in automatic.axes:
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=ticks))
    for size in (None, (4.5, 3.2)):
        drawn = []
        for fig in (fixed, automatic):
            if size is not None:
                fig.set_size_inches(*size)
            canvas = FigureCanvasAgg(fig)
            canvas.draw()
            ax = fig.axes[-1]
            labels = [t.get_text() for t in ax.get_xticklabels()]
            drawn.append((list(ax.get_xticks()), labels, np.asarray(canvas.buffer_rgba()).copy()))
        (locs, labels, pixels), (auto_locs, auto_labels, auto_pixels) = drawn
        assert len(locs) >= 3 and any(labels)
        assert (locs, labels) == (auto_locs, auto_labels)
        assert np.array_equal(pixels, auto_pixels)
