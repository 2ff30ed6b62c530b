"""The benchmark machinery at a tiny scale: every figure is measured and reported as a number.

Timings are not asserted (speed is the benchmark's job, not the tests'); what is checked is
that each measurement really ran: the probes painted, searches were typed, the timeline showed
100 visits, the report has pages, and the JSON carries every target.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from click.testing import CliRunner

import glutedesk.cli.bench  # noqa: F401  (registers the command)
from glutedesk.bench.runner import (
    PROBE,
    BenchOptions,
    format_report,
    launch,
    percentile,
    probe_environment,
    run_benchmark,
)
from glutedesk.bench.targets import TARGETS
from glutedesk.cli import cli
from glutedesk.ui.bench_probe import PAINTED

NUMBERS = (
    "build_s",
    "startup_app_s",
    "startup_bare_s",
    "startup_libraries_s",
    "startup_floor_ratio",
    "search_p50_ms",
    "search_max_ms",
    "search_query_p95_ms",
    "timeline_first_ms",
    "report_first_s",
    "report_baseline_s",
    "db_mb",
)


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    lines: list[str] = []
    options = BenchOptions(
        clients=50,
        visits=500,
        repeat=1,
        search_names=3,
        db_dir=tmp_path_factory.mktemp("bench"),
    )
    result = run_benchmark(options, say=lines.append)
    result["_lines"] = lines
    return result


def test_every_target_is_measured_as_a_number(figures):
    for target in TARGETS:
        value = figures[target.key]
        assert isinstance(value, int | float) and not isinstance(value, bool), target.key
        assert math.isfinite(value) and value > 0, (target.key, value)
    for key in NUMBERS:
        assert isinstance(figures[key], int | float) and math.isfinite(figures[key]), key


def test_the_figures_come_from_real_measurements(figures):
    assert figures["clients"] == 50 and figures["visits"] == 500
    assert figures["timeline_visits"] == 100  # the long client's whole timeline was shown
    assert figures["editor_openings"] == 2  # the first opening and one warm one, each painted
    assert figures["report_pages"] >= 2
    assert figures["searches"] > 10  # three names typed a character at a time
    assert figures["save_durable"] is True  # WAL and synchronous=FULL while saving
    # The ratio is rounded to 0.01 and each time to 0.001 s: allow exactly that rounding.
    app, bare = figures["startup_app_s"], figures["startup_bare_s"]
    rounding = 0.005 + (app / bare) * (0.0005 / app + 0.0005 / bare)
    assert figures["startup_ratio"] == pytest.approx(app / bare, abs=rounding)
    assert figures["peak_rss_mb"] > 50  # a Qt app with a database open is never smaller


def test_the_json_carries_each_target_and_verdict(figures):
    data = json.loads(json.dumps({k: v for k, v in figures.items() if k != "_lines"}))
    assert set(data["targets"]) == {t.key for t in TARGETS}
    for target in TARGETS:
        verdict = data["targets"][target.key]
        assert verdict["target"] == target.limit
        assert verdict["met"] == (data[target.key] <= target.limit)
    assert data["all_met"] == all(v["met"] for v in data["targets"].values())


def test_progress_goes_to_the_caller_and_the_clinic_is_removed(figures, tmp_path_factory):
    assert any("Building a clinic of 50 clients" in line for line in figures["_lines"])
    assert any("start-up" in line for line in figures["_lines"])
    assert figures["database"] is None
    assert not list(tmp_path_factory.getbasetemp().glob("bench*/bench-*.sqlite3"))


def test_the_report_table_shows_every_target(figures):
    text = format_report(figures)
    for target in TARGETS:
        assert target.label in text
    assert "50 clients, 500 visits" in text


def test_a_bare_probe_paints_and_says_so():
    seconds, lines = launch(["bare"], probe_environment(), timeout_s=60)
    assert lines == [PAINTED]
    assert 0 < seconds < 60


def test_the_bare_window_loads_nothing_of_glutedesk():
    # The yardstick must be PySide6 alone: a bare window that also imported GluteDesk's
    # storage layer (sqlite-utils) would make the app's start-up ratio look better than it is.
    env = probe_environment()
    env["PYTHONPROFILEIMPORTTIME"] = "1"
    result = subprocess.run(
        [sys.executable, str(PROBE), "bare"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == PAINTED
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "PySide6.QtWidgets" in imported  # the import log really was read
    assert not [name for name in imported if name.split(".")[0] in {"glutedesk", "sqlite_utils"}]


def test_percentiles_interpolate_between_ranks():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile([3.0], 95) == 3.0


def test_the_command_refuses_a_repeat_of_zero():
    result = CliRunner().invoke(cli, ["bench", "--repeat", "0"])
    assert result.exit_code == 1
    assert "--repeat must be at least 1" in result.output


def test_a_kept_clinic_is_reused_only_when_it_holds_what_was_asked(tmp_path):
    from glutedesk.bench.runner import _clinic
    from glutedesk.storage.clinic import Clinic

    options = BenchOptions(clients=12, visits=60, repeat=1, db_dir=tmp_path, keep=True)
    path = tmp_path / "kept.sqlite3"
    said: list[str] = []
    built = _clinic(path, options, said.append)
    assert not built["reused_clinic"] and built["build_s"] >= 0
    again = _clinic(path, options, said.append)  # counted through Clinic.stats()
    assert again["reused_clinic"] and said[-1] == f"Reusing the clinic in {path}"
    clinic = Clinic.open(path)
    assert (clinic.stats().clients, clinic.stats().visits) == (12, 60)
    clinic.close()
    other = BenchOptions(clients=12, visits=61, repeat=1, db_dir=tmp_path, keep=True)
    assert not _clinic(path, other, said.append)["reused_clinic"]  # rebuilt, not reused
