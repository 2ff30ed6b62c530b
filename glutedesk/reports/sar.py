"""The subject-access bundle: everything GluteDesk holds about one client, readable and complete.

:func:`build_sar_bundle` writes a folder holding ``records.pdf`` (every record field, each
visit with its signature and amendments beside it, and the client's audit log), ``records.json``
(the export format for that client, importable), ``audit-log.json`` and a short README. The
PDF escapes all user text and embeds DejaVu Sans, so what was typed is printed exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from glutedesk.domain.dates import format_long_date
from glutedesk.domain.serialize import from_json
from glutedesk.reports import pdf_common as pc
from glutedesk.reports import text_shaping as shaping
from glutedesk.reports.amendments import (
    amendment_flowables,
    esc,
    record_styles,
    signature_flowable,
    when,
)
from glutedesk.reports.bundle_files import replace_folder, write_private_text
from glutedesk.reports.pdf_document import build_pdf
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.signing import Amendment, Signature

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN - 12
RULE = colors.HexColor("#d9dee2")
HEAD = colors.HexColor("#dbecee")
MAX_COLUMNS = 5
LONG_CELL = 400  # a list with a longer value prints stacked: a narrow column would be pages long

_LABELS = {
    "id": "Record id",
    "nprs": "Pain score (NPRS 0–10)",
    "soap": "SOAP notes",
    "gp_name": "GP name",
    "gp_practice": "GP practice",
    "gp_address": "GP address",
    "date_of_birth": "Date of birth",
    "created_at": "Record created",
    "updated_at": "Last changed",
    "red_flags": "Red-flag screen",
    "test_results": "Test results",
    "pain_marks": "Pain map",
    "outcome_scores": "Questionnaires",
}
_SKIP = {"client_id"}

README = """Subject access bundle made by GluteDesk on {date}.

records.pdf     everything held about the client, readable: personal details, consents,
                case history, every visit in full (with signatures and any amendments beside
                the original entry) and the audit log of who did what with the record.
