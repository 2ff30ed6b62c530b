"""Plain-English wording: doses, change sentences, test results, and the CLI command."""

from __future__ import annotations

import datetime as dt

import pytest

from glutedesk.cli import _register_command_modules, main
from glutedesk.domain.catalogue import load_catalogue
from glutedesk.domain.models import ExercisePrescription, Nprs, Side
from glutedesk.domain.models import TestResult as Result
from glutedesk.reports.series import timeline
from glutedesk.reports.wording import change_summary, cue_list, describe_result, dose_text
from glutedesk.storage.clients import save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit


@pytest.mark.parametrize(
    ("prescription", "text"),
    [
        (
            ExercisePrescription("clam", sets=3, reps=10, per_side=True, frequency_per_week=3),
            "3 sets × 10 reps, each side, 3 times a week",
        ),
        (
            ExercisePrescription("x", sets=1, hold_seconds=30, frequency_per_week=7),
            "1 set × 30 s hold, every day",
        ),
        (
            ExercisePrescription("x", sets=2, reps=1, frequency_per_week=2),
            "2 sets × 1 rep, twice a week",
        ),
        (
            ExercisePrescription("x", sets=2, reps=8, frequency_per_week=1),
            "2 sets × 8 reps, once a week",
        ),
    ],
)
def test_dose_text(prescription, text):
    assert dose_text(prescription) == text


def test_catalogue_cues_stay_whole_and_typed_cues_are_split():
    bridge = load_catalogue().exercise("glute_bridge")
    default = bridge.default_prescription()
    assert cue_list(default, bridge.cues) == list(bridge.cues)
    typed = ExercisePrescription("glute_bridge", 2, 10, cues="Slow; squeeze first\nbreathe")
    assert cue_list(typed, bridge.cues) == ["Slow", "squeeze first", "breathe"]


def _visit(client_id, date, pain, med_l, med_r):
    return make_visit(
        client_id,
        date,
        nprs=Nprs(now=pain),
        test_results=(
            Result("oxford_glute_med", Side.LEFT, {"grade": med_l}),
            Result("oxford_glute_med", Side.RIGHT, {"grade": med_r}),
        ),
    )


def test_change_summary_is_observational_and_names_meaningful_change(memory_db):
    client, _ = save_client(memory_db, make_client())
    visits = [
        _visit(client.id, dt.date(2026, 1, 1), 7, "4", "3-"),
        _visit(client.id, dt.date(2026, 2, 1), 6, "4-", "4+"),
    ]
    text = change_summary(visits)
    assert "Right gluteus medius strength improved from 3- to 4+ (Oxford)." in text
    assert (
        "Left gluteus medius strength graded 4- at the latest visit, 4 at the first (Oxford)."
        in text
    )
    assert (
        "Pain (NPRS): 6/10 at the latest visit (1 Feb 2026), down 1 point from 7/10 at the first "
        "visit (1 Jan 2026) — an improvement, but not yet a meaningful change (2 points or 30%)."
    ) in text
    assert not any("diagnos" in line.lower() or "abnormal" in line.lower() for line in text)
    assert change_summary([]) == [
        "No visits yet: there is nothing to report until the first visit has been recorded."
    ]


def test_timeline_figures_and_symmetry(memory_db):
    client, _ = save_client(memory_db, make_client())
    later = _visit(client.id, dt.date(2026, 2, 1), 3, "4", "5")
    earlier = _visit(client.id, dt.date(2026, 1, 1), 7, "bogus", "3")
    rows = timeline([later, earlier])
    assert [r.date for r in rows] == [dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    assert rows[0].grade("oxford_glute_med", Side.LEFT) is None  # not a grade: left out
    assert rows[1].symmetry("oxford_glute_med") == pytest.approx(80.0)
    assert rows[1].psfs == 5.0


def test_describe_result_uses_catalogue_labels_and_never_judges_the_order():
    catalogue = load_catalogue()
    janda = catalogue.test("janda_prone_hip_extension")
    order = ["hamstrings", "glute_max", "contralateral_es", "ipsilateral_es"]
    text = describe_result(janda, Result(janda.id, Side.LEFT, {"order": order}))
    assert text.startswith("Observed firing order: Hamstrings → Glute max")
    assert "abnormal" not in text.lower()
    trend = catalogue.test("trendelenburg")
    skipped = Result(trend.id, Side.LEFT, {}, not_tested_reason="Knee pain")
    assert describe_result(trend, skipped) == "Not tested (Knee pain)"


def test_report_command_writes_a_pdf_and_refuses_plainly(db_path, tmp_path, capsys):
    db = open_database(db_path)
    client, _ = save_client(db, make_client(first_name="Cara", last_name="Lynch"))
    save_visit(db, make_visit(client.id, dt.date(2026, 2, 1)))
    db.close()
    _register_command_modules()
    out = tmp_path / "handout.pdf"
    args = ["report", "--db", str(db_path), "--client", client.id[:6], "--kind", "handout"]
    with pytest.raises(SystemExit) as done:
        main([*args, "--out", str(out)])
    assert done.value.code == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "Home-exercise handout written to" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["report", "--db", str(db_path), "--client", "ffffffff", "--out", str(out)])
    assert done.value.code == 1
    assert "glutedesk: No client" in capsys.readouterr().err
