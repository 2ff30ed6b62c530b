"""Evidence: the progress report's summary sentences for combinations of recorded and missing
data (one visit, first visit only, gaps, skipped items, paper totals, nothing at all, …).

Run: .venv/bin/python scripts/summary_sentences.py [--out docs/reports/summary-sentences.md]

Each case builds visits in memory and prints what ``change_summary`` (the same function the
progress report uses) says. tests/core/test_summary_cases.py runs the same cases and checks
the ``must`` and ``never`` phrases, so this table and the tests cannot drift apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glutedesk.domain.ids import ClientId, TestId, VisitId  # noqa: E402
from glutedesk.domain.models import (  # noqa: E402
    Instrument,
    Nprs,
    OutcomeScore,
    PaperTotal,
    Side,
    TestResult,
    TotalScale,
    Visit,
)
from glutedesk.reports.wording import change_summary  # noqa: E402

CLIENT = ClientId("c" * 32)
DATES = [dt.date(2026, 1, 5), dt.date(2026, 1, 26), dt.date(2026, 2, 16), dt.date(2026, 3, 9)]
ODI_ITEMS = (3, 2, 3, 2, 2, 2, 2, 2, 3, 2)  # 23 of 50 = 46%


def visit(n: int, nprs: int | None = None, *scores: OutcomeScore, grades=(), dyn=()) -> Visit:
    """Visit number ``n`` (0-based) with an NPRS, outcome scores and glute med grades."""
    results = []
    for side, grade in zip((Side.LEFT, Side.RIGHT), grades, strict=False):
        values: dict = {"grade": grade}
        reading = dict(dyn).get(side)
        if reading is not None:
            values |= {"dynamometer": reading, "dynamometer_unit": "n"}
        results.append(TestResult(TestId("oxford_glute_med"), side, values))
    return Visit(
        id=VisitId(f"{n:032d}"),
        client_id=CLIENT,
        visit_date=DATES[n],
        therapist="Sam Therapist",
        nprs=Nprs(now=nprs),
        outcome_scores=scores,
        test_results=tuple(results),
    )


def odi(*items) -> OutcomeScore:
    return OutcomeScore(Instrument.ODI, tuple(items) or ODI_ITEMS)


def odi_paper(value: float, scale: TotalScale = TotalScale.PERCENT) -> OutcomeScore:
    return OutcomeScore(Instrument.ODI, (), paper_total=PaperTotal(value, scale))


def rmdq(ticked: int) -> OutcomeScore:
    return OutcomeScore(Instrument.RMDQ, (1,) * ticked + (0,) * (24 - ticked))


def psfs(*ratings) -> OutcomeScore:
    return OutcomeScore(
        Instrument.PSFS, tuple(ratings), labels=("Sit", "Lift", "Walk")[: len(ratings)]
    )


STARTBACK = OutcomeScore(Instrument.STARTBACK, (1, 0, 1, 0, 1, 0, 0, 1, 1))


@dataclass(frozen=True)
class Case:
    name: str
    recorded: str
    visits: tuple[Visit, ...]
    must: tuple[str, ...] = ()
    never: tuple[str, ...] = field(default=())


CASES = (
    Case("No visits", "nothing", (), must=("No visits yet",)),
    Case(
        "One visit, everything",
        "NPRS 7, ODI items, PSFS, STarT Back, glute med grades",
        (visit(0, 7, odi(), psfs(3, 4, 5), STARTBACK, grades=("3-", "4")),),
        must=(
            "This is the first assessment",
            "Pain (NPRS) at the first visit: 7/10.",
            "Disability (ODI) at the first visit: 46%.",
            "Everyday activities (PSFS) at the first visit: 4/10.",
            "STarT Back on 5 Jan 2026: medium risk (total 5/9, distress subscale 3/5)",
            "Left gluteus medius strength: 3- (Oxford).",
        ),
    ),
    Case(
        "One visit, nothing recorded",
        "a visit with no ratings, scores or grades",
        (visit(0),),
        must=("This is the first assessment", "No pain rating, outcome questionnaire"),
    ),
    Case(
        "Two visits, all recorded",
        "NPRS 7→3, ODI 46%→30% (paper total), RMDQ 14→11, PSFS 4→6.7",
        (
            visit(0, 7, odi(), rmdq(14), psfs(3, 4, 5)),
            visit(1, 3, odi_paper(15, TotalScale.POINTS_OF_50), rmdq(11), psfs(6, 7, 7)),
        ),
        must=(
            "Pain (NPRS): 3/10 at the latest visit (26 Jan 2026), down 4 points from 7/10",
            "— a meaningful improvement (at least 2 points or 30%)",
            "Disability (ODI): 30% at the latest visit (26 Jan 2026), down 16 percentage points "
            "from 46%",
            "The score of 26 Jan 2026 is a total scored on paper.",
            "Disability (RMDQ): 11/24 at the latest visit (26 Jan 2026), down 3 points from 14/24",
            "an improvement, but not yet a meaningful change (5 points)",
            "Everyday activities (PSFS): 6.7/10",
        ),
    ),
    Case(
        "Grades at the first visit only",
        "3 visits; glute med graded and NPRS rated at the first only",
        (visit(0, 6, grades=("3-", "4")), visit(1), visit(2)),
        must=(
            "Pain (NPRS) was recorded only at the first visit (5 Jan 2026): 6/10",
            "Left gluteus medius strength was graded only at the first visit (5 Jan 2026): 3- "
            "(Oxford)",
        ),
        never=("No pain ratings", "were recorded at any of"),
    ),
    Case(
        "Gaps",
        "4 visits; NPRS at 1, 2 and 4; ODI at 1 and 4",
        (visit(0, 8, odi()), visit(1, 6), visit(2), visit(3, 5, odi(2, 2, 2, 1, 1, 1, 2, 1, 2, 1))),
        must=(
            "Pain (NPRS): 5/10 at the latest visit (9 Mar 2026), down 3 points from 8/10 at the "
            "first visit (5 Jan 2026), scored at 3 of 4 visits",
            "Disability (ODI): 30% at the latest visit (9 Mar 2026), down 16 percentage points "
            "from 46% at the first visit (5 Jan 2026), scored at 2 of 4 visits",
        ),
    ),
    Case(
        "Skipped items",
        "ODI with 2 sections skipped; PSFS with an activity unrated",
        (
            visit(0, 5, odi(3, 2, None, 2, 2, 2, None, 2, 3, 2), psfs(3, None, 5)),
            visit(1, 4, odi(), psfs(5, 6, 5)),
        ),
        must=(
            "ODI on 5 Jan 2026: 2 of 10 sections skipped, so the index is of the 8 answered.",
            "PSFS on 5 Jan 2026: 1 of 3 activities not rated; the score is the mean of those "
            "rated.",
            "Disability (ODI): 46% at the latest visit (26 Jan 2026), up 1 percentage point from "
            "45% at the first visit (5 Jan 2026)",
        ),
    ),
    Case(
        "Nothing at any visit",
        "3 visits with no ratings, scores or grades",
        (visit(0), visit(1), visit(2)),
        must=(
            "No pain ratings, outcome questionnaires or strength grades were recorded at any of "
            "the 3 visits.",
        ),
    ),
    Case(
        "First score at the latest visit",
        "NPRS from visit 1; RMDQ only at the latest visit",
        (visit(0, 6), visit(1, 6, rmdq(9))),
        must=(
            "Pain (NPRS) unchanged at 6/10 from the first visit (5 Jan 2026) to the latest visit "
            "(26 Jan 2026).",
            "Disability (RMDQ) was recorded only at the latest visit (26 Jan 2026): 9/24",
        ),
    ),
    Case(
        "Recorded precision",
        "ODI paper totals 7.97% then 8.01%; dynamometer 5.85 → 6.2 N",
        (
            visit(0, None, odi_paper(7.97), grades=("4", "4"), dyn={Side.LEFT: 5.85}.items()),
            visit(1, None, odi_paper(8.01), grades=("4", "4"), dyn={Side.LEFT: 6.2}.items()),
        ),
        must=(
            "Disability (ODI): 8.01% at the latest visit (26 Jan 2026), up 0.04 percentage points "
            "from 7.97%",
            "worse, though less than a meaningful change (10 points)",
            "dynamometer 5.85 N → 6.2 N",
        ),
        never=("5.8 ", "from 8%"),
    ),
    Case(
        "Meaningful worsening",
        "NPRS 3→6; RMDQ 6→12",
        (visit(0, 3, rmdq(6)), visit(1, 6, rmdq(12))),
        must=(
            "Pain (NPRS): 6/10 at the latest visit (26 Jan 2026), up 3 points from 3/10",
            "a meaningful worsening (at least 2 points or 30%)",
            "Disability (RMDQ): 12/24 at the latest visit (26 Jan 2026), up 6 points from 6/24",
        ),
    ),
)


def table() -> str:
    """The cases as a Markdown table."""
    lines = [
        "# Progress-report summary: sentences for recorded and missing data",
        "",
        "Generated by `scripts/summary_sentences.py` from `change_summary` (the function the",
        "progress report prints). tests/core/test_summary_cases.py checks the same cases.",
        "",
        "| # | Case | Recorded | Summary sentences |",
        "|---|---|---|---|",
    ]
    for number, case in enumerate(CASES, start=1):
        sentences = "<br>".join(f"• {s}" for s in change_summary(case.visits))
        lines.append(f"| {number} | {case.name} | {case.recorded} | {sentences} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    text = table()
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
