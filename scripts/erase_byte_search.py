"""Erase a client, then byte-search every file in the clinic's folder for them.

Builds a demo clinic with real ``glutedesk`` processes, adds one client with distinctive text
(name, address, notes edited several times, visit notes, a signed visit), uses the app
(a draft and a crash-left partial draft, two backups, an interrupted ``*.partial`` backup, an
export) and then erases the client in three ways, each on its own copy of the clinic:

* ``plain``: ``glutedesk erase``;
* ``reader``: while another process holds a read open on the database (the erasure must say
  it is not complete), then again after that process let go and ``glutedesk check`` ran;
* ``purge``: ``glutedesk erase --purge-backups``.

After each, every file under the clinic's folder (database, ``-wal``, ``-shm``, drafts,
backups, partial files) and the export folder is searched for each distinctive string, in
UTF-8 (case-insensitive: the name index keeps lower-case words) and UTF-16 (LE and BE).
Prints a table; ``--json`` prints the findings for tests. Run:

    .venv/bin/python scripts/erase_byte_search.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glutedesk.domain.ids import new_client_id, new_visit_id  # noqa: E402
from glutedesk.domain.models import Client, Soap, Visit  # noqa: E402
from glutedesk.storage.clients import save_client  # noqa: E402
from glutedesk.storage.database import open_database  # noqa: E402
from glutedesk.storage.drafts import drafts_dir, save_draft  # noqa: E402
from glutedesk.storage.signing import sign_visit  # noqa: E402
from glutedesk.storage.visits import save_visit  # noqa: E402

SCENARIOS = ("plain", "reader", "purge")
STRINGS = ("Zephyrine", "Quillfeather", "Marmalade Crescent", "xylophonic", "Wobbleton")
READER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
conn.execute("SELECT count(*) FROM clients").fetchone()
print("READING", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
conn.close()
"""


