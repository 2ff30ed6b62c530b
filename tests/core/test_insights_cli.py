"""``glutedesk insights`` as a real process: the anonymous PDF, the JSON, clear refusals."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pypdf import PdfReader

from glutedesk.storage.clinic import Clinic


def run(*args):
    proc = subprocess.run(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    proc = run("--db", path, "demo")
    assert proc.returncode == 0, proc.stderr
    return path


def _names(path) -> list[str]:
    clinic = Clinic.open_read_only(path)
    try:
        return [c.name for c in clinic.clients()]
    finally:
        clinic.close()


def test_pdf_and_json_of_the_demo_clinic_are_anonymous(demo, tmp_path):
    out = tmp_path / "practice.pdf"
    proc = run("--db", demo, "insights", "--out", out, "--json")
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(proc.stdout)
    assert figures["clients"] == 24 and figures["from"] is None
    keys = {f["key"] for s in figures["sections"] for f in s["figures"]}
    assert {"weak_glutes", "short_flexors", "nprs_meaningful_discharge", "trendelenburg"} <= keys
    assert {d["id"] for d in figures["definitions"]} >= {"course_of_care", "discharge"}
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Practice report" in text and "Definitions" in text and "too few to say" in text
    assert "do not show that" in text.replace("\n", " ")  # no claim of cause and effect
    for name in _names(demo):
        assert name not in text and name not in proc.stdout
        for part in name.split():
            assert part not in proc.stdout
    assert "Written" not in proc.stdout  # stdout is only the JSON
    assert "Practice report written" in proc.stderr


def test_a_period_narrows_the_figures(demo):
    every = json.loads(run("--db", demo, "insights", "--json").stdout)
    narrow = json.loads(run("--db", demo, "insights", "--json", "--from", "2099-01-01").stdout)
    assert narrow["clients"] == 0 < every["clients"]
    assert narrow["from"] == "2099-01-01"
    first = narrow["sections"][0]["figures"][0]
    assert first["too_few"] and first["text"].startswith("too few to say")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--out FILE.pdf"),
        (("--json", "--from", "2026-13-01"), "not a date"),
        (("--json", "--from", "2026-05-01", "--to", "2026-04-01"), "is after"),
    ],
)
def test_refusals_are_one_line(demo, args, message):
    proc = run("--db", demo, "insights", *args)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1


def test_a_missing_clinic_is_refused(tmp_path):
    proc = run("--db", tmp_path / "none.sqlite3", "insights", "--json")
    assert proc.returncode == 1 and proc.stderr.startswith("glutedesk: ")
    assert not (tmp_path / "none.sqlite3").exists()
