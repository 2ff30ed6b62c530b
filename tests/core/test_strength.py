"""Strength readings (issue 13, items 1, 2 and 5), against the clinical reference's rules:
Decisions "Strength" and 1.1a. Domain rules, the import (a real ``glutedesk`` process), the
series and the charts (the matplotlib figure read back)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from glutedesk.domain.catalogue import load_catalogue
from glutedesk.domain.errors import CatalogueError
from glutedesk.domain.ids import TestId
from glutedesk.domain.models import Side
from glutedesk.domain.models import TestResult as Result
from glutedesk.domain.record_rules import check_client, check_visit
from glutedesk.domain.strength import (
    Reading,
    limb_symmetry,
    load_units,
    plausibility_warning,
    unit_label,
    units_used,
    within_measurement_error,
)
from glutedesk.reports.charts import strength_figure
from glutedesk.reports.series import strength_series, timeline
from glutedesk.reports.wording import change_summary, key_test_rows
from glutedesk.samples.strength_cases import READINGS, case_ids, unit_case
from glutedesk.storage.clients import save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit

UNITS = ("n", "kg", "lbf", "nm", "n_per_kg", "percent_bw")


def nm(value: float, grade: str | None = "5", **extra) -> dict:
    values = {"dynamometer": value, "dynamometer_unit": "nm", **extra}
    return values | ({"grade": grade} if grade else {})


# Domain ---------------------------------------------------------------------------------------


def test_the_units_are_the_six_ids_of_the_export_format():
    assert tuple(load_units()) == UNITS
    assert [unit_label(u) for u in UNITS] == ["N", "kg", "lbf", "Nm", "N/kg", "% BW"]


def test_a_reading_without_a_unit_is_never_assumed_to_be_newtons():
    assert unit_label("") == "unit not recorded"
    assert unit_label(None) == "unit not recorded"
    assert Reading(182.0, "").text == "182 (unit not recorded)"
    assert Reading(5.11, "nm").text == "5.11 Nm"  # the precision it was recorded with


def test_symmetry_from_readings_not_grades_reference_example():
    # 1.1a: readings on both sides in one unit -> from readings; equal grades do not matter
    found = limb_symmetry(nm(5.11), nm(5.83))
    assert found is not None
    assert found.basis == "readings" and found.unit == "nm"
    assert round(found.index, 1) == 87.7
    assert found.text == "87.7% from dynamometer readings (Nm), weaker ÷ stronger"
    by_grades = limb_symmetry({"grade": "5"}, {"grade": "5"})
    assert by_grades is not None and (by_grades.basis, by_grades.index) == ("grades", 100.0)


def test_symmetry_falls_back_to_grades_and_says_so():
    mixed = limb_symmetry(nm(5.11, "4"), {"grade": "5", "dynamometer": 50, "dynamometer_unit": "n"})
    assert mixed is not None and mixed.basis == "grades" and mixed.index == 80.0
    assert mixed.source == "from Oxford grades"
    one_side = limb_symmetry(nm(5.11, "4"), {"grade": "5"})
    assert one_side is not None and one_side.basis == "grades"
    # readings taken in different positions are not compared (1.1a, Cerda Vega 2018)
    moved = limb_symmetry(nm(90, "4", position="side-lying"), nm(80, "4", position="supine"))
    assert moved is not None and moved.basis == "grades"
    assert limb_symmetry({"dynamometer": 5.0, "dynamometer_unit": "nm"}, {"grade": "4"}) is None


def test_symmetry_with_a_known_involved_side_is_involved_over_uninvolved():
    left_involved = limb_symmetry(nm(5.11), nm(5.83), "left")
    assert left_involved is not None and round(left_involved.index, 1) == 87.7
    assert left_involved.involved is Side.LEFT
    assert left_involved.method == "left ÷ right (involved ÷ uninvolved)"
    right_involved = limb_symmetry(nm(5.11), nm(5.83), "right")
    assert right_involved is not None and round(right_involved.index, 1) == 114.1
    for unknown in ("both", "not_known", None):
        found = limb_symmetry(nm(5.11), nm(5.83), unknown)
        assert found is not None and found.method == "weaker ÷ stronger"


def test_plausible_ranges_warn_and_name_the_unit():
    assert plausibility_warning(Reading(182.5, "n")) is None
    assert plausibility_warning(Reading(5.11, "n_per_kg")) is None
    warning = plausibility_warning(Reading(1820, "n"))
    assert warning == "1820 N is outside the usual 10–800 N: check the unit and the decimal point"
    assert "kg" in (plausibility_warning(Reading(182, "kg")) or "")


def test_a_change_within_the_between_session_error_is_said_so():
    assert within_measurement_error(Reading(200, "n"), Reading(220, "n"))  # 10 %
    assert not within_measurement_error(Reading(200, "n"), Reading(230, "n"))  # 15 %
    with pytest.raises(ValueError):
        within_measurement_error(Reading(200, "n"), Reading(20, "kg"))


def test_a_malformed_units_file_is_refused_naming_the_unit(tmp_path):
    (tmp_path / "units.json").write_text(
        json.dumps({"units": [{"id": "n", "label": "N", "name": "x", "quantity": "force"}]})
    )
    with pytest.raises(CatalogueError, match=r"unit 'n'.*plausible"):
        load_units(tmp_path)


# The save gate (editor and import share it) ----------------------------------------------------


def problems_of(*results: Result):
    visit = make_visit(make_client().id, test_results=results)
    return [p for p in check_visit(visit) if p.field.startswith("test_results")]


def test_a_reading_may_stand_without_a_grade():
    assert problems_of(Result(TestId("oxford_glute_med"), Side.LEFT, nm(120.0, None))) == []


def test_a_reading_without_a_unit_is_refused_naming_the_field():
    [problem] = problems_of(Result(TestId("oxford_glute_med"), Side.LEFT, {"dynamometer": 120.0}))
    assert problem.is_error
    assert problem.field == "test_results[0].values.dynamometer_unit"
    assert "has no unit" in problem.message and "n, kg, lbf, nm, n_per_kg, percent_bw" in (
        problem.message
    )


def test_a_strength_result_with_neither_grade_nor_reading_is_refused():
    [problem] = problems_of(Result(TestId("oxford_glute_max"), Side.LEFT, {"position": "prone"}))
    assert problem.is_error and "grade, a dynamometer reading or both" in problem.message


def test_an_implausible_reading_warns_but_is_accepted():
    [problem] = problems_of(Result(TestId("oxford_glute_max"), Side.LEFT, nm(900.0)))
    assert problem.severity == "warning" and "outside the usual 2–350 Nm" in problem.message


@pytest.mark.parametrize("side", [Side.BILATERAL, Side.NOT_APPLICABLE])
def test_a_per_side_test_accepts_only_left_or_right(side):
    [problem] = problems_of(Result(TestId("oxford_glute_max"), side, {"grade": "4"}))
    assert problem.is_error and problem.field == "test_results[0].side"
    assert f"not {side.value!r}" in problem.message
    # a whole-body test is not per side, and keeps its "na"
    whole = Result(TestId("prone_instability"), Side.NOT_APPLICABLE, {"positive": False})
    assert problems_of(whole) == []


def test_the_involved_side_is_one_of_four():
    client = make_client()
    for side in ("left", "right", "both", "not_known"):
        history = dataclasses.replace(client.history, involved_side=side)
        assert check_client(dataclasses.replace(client, history=history)) == []
    history = dataclasses.replace(client.history, involved_side="L")
    [problem] = check_client(dataclasses.replace(client, history=history))
    assert problem.field == "history.involved_side"


def test_the_units_to_remember_are_those_recorded():
    _, visits = unit_case("lbf")
    assert units_used(visits[0]) == {"oxford_glute_max": "lbf"}


# Import and export (real processes) ------------------------------------------------------------


def run(*args):
    proc = subprocess.run(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def exported_case(tmp_path: Path, *units: str) -> dict:
    """The export of a clinic holding each unit's case (a client and three visits)."""
    db = open_database(tmp_path / "source.sqlite3")
    for unit in units:
        client, visits = unit_case(unit, involved_side="left")
        save_client(db, client, touch=False)
        for visit in visits:
            save_visit(db, visit)
    db.close()
    out = tmp_path / "source.json"
    assert run("export", "--db", tmp_path / "source.sqlite3", "--out", out).returncode == 0
    return json.loads(out.read_text(encoding="utf-8"))


