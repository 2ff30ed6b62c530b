"""``glutedesk bench --encrypted`` at a tiny scale: both clinics measured in pairs, every ratio
taken from real pairs, the plain run's figures reported as without ``--encrypted``.

Timings are not asserted (see test_bench.py); what is checked is that the pairs were measured
and the figures come from them.
"""

from __future__ import annotations

import json
import math
import sys

import pytest

from glutedesk.bench.encrypted import COMPARED, format_encrypted, run_encrypted
from glutedesk.bench.paired import ENCRYPTED, PLAIN, Paired
from glutedesk.bench.runner import BenchOptions
from glutedesk.bench.targets import TARGETS


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    lines: list[str] = []
    options = BenchOptions(
        clients=40, visits=400, repeat=1, search_names=2, db_dir=tmp_path_factory.mktemp("benc")
    )
    result = run_encrypted(options, say=lines.append)
    result["_lines"] = lines
    return result


def test_the_plain_figures_are_the_plain_runs(figures):
    for target in TARGETS:  # issue #14's figures, reported as without --encrypted
        assert math.isfinite(figures[target.key]), target.key
    assert figures["startup_ex_unlock_s"] == figures["startup_app_s"]
    assert figures["targets"]["save_ms"]["met"] == (figures["save_ms"] <= 30)


def test_each_ratio_is_the_median_of_its_measured_pairs(figures):
    data = json.loads(json.dumps({k: v for k, v in figures.items() if k != "_lines"}))
    assert data["encrypted_ratio_method"].startswith("median of per-pair ratios")
    for key in COMPARED:
        raw = data["encrypted_pairs"][key]
        pairs = Paired.of(raw[PLAIN], raw[ENCRYPTED])
        assert data["encrypted_ratios"][key] == pytest.approx(pairs.ratio(), abs=0.01), key
        plain, enc = pairs.medians()
        assert data["paired_plain"][key] == pytest.approx(plain, rel=0.01, abs=0.01), key
        assert data[f"encrypted_{key}"] == pytest.approx(enc, rel=0.01, abs=0.01), key
    assert len(data["encrypted_pairs"]["startup_ex_unlock_s"][PLAIN]) == 1  # --repeat 1
    assert len(data["encrypted_pairs"]["search_p50_ms"][ENCRYPTED]) == 1  # one per repeat
    assert len(data["encrypted_pairs"]["save_ms"][ENCRYPTED]) == 9  # 3 × the plain run's 3
    assert data["encrypted_within"] == all(r <= 1.3 for r in data["encrypted_ratios"].values())


def test_the_encrypted_side_is_measured_unlocked_and_durable(figures):
    assert figures["unlock_ms"] > 0
    assert figures["encrypted_save_durable"] is True
    assert figures["encrypted_timeline_visits"] == 100  # the session really ran on it
    assert figures["encrypted_report_pages"] >= 2
    # The unlock timed right before each encrypted launch is taken off it, not off plain ones.
    (unlock_ms,) = figures["paired_unlock_ms"]
    assert unlock_ms > 0
    (launch,) = figures["encrypted_pairs"]["startup_ex_unlock_s"][ENCRYPTED]
    assert figures["encrypted_startup_app_s"] == pytest.approx(launch + unlock_ms / 1000, abs=0.002)
    (plain,) = figures["encrypted_pairs"]["startup_ex_unlock_s"][PLAIN]
    assert figures["paired_plain"]["startup_ex_unlock_s"] == pytest.approx(plain, abs=0.001)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/io is Linux's")
def test_each_timed_save_s_disk_reads_are_counted_on_both_sides(figures):
    reads = figures["encrypted_save_disk_reads"]
    for side in (PLAIN, ENCRYPTED):
        assert reads[side]["of"] == 9  # every timed save of the side, none left out
        assert 0 <= reads[side]["saves"] <= 9
        assert reads[side]["kb"] >= 0
    assert "saves that read the disk" in format_encrypted(figures)


def test_the_table_and_the_clean_up(figures, tmp_path_factory):
    text = format_encrypted(figures)
    for key in COMPARED:
        assert key in text
    assert "median of the per-pair ratios" in text
    assert any("pairs of launches" in line for line in figures["_lines"])
    assert figures["database"] is None
    assert not list(tmp_path_factory.getbasetemp().glob("benc*/*.sqlite3"))