records.json    the same records in GluteDesk's open export format (docs/export-format.md).
audit-log.json  the audit log entries for this client, as data.
"""


def build_sar_bundle(
    clinic: Clinic, client_id: str, out_dir: Path, *, now: dt.datetime | None = None
) -> Path:
    """Write the subject-access folder for one client inside ``out_dir``; return the folder.

    The bundle is written into a private temporary folder beside its final name (folder 0700,
    files 0600) and renamed into place only when complete, so an interrupted or failed run
    never leaves half a bundle (the hidden leftovers of a killed run are removed by the next);
    a bundle of the same name made earlier is replaced. The bundle
    is logged in the audit trail as an export. Raises ``ClientNotFound`` for an unknown client,
    ``OSError`` if the folder cannot be written and ``ReportError`` if the PDF cannot be laid
    out.
    """
    now = now or dt.datetime.now().astimezone()
    data = clinic.subject_access_data(client_id)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f"subject-access-{now:%Y-%m-%d}-{client_id[:8]}"
    folder = out_dir / name
    for leftover in [*out_dir.glob(f".{name}-*.partial"), *out_dir.glob(f".{name}-replaced-*")]:
        shutil.rmtree(leftover, ignore_errors=True)  # from a run that was killed part-way
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", suffix=".partial", dir=out_dir))
    try:
        records = json.dumps(data["records"], ensure_ascii=False, indent=1)
        write_private_text(work / "records.json", records)
        write_private_text(
            work / "audit-log.json", json.dumps(data["audit"], ensure_ascii=False, indent=1)
        )
        write_private_text(work / "README.txt", README.format(date=format_long_date(now.date())))
        build_sar_pdf(data, work / "records.pdf", generated=now)
        replace_folder(work, folder)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    clinic.record_event("export", client_id=client_id, detail="subject access bundle")
    return folder


def build_sar_pdf(data: dict[str, Any], out: Path, *, generated: dt.datetime) -> Path:
    """Write the subject-access PDF for ``data`` (from ``subject_access_data``) to ``out``."""
    styles = record_styles()
    records = data["records"]
    client = records["clients"][0]
    name = f"{client['first_name']} {client['last_name']}"
    signatures = {
        s["visit_id"]: from_json(Signature, s, "signature") for s in records.get("signatures", [])
    }
    amendments: dict[str, list[Amendment]] = {}
    for a in records.get("amendments", []):
        amendment = from_json(Amendment, a, "amendment")
        amendments.setdefault(amendment.visit_id, []).append(amendment)

    story: list[Flowable] = [
        Paragraph("Records held about you", styles["title"]),
        pc.para(
            f"{name} · prepared {when(generated)} in answer to a subject access request "
            "(UK GDPR Article 15)",
            styles["subtitle"],
        ),
        Paragraph(
            "This document contains every record held about you in this clinic's GluteDesk "
            "database: your details, consents and case history, each visit in full, any "
            "corrections (amendments) made after a visit was signed, shown beside the original "
            "entry, and the log of who created, changed, viewed, printed or exported your "
            "record. The same records are attached as data in records.json.",
            styles["body"],
        ),
        Paragraph("Your details", styles["h1"]),
        *_pairs_table(_rows(client, skip={"consents", "history"})),
        Paragraph("Consents", styles["h2"]),
        *_list_table(client.get("consents", [])),
        Paragraph("Case history", styles["h2"]),
        *_pairs_table(_rows(client.get("history", {}))),
        Paragraph(f"Visits ({len(records['visits'])})", styles["h1"]),
    ]
    if not records["visits"]:
        story.append(Paragraph("No visits are recorded.", styles["body"]))
    for visit in records["visits"]:
        day = format_long_date(dt.date.fromisoformat(visit["visit_date"]))
        story.append(
            Paragraph(
                f"Visit on {esc(day)} · {esc(visit['therapist'])}",
                styles["h2"],
            )
        )
        story.append(signature_flowable(signatures.get(visit["id"])))
        story.extend(_visit_flowables(visit))
        story.extend(amendment_flowables(amendments.get(visit["id"], []), width=WIDTH))
    story.append(Paragraph("Audit log", styles["h1"]))
    story.append(
        Paragraph(
            "Every event recorded against your record, oldest first. Each entry is chained to "
            "the one before it by a checksum, so an altered entry can be detected.",
            styles["body"],
        )
    )
    story.append(_audit_table(data["audit"]))
    return build_pdf(
        Path(out),
        story,
        title=f"Records held about {name}",
        subject="Records held about you (UK GDPR Article 15)",
        author="GluteDesk",
        running=f"Records held about {name}",
        today=generated.date(),
    )


def _visit_flowables(visit: dict[str, Any]) -> list[Flowable]:
    styles = record_styles()
    out: list[Flowable] = _pairs_table(_rows(visit))
    for label, items in _lists(visit):
        if items:
            out.append(Spacer(1, 3))
            out.append(pc.para(label, styles["cell_bold"]))
            out.extend(_list_table(items))
    out.append(Spacer(1, 4))
    return out


def _label(key: str) -> str:
    return _LABELS.get(key, key.replace("_", " ").capitalize())


def _text(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_text(v)}" for k, v in value.items())
    return str(value)


def _is_record_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _rows(record: dict[str, Any], prefix: str = "", skip: Iterable[str] = ()) -> list[tuple]:
    rows: list[tuple[str, str]] = []
    for key, value in record.items():
        if key in _SKIP or key in skip or _is_record_list(value):
            continue
        label = f"{prefix}{_label(key)}"
        if isinstance(value, dict) and key not in ("values",):
            rows.extend(_rows(value, prefix=f"{label} · "))
        else:
            rows.append((label, _text(value)))
    return rows


def _lists(record: dict[str, Any], prefix: str = "") -> list[tuple[str, list[dict]]]:
    found: list[tuple[str, list[dict]]] = []
    for key, value in record.items():
        label = f"{prefix}{_label(key)}"
        if _is_record_list(value):
            found.append((label, value))
        elif isinstance(value, dict):
            found.extend(_lists(value, prefix=f"{label} · "))
    return found


def _pairs_table(rows: list[tuple[str, str]]) -> list[Flowable]:
    """Label | text rows; a long text is printed at full width below its label, in pieces
    that flow from page to page (a table row is re-laid out whole at every page break)."""
    styles = record_styles()
    out: list[Flowable] = []
    cells: list[list[Any]] = []
    for label, text in rows or [("—", "")]:
        if len(text) <= LONG_CELL:
            cells.append([pc.para(label, styles["cell_bold"]), pc.para(text, styles["cell"])])
            continue
        if cells:
            out.append(_two_column_table(cells))
            cells = []
        out.append(pc.para(label, styles["cell_bold"]))
        out.extend(shaping.paragraphs(text, styles["cell"]))
        out.append(Spacer(1, 3))
    if cells:
        out.append(_two_column_table(cells))
    return out


def _list_table(items: list[dict[str, Any]]) -> list[Flowable]:
    styles = record_styles()
    if not items:
        return _pairs_table([("—", "none recorded")])
    keys: list[str] = []
    for item in items:
        keys.extend(k for k in item if k not in keys and k not in _SKIP)
    if len(keys) > MAX_COLUMNS or any(
        len(_text(item.get(k))) > LONG_CELL for item in items for k in keys
    ):
        return _stacked_table(items, keys)
    header = [pc.para(_label(k), styles["cell_bold"]) for k in keys]
    body = [[pc.para(_text(item.get(k)), styles["cell"]) for k in keys] for item in items]
    table = Table(
        [header, *body],
        colWidths=[WIDTH / len(keys)] * len(keys),
        hAlign="LEFT",
        repeatRows=1,
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [table]


def _stacked_table(items: list[dict[str, Any]], keys: list[str]) -> list[Flowable]:
    """A wide list as two columns: the first fields name the item, the rest follow as text."""
    split = 2 if keys[1:2] == ["side"] else 1
    name_keys, rest = keys[:split], keys[split:]
    rows = []
    for item in items:
        title = " · ".join(_text(item.get(k)) for k in name_keys)
        parts = [f"{_label(k)}: {_text(item.get(k))}" for k in rest if _text(item.get(k)) != "—"]
        rows.append((title, "; ".join(parts)))
    return _pairs_table(rows)


def _two_column_table(rows: list[list[Any]]) -> Table:
    """A label | text table with hairline rules, as every record section prints."""
    table = Table(rows, colWidths=[0.3 * WIDTH, 0.7 * WIDTH], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _audit_table(rows: list[dict[str, Any]]) -> Table:
    styles = record_styles()
    header = ["#", "When", "What", "Visit", "By", "Detail"]
    cells = [[Paragraph(h, styles["cell_bold"]) for h in header]]
    for row in rows:
        cells.append(
            [
                Paragraph(str(row["id"]), styles["cell"]),
                pc.para(when(dt.datetime.fromisoformat(row["at"])), styles["cell"]),
                pc.para(row["action"], styles["cell"]),
                pc.para((row["visit_id"] or "")[:8], styles["cell"]),
                pc.para(row["actor"], styles["cell"]),
                pc.para(row["detail"], styles["cell"]),
            ]
        )
    widths = [0.06, 0.2, 0.1, 0.12, 0.16, 0.36]
    table = Table(
        cells, colWidths=[w * WIDTH for w in widths], hAlign="LEFT", repeatRows=1, splitInRow=1
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ]
        )
    )
    return table
