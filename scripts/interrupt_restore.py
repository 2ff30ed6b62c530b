"""Interrupt a real restore at each step with SIGKILL, start GluteDesk again, and report.

.venv/bin/python scripts/interrupt_restore.py [--json]

For each step a clinic of 4 clients is made with its newest save still in a hot ``-wal`` (the
saving process was killed), and a verified backup of 3 clients. A child process runs the real
``restore_database``; its own script code (not GluteDesk's) wraps ``os.replace``, the audit
step and the journal removal so that it stops just before the chosen one, prints where it is,
and waits. The parent SIGKILLs it there, then runs the real ``glutedesk clients`` and
``glutedesk check`` and looks at the folder: which clinic opened (old = 4 clients, new = 3),
whether the old clinic kept beside it is a complete set (its ``-wal`` with it, 4 clients), and
whether any leftover remained.

Run with ``child DB BACKUP STEP`` it is the child (used by the tests as well).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The steps, in the order a restore takes them. "replace:N" stops before the N-th os.replace.
STEPS = (
    "copy",  # while the backup API copies pages into <name>.restoring
    "replace:1",  # before the first journal (phase "copying") takes its name
    "replace:2",  # copy written and checked; before the journal says "ready"
    "replace:3",  # before the live file moves aside
    "replace:4",  # live file moved; before its -wal follows it
    "replace:5",  # -wal moved; before the -shm follows
    "replace:6",  # old clinic aside; before the copy takes the database's name
    "log",  # copy in place; before the restore is written to the audit trail
    "drop",  # audit entry written; before the journal is removed
)
LEFTOVER_MARKS = (".restoring", ".restore-journal", ".partial")


def child(db: Path, backup: Path, step: str) -> None:
    """Run the restore, stopping (and waiting to be killed) just before ``step``."""
    sys.path.insert(0, str(ROOT))
    from glutedesk.storage import restore, restore_journal

    def pause(label: str) -> None:
        print(f"PAUSED {label}", flush=True)
        while True:
            time.sleep(60)

    real_replace = os.replace
    count = 0

    def replace(src, dst, *args, **kwargs):
        nonlocal count
        count += 1
        if step == f"replace:{count}":
            short = {str(db.name): "DB"}
            names = [Path(x).name.replace(db.name, short[db.name]) for x in (src, dst)]
            pause(f"{names[0]} -> {names[1]}")
        return real_replace(src, dst, *args, **kwargs)

    os.replace = replace  # type: ignore[assignment]
    real_log, real_drop = restore_journal.log_restore, restore_journal._drop_journal

    def log(*args, **kwargs):
        if step == "log":
            pause("before the audit entry")
        return real_log(*args, **kwargs)

    def drop(*args, **kwargs):
        if step == "drop":
            pause("before the journal is removed")
        return real_drop(*args, **kwargs)

    restore_journal.log_restore = log
    restore_journal._drop_journal = drop

    def progress(done: int, total: int) -> None:
        if step == "copy":
            pause(f"copying page {done} of {total}")

    restore.restore_database(db, backup, progress=progress)
    print("FINISHED", flush=True)


def make_case(folder: Path) -> tuple[Path, Path]:
    """A clinic of 4 clients (the 4th still in a hot -wal) and a backup of its first 3."""
    sys.path.insert(0, str(ROOT))
    from glutedesk.storage.backup import backup_database
    from glutedesk.storage.clients import save_client
    from glutedesk.storage.database import open_database
    from tests.factories import make_client

    db_path = folder / "clinic.sqlite3"
    db = open_database(db_path)
    for i in range(3):
        save_client(db, make_client(first_name=f"Before{i}"))
    backup = backup_database(db, folder / "clinic-backups", manual=True)
    db.close()
    code = (
        "import os, signal, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from glutedesk.storage.clients import save_client\n"
        "from glutedesk.storage.database import open_database\n"
        "from tests.factories import make_client\n"
        "db = open_database(sys.argv[1])\n"
        "save_client(db, make_client(first_name='After'))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(db_path)], check=False)
    assert done.returncode == -signal.SIGKILL
    assert db_path.with_name(db_path.name + "-wal").stat().st_size > 0
    return db_path, backup


def interrupt(db_path: Path, backup: Path, step: str, timeout: float = 120.0) -> str:
    """Run the child restore, SIGKILL it at ``step``; return where it stopped."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "child", str(db_path), str(backup), step],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    line = ""
    try:
        while time.monotonic() < deadline:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if line.startswith(("PAUSED", "FINISHED")) or not line:
                break
    finally:
        proc.kill()
        _out, err = proc.communicate(timeout=timeout)
    if not line.startswith("PAUSED"):
        raise RuntimeError(f"the child did not stop at {step}: {line!r} {err[-500:]}")
    return line.removeprefix("PAUSED ").strip()


