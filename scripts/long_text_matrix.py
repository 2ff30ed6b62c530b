"""The long-text matrix: every document built for long and unusual text in each free-text field.

    .venv/bin/python scripts/long_text_matrix.py [--out DIR] [--fields a,b] [--texts x,y]

For each field × text, one client is saved in a throwaway in-memory database with that text in
that field (everything else ordinary), and every document is built: progress report, handout,
GP referral letter and the subject-access PDF. The table gives, per document, the page count
(or FAIL and the error) and, for the subject-access PDF, whether the extracted text holds every
character of the field ("exact": pypdf text with whitespace removed and NFKC-normalised
contains the field's printed form with whitespace removed). Deterministic: the texts are
built from fixed sentences.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glutedesk.domain.ids import new_client_id, new_visit_id  # noqa: E402
from glutedesk.domain.models import (  # noqa: E402
    Advice,
    CaseHistory,
    Client,
    ExercisePrescription,
    Nprs,
    Referral,
    Side,
    Soap,
    TestResult,
    Treatment,
    Visit,
)

TODAY = dt.date(2026, 11, 30)
SENTENCES = (
    "Left <knee> pain after the R&D fun run; &nbsp; eased by walking. ",
    "Glute med 4-/5 on the right, 4+/5 on the left; Trendelenburg positive at 20 s. ",
    "Client reports sitting > 9 h a day and driving 2 h; ache 6/10 by the evening. ",
    "Advised to break up sitting every 30 min and to keep the bridges going. ",
)
RTL = (
    "ألم أسفل الظهر بعد الجري، يخف مع المشي. "
    "כאב בגב התחתון אחרי ריצה, משתפר בהליכה. "
    "کمر کے نچلے حصے میں درد ہے۔ "
)
MIXED = "Sore 😷 after 5 km 🏃; 腰痛 が あります; 허리 통증; Ωμέγα; <b>not bold</b> &amp; R&D. "


def prose(length: int) -> str:
    """Ordinary clinical prose of exactly ``length`` characters, with a paragraph break every
    few sentences (as a therapist types)."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < length:
        piece = SENTENCES[index % len(SENTENCES)]
        if index % 6 == 5:
            piece += "\n"
        parts.append(piece)
        total += len(piece)
        index += 1
    return "".join(parts)[:length].rstrip() + "."


