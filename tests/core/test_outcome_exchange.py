"""ODI, RMDQ and STarT Back through the import format, item by item and as paper totals:
import -> export -> re-import -> export gives the same records; impossible totals are refused."""

from __future__ import annotations

import json
import subprocess
import sys

from glutedesk.domain.models import Instrument, PaperTotal, TotalScale
from glutedesk.reports.outcome_series import format_outcome, visit_outcome
from glutedesk.storage.clinic import Clinic

CLIENT = "0d1c11e0000000000000000000000001"


def glutedesk(db, *args):
    return subprocess.run(
        [sys.executable, "-m", "glutedesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def source(odi_total: dict) -> dict:
    def visit(n, date, scores):
        return {
            "id": f"0d1c11e0{n:024d}",
            "client_id": CLIENT,
            "visit_date": date,
            "therapist": "Sam",
            "outcome_scores": scores,
        }

    return {
        "format": "glutedesk-export",
        "format_version": 1,
        "app_version": "0",
        "exported_at": "2026-03-01T00:00:00+00:00",
        "clients": [{"id": CLIENT, "first_name": "Bethan", "last_name": "Morgan"}],
        "visits": [
            visit(
                1,
                "2026-01-05",
                [
                    {"instrument": "odi", "items": [3, 2, 3, 2, 2, 2, 2, None, 3, 2]},
                    {"instrument": "rmdq", "items": [1] * 14 + [0] * 10},
                    {"instrument": "startback", "items": [1, 0, 1, 0, 1, 1, 0, 1, 1]},
                ],
            ),
            visit(
                2,
                "2026-02-02",
                [
                    {"instrument": "odi", "items": [], "paper_total": odi_total},
                    {
                        "instrument": "rmdq",
                        "items": [],
                        "paper_total": {"value": 8, "scale": "points_of_24"},
                    },
                ],
            ),
        ],
    }


def test_paper_totals_round_trip_through_import_and_export(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(source({"value": 17, "scale": "points_of_50"})), encoding="utf-8")
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert glutedesk(first, "import", str(src)).returncode == 0
    assert glutedesk(first, "export", "--out", str(tmp_path / "e1.json")).returncode == 0
    assert glutedesk(second, "import", str(tmp_path / "e1.json")).returncode == 0
    assert glutedesk(second, "export", "--out", str(tmp_path / "e2.json")).returncode == 0
    e1, e2 = (json.loads((tmp_path / f"e{n}.json").read_text(encoding="utf-8")) for n in (1, 2))
    e1.pop("exported_at"), e2.pop("exported_at")
    assert e1 == e2
    later = e1["visits"][1]["outcome_scores"]
    assert {"value": 17, "scale": "points_of_50"} in [s["paper_total"] for s in later]
    clinic = Clinic.open(second)
    try:
        visits = clinic.visits(CLIENT)
    finally:
        clinic.close()
    odi = visits[1].score(Instrument.ODI)
    assert odi.items == () and odi.paper_total == PaperTotal(17, TotalScale.POINTS_OF_50)
    assert format_outcome(visit_outcome(visits[1], "odi"), "odi") == "34% (total)"
    assert format_outcome(visit_outcome(visits[1], "rmdq"), "rmdq") == "8/24 (total)"
    assert format_outcome(visit_outcome(visits[0], "odi"), "odi") == "46.7%"


def test_an_impossible_paper_total_is_refused_and_nothing_is_written(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(source({"value": 70, "scale": "points_of_50"})), encoding="utf-8")
    db = tmp_path / "a.sqlite3"
    done = glutedesk(db, "import", str(src))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "glutedesk: Invalid record: visits[1] (2026-02-02), outcome_scores.odi: ODI total must "
        "be 0–50 (points of 50), not 70"  # the value as the file states it
    )