def records(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def test_each_unit_goes_through_import_export_and_reimport_unchanged(tmp_path):
    # One clinic holds every unit's case (a client each), so the real processes run once.
    doc = exported_case(tmp_path, *UNITS)
    visits = {visit["id"]: visit for visit in doc["visits"]}
    clients = {client["id"]: client for client in doc["clients"]}
    assert len(clients) == len(UNITS) and len(visits) == 3 * len(UNITS)
    for unit in UNITS:
        client_id, visit_ids = case_ids(unit)
        first = visits[visit_ids[0]]["test_results"][0]["values"]
        assert first["dynamometer_unit"] == unit, unit
        assert first["dynamometer"] == READINGS[unit][0][0], unit
        assert clients[client_id]["history"]["involved_side"] == "left", unit
    (tmp_path / "in.json").write_text(json.dumps(doc), encoding="utf-8")
    assert run("import", "--db", tmp_path / "a.sqlite3", tmp_path / "in.json").returncode == 0
    assert (
        run("export", "--db", tmp_path / "a.sqlite3", "--out", tmp_path / "a.json").returncode == 0
    )
    again = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert records(again) == records(doc)
    assert run("import", "--db", tmp_path / "b.sqlite3", tmp_path / "a.json").returncode == 0
    assert (
        run("export", "--db", tmp_path / "b.sqlite3", "--out", tmp_path / "b.json").returncode == 0
    )
    assert records(json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))) == records(doc)