def repeated(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


TEXTS: dict[str, Callable[[str], str | None]] = {
    # Each returns the text for a field kind, or None when that length does not apply to it.
    # Kinds follow glutedesk/domain/field_limits.py: "short" (names, addresses, reasons: at
    # most 5,000), "long" (notes printed in the progress report, handout or letter: 20,000),
    # "note" (client notes and SOAP, printed only in the subject-access PDF: 1 MiB).
    "5k": lambda kind: prose(5_000) if kind == "short" else None,
    "6k": lambda kind: prose(6_000) if kind in ("long", "note") else None,
    "20k": lambda kind: prose(20_000) if kind in ("long", "note") else None,
    "1 MiB": lambda kind: prose(1_048_576)[:1_048_576] if kind == "note" else None,
    "10k word": lambda kind: repeated("Abcdefghij", 10_000),
    "RTL": lambda kind: repeated(RTL, 5_000 if kind == "short" else 6_000),
    "emoji/CJK": lambda kind: repeated(MIXED, 2_000),
}


def _client(**kw) -> Client:
    values = dict(
        id=new_client_id(),
        first_name="Alex",
        last_name="Morgan",
        date_of_birth=dt.date(1984, 3, 9),
        address="12 Mill Lane\nLeeds LS1 4AB",
        gp_name="Dr Amira Shah",
        gp_practice="Park Lane Surgery",
        gp_address="1 Park Lane, Leeds",
        history=CaseHistory(complaint="Low back ache", goals="Run 10 km"),
        notes="Prefers mornings",
    )
    values.update(kw)
    return Client(**values)


def _visit(client_id, day: dt.date, **kw) -> Visit:
    values = dict(
        id=new_visit_id(),
        client_id=client_id,
        visit_date=day,
        therapist="Sam Therapist",
        complaint="Ache across the lower back",
        nprs=Nprs(now=4, best=2, worst=7),
        test_results=(
            TestResult("oxford_glute_max", Side.LEFT, {"grade": "4"}),
            TestResult("oxford_glute_max", Side.RIGHT, {"grade": "3+"}),
            TestResult("faber", Side.LEFT, {"pain": True}, note="Groin ache"),
        ),
        treatment=Treatment(techniques=("effleurage",), response="Eased", notes="Prone"),
        exercises=(ExercisePrescription("glute_bridge", sets=3, reps=10, cues="Squeeze"),),
        referrals=(Referral("GP", "Night pain", Advice.ROUTINE_GP),),
        soap=Soap(subjective="Better", assessment="Right weaker", plan="Review"),
    )
    values.update(kw)
    return Visit(**values)


def _with(visit: Visit, path: str, text: str) -> Visit:
    if path == "soap.subjective":
        return dataclasses.replace(visit, soap=dataclasses.replace(visit.soap, subjective=text))
    if path == "test note":
        first, *rest = visit.test_results[::-1]
        return dataclasses.replace(
            visit, test_results=(*rest[::-1], dataclasses.replace(first, note=text))
        )
    if path == "exercise cue":
        ex = dataclasses.replace(visit.exercises[0], cues=text)
        return dataclasses.replace(visit, exercises=(ex,))
    if path == "referral reason":
        return dataclasses.replace(visit, referrals=(Referral("GP", text, Advice.ROUTINE_GP),))
    if path == "treatment notes":
        return dataclasses.replace(
            visit, treatment=dataclasses.replace(visit.treatment, notes=text)
        )
    return dataclasses.replace(visit, **{path: text})


# field label -> (kind, where: "client"/"history"/"visit", attribute)
FIELDS: dict[str, tuple[str, str, str]] = {
    "first name": ("short", "client", "first_name"),
    "client address": ("short", "client", "address"),
    "GP address": ("short", "client", "gp_address"),
    "client notes": ("note", "client", "notes"),
    "history complaint": ("long", "history", "complaint"),
    "visit complaint": ("long", "visit", "complaint"),
    "SOAP subjective": ("note", "visit", "soap.subjective"),
    "test note": ("long", "visit", "test note"),
    "exercise cue": ("long", "visit", "exercise cue"),
    "treatment notes": ("long", "visit", "treatment notes"),
    "referral reason": ("short", "visit", "referral reason"),
}
DOCUMENTS = ("progress", "handout", "referral", "sar")


def make_record(db, field: str, text: str):
    """Save a client with two visits, ``text`` in ``field`` (of the latest visit); return id."""
    from glutedesk.storage.clients import save_client
    from glutedesk.storage.visits import save_visit

    _, where, attr = FIELDS[field]
    client = _client()
    if where == "client":
        client = dataclasses.replace(client, **{attr: text})
    elif where == "history":
        client = dataclasses.replace(
            client, history=dataclasses.replace(client.history, **{attr: text})
        )
    client, _ = save_client(db, client)
    first = _visit(client.id, dt.date(2026, 10, 1))
    latest = _visit(client.id, dt.date(2026, 11, 1))
    if where == "visit":
        latest = _with(latest, attr, text)
    save_visit(db, first)
    save_visit(db, latest)
    return client.id


def comparable(text: str) -> str:
    """Text as compared: NFKC (Arabic presentation forms back to letters), no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def sar_text(pdf: Path) -> str:
    """The SAR PDF's text without its page footers, comparable across page breaks.

    Text drawn less than 40 pt from the bottom of the page (the footer: running title and
    page number) is left out, so that a field continued on the next page reads on unbroken.
    """
    from pypdf import PdfReader

    parts: list[str] = []

    def keep(text, cm, tm, font, size):
        if tm[5] * cm[3] + cm[5] > 40:
            parts.append(text)

    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=keep)
    return comparable("".join(parts))


def sar_exact(pdf: Path, text: str) -> bool:
    """True when the SAR PDF's extracted text holds every character of ``text``.

    Right-to-left text is printed in visual order with joined letter forms, and where a long
    line wraps depends on the layout; so for such a field every word must be found in its
    printed (visual) form, or in reading order (pypdf reverses right-to-left runs it
    recognises), and every character must be there at least as often as in the field (NFKC
    takes the joined forms back to letters).
    """
    from collections import Counter

    try:
        from glutedesk.reports.text_shaping import has_rtl, visual_line
    except ImportError:  # a version before shaping existed (to compare with): no reordering
        return comparable(text) in sar_text(pdf)

    extracted = sar_text(pdf)
    if not has_rtl(text):
        return comparable(text) in extracted
    words = all(
        comparable(visual_line(word)) in extracted or comparable(word) in extracted
        for word in set(text.split())
    )
    have, need = Counter(extracted), Counter(comparable(text))
    return words and all(have[c] >= n for c, n in need.items())


def build(kind: str, db, client_id: str, out: Path) -> Path:
    from glutedesk.reports.documents import build_document
    from glutedesk.reports.sar import build_sar_bundle
    from glutedesk.storage.clinic import Clinic

    if kind == "sar":
        folder = build_sar_bundle(Clinic(db), client_id, out.parent / "sar")
        return folder / "records.pdf"
    return build_document(kind, Clinic(db), client_id, out, today=TODAY)


def run(fields: list[str], texts: list[str], out_dir: Path) -> list[dict]:
    from glutedesk.reports.documents import count_pages
    from glutedesk.storage.database import open_memory_database

    rows = []
    for field in fields:
        kind = FIELDS[field][0]
        for label in texts:
            text = TEXTS[label](kind)
            if text is None:
                continue
            row: dict = {"field": field, "text": label, "chars": len(text)}
            db = open_memory_database()
            try:
                client_id = make_record(db, field, text)
                with tempfile.TemporaryDirectory(dir=out_dir) as work:
                    for doc in DOCUMENTS:
                        try:
                            pdf = build(doc, db, client_id, Path(work) / f"{doc}.pdf")
                            row[doc] = str(count_pages(pdf))
                            if doc == "sar":
                                row["exact"] = "yes" if sar_exact(pdf, text) else "NO"
                        except Exception as exc:  # the matrix reports every failure
                            row[doc] = f"FAIL {type(exc).__name__}: {str(exc)[:60]}"
                            row.setdefault("exact", "—")
            finally:
                db.close()
            rows.append(row)
            print(_line(row), flush=True)
    return rows


HEAD = ("field", "text", "chars", "progress", "handout", "referral", "sar", "exact")


def _line(row: dict) -> str:
    return "| " + " | ".join(str(row.get(k, "")) for k in HEAD) + " |"


SAMPLES = (
    # (file stem, field, text, document)
    ("long-test-note-progress", "test note", "20k", "progress"),
    ("long-name-referral", "first name", "10k word", "referral"),
    ("long-soap-sar", "SOAP subjective", "6k", "sar"),
    ("rtl-referral-reason", "referral reason", "RTL", "referral"),
    ("rtl-name-sar", "first name", "RTL", "sar"),
)


def write_samples(folder: Path) -> None:
    """Write the sample PDFs and their first pages as PNGs (pdftoppm -r 60) into ``folder``."""
    import shutil
    import subprocess

    from glutedesk.storage.database import open_memory_database

    folder.mkdir(parents=True, exist_ok=True)
    for stem, field, label, doc in SAMPLES:
        db = open_memory_database()
        try:
            client_id = make_record(db, field, TEXTS[label](FIELDS[field][0]))
            with tempfile.TemporaryDirectory() as work:
                pdf = build(doc, db, client_id, Path(work) / "doc.pdf")
                shutil.copyfile(pdf, folder / f"{stem}.pdf")
        finally:
            db.close()
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-l",
                "3",
                str(folder / f"{stem}.pdf"),
                str(folder / stem),
            ],
            check=True,
        )
        (folder / f"{stem}.pdf").unlink()
        print(f"wrote {folder / stem}-*.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fields", default=",".join(FIELDS))
    parser.add_argument("--texts", default=",".join(TEXTS))
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--samples", type=Path, help="also write sample page images here")
    args = parser.parse_args()
    if args.samples:
        write_samples(args.samples)
    fields = [f for f in args.fields.split(",") if f]
    texts = [t for t in args.texts.split(",") if t]
    print("| " + " | ".join(HEAD) + " |")
    print("|" + "---|" * len(HEAD))
    rows = run(fields, texts, args.out)
    failed = sum(
        1
        for r in rows
        for k in (*DOCUMENTS, "exact")
        if str(r.get(k, "")).startswith(("FAIL", "NO"))
    )
    print(f"\n{len(rows)} rows × {len(DOCUMENTS)} documents; {failed} failures or inexact")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
