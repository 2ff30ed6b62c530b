"""Evidence for issue 13 (strength readings): every unit through the editor, the import, an
export, a re-import, the timeline and the progress report; and the symmetry index from readings
against the one from grades.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/strength_units_evidence.py [--images]

For each unit id of resources/units.json it
1. types a glute max reading (no grade) into the real visit editor with key events, picks the
   unit by keyboard and saves; reads the stored values back;
2. saves the fixed three-visit case of glutedesk.samples.strength_cases, exports it with a real
   ``glutedesk export``, imports it into an empty database (``glutedesk import``), exports that,
   re-imports the second export into a third database and exports again: the records must match;
3. shows the re-imported visits in the timeline's table model (the cells the screen shows);
4. writes the progress report with ``glutedesk report`` from the re-imported database.
With --images the report's strength page of the n, nm and percent_bw cases is saved as
docs/reports/strength-<unit>.png, and the results table of the n_per_kg case as
docs/reports/strength-table-n-per-kg.png. Deterministic: fixed ids, dates and values.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
IMAGE_UNITS = ("n", "nm", "percent_bw")
TABLE_UNIT = "n_per_kg"  # its results table shows the 5.11 / 5.83 symmetry example
TODAY = dt.date(2026, 3, 2)
UNIT_KEYS = {"n": "N", "kg": "k", "lbf": "l", "nm": "Nm", "n_per_kg": "N/", "percent_bw": "%"}
TYPED = {
    "n": "182.5",
    "kg": "18.6",
    "lbf": "41",
    "nm": "92.4",
    "n_per_kg": "5.11",
    "percent_bw": "23.5",
}


def glutedesk(*args: object) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        raise SystemExit(f"glutedesk {args[0]} failed: {proc.stderr.strip()}")
    return proc


def through_editor(folder: Path, unit: str) -> dict:
    """Type a reading into the real editor, pick the unit by keyboard, save; the stored values."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from glutedesk.domain.models import Side
    from glutedesk.samples.strength_cases import unit_case
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import open_database
    from glutedesk.ui.visit_editor import VisitEditor, drafts_folder_for

    app = QApplication.instance() or QApplication([])
    db = open_database(folder / "editor.sqlite3")
    client, _ = unit_case(unit)
    Clinic(db).save_client(client, touch=False)
    editor = VisitEditor(
        Clinic(db),
        client.id,
        None,
        today=lambda: TODAY,
        drafts_folder=drafts_folder_for(Clinic(db)),
    )
    editor.subjective.therapist.setText("Sam Therapist")
    inputs = editor.objective.cards["oxford_glute_max"].sides[Side.LEFT]
    inputs.fields["dynamometer"].edit.setFocus()
    QTest.keyClicks(inputs.fields["dynamometer"].edit, TYPED[unit])
    inputs.fields["dynamometer_unit"].setFocus()
    QTest.keyClicks(inputs.fields["dynamometer_unit"], UNIT_KEYS[unit])
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()
    [visit] = Clinic(db).visits(client.id)
    values = dict(visit.result("oxford_glute_max", Side.LEFT).values)  # type: ignore[union-attr]
    editor.close()
    editor.deleteLater()
    app.processEvents()
    db.close()
    return values


def records(path: Path) -> dict:
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc.pop("exported_at")
    return doc


def round_trip(folder: Path, unit: str) -> tuple[bool, Path]:
    """Export -> import -> export -> re-import -> export; True when the records never change."""
    from glutedesk.samples.strength_cases import unit_case
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import open_database

    db = open_database(folder / "source.sqlite3")
    client, visits = unit_case(unit, involved_side="left")
    Clinic(db).save_client(client, touch=False)
    for visit in visits:
        Clinic(db).save_visit(visit)
    db.close()
    glutedesk("export", "--db", folder / "source.sqlite3", "--out", folder / "0.json")
    glutedesk("import", "--db", folder / "a.sqlite3", folder / "0.json")
    glutedesk("export", "--db", folder / "a.sqlite3", "--out", folder / "1.json")
    glutedesk("import", "--db", folder / "b.sqlite3", folder / "1.json")
    glutedesk("export", "--db", folder / "b.sqlite3", "--out", folder / "2.json")
    same = records(folder / "0.json") == records(folder / "1.json") == records(folder / "2.json")
    return same, folder / "b.sqlite3"