def glutedesk(*args: str) -> subprocess.CompletedProcess:
    """Run the real ``glutedesk`` command."""
    return subprocess.run(
        [sys.executable, "-m", "glutedesk", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def count_clients_ro(path: Path) -> int:
    """Count clients in a (moved-aside) database read-only, with its own -wal."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM clients").fetchone()[0]
    finally:
        conn.close()


def examine(db_path: Path) -> dict[str, object]:
    """Start GluteDesk on ``db_path`` (real processes) and describe what it found."""
    listed = glutedesk("clients", "--json", "--db", str(db_path))
    checked = glutedesk("check", "--db", str(db_path))
    clients = json.loads(listed.stdout) if listed.returncode == 0 else None
    folder = db_path.parent
    leftovers = sorted(
        p.name for p in folder.rglob("*") if any(m in p.name for m in LEFTOVER_MARKS)
    )
    aside = sorted(
        p
        for p in folder.glob(f"{db_path.name}.replaced-*")
        if not p.name.endswith(("-wal", "-shm"))
    )
    aside_info = []
    for main in aside:
        wal = main.with_name(main.name + "-wal")
        aside_info.append(
            {"file": main.name, "has_wal": wal.exists(), "clients": count_clients_ro(main)}
        )
    names = sorted(c["first_name"] for c in clients or [])
    return {
        "clients_exit": listed.returncode,
        "check_exit": checked.returncode,
        "check_out": (checked.stdout + checked.stderr).strip().splitlines()[-1:] or [""],
        "clients": len(clients) if clients is not None else None,
        "clinic": {4: "old", 3: "new"}.get(len(names)) if clients is not None else "none",
        "has_after": "After" in names,
        "leftovers": leftovers,
        "aside": aside_info,
        "wal_beside_db": db_path.with_name(db_path.name + "-wal").exists(),
        "restore_entries": _restore_entries(db_path) if clients is not None else None,
    }


def _restore_entries(db_path: Path) -> int:
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM audit_log WHERE action = 'restore'").fetchone()[0]
    finally:
        conn.close()


def run_all() -> list[dict[str, object]]:
    """Every step once, each in a fresh folder."""
    rows = []
    for step in STEPS:
        with tempfile.TemporaryDirectory(prefix="gd-interrupt-") as tmp:
            db_path, backup = make_case(Path(tmp))
            where = interrupt(db_path, backup, step)
            rows.append({"step": step, "stopped": where, **examine(db_path)})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args, rest = parser.parse_known_args()
    if rest[:1] == ["child"]:
        child(Path(rest[1]), Path(rest[2]), rest[3])
        return 0
    rows = run_all()
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(
        f"{'step':<10} {'where the restore was killed':<44} {'next start':<10} "
        f"{'clients':>7} {'restore logged':>14} {'check':>5}  {'old clinic aside':<18} leftovers"
    )
    for r in rows:
        aside = (
            ", ".join(
                f"{a['clients']} clients{' +wal' if a['has_wal'] else ''}" for a in r["aside"]
            )
            or "-"
        )
        print(
            f"{r['step']:<10} {r['stopped'][:44]:<44} {r['clinic']:<10} {r['clients']!s:>7} "
            f"{r['restore_entries']!s:>14} {'ok' if r['check_exit'] == 0 else 'FAIL':>5}  "
            f"{aside:<18} "
            f"{', '.join(r['leftovers']) or 'none'}"
        )
    bad = [
        r for r in rows if r["clinic"] not in ("old", "new") or r["leftovers"] or r["check_exit"]
    ]
    print(
        f"\n{len(rows)} interruptions: {sum(r['clinic'] == 'old' for r in rows)} old clinic, "
        f"{sum(r['clinic'] == 'new' for r in rows)} restored clinic, {len(bad)} stranded."
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