def refused(tmp_path: Path, doc: dict) -> str:
    (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
    proc = run("import", "--db", tmp_path / "new.sqlite3", tmp_path / "bad.json")
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("glutedesk: ")
    return lines[0]


def test_the_import_refuses_a_reading_without_a_unit(tmp_path):
    doc = exported_case(tmp_path, "nm")
    del doc["visits"][1]["test_results"][1]["values"]["dynamometer_unit"]
    message = refused(tmp_path, doc)
    assert "test_results[1].values.dynamometer_unit" in message and "has no unit" in message


def test_the_import_refuses_a_unit_outside_the_list(tmp_path):
    doc = exported_case(tmp_path, "nm")
    doc["visits"][0]["test_results"][0]["values"]["dynamometer_unit"] = "ft_lb"
    message = refused(tmp_path, doc)
    assert "dynamometer_unit" in message and "'ft_lb' is not one of n, kg" in message


def test_the_import_refuses_a_per_side_test_on_both_sides(tmp_path):
    doc = exported_case(tmp_path, "kg")
    doc["visits"][0]["test_results"][2]["side"] = "bilateral"
    message = refused(tmp_path, doc)
    assert "test_results[2].side" in message and "not 'bilateral'" in message


def test_the_import_accepts_an_implausible_reading(tmp_path):
    doc = exported_case(tmp_path, "kg")
    doc["visits"][0]["test_results"][0]["values"]["dynamometer"] = 182.0  # N typed as kg?
    (tmp_path / "odd.json").write_text(json.dumps(doc), encoding="utf-8")
    assert run("import", "--db", tmp_path / "odd.sqlite3", tmp_path / "odd.json").returncode == 0


# Series, words and charts ----------------------------------------------------------------------


def test_old_records_keep_their_side_and_their_missing_unit(memory_db):
    client, _ = save_client(memory_db, make_client())
    old = (
        Result(TestId("oxford_glute_med"), Side.BILATERAL, {"grade": "4-"}),
        Result(TestId("oxford_glute_max"), Side.LEFT, {"grade": "4", "dynamometer": 182.0}),
    )
    visit, _ = save_visit(memory_db, make_visit(client.id, test_results=old))
    series = {(s.test_id, s.side): s for s in strength_series([visit])}
    both = series[("oxford_glute_med", Side.BILATERAL)]
    assert [p.grade for p in both.points] == ["4-"]
    assert both.label == "Gluteus medius (both sides, old record)"
    [figures] = timeline([visit])
    assert figures.strength_text("oxford_glute_max", Side.LEFT) == "4 · 182 (unit not recorded)"
    # the timeline's and report's left and right cells show the old "both sides" grade, marked
    assert figures.strength_text("oxford_glute_med", Side.LEFT) == "4- (both sides)"
    assert figures.strength_text("oxford_glute_med", Side.RIGHT) == "4- (both sides)"
    rows = {name: left for name, left, _right in key_test_rows(visit, load_catalogue())}
    assert rows["Gluteus medius strength (Oxford) (both sides, old record)"] == "4-"
    fig = strength_figure([visit])
    gids = {line.get_gid() for ax in fig.axes for line in ax.get_lines()}
    assert "oxford_glute_med:bilateral" in gids
    [unitless] = [ax for ax in fig.axes if ax.get_gid() == "dynamometer:none"]
    assert "unit not recorded" in unitless.get_ylabel()


def axes_by_gid(fig) -> dict:
    return {ax.get_gid(): ax for ax in fig.axes}


@pytest.mark.parametrize("unit", UNITS)
def test_each_unit_is_charted_on_its_own_labelled_axis(unit):
    _, visits = unit_case(unit)
    fig = strength_figure(visits)
    axes = axes_by_gid(fig)
    assert set(axes) == {"strength", f"dynamometer:{unit}"}
    ax = axes[f"dynamometer:{unit}"]
    assert ax.get_ylabel() == f"Dynamometer ({unit_label(unit)})"
    lines = {line.get_gid(): line for line in ax.get_lines()}
    left = lines[f"dynamometer:oxford_glute_max:left:{unit}"]
    assert list(left.get_ydata()) == [r[0] for r in READINGS[unit]]


def test_two_units_are_two_axes_never_one():
    _, newtons = unit_case("n")
    _, torque = unit_case("nm")
    moved = [
        dataclasses.replace(v, visit_date=v.visit_date + dt.timedelta(days=60)) for v in torque
    ]
    fig = strength_figure([*newtons, *moved])
    axes = axes_by_gid(fig)
    assert {"dynamometer:n", "dynamometer:nm"} <= set(axes)
    assert axes["dynamometer:n"].get_ylabel() == "Dynamometer (N)"
    assert axes["dynamometer:nm"].get_ylabel() == "Dynamometer (Nm)"
    for unit in ("n", "nm"):
        for line in axes[f"dynamometer:{unit}"].get_lines():
            assert line.get_gid().endswith(f":{unit}")


def test_a_grade_is_never_invented_for_a_reading_only_visit():
    _, visits = unit_case("nm")
    reading_only = visits[1]
    fig = strength_figure(visits)
    grade_line = {line.get_gid(): line for line in axes_by_gid(fig)["strength"].get_lines()}
    left = grade_line["oxford_glute_max:left"]
    assert len(left.get_xdata()) == 2  # visits 1 and 3 only
    assert reading_only.visit_date not in list(left.get_xdata())
    summary = " ".join(change_summary(visits))
    assert "Left gluteus maximus strength improved from 4- to 4 (Oxford)" in summary
    assert "dynamometer 92.4 Nm → 105.5 Nm" in summary
    assert "dynamometer 108.8 Nm → 110.8 Nm (within measurement error, 12%)" in summary
    alone = " ".join(change_summary([reading_only]))
    assert "Left gluteus maximus: dynamometer 96.1 Nm (no Oxford grade recorded)." in alone
    assert "gluteus maximus strength:" not in alone.lower()


def test_coinciding_left_and_right_stay_visible():
    _, visits = unit_case("n")
    fig = strength_figure(visits)
    fig.canvas.draw()
    lines = {line.get_gid(): line for line in axes_by_gid(fig)["strength"].get_lines()}
    left, right = lines["oxford_glute_med:left"], lines["oxford_glute_med:right"]
    assert list(left.get_ydata())[:2] == list(right.get_ydata())[:2]  # same grades
    assert left.get_marker() != right.get_marker()
    assert left.get_linestyle() != right.get_linestyle()
    # drawn apart on the page: the same data point lands at different x pixels
    lx = left.get_transform().transform(left.get_xydata()[0])[0]
    rx = right.get_transform().transform(right.get_xydata()[0])[0]
    assert rx - lx > 3


def test_a_single_visit_chart_reads_as_such():
    _, visits = unit_case("kg")
    fig = strength_figure(visits[:1])
    strength = axes_by_gid(fig)["strength"]
    assert strength.get_title(loc="left").endswith("one visit")
    texts = [t.get_text() for t in strength.texts]
    assert any(t.startswith("One visit so far (6 Jan 2026)") for t in texts)
    many = strength_figure(visits)
    assert not axes_by_gid(many)["strength"].get_title(loc="left").endswith("one visit")
