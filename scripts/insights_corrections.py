"""Show that the practice insights count values as corrected by amendments (#19).

    .venv/bin/python scripts/insights_corrections.py

Builds a small clinic in a temporary file (six clients, three visits each, every visit signed),
prints the figures, corrects values of signed visits by amendments (a glute med grade, NPRS,
ODI answers, a Thomas angle, a numbness mark) and prints the figures again. Deterministic.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

START = dt.date(2026, 1, 5)
AS_OF = dt.date(2026, 6, 1)
AT = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
FIGURES = (
    "weak_glutes",
    "weak_med",
    "short_flexors",
    "nprs_change",
    "nprs_meaningful_v3",
    "odi_change",
    "odi_meaningful_v3",
    "pain_mixed",
    "pain_soft_tissue",
)


def _visit(client_id, day, nprs, grade="5", hip=-5.0, odi=2, numb=False):
    from glutedesk.domain.models import (
        Advice,
        Instrument,
        Nprs,
        OutcomeScore,
        PainMark,
        RedFlagScreen,
        Side,
        SymptomType,
        TestResult,
    )
    from tests.factories import make_visit

    glutes = [
        TestResult(t, s, {"grade": grade if (t, s) == ("oxford_glute_med", Side.LEFT) else "5"})
        for t in ("oxford_glute_max", "oxford_glute_med")
        for s in (Side.LEFT, Side.RIGHT)
    ]
    thomas = TestResult("thomas_test", Side.LEFT, {"hip_angle": hip, "knee_angle": 80.0})
    tests = (*glutes, thomas)
    symptom = SymptomType.NUMBNESS if numb else SymptomType.ACHE
    return make_visit(
        client_id,
        START + dt.timedelta(days=day),
        nprs=Nprs(now=nprs),
        test_results=tests,
        outcome_scores=(OutcomeScore(Instrument.ODI, (odi,) * 10, "2.1a"),),
        pain_marks=(PainMark("back.lumbar.R", symptom, 5, "1"),),
        red_flags=RedFlagScreen(advice=Advice.ROUTINE_GP if numb else None),
        next_visit=None,
    )


def _build(db):
    from glutedesk.storage.clients import save_client
    from glutedesk.storage.signing import sign_visit
    from glutedesk.storage.visits import save_visit
    from tests.factories import make_client

    firsts = []
    for n in range(6):
        client, _ = save_client(db, make_client(first_name=f"Person{n}", last_name="Example"))
        visits = (
            _visit(client.id, n, 6, grade="3" if n < 2 else "5", numb=n == 2),
            _visit(client.id, n + 14, 5),
            _visit(client.id, n + 28, 5),
        )
        for v in visits:
            save_visit(db, v)
            sign_visit(db, v.id, "Sam Therapist", at=AT)
        firsts.append(visits[0].id)
    return firsts


def _correct(db, firsts):
    from glutedesk.domain.correction_models import ValueCorrection as C
    from glutedesk.domain.corrections import (
        nprs_path,
        outcome_item_path,
        pain_path,
        result_value_path,
    )
    from glutedesk.storage.corrections import add_correction

    grade = result_value_path("oxford_glute_med", "left", "grade")
    changes = {
        firsts[0]: [C(grade, "3", "5")],
        firsts[1]: [C(nprs_path("now"), 6, 9)],
        firsts[3]: [C(outcome_item_path("odi", i), 2, 4) for i in range(1, 11)]
        + [C(nprs_path("now"), 6, 8)],
        firsts[4]: [C(result_value_path("thomas_test", "left", "hip_angle"), -5.0, 5.0)],
        firsts[2]: [C(pain_path("back.lumbar.R", "symptom"), "numbness", "ache")],
    }
    for n, (visit_id, corrections) in enumerate(changes.items()):
        at = AT + dt.timedelta(days=1 + n)
        add_correction(db, visit_id, "Sam Therapist", "Misread my notes", corrections, at=at)


def main() -> None:
    from glutedesk.domain.catalogue import load_catalogue
    from glutedesk.domain.insights.compute import compute_insights
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import open_database

    catalogue = load_catalogue()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "clinic.sqlite3")
        firsts = _build(db)
        before = compute_insights(Clinic(db).insights_data(as_of=AS_OF), catalogue)
        _correct(db, firsts)
        after = compute_insights(Clinic(db).insights_data(as_of=AS_OF), catalogue)
        db.close()
    print("Corrections: client 1 glute med L 3 → 5; client 2 NPRS 6 → 9; client 3 numbness →")
    print("ache; client 4 ODI answers 2 → 4 (40 % → 80 %) and NPRS 6 → 8; client 5 Thomas")
    print("hip angle -5° → +5°. Six clients, so shares show (5 or more).\n")
    print("| figure | before the corrections | after (as corrected) |\n|---|---|---|")
    for key in FIGURES:
        print(f"| {key} | {before.figure(key).text} | {after.figure(key).text} |")


if __name__ == "__main__":
    main()
