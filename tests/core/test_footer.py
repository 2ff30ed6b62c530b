"""The running footer never collides with the page number, however long the client's name."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess

import pytest

from glutedesk.domain.models import ExercisePrescription, Nprs
from glutedesk.reports.handout import build_handout
from glutedesk.reports.progress import build_progress_report
from glutedesk.reports.referral import build_referral_letter
from glutedesk.reports.sar import build_sar_bundle
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit

NAMES = [
    ("Bo", "Li"),
    ("Angharad Myfanwy", "Price-Vaughan-Llewellyn-Montgomery-Fitzwilliam-Ashworth"),
    ("Wolfeschlegelsteinhausenbergerdorff", "Maximiliane-Konstanze-Wilhelmina-Friederike"),
    ("Zoë", "O'Brien-Łukasz-Ó Súilleabháin-Nic Giolla Phádraig-Mac Con Mara-Ní Bhriain"),
]
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>'
)


def words(pdf, page: int = 1) -> list[tuple[float, float, float, str]]:
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [(float(a), float(b), float(c), html.unescape(t)) for a, b, c, t in WORD.findall(out)]


def assert_footer_clear(pdf, surname: str) -> None:
    found = words(pdf)
    page_word = next(w for w in found if w[3] == "Page" and w[1] > 700)
    same_line = [w for w in found if abs(w[1] - page_word[1]) < 1 and w[0] < page_word[0]]
    for _x_min, _y, x_max, text in same_line:
        assert x_max <= page_word[0] - 6, f"{text!r} runs into the page number"
    footer = " ".join(w[3] for w in found if w[1] > page_word[1] - 1)
    # The name is printed whole (on its own line when long), never cut.
    assert surname.split("-")[0] in footer
    assert "…" not in footer


@pytest.mark.parametrize(("first", "last"), NAMES)
def test_long_names_never_run_into_the_page_number(file_db, tmp_path, first, last):
    client, _ = save_client(file_db, make_client(first_name=first, last_name=last))
    exercise = ExercisePrescription("clam", sets=2, reps=10, frequency_per_week=3)
    save_visit(
        file_db,
        make_visit(client.id, dt.date(2026, 1, 5), nprs=Nprs(now=6), exercises=(exercise,)),
    )
    today = dt.date(2026, 3, 1)
    progress = build_progress_report(Clinic(file_db), client.id, tmp_path / "p.pdf", today=today)
    letter = build_referral_letter(Clinic(file_db), client.id, tmp_path / "r.pdf", today=today)
    handout = build_handout(Clinic(file_db), client.id, tmp_path / "h.pdf", today=today)
    for pdf in (progress, letter, handout):
        assert_footer_clear(pdf, last)
    folder = build_sar_bundle(Clinic(file_db), client.id, tmp_path / "sar")
    assert_footer_clear(folder / "records.pdf", last)
    if len(f"{first} {last}") > 40:  # a long name moved under the page number, whole
        page_line = next(w for w in words(progress) if w[3] == "Page" and w[1] > 700)[1]
        below = [w for w in words(progress) if w[1] > page_line + 5]
        assert below and any(last.split("-")[0] in w[3] for w in below)
