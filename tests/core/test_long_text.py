"""Any text the app accepts prints: long notes, long words, right-to-left scripts, emoji, CJK.

Every document is built for real (reportlab, embedded fonts) and read back with pypdf.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import logging
import os
import re
import stat
import subprocess
import sys
import unicodedata

import pytest
from pypdf import PdfReader

from glutedesk.domain import field_limits
from glutedesk.domain.models import Advice, Referral, Side, Soap
from glutedesk.domain.models import TestResult as Result
from glutedesk.domain.record_rules import check_client, check_visit
from glutedesk.reports import fonts
from glutedesk.reports import text_shaping as shaping
from glutedesk.reports.documents import build_document, count_pages
from glutedesk.reports.sar import build_sar_bundle
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import open_database
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit

TODAY = dt.date(2026, 3, 1)
NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
SENTENCE = "Left <knee> pain after the R&D run; &nbsp; eased 😷 by walking 腰痛. "
ODD = "Zoë <b>not bold</b> R&D &nbsp; &amp; 😀 中文 Ωμέγα <knee>"


def prose(length: int) -> str:
    return (SENTENCE * (length // len(SENTENCE) + 1))[:length]


def pdf_pages(path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def comparable(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def sar_body(pdf) -> str:
    """The PDF's text without the page footers (text drawn less than 40 pt from the bottom),
    so that a field continued on the next page reads on unbroken."""
    parts: list[str] = []

    def keep(text, cm, tm, font, size):
        if tm[5] * cm[3] + cm[5] > 40:
            parts.append(text)

    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=keep)
    return comparable("".join(parts))


def _record(db, *, client=None, **visit_changes):
    client, _ = save_client(db, client or make_client())
    first = make_visit(client.id, dt.date(2026, 1, 10))
    latest = make_visit(client.id, dt.date(2026, 2, 10))
    latest = dataclasses.replace(latest, **visit_changes)
    save_visit(db, first)
    save_visit(db, latest)
    return client


def _long_visit_fields(text: str, short: str) -> dict:
    base = make_visit("c" * 32)
    return dict(
        complaint=text,
        soap=Soap(subjective=text, objective=text, assessment=text, plan=text),
        test_results=(*base.test_results, Result("faber", Side.LEFT, {"pain": True}, note=text)),
        exercises=(dataclasses.replace(base.exercises[1], cues=text),),
        referrals=(Referral(short, short, Advice.URGENT_GP),),
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("label", "note", "short"),
    [
        ("20,000-character notes", prose(20_000), prose(5_000)),
        ("one 10,000-character word", "Abcdefghij" * 1_000, "Qwertyuiop" * 500),
    ],
)
def test_every_document_builds_for_long_text(memory_db, tmp_path, label, note, short):
    client = make_client(
        first_name=short,
        address=short,
        gp_address=short,
        notes=note,
        history=dataclasses.replace(make_client().history, complaint=note, goals=note),
    )
    assert not [p for p in check_client(client) if p.is_error], label
    client = _record(memory_db, client=client, **_long_visit_fields(note, short))
    for kind in ("progress", "handout", "referral"):
        out = build_document(
            kind, Clinic(memory_db), client.id, tmp_path / f"{kind}.pdf", today=TODAY
        )
        assert count_pages(out) >= 2, (label, kind)
    folder = build_sar_bundle(Clinic(memory_db), client.id, tmp_path / "sar", now=NOW)
    body = sar_body(folder / "records.pdf")
    assert comparable(note) in body, label
    assert comparable(short) in body, label


def test_sar_reproduces_every_character_of_unusual_text(memory_db, tmp_path):
    client = make_client(first_name=ODD, last_name="O'Brien & Søn", notes=ODD + "\n" + ODD)
    client = _record(
        memory_db,
        client=client,
        complaint=ODD,
        soap=Soap(subjective=prose(6_000), plan=ODD),
        referrals=(Referral("GP <practice>", ODD, Advice.ROUTINE_GP),),
    )
    folder = build_sar_bundle(Clinic(memory_db), client.id, tmp_path, now=NOW)
    body = sar_body(folder / "records.pdf")
    for text in (ODD, "O'Brien & Søn", prose(6_000), "GP <practice>"):
        assert comparable(text) in body, text[:40]


def test_sar_folder_is_private_and_never_half_written(memory_db, tmp_path, monkeypatch):
    from glutedesk.reports import sar

    client = _record(memory_db)
    folder = build_sar_bundle(Clinic(memory_db), client.id, tmp_path, now=NOW)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["README.txt", "audit-log.json", "records.json", "records.pdf"]
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sar, "build_sar_pdf", fail)
    with pytest.raises(OSError):
        build_sar_bundle(Clinic(memory_db), client.id, tmp_path, now=NOW)
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no partial folder left
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # old bundle intact


def test_a_new_bundle_replaces_the_same_days_bundle_whole(memory_db, tmp_path):
    client = _record(memory_db)
    folder = build_sar_bundle(Clinic(memory_db), client.id, tmp_path, now=NOW)
    (folder / "stray.txt").write_text("from before")
    killed = tmp_path / f".{folder.name}-abc123.partial"  # a run killed part-way
    killed.mkdir()
    (killed / "records.json").write_text("{")
    again = build_sar_bundle(Clinic(memory_db), client.id, tmp_path, now=NOW)
    assert again == folder
    assert not (folder / "stray.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


def test_right_to_left_lines_are_joined_and_in_printed_order():
    hebrew = "שלום עולם"
    assert shaping.visual_line(hebrew) == "םלוע םולש"
    arabic = shaping.visual_line("شكر")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in arabic)  # joined presentation forms
    assert unicodedata.normalize("NFKC", arabic) == "شكر"[::-1]
    mixed = shaping.visual_line("Dr שלום Smith")
    assert mixed.startswith("Dr ") and mixed.endswith(" Smith")
    assert shaping.visual_line("plain text") == "plain text"


def test_a_long_right_to_left_note_wraps_in_reading_order(memory_db, tmp_path):
    words = [f"מילה{n:03d}" for n in range(400)]  # Hebrew word + a number, in order
    client = _record(memory_db, referrals=(Referral("GP", " ".join(words), Advice.ROUTINE_GP),))
    out = build_document("referral", Clinic(memory_db), client.id, tmp_path / "r.pdf", today=TODAY)
    lines = [
        # whole 3-digit numbers only: the letter's findings now show the dynamometer reading
        # "152.5 N" of the factory visit, which is not a word of the note
        [int(n) for n in re.findall(r"(?<!\d)(?<!\d\.)(\d{3})(?!\.?\d)", line) if int(n) < 400]
        for line in "\n".join(pdf_pages(out)).splitlines()
    ]
    lines = [numbers for numbers in lines if numbers]
    assert sorted(n for numbers in lines for n in numbers) == list(range(400))
    assert len(lines) > 5
    for before, after in itertools.pairwise(lines):  # each printed line follows the last
        assert max(before) < min(after), (before, after)


def test_characters_the_house_font_lacks_use_a_fallback_and_still_extract(tmp_path, caplog):
    from reportlab.pdfgen import canvas

    assert fonts.font_for("A") == fonts.FONT
    assert fonts.font_for("中") == fonts.FALLBACK
    assert fonts.font_for("ے") == fonts.URDU  # Urdu yeh barree: not in DejaVu
    assert fonts.unprintable(shaping.reshape("کمر کے نچلے حصے میں درد ہے۔")) == []
    assert fonts.font_for("한") == fonts.LAST_RESORT  # no embedded font has Hangul
    assert fonts.unprintable("OK 한 中") == ["한"]
    out = tmp_path / "glyphs.pdf"
    page = canvas.Canvas(str(out))
    with caplog.at_level(logging.WARNING, logger="glutedesk.reports.fonts"):
        fonts._warned.clear()
        fonts.font_markup("허리 통증")
    assert "placeholders" in caplog.text
    shaping.draw_line(page, 50, 700, "Sore 😷 中文 한 🏃 end", 12, 400)
    page.save()
    data = out.read_bytes()
    assert b"DroidSansFallback" in data and b"LastResort" in data
    assert comparable("Sore 😷 中文 한 🏃 end") in comparable("".join(pdf_pages(out)))


def test_a_long_name_is_cut_in_the_footer_not_over_the_page_number(memory_db, tmp_path):
    client = _record(memory_db, client=make_client(first_name="Bartholomew" * 40))
    out = build_document("referral", Clinic(memory_db), client.id, tmp_path / "r.pdf", today=TODAY)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for page in PdfReader(str(out)).pages:
        footer: list[tuple[str, float]] = []

        def keep(text, cm, tm, font, size, footer=footer):
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and y < 40:
                footer.append((text, tm[4] * cm[0] + cm[4], y))

        page.extract_text(visitor_text=keep)
        (running, x_running, y_running), (number, x_number, y_number) = sorted(
            footer, key=lambda p: "Page" in p[0]
        )
        assert running.rstrip().endswith("…") and number.startswith("Page ")
        end = x_running + stringWidth(running.rstrip(), fonts.FONT, 7.5)
        # Too long to sit beside the page number, the name has its own line below it (cut
        # only at the page's right margin); on the same line it would have to end before it.
        assert y_running <= y_number - 8
        assert end <= x_number + stringWidth(number.rstrip(), fonts.FONT, 7.5) + 0.5


def test_field_limits_name_the_field():
    assert field_limits.limit_for("first_name") == field_limits.SHORT
    assert field_limits.limit_for("referrals[3].reason") == field_limits.SHORT
    assert field_limits.limit_for("test_results[0].note") == field_limits.LONG
    assert field_limits.limit_for("soap.plan") == field_limits.NOTE
    assert field_limits.limit_for("notes") == field_limits.NOTE
    assert field_limits.limit_for("treatment.notes") == field_limits.LONG
    client = make_client(address="x" * 5_001, notes="y" * 1_048_576)
    errors = [p for p in check_client(client) if p.is_error]
    assert [p.field for p in errors] == ["address"]
    assert "5,001" in errors[0].message and "5,000" in errors[0].message
    visit = make_visit(client.id)
    visit = dataclasses.replace(
        visit, exercises=(dataclasses.replace(visit.exercises[0], cues="c" * 20_001),)
    )
    assert [p.field for p in check_visit(visit) if "at most" in p.message] == ["exercises[0].cues"]


@pytest.mark.slow
def test_import_and_sar_of_the_real_command(tmp_path):
    """The real ``glutedesk`` process: an over-long field is refused by name; the longest
    note it accepts goes into a subject-access bundle."""
    db_path = tmp_path / "clinic.sqlite3"
    db = open_database(db_path)
    client = _record(db, soap=Soap(subjective=prose(200_000)))
    db.close()
    export = tmp_path / "export.json"

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "glutedesk", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=600,
        )

    assert run("--db", db_path, "export", "--out", export).returncode == 0
    doc = json.loads(export.read_text(encoding="utf-8"))
    doc["visits"][0]["referrals"] = [
        {"to_whom": "GP", "reason": "r" * 5_001, "urgency": "routine_gp", "flags": []}
    ]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    proc = run("--db", tmp_path / "other.sqlite3", "import", bad)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "reason" in proc.stderr and "5,000" in proc.stderr

    proc = run("--db", db_path, "sar", "--client", client.id, "--out", tmp_path / "sar")
    assert proc.returncode == 0, proc.stderr
    (folder,) = (tmp_path / "sar").iterdir()
    assert comparable(prose(200_000)) in sar_body(folder / "records.pdf")
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def test_long_clinic_details_print_too(memory_db, tmp_path):
    from glutedesk.storage.settings import ClinicSettings

    client = _record(memory_db)
    settings = ClinicSettings(
        name=prose(5_000),
        address="Unit " * 1_000,
        therapist_name="Sam" * 2_000,
        therapist_details=prose(5_000),
    )
    for kind in ("progress", "handout", "referral"):
        out = tmp_path / f"{kind}.pdf"
        build_document(kind, Clinic(memory_db), client.id, out, settings=settings, today=TODAY)
        assert count_pages(out) >= 2, kind


def test_a_long_amendment_flows_at_full_width_and_prints_whole(memory_db, tmp_path):
    from glutedesk.storage.signing import add_amendment, sign_visit
    from glutedesk.storage.visits import visits_for_client

    long_note = prose(60_000)
    client = _record(memory_db, soap=Soap(subjective=prose(3_000)))
    visit = visits_for_client(memory_db, client.id)[-1]
    sign_visit(memory_db, visit.id, "Sam")
    add_amendment(memory_db, visit.id, "Sam", "Dictated in full", "soap.subjective", long_note)
    out = build_document("progress", Clinic(memory_db), client.id, tmp_path / "p.pdf", today=TODAY)
    assert count_pages(out) > 10
    folder = build_sar_bundle(Clinic(memory_db), client.id, tmp_path / "sar", now=NOW)
    body = sar_body(folder / "records.pdf")
    assert comparable(long_note) in body and comparable(prose(3_000)) in body


@pytest.mark.slow
def test_a_killed_sar_leaves_no_half_bundle(tmp_path):
    """SIGKILL the real ``glutedesk sar`` while it writes: no bundle appears under its name, and
    the next run leaves exactly one complete bundle."""
    import time

    db_path = tmp_path / "clinic.sqlite3"
    db = open_database(db_path)
    client = _record(db, soap=Soap(subjective=prose(400_000)))
    db.close()
    out = tmp_path / "sar"
    command = [sys.executable, "-m", "glutedesk", "--db", str(db_path), "sar"]
    command += ["--client", client.id, "--out", str(out)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if out.is_dir() and any(p.name.endswith(".partial") for p in out.iterdir()):
            proc.kill()
            break
        time.sleep(0.05)
    proc.wait(timeout=120)
    finished = [p for p in out.iterdir() if not p.name.startswith(".")] if out.is_dir() else []
    for folder in finished:  # only if the run beat the kill: then it is complete
        assert sorted(p.name for p in folder.iterdir()) == [
            "README.txt",
            "audit-log.json",
            "records.json",
            "records.pdf",
        ]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (folder,) = out.iterdir()  # the killed run's hidden partial folder is gone
    assert len(PdfReader(str(folder / "records.pdf")).pages) > 10