def timeline_cells(db_path: Path, unit: str) -> list[str]:
    """The timeline table's Max L / Max R / LSI max cells of each visit, as the screen shows."""
    from glutedesk.reports.series import timeline
    from glutedesk.samples.strength_cases import case_ids
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import open_database
    from glutedesk.ui.timeline.model import LSI_MAX, MAX_L, MAX_R, display

    db = open_database(db_path)
    clinic = Clinic(db)
    client_id, _ = case_ids(unit)
    involved = clinic.client(client_id).history.involved_side
    rows = timeline(clinic.visits(client_id), involved)
    db.close()
    cells = [" / ".join(display(f, c) or "–" for c in (MAX_L, MAX_R, LSI_MAX)) for f in rows]
    return [cell.replace("\n", " ") for cell in cells]  # the screen shows two lines


def report(db_path: Path, unit: str, folder: Path, images: bool) -> str:
    from pypdf import PdfReader

    from glutedesk.samples.strength_cases import case_ids

    client_id, _ = case_ids(unit)
    pdf = folder / "progress.pdf"
    glutedesk("report", "--db", db_path, "--client", client_id, "--out", pdf)
    pages = PdfReader(str(pdf)).pages
    page = next(i for i, p in enumerate(pages) if "Glute strength" in (p.extract_text() or ""))
    text = " ".join((pages[page].extract_text() or "").split())
    stem = unit.replace("_", "-")
    if images and unit in IMAGE_UNITS:
        _page_image(pdf, page, folder, f"strength-{stem}.png")
    if images and unit == TABLE_UNIT:
        table = next(
            i for i, p in enumerate(pages) if "Results at each visit" in (p.extract_text() or "")
        )
        _page_image(pdf, table, folder, f"strength-table-{stem}.png")
    summary = " ".join((pages[0].extract_text() or "").split())
    found = re.search(r"Left gluteus maximus.*?\.(?!\d)", summary)
    return found.group(0) if found else text[:60]


def _page_image(pdf: Path, page: int, folder: Path, name: str) -> None:
    for old in folder.glob("page*.png"):
        old.unlink()
    number = str(page + 1)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "55", "-f", number, "-l", number, pdf, folder / "page"],
        check=True,
    )
    [made] = folder.glob("page*.png")
    shutil.copy(made, ROOT / "docs" / "reports" / name)


def symmetry_example() -> list[tuple[str, str]]:
    from glutedesk.domain.strength import limb_symmetry

    left = {"grade": "5", "dynamometer": 5.11, "dynamometer_unit": "n_per_kg"}
    right = {"grade": "5", "dynamometer": 5.83, "dynamometer_unit": "n_per_kg"}
    grades_only = {k: v for k, v in left.items() if k == "grade"}
    rows = []
    for what, a, b, involved in (
        ("readings 5.11 / 5.83 N/kg, grades 5 / 5", left, right, None),
        ("the same, left involved", left, right, "left"),
        ("grades 5 / 5 only", grades_only, {"grade": "5"}, None),
    ):
        found = limb_symmetry(a, b, involved)
        rows.append((what, found.text if found else "none"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", action="store_true", help="write docs/reports/strength-*.png")
    args = parser.parse_args()
    from glutedesk.domain.strength import load_units, unit_label

    print(
        "unit | editor: typed -> stored | import/export/re-import "
        "| timeline (Max L / Max R / LSI max) per visit | progress report summary"
    )
    print("---|---|---|---|---")
    for unit in load_units():
        with tempfile.TemporaryDirectory(prefix=f"strength-{unit}-") as tmp:
            folder = Path(tmp)
            stored = through_editor(folder, unit)
            same, db_path = round_trip(folder, unit)
            cells = " ; ".join(timeline_cells(db_path, unit))
            shown = report(db_path, unit, folder, args.images)
            typed = f"{TYPED[unit]} + '{UNIT_KEYS[unit]}' -> {json.dumps(stored, sort_keys=True)}"
            trip = "identical" if same else "DIFFERENT"
            print(f"{unit_label(unit)} | {typed} | {trip} | {cells} | {shown}")
    print()
    print("symmetry example | limb symmetry index")
    print("---|---")
    for what, text in symmetry_example():
        print(f"{what} | {text}")


if __name__ == "__main__":
    main()
