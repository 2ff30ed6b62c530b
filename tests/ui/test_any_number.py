"""Graph any number: every numeric field of the test catalogue can be charted over visits in
the timeline and chosen for the progress report, and a numeric test added to a copy of the
catalogue as a data edit appears with no code change."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from glutedesk.domain.catalogue import FieldType, load_catalogue
from glutedesk.domain.ids import ClientId, TestId, VisitId
from glutedesk.domain.models import Side, Visit
from glutedesk.domain.models import TestResult as Result
from glutedesk.paths import resources_dir
from glutedesk.reports.number_chart import number_figure
from glutedesk.reports.number_series import number_series, numeric_measures

HOP = {
    "id": "single_leg_hop_distance",
    "name": "Single-leg hop for distance",
    "section": "stability",
    "per_side": True,
    "optional": True,
    "variants": [],
    "instructions": "Hop forwards as far as possible on one leg and land steadily.",
    "fields": [
        {
            "id": "distance",
            "label": "Distance",
            "type": "number",
            "min": 0,
            "max": 300,
            "unit": "cm",
        }
    ],
    "compensations": [],
    "caveat": "",
    "source": "data edit made by a test",
}


@pytest.fixture
def edited_catalogue(tmp_path):
    folder = tmp_path / "resources"
    shutil.copytree(resources_dir(), folder, ignore=shutil.ignore_patterns("fonts"))
    tests_file = folder / "tests.json"
    data = json.loads(tests_file.read_text(encoding="utf-8"))
    data["tests"].append(HOP)
    tests_file.write_text(json.dumps(data), encoding="utf-8")
    return load_catalogue(folder)


def hop_visits() -> list[Visit]:
    visits = []
    for n, (date, left, right) in enumerate(
        ((dt.date(2026, 1, 5), 92.5, 120.0), (dt.date(2026, 2, 2), 110.25, 120.0))
    ):
        results = tuple(
            Result(TestId(HOP["id"]), side, {"distance": value})
            for side, value in ((Side.LEFT, left), (Side.RIGHT, right))
        )
        visits.append(
            Visit(VisitId(f"{n:032d}"), ClientId("c" * 32), date, "Sam", test_results=results)
        )
    return visits


def test_every_numeric_catalogue_field_is_chartable():
    catalogue = load_catalogue()
    keys = {m.key for m in numeric_measures(catalogue)}
    expected = {
        f"{t.id}.{f.id}"
        for t in catalogue.tests
        for f in t.fields
        if f.type in (FieldType.INTEGER, FieldType.NUMBER)
    }
    assert keys == expected
    for key in ("thomas_test.hip_angle", "trendelenburg.seconds_held", "bridge_endurance.reps"):
        assert key in keys
    assert "oxford_glute_med.dynamometer" in keys


def test_a_numeric_test_added_to_a_copy_of_the_catalogue_is_charted(edited_catalogue):
    assert "single_leg_hop_distance.distance" not in {
        m.key for m in numeric_measures(load_catalogue())
    }
    measure = next(
        m for m in numeric_measures(edited_catalogue) if m.key == "single_leg_hop_distance.distance"
    )
    series = number_series(hop_visits(), measure)
    assert [(s.side, s.unit, [p.value for p in s.points]) for s in series] == [
        (Side.LEFT, "cm", [92.5, 110.25]),
        (Side.RIGHT, "cm", [120.0, 120.0]),
    ]
    fig = number_figure(hop_visits(), measure)
    (ax,) = fig.axes
    assert ax.get_ylabel() == "Distance (cm)"
    lines = {line.get_gid(): list(line.get_ydata()) for line in ax.get_lines()}
    assert lines["number:single_leg_hop_distance.distance:left:cm"] == [92.5, 110.25]
    assert lines["number:single_leg_hop_distance.distance:right:cm"] == [120.0, 120.0]
    styles = {line.get_gid(): (line.get_marker(), line.get_linestyle()) for line in ax.get_lines()}
    assert len(set(styles.values())) == 2  # equal values on both sides stay visible


def test_the_timeline_picker_lists_and_charts_the_added_test(edited_catalogue, qtbot):
    from glutedesk.ui.timeline.number_panel import NOT_RECORDED, NumberChartPanel

    panel = NumberChartPanel(catalogue=edited_catalogue)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    panel.set_visits(hop_visits())
    first = panel.picker.itemText(0)
    assert first == "Single-leg hop for distance: distance"  # recorded measures come first
    assert panel.picker.itemText(1).endswith(NOT_RECORDED)

    def gids() -> set[str]:
        if panel.figure is None:
            return set()
        return {line.get_gid() for ax in panel.figure.axes for line in ax.get_lines()}

    qtbot.waitUntil(
        lambda: "number:single_leg_hop_distance.distance:left:cm" in gids(), timeout=20_000
    )
    panel.select("thomas_test.hip_angle")
    qtbot.waitUntil(
        lambda: (
            panel.figure is not None
            and panel.figure.axes[0].get_gid() == "number:thomas_test.hip_angle:°"
        ),
        timeout=20_000,
    )
    texts = [t.get_text() for t in panel.figure.axes[0].texts]
    assert "Not recorded for this client yet" in texts


def test_the_progress_report_charts_the_chosen_number(edited_catalogue, file_db, tmp_path):
    from glutedesk.reports import pdf_common as pc
    from glutedesk.reports.outcome_sections import chosen_measures, number_sections

    styles = pc.make_styles()
    measures = chosen_measures(["single_leg_hop_distance.distance", "gone.field"], edited_catalogue)
    assert [m.key for m in measures] == ["single_leg_hop_distance.distance"]
    flowables = number_sections(hop_visits(), measures, styles)
    assert flowables  # a heading and the chart
    assert number_sections(hop_visits()[:0], measures, styles) == []


def test_the_timeline_tick_chooses_the_measure_for_progress_reports(file_db, qtbot, tmp_path):
    from glutedesk.storage.clinic import Clinic
    from glutedesk.ui.timeline.number_panel import NumberChartPanel

    clinic = Clinic(file_db)
    panel = NumberChartPanel()
    qtbot.addWidget(panel)
    panel.bind(clinic)
    panel.select("trendelenburg.seconds_held")
    assert not panel.in_report.isChecked()
    panel.in_report.click()
    assert clinic.report_charts() == ("trendelenburg.seconds_held",)
    panel.select("thomas_test.hip_angle")
    assert not panel.in_report.isChecked()
    panel.in_report.click()
    assert clinic.report_charts() == ("trendelenburg.seconds_held", "thomas_test.hip_angle")
    panel.select("trendelenburg.seconds_held")
    assert panel.in_report.isChecked()
    panel.in_report.click()
    assert clinic.report_charts() == ("thomas_test.hip_angle",)


def test_cli_refuses_an_unknown_chart_in_one_line(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "c.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "glutedesk", "--db", str(db), "demo"],
        check=True,
        capture_output=True,
        timeout=600,
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "glutedesk",
            "--db",
            str(db),
            "report",
            "--client",
            "a",
            "--out",
            str(tmp_path / "p.pdf"),
            "--chart",
            "nope.field",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("glutedesk: --chart nope.field: not a numeric field")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not Path(tmp_path / "p.pdf").exists()
