"""Correct a grade and a pain rating of a signed visit, and show where the correction appears.

.venv/bin/python scripts/correction_example.py [--keep DIR] [--images]

A demo clinic is made by the real `glutedesk demo` process. One client's second visit is
signed, then corrected through the Clinic (the same call the GUI's "Correct a value…" makes):
gluteus maximus left grade and NPRS now, on 3 Dec 2026. The script then runs the real
`glutedesk report`, `export` and `check` processes and prints: the values as recorded (the
export's visit) and as corrected (the timeline's row, the progress report's text), the
export's amendment with both values, and whether the check passes. With --images it writes
docs/reports/correction-progress-summary.png, -charts.png and -results.png (the report's
first three pages) and docs/screenshots/correction-timeline.png (the timeline, offscreen).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from glutedesk.domain.correction_models import ValueCorrection
from glutedesk.domain.corrections import nprs_path, result_value_path, value_at
from glutedesk.domain.grades import OXFORD_GRADES
from glutedesk.domain.models import Side, Visit
from glutedesk.storage.clinic import Clinic

ROOT = Path(__file__).resolve().parent.parent
GRADE = result_value_path("oxford_glute_max", Side.LEFT, "grade")
NPRS = nprs_path("now")
WHEN = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)


def glutedesk(*args: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        sys.exit(f"glutedesk {args[0]} failed: {done.stderr.strip()}")
    return done


def pick(clinic: Clinic) -> tuple[str, Visit]:
    """The client with most visits grading left glute max and rating pain; their 2nd visit."""
    best: tuple[int, str, Visit] | None = None
    for client in clinic.clients():
        usable = [
            v for v in clinic.visits(client.id) if v.nprs.now is not None and _grade(v) is not None
        ]
        if len(usable) >= 3 and (best is None or len(usable) > best[0]):
            best = (len(usable), client.id, usable[1])
    if best is None:
        sys.exit("no demo client has three graded visits")
    return best[1], best[2]


def _grade(visit: Visit) -> str | None:
    try:
        return value_at(visit, GRADE)
    except ValueError:
        return None


def correct(clinic: Clinic, visit: Visit) -> None:
    if not clinic.is_signed(visit.id):
        clinic.sign(visit.id, visit.therapist, at=WHEN - dt.timedelta(days=30))
    grade = str(value_at(visit, GRADE))
    rank = OXFORD_GRADES.index(grade)
    new_grade = OXFORD_GRADES[rank + 1 if rank + 1 < len(OXFORD_GRADES) else rank - 1]
    now = visit.nprs.now or 0
    new_now = now + 2 if now <= 8 else now - 2
    clinic.correct(
        visit.id,
        visit.therapist,
        "Grade and pain were copied from the wrong line of the paper form",
        [ValueCorrection(GRADE, grade, new_grade), ValueCorrection(NPRS, now, new_now)],
        at=WHEN,
    )


def page_with(pdf: Path, text: str) -> int:
    for page in range(1, 20):
        done = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            break
        if text in done.stdout:
            return page
    sys.exit(f"{text!r} is not in {pdf}")


def timeline_image(db: Path, client_id: str, out: Path) -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from glutedesk.storage.clinic import Clinic\n"
        "from glutedesk.ui.style import apply_style\n"
        "from glutedesk.ui.timeline import TimelineView\n"
        "app = QApplication([])\n"
        "apply_style(app)\n"
        "view = TimelineView(Clinic.open(sys.argv[1], create=False))\n"
        "view.resize(1100, 760)\n"
        "view.set_client(sys.argv[2])\n"
        "view.show(); app.processEvents()\n"
        "view.grab().save(sys.argv[3])\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", code, str(db), client_id, str(out)], check=True, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the clinic and files in this folder")
    parser.add_argument("--images", action="store_true", help="write the docs images")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="correction-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "clinic.sqlite3"
    if db.exists():
        sys.exit(f"{db} exists: choose an empty folder")
    glutedesk("demo", "--db", db, "--clients", 20, "--seed", 7)
    clinic = Clinic.open(db, create=False)
    client_id, visit = pick(clinic)
    correct(clinic, visit)
    shown = clinic.visit(visit.id)
    clinic.close()

    pdf = folder / "progress.pdf"
    glutedesk("report", "--db", db, "--client", client_id, "--kind", "progress", "--out", pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    export = folder / "export.json"
    glutedesk("export", "--db", db, "--client", client_id, "--out", export)
    doc = json.loads(export.read_text())
    recorded = next(v for v in doc["visits"] if v["id"] == visit.id)
    left = next(
        t
        for t in recorded["test_results"]
        if t["test_id"] == "oxford_glute_max" and t["side"] == "left"
    )
    check = subprocess.run(
        [sys.executable, "-m", "glutedesk", "check", "--db", str(db)], capture_output=True
    )

    print(f"visit of {visit.visit_date} (client {client_id[:8]}), corrected on 3 Dec 2026\n")
    print(f"{'value':<36} {'as recorded (export visit)':<28} {'as shown (Clinic.visit)':<24} mark")
    for path, original in ((GRADE, left["values"]["grade"]), (NPRS, recorded["nprs"]["now"])):
        mark = shown.correction(path)
        label = mark.label if mark else ""
        print(f"{path:<36} {original!s:<28} {value_at(shown, path)!s:<24} {label}")
    daggers = [line.strip() for line in text.stdout.splitlines() if "†" in line]
    print(f"\nprogress report lines with the dagger ({len(daggers)}):")
    for line in daggers:
        print(f"  {line[:120]}")
    amendment = next(a for a in doc["amendments"] if a.get("corrections"))
    print("\nexport, the amendment (both values):")
    print(
        json.dumps(
            {k: amendment[k] for k in ("created_at", "author", "reason", "section", "corrections")},
            indent=1,
            ensure_ascii=False,
        )
    )
    print(f"\nglutedesk check: exit {check.returncode}")

    if args.images:
        written = []
        pages = (
            ("summary", "Summary of change"),
            ("charts", "Oxford scale: 0"),
            ("results", "Results at each visit"),
        )
        for name, marker in pages:
            page = page_with(pdf, marker)
            stem = folder / f"page-{name}"
            pages = ["-f", str(page), "-l", str(page)]
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", *pages, str(pdf), str(stem)], check=True
            )
            (produced,) = folder.glob(f"page-{name}*.png")
            target = ROOT / "docs" / "reports" / f"correction-progress-{name}.png"
            produced.replace(target)
            written.append(f"{target.relative_to(ROOT)} (page {page})")
        timeline = ROOT / "docs" / "screenshots" / "correction-timeline.png"
        timeline_image(db, client_id, timeline)
        written.append(str(timeline.relative_to(ROOT)))
        print("\nwrote " + ", ".join(written))


if __name__ == "__main__":
    main()
