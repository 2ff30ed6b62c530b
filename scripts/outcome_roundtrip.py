"""Evidence: ODI, RMDQ, STarT Back (and NPRS, PSFS) through import -> export -> re-import ->
export, then shown in the timeline cells and the progress report and referral letter.

Run: .venv/bin/python scripts/outcome_roundtrip.py [--pages docs/reports]

Everything goes through real ``glutedesk`` processes (import, export, report) on real SQLite
files in a temporary folder. Scores are entered both item by item and as totals scored on paper
("total only": ODI as % and as points of 50, RMDQ of 24). Prints one row per score: how it was
entered, what the export holds, the timeline cell, and whether the report states it. With
``--pages`` the report pages are saved as small PNGs (outcomes-*.png) for docs/reports/.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glutedesk.domain.models import Visit  # noqa: E402
from glutedesk.domain.serialize import from_json  # noqa: E402
from glutedesk.reports.outcome_series import (  # noqa: E402  # noqa: E402
    format_outcome,
    format_startback,
    visit_outcome,
    visit_startback,
)

ODI_CLIENT = "0d1c11e0000000000000000000000001"
RMDQ_CLIENT = "0d1c11e0000000000000000000000002"
LONG_NAME = ("Angharad Myfanwy", "Price-Vaughan-Llewellyn-Montgomery-Fitzwilliam-Ashworth")


def _visit(n: int, client: str, date: str, nprs: int | None, scores: list[dict]) -> dict:
    visit: dict = {
        "id": f"0d1c11e0{n:024d}",
        "client_id": client,
        "visit_date": date,
        "therapist": "Sam Therapist",
        "complaint": "Low back ache",
        "outcome_scores": scores,
    }
    if nprs is not None:
        visit["nprs"] = {"now": nprs, "best": None, "worst": None}
    return visit


def import_file() -> dict:
    """The import file: two clients, scores entered by item and as paper totals."""
    odi_items = {"instrument": "odi", "items": [3, 2, 3, 2, 2, 2, 2, None, 3, 2]}
    startback = {"instrument": "startback", "items": [1, 0, 1, 0, 1, 1, 0, 1, 1]}
    psfs = {"instrument": "psfs", "items": [3, 4, 5], "labels": ["Sitting", "Lifting", "Golf"]}
    psfs2 = {"instrument": "psfs", "items": [6, 7, 7], "labels": ["Sitting", "Lifting", "Golf"]}
    odi_paper_50 = {
        "instrument": "odi",
        "items": [],
        "paper_total": {"value": 17, "scale": "points_of_50"},
    }
    odi_paper_pct = {
        "instrument": "odi",
        "items": [],
        "paper_total": {"value": 22.2, "scale": "percent"},
    }
    rmdq_items = {"instrument": "rmdq", "items": [1] * 14 + [0] * 10}
    rmdq_paper = {
        "instrument": "rmdq",
        "items": [],
        "paper_total": {"value": 8, "scale": "points_of_24"},
    }
    clients = [
        {"id": ODI_CLIENT, "first_name": "Bethan", "last_name": "Morgan"},
        {"id": RMDQ_CLIENT, "first_name": LONG_NAME[0], "last_name": LONG_NAME[1]},
    ]
    visits = [
        _visit(1, ODI_CLIENT, "2026-01-05", 7, [odi_items, startback, psfs]),
        _visit(2, ODI_CLIENT, "2026-01-26", 5, [odi_paper_50]),
        _visit(3, ODI_CLIENT, "2026-02-16", 3, [odi_paper_pct, psfs2]),
        _visit(4, RMDQ_CLIENT, "2026-01-07", 6, [rmdq_items]),
        _visit(5, RMDQ_CLIENT, "2026-02-04", None, []),
        _visit(6, RMDQ_CLIENT, "2026-02-25", 4, [rmdq_paper]),
    ]
    return {
        "format": "glutedesk-export",
        "format_version": 1,
        "app_version": "0",
        "exported_at": "2026-03-01T00:00:00+00:00",
        "clients": clients,
        "visits": visits,
    }


def glutedesk(db: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "glutedesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"glutedesk {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def records(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="save report page images here")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) if not args.keep else args.keep
        work.mkdir(parents=True, exist_ok=True)
        source = work / "import.json"
        source.write_text(json.dumps(import_file()), encoding="utf-8")
        first, second = work / "first.sqlite3", work / "second.sqlite3"
        glutedesk(first, "import", str(source))
        glutedesk(first, "export", "--out", str(work / "e1.json"))
        glutedesk(second, "import", str(work / "e1.json"))
        glutedesk(second, "export", "--out", str(work / "e2.json"))
        same = records(work / "e1.json") == records(work / "e2.json")
        exported = json.loads((work / "e1.json").read_text(encoding="utf-8"))
        texts = {}
        for name, client in (("odi", ODI_CLIENT), ("rmdq", RMDQ_CLIENT)):
            out = work / f"progress-{name}.pdf"
            glutedesk(second, "report", "--client", client, "--out", str(out))
            texts[name] = pdf_text(out)
            if args.pages:
                _pages(out, args.pages, f"outcomes-progress-{name}")
        letter = work / "referral-odi.pdf"
        glutedesk(
            second, "report", "--client", ODI_CLIENT, "--kind", "referral", "--out", str(letter)
        )
        texts["letter"] = pdf_text(letter)
        if args.pages:
            _pages(letter, args.pages, "outcomes-referral-odi")
        print(f"export -> import -> export identical: {'yes' if same else 'NO'}")
        print()
        print("| visit | measure | entered as | in the export | timeline cell | in report |")
        print("|---|---|---|---|---|---|")
        for raw in exported["visits"]:
            visit = from_json(Visit, raw)
            for score in raw["outcome_scores"]:
                _row(visit, score, texts)
    return 0 if same else 1


def _row(visit: Visit, score: dict, texts: dict[str, str]) -> None:
    key = score["instrument"]
    paper = score.get("paper_total")
    entered = f"total only: {paper['value']:g} {paper['scale']}" if paper else "items"
    stored = json.dumps(paper if paper else score["items"])[:40]
    if key == "startback":
        cell = format_startback(visit_startback(visit))
    else:
        cell = format_outcome(visit_outcome(visit, key), key)
    name = "odi" if visit.client_id == ODI_CLIENT else "rmdq"
    number = cell.split(" ")[0].split("/")[0].removesuffix("%") if cell else "?"
    shown = "yes" if number and number.lower() in texts[name].lower() else "NO"
    print(f"| {visit.visit_date} | {key} | {entered} | `{stored}` | {cell} | {shown} |")


def _pages(pdf: Path, folder: Path, stem: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # the first two pages: summary, outcome charts and questionnaire table
        ["pdftoppm", "-png", "-r", "50", "-l", "2", str(pdf), str(folder / stem)], check=True
    )


if __name__ == "__main__":
    raise SystemExit(main())