def glutedesk(*args: str) -> subprocess.CompletedProcess:
    """Run the real command line; return the finished process (output captured)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "glutedesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def build_clinic(folder: Path) -> tuple[Path, str]:
    """Make the clinic in ``folder/clinic``; return the database path and the client's id."""
    clinic = folder / "clinic"
    clinic.mkdir(parents=True)
    db_path = clinic / "clinic.sqlite3"
    done = glutedesk("demo", "--db", str(db_path), "--clients", "20")
    assert done.returncode == 0, done.stderr
    db = open_database(db_path)
    client = Client(
        id=new_client_id(),
        first_name="Zephyrine",
        last_name="Quillfeather",
        date_of_birth=dt.date(1990, 4, 1),
        address="77 Marmalade Crescent\nOswaldtwistle BB5 3AA",
        notes="xylophonic bursitis, first note",
    )
    client, _ = save_client(db, client)
    for n in range(5):  # earlier versions of the notes end up in free pages
        client, _ = save_client(db, _replace(client, notes=f"xylophonic bursitis, edit {n}"))
    visits = []
    for day in (3, 10):
        visit = Visit(
            id=new_visit_id(),
            client_id=client.id,
            visit_date=dt.date(2026, 11, day),
            therapist="Sam Therapist",
            complaint="Wobbleton ache after xylophonic practice",
            soap=Soap(subjective="Wobbleton manoeuvre hurts", plan="Review Quillfeather"),
        )
        visits.append(save_visit(db, visit)[0])
    sign_visit(db, visits[0].id, "Sam Therapist")
    draft = Visit(
        id=new_visit_id(),
        client_id=client.id,
        visit_date=dt.date(2026, 11, 17),
        therapist="Sam Therapist",
        complaint="Wobbleton draft typed for Zephyrine Quillfeather",
    )
    written = save_draft(drafts_dir(db_path), draft, is_new=True)
    # A crash during an autosave leaves the temporary file beside the drafts.
    partial = written.with_name(f".{draft.id}.k3j9.tmp")
    partial.write_bytes(written.read_bytes()[: written.stat().st_size // 2 + 40])
    db.close()
    for _ in range(2):
        done = glutedesk("backup", "--db", str(db_path))
        assert done.returncode == 0, done.stderr
    backups = sorted((clinic / "clinic-backups").glob("*.sqlite3"))
    # An automatic backup killed while copying leaves a *.partial rotation never sees.
    half = backups[-1].with_name("clinic-backup-20261130-235959.sqlite3.partial")
    half.write_bytes(backups[-1].read_bytes()[: backups[-1].stat().st_size * 2 // 3])
    exports = folder / "exports"
    exports.mkdir()
    done = glutedesk("export", "--db", str(db_path), "--out", str(exports / "all.json"))
    assert done.returncode == 0, done.stderr
    return db_path, client.id


def _replace(client: Client, **changes) -> Client:
    import dataclasses

    return dataclasses.replace(client, **changes)


def search(folder: Path) -> list[dict]:
    """Return one row per file under ``folder`` that holds any string, with the hit counts."""
    rows = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        lowered = data.lower()
        hits = {}
        for text in STRINGS:
            n8 = lowered.count(text.lower().encode("utf-8"))
            n16 = data.count(text.encode("utf-16-le")) + data.count(text.encode("utf-16-be"))
            if n8 or n16:
                hits[text] = [n8, n16]
        rows.append({"file": str(path.relative_to(folder)), "hits": hits})
    return rows


def erase(db_path: Path, client_id: str, *extra: str) -> subprocess.CompletedProcess:
    return glutedesk("erase", "--db", str(db_path), "--client", client_id, "--reason",
                     "client asked by email", "--yes", *extra)  # fmt: skip


def run(work: Path) -> dict:
    """Build once, erase three ways on copies; return every finding."""
    base = work / "base"
    db_path, client_id = build_clinic(base)
    results: dict = {"before": search(base), "client_id": client_id, "scenarios": {}}
    for name in SCENARIOS:
        copy = work / name
        shutil.copytree(base, copy)
        db = copy / "clinic" / db_path.name
        scenario: dict = {}
        if name == "reader":
            reader = subprocess.Popen(
                [sys.executable, "-c", READER, str(db)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert reader.stdout is not None and reader.stdin is not None
            assert reader.stdout.readline().strip() == "READING"
            done = erase(db, client_id)
            scenario["while_reading"] = {
                "exit": done.returncode,
                "output": done.stdout + done.stderr,
                "files": search(copy),
            }
            reader.stdin.write("\n")
            reader.stdin.flush()
            reader.wait(timeout=60)
            done = glutedesk("check", "--db", str(db))
            scenario["after_check"] = {"exit": done.returncode, "output": done.stdout}
        else:
            done = erase(db, client_id, *(["--purge-backups"] if name == "purge" else []))
        scenario["exit"] = done.returncode
        scenario["output"] = done.stdout + done.stderr
        scenario["files"] = search(copy)
        results["scenarios"][name] = scenario
    return results


def _table(rows: list[dict]) -> list[str]:
    lines = [f"    {'file':<68} " + " ".join(f"{s[:12]:>12}" for s in STRINGS)]
    for row in (r for r in rows if r["hits"]):
        counts = [row["hits"].get(s) for s in STRINGS]
        cells = " ".join(f"{f'{c[0]}/{c[1]}' if c else '-':>12}" for c in counts)
        lines.append(f"    {row['file']:<68} {cells}")
    files = len(rows)
    holding = sum(1 for r in rows if r["hits"])
    lines.append(f"    {files} files searched, {holding} hold at least one string")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True)
        results = run(args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="glutedesk-erase-") as tmp:
            results = run(Path(tmp))
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print("Hits are UTF-8 (case-insensitive) / UTF-16 counts; '-' is none.")
    print("\nBefore erasing:")
    print("\n".join(_table(results["before"])))
    for name, scenario in results["scenarios"].items():
        if "while_reading" in scenario:
            held = scenario["while_reading"]
            print(f"\n[{name}] erase while another process holds a read (exit {held['exit']}):")
            print("\n".join("  > " + line for line in held["output"].splitlines()))
            print("\n".join(_table(held["files"])))
            print(f"  after the reader let go, 'glutedesk check': {scenario['after_check']}")
        else:
            print(f"\n[{name}] exit {scenario['exit']}:")
            print("\n".join("  > " + line for line in scenario["output"].splitlines()))
        print(f"  files holding any string afterwards ({name}):")
        print("\n".join(_table(scenario["files"])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
