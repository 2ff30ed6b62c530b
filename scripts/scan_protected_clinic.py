"""Byte scan of a protected clinic's folder after a day's use.

Creates a demo clinic with ``glutedesk demo``, makes a backup and a draft while it is still
plain, protects it with ``glutedesk passphrase set``, then uses it for a "day": backups
(manual and automatic) through the ``glutedesk`` command, a new client and visits saved through
the Clinic (the app's path), a visit draft autosaved as the editor does, a check, a restore.
Every file in the clinic's folder (the database, its -wal/-shm, key file, audit head, drafts,
backups and their fingerprints) and at its second backup place (a "USB stick" folder chosen,
and given a copy, before protection) is then read byte by byte and searched for every client's first
and last name and for the "SQLite format 3" header. The same scan of the plain clinic before
protection is printed first, to show what the scan finds when there is something to find.

Run: .venv/bin/python scripts/scan_protected_clinic.py [FOLDER]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

PASS = "a day at the clinic, then the laptop is lost"
HEADER = b"SQLite format 3"


def glutedesk(*args: str, passphrase: bool = True, new: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLUTEDESK_")}
    if passphrase:
        env["GLUTEDESK_PASSPHRASE"] = PASS
    if new:
        env["GLUTEDESK_NEW_PASSPHRASE"] = new
    done = subprocess.run(
        [sys.executable, "-m", "glutedesk", *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"glutedesk {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def scan(folder: Path, names: list[str]) -> list[tuple[str, int, str, list[str]]]:
    """(file, size, readable format seen, names found) for every file under ``folder``."""
    words = sorted({w for n in names for w in n.split() if len(w) >= 4})
    rows = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found = [w for w in words if w.encode("utf-8") in data]
        readable = "SQLite" if HEADER in data else "JSON" if data.startswith(b"{\n") else ""
        if readable == "JSON" and not path.name.endswith(".json"):
            readable = ""  # key file, audit head, fingerprints: no client data by design
        rows.append((str(path.relative_to(folder)), len(data), readable, found))
    return rows


def print_table(title: str, rows: list[tuple[str, int, str, list[str]]]) -> int:
    print(f"\n{title}")
    width = max([len(row[0]) for row in rows] + [4])
    print(f"  {'file':<{width}} {'bytes':>9}  {'readable as':<11}  names found")
    leaks = 0
    for name, size, header, found in rows:
        shown = ", ".join(found[:4]) + (f" (+{len(found) - 4})" if len(found) > 4 else "")
        print(f"  {name:<{width}} {size:>9}  {header or '—':<11}  {shown or '—'}")
        leaks += bool(header or found)
    print(f"  {len(rows)} files, {leaks} readable (SQLite header, plain JSON or client names)")
    return leaks


def main() -> int:
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.drafts import drafts_dir, save_draft
    from tests.factories import make_client, make_visit

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="gd-scan-"))
    folder = root / "clinic"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "glutedesk.sqlite3"
    glutedesk("demo", "--db", str(db), passphrase=False)
    clinic = Clinic.open(db, create=False)
    names = [f"{c.first_name} {c.last_name}" for c in clinic.client_list()]
    first = clinic.client_list()[0].id
    save_draft(drafts_dir(db), make_visit(first), is_new=True)
    clinic.close()
    usb = root / "usb-stick"  # the second backup place, chosen while the clinic was plain
    usb.mkdir(exist_ok=True)
    glutedesk("backup", "--db", str(db), "--second-place", str(usb), passphrase=False)
    before = print_table(
        "Plain clinic and its second place (before protection):", scan(root, names)
    )

    glutedesk("passphrase", "set", "--db", str(db), passphrase=False, new=PASS)
    glutedesk("backup", "--db", str(db))
    clinic = Clinic.open(db, create=False, passphrase=PASS)
    newcomer, _ = clinic.save_client(make_client(first_name="Philippa", last_name="Quenby"))
    names.append("Philippa Quenby")
    for _ in range(3):
        clinic.save_visit(make_visit(newcomer.id))
    save_draft(drafts_dir(db), make_visit(newcomer.id), is_new=True)  # the editor's autosave
    clinic.back_up()
    open_rows = scan(root, names)  # while the app has it open: -wal and -shm present
    clinic.close()
    glutedesk("backup", "--automatic", "--db", str(db))
    glutedesk("check", "--db", str(db))
    backups = sorted((folder / "glutedesk-backups").glob("*.sqlite3"))
    glutedesk("restore", "--yes", "--db", str(db), str(backups[-1]))
    glutedesk("clients", "--db", str(db))
    during = print_table("Protected clinic, open in the app (with its -wal):", open_rows)
    after = print_table(
        "Protected clinic after the day (saves, drafts, 4 backups, check, restore):",
        scan(root, names),
    )
    print(f"\nclients searched for: {len(names)} (first and last names of 4+ letters)")
    verdict = before > 0 and during == 0 and after == 0
    print("verdict:", "nothing readable without the passphrase" if verdict else "LEAK FOUND")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
