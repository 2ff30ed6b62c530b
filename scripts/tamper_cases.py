"""Tamper with a real clinic file in every way we know, and see whether `glutedesk check` tells.

.venv/bin/python scripts/tamper_cases.py [--keep DIR]

A demo clinic is made by the real `glutedesk demo` process; visits are then signed and
amended, a backup made and a few events logged through GluteDesk's storage layer. Each case
works on its own copy of that clinic (database, audit anchor, backups), changes it with plain
sqlite3 or file operations as an attacker with the file would, runs the real
`glutedesk check` process and prints: case | detected (exit 1) | the line that says so.
Controls (no tampering, or a legitimate change) must pass; they are counted separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from glutedesk.domain.correction_models import ValueCorrection
from glutedesk.storage.audit import record_event, row_hash
from glutedesk.storage.audit_anchor import anchor_path, audit_head
from glutedesk.storage.backup import backup_database, default_backup_dir
from glutedesk.storage.content_hash import visit_content_hash
from glutedesk.storage.corrections import add_correction
from glutedesk.storage.database import open_database
from glutedesk.storage.gdpr import erase_client
from glutedesk.storage.signing import add_amendment, sign_visit
from glutedesk.storage.tamper import expected_triggers
from glutedesk.storage.visit_loading import get_visit

SIGNED = 6
CHILD_TABLES = ("pain_marks", "test_results", "exercise_prescriptions", "outcome_scores")


def glutedesk(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def build_clinic(folder: Path) -> dict[str, str]:
    """Make the clinic every case starts from; return the ids the cases aim at."""
    path = folder / "clinic.sqlite3"
    made = glutedesk("demo", "--db", path, "--clients", 20, "--seed", 7)
    if made.returncode != 0:
        sys.exit(f"glutedesk demo failed: {made.stderr.strip()}")
    db = open_database(path, create=False)
    try:
        # Sign the visits that have a row in every child table the cases edit.
        where = " AND ".join(
            f"EXISTS (SELECT 1 FROM {t} WHERE visit_id = v.id)" for t in CHILD_TABLES
        )
        visits = db.execute(
            f"SELECT v.id, v.client_id FROM visits v WHERE {where} ORDER BY v.visit_date, v.id "
            f"LIMIT {SIGNED}"
        ).fetchall()
        if len(visits) < SIGNED:
            sys.exit("the demo clinic has too few complete visits to sign")
        when = dt.datetime(2026, 3, 2, 17, 30, tzinfo=dt.UTC)
        for visit_id, _client in visits:
            sign_visit(db, visit_id, "Sam Therapist", at=when)
        add_amendment(db, visits[0][0], "Sam Therapist", "Typo", "soap.plan", "Review in 3 weeks")
        now = get_visit(db, visits[2][0]).nprs.now
        add_correction(  # a corrected value: the pain rating copied from the wrong line
            db,
            visits[2][0],
            "Sam Therapist",
            "Copied from the wrong line",
            [ValueCorrection("nprs/now", now, 9 if now != 9 else 8)],
        )
        backup_database(db, default_backup_dir(path))
        for _ in range(3):
            record_event(db, "view", client_id=visits[1][1])
    finally:
        db.close()
    return {"visit": visits[0][0], "client": visits[0][1], "other": visits[1][0]}


def copy_clinic(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target / "clinic.sqlite3"


def sql(*statements: str, params: tuple = ()) -> Callable[[Path, dict], None]:
    def run(path: Path, ids: dict) -> None:
        conn = sqlite3.connect(path)
        try:
            for statement in statements:
                bound = [ids[p] for p in params] if "?" in statement else []
                conn.execute(statement, bound)
            conn.commit()
        finally:
            conn.close()

    return run


def drop(*triggers: str) -> tuple[str, ...]:
    return tuple(f"DROP TRIGGER {t}" for t in triggers)


def forge_signature_hash(path: Path, ids: dict) -> None:
    """Edit a signed visit (one without amendments) and store a recomputed hash with it."""
    edit = sql(
        *drop("visits_signed_no_update"),
        "UPDATE visits SET soap_plan = 'x' WHERE id = ?",
        params=("other",),
    )
    edit(path, ids)
    conn = sqlite3.connect(path)
    at, by = conn.execute(
        "SELECT signed_at, signed_by FROM visit_signatures WHERE visit_id = ?", [ids["other"]]
    ).fetchone()
    conn.close()
    db = open_database(path, create=False)  # GluteDesk's own function, as an insider would
    forged = visit_content_hash(db, ids["other"], at, by)
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER visit_signatures_no_update")
    conn.execute(
        "UPDATE visit_signatures SET content_hash = ? WHERE visit_id = ?", [forged, ids["other"]]
    )
    conn.commit()
    conn.close()


def rewrite_chain(path: Path, _ids: dict) -> None:
    """Edit audit row 5 and recompute every hash after it, so the chain itself verifies."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 5")
    prev = conn.execute("SELECT hash FROM audit_log WHERE id = 4").fetchone()[0]
    rows = conn.execute(
        "SELECT id, at, action, client_id, visit_id, actor, detail FROM audit_log WHERE id >= 5 "
        "ORDER BY id"
    ).fetchall()
    for row in rows:
        digest = row_hash(*row, prev)
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [prev, digest, row[0]]
        )
        prev = digest
    conn.commit()
    conn.close()


def delete_anchor_and_truncate(path: Path, ids: dict) -> None:
    anchor_path(path).unlink()
    truncate = sql(
        *drop("audit_log_no_delete"),
        "DELETE FROM audit_log WHERE id > (SELECT max(id) - 6 FROM audit_log)",
    )
    truncate(path, ids)


def cases() -> list[tuple[str, Callable[[Path, dict], None]]]:
    visit = ("visit",)
    found = [
        (
            "edit signed note text (trigger dropped)",
            sql(
                *drop("visits_signed_no_update"),
                "UPDATE visits SET soap_subjective = 'rewritten' WHERE id = ?",
                params=visit,
            ),
        ),
        (
            "edit a signed test grade",
            sql(
                *drop("test_results_signed_no_update"),
                "UPDATE test_results SET result = json_set(result, '$.grade', '5') "
                "WHERE visit_id = ?1 AND test_id = "
                "(SELECT min(test_id) FROM test_results WHERE visit_id = ?1)",
                params=visit,
            ),
        ),
        (
            "delete a pain mark of a signed visit",
            sql(
                *drop("pain_marks_signed_no_delete"),
                "DELETE FROM pain_marks WHERE region_id = (SELECT min(region_id) FROM pain_marks "
                "WHERE visit_id = ?1) AND visit_id = ?1",
                params=visit,
            ),
        ),
        (
            "add an exercise to a signed visit",
            sql(
                *drop("exercise_prescriptions_signed_no_insert"),
                "INSERT INTO exercise_prescriptions (visit_id, position, exercise_id, sets, reps, "
                "per_side, frequency_per_week) VALUES (?, 99, 'clam', 2, 10, 0, 3)",
                params=visit,
            ),
        ),
        (
            "edit a signed outcome score",
            sql(
                *drop("outcome_scores_signed_no_update"),
                "UPDATE outcome_scores SET total = 0 WHERE visit_id = ?",
                params=visit,
            ),
        ),
        (
            "edit the signer",
            sql(
                *drop("visit_signatures_no_update"),
                "UPDATE visit_signatures SET signed_by = 'Someone Else' WHERE visit_id = ?",
                params=visit,
            ),
        ),
        (
            "edit the signing time",
            sql(
                *drop("visit_signatures_no_update"),
                "UPDATE visit_signatures SET signed_at = '2020-01-01T00:00:00+00:00' "
                "WHERE visit_id = ?",
                params=visit,
            ),
        ),
        ("edit a visit and recompute its signature hash", forge_signature_hash),
        (
            "delete a signed visit outright",
            sql(
                *drop(*(n for n in expected_triggers() if "no_delete" in n and "audit" not in n)),
                "PRAGMA foreign_keys = ON",
                "DELETE FROM visits WHERE id = ?",
                params=("other",),
            ),
        ),
        (
            "remove a signature",
            sql(
                *drop("visit_signatures_no_delete"),
                "DELETE FROM visit_signatures WHERE visit_id = ?",
                params=("other",),
            ),
        ),
        (
            "edit an amendment",
            sql(*drop("amendments_no_update"), "UPDATE amendments SET new_text = 'Discharged'"),
        ),
        ("delete an amendment", sql(*drop("amendments_no_delete"), "DELETE FROM amendments")),
        (
            "edit a corrected value",
            sql(
                *drop("amendment_corrections_no_update"),
                "UPDATE amendment_corrections SET new_value = '2'",
            ),
        ),
        (
            "delete a corrected value",
            sql(*drop("amendment_corrections_no_delete"), "DELETE FROM amendment_corrections"),
        ),
        (
            "slip a corrected value under a text amendment",
            sql(
                "INSERT INTO amendment_corrections SELECT id, 0, 'nprs/now', '4', '0' "
                "FROM amendments WHERE section = 'soap.plan'"
            ),
        ),
        (
            "delete the newest 3 audit entries",
            sql(
                *drop("audit_log_no_delete"),
                "DELETE FROM audit_log WHERE id > (SELECT max(id) - 3 FROM audit_log)",
            ),
        ),
        ("empty the audit log", sql(*drop("audit_log_no_delete"), "DELETE FROM audit_log")),
        ("delete the anchor file and the newest 6 audit entries", delete_anchor_and_truncate),
        (
            "edit an audit row",
            sql(
                *drop("audit_log_no_update"), "UPDATE audit_log SET actor = 'mallory' WHERE id = 3"
            ),
        ),
        ("edit an audit row and recompute the chain after it", rewrite_chain),
        (
            "edit signed note text, then put the trigger back",
            sql(
                *drop("visits_signed_no_update"),
                "UPDATE visits SET soap_assessment = 'rewritten' WHERE id = ?",
                expected_triggers()["visits_signed_no_update"],
                params=visit,
            ),
        ),
        (
            "delete the newest audit entry, then put the trigger back",
            sql(
                *drop("audit_log_no_delete"),
                "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
                expected_triggers()["audit_log_no_delete"],
            ),
        ),
        (
            "make a safety trigger never fire",
            sql(
                *drop("audit_log_no_delete"),
                "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN 0 BEGIN "
                "SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            ),
        ),
    ]
    found += [(f"drop trigger {name}", sql(*drop(name))) for name in sorted(expected_triggers())]
    return found


def controls() -> list[tuple[str, Callable[[Path, dict], None]]]:
    def untouched(_path: Path, _ids: dict) -> None:
        pass

    def erase(path: Path, ids: dict) -> None:
        db = open_database(path, create=False)
        try:
            erase_client(db, ids["client"], "client asked")
        finally:
            db.close()

    def anchor_lags(path: Path, _ids: dict) -> None:
        db = open_database(path, create=False)
        head = audit_head(db)
        previous = db.execute("SELECT hash FROM audit_log WHERE id = ?", [head.id - 1])
        text = {
            "format": "glutedesk-audit-head/1",
            "id": head.id - 1,
            "hash": previous.fetchone()[0],
        }
        db.close()
        anchor_path(path).write_text(json.dumps(text))

    def no_anchor(path: Path, _ids: dict) -> None:
        anchor_path(path).unlink()

    return [
        ("untouched copy", untouched),
        ("erase a client with signed visits (GDPR, audited)", erase),
        ("anchor one entry behind (crash before its rename)", anchor_lags),
        ("no anchor file (older clinic or copied file)", no_anchor),
    ]


def run_case(base: Path, work: Path, n: int, ids: dict, change) -> subprocess.CompletedProcess:
    path = copy_clinic(base, work / f"case{n:02d}")
    change(path, ids)
    return glutedesk("check", "--db", path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the clinics in this folder")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="glutedesk-tamper-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "base"
    base.mkdir()
    ids = build_clinic(base)
    print("| # | tamper case | detected | lines | first line from `glutedesk check` |")
    print("|---|---|---|---|---|")
    detected = 0
    tamper_cases = cases()
    for n, (name, change) in enumerate(tamper_cases, start=1):
        proc = run_case(base, work, n, ids, change)
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        hit = proc.returncode == 1 and bool(lines)
        detected += hit
        shown = lines[0] if lines else proc.stdout.strip()
        print(f"| {n} | {name} | {'yes' if hit else 'NO'} | {len(lines)} | {shown} |")
    print()
    print("| control (must pass) | passed | output |")
    print("|---|---|---|")
    clean = 0
    for n, (name, change) in enumerate(controls(), start=len(tamper_cases) + 1):
        proc = run_case(base, work, n, ids, change)
        ok = proc.returncode == 0
        clean += ok
        out = " / ".join(proc.stdout.splitlines() or proc.stderr.splitlines())
        print(f"| {name} | {'yes' if ok else 'NO'} | {out} |")
    print()
    tally = f"tamper cases tried {len(tamper_cases)}, detected {detected}"
    print(f"{tally}; controls {len(controls())}, passed {clean}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if detected == len(tamper_cases) and clean == len(controls()) else 1


if __name__ == "__main__":
    sys.exit(main())
