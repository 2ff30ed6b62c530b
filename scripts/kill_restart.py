"""Kill real GluteDesk processes at random moments, start again, and count what the restart found.

Each round copies a demo clinic, starts one real writer on it and SIGKILLs it after a random
delay:

- ``gui``: the real app (``glutedesk.ui.app.run_gui``, offscreen) saving visits through its
  visit editor (tests/e2e/gui_driver.py); it prints each visit id once the save committed;
  the kill comes at a random moment after its first save, while it goes on opening visits
  and saving them;
- ``import``: ``glutedesk import`` of an export of another clinic (24 clients);
- ``demo``: ``glutedesk demo`` building a 60-client clinic in a new file;
- ``backup``: ``glutedesk backup`` of the clinic.

Then it restarts the real way: ``glutedesk check`` and the app's own start-up path (the driver
in probe mode: the quick check, the window, the background full check). It tallies per writer:

- opened in place: ``check`` says ok, the app opened the same file (not renamed, not
  read-only) and found no damage;
- set aside: anything else (a damaged verdict, a renamed file, a refusal);
- records lost: a save the writer reported committed (or a reader saw) is missing, or an
  import is partly stored.

Usage: ``python scripts/kill_restart.py [--kills 100] [--seed 1] [--workers 2]``. The seed fixes
the order of writers and the delays; the exact moment each kill lands still depends on the
machine, so counts of kills mid-write vary while the verdicts must not.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DRIVER = ROOT / "tests" / "e2e" / "gui_driver.py"
WRITERS = ("gui", "import", "demo", "backup")
GUI_MAX_DELAY = 4.0  # seconds after the app's first save (it goes on saving meanwhile)
TIMEOUT = 300


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return env


def _glutedesk(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def _read(db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    dst = sqlite3.connect(target)
    dst.execute("PRAGMA journal_mode = WAL")
    dst.close()


@dataclass
class Outcome:
    writer: str
    delay: float
    in_place: bool = False
    set_aside: bool = False
    lost: bool = False
    wal_hot: bool = False
    no_file: bool = False
    finished: bool = False
    committed: int = 0
    notes: list[str] = field(default_factory=list)


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)


def _run_writer(writer: str, db: Path, fixtures: dict[str, Path], delay: float, out: Outcome):
    """Start the writer, kill it after ``delay``; return what it reported committed."""
    saved: list[str] = []
    if writer == "gui":
        proc = subprocess.Popen(
            [sys.executable, str(DRIVER), "save", str(db)],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
        reader.start()
        deadline = time.monotonic() + TIMEOUT
        while not any(line.startswith("SAVED") for line in lines) and proc.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.005)
        end = time.monotonic() + delay  # counted from the app's first committed save
        while time.monotonic() < end and proc.poll() is None:
            time.sleep(0.005)
        _kill(proc)
        reader.join(timeout=60)
        saved = [line.split()[1] for line in lines if line.startswith("SAVED ")]
        if not any(line.startswith("SAVED") for line in lines):
            out.notes.append("killed before the app's first save")
        return {"visits": saved}
    if writer == "import":
        args = ["import", fixtures["export"], "--db", db]
    elif writer == "demo":
        args = ["demo", "--db", db, "--clients", "60"]
    else:
        args = ["backup", "--db", db, "--to", db.parent / "backups"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    end = time.monotonic() + delay
    seen = 0
    while time.monotonic() < end and proc.poll() is None:
        time.sleep(0.01)
        if writer == "demo" and db.exists():
            with contextlib.suppress(sqlite3.Error):  # what a reader saw committed
                seen = _read(db, "SELECT count(*) FROM clients")[0][0]
    finished = proc.poll() is not None
    if not finished:
        _kill(proc)
    if finished:
        out.finished = True
    stdout = proc.stdout.read() or ""
    return {"clients_seen": seen, "printed": stdout}


def _restart(db: Path, out: Outcome, inode: int | None) -> dict | None:
    check = _glutedesk("check", "--db", db)
    probe = subprocess.run(
        [sys.executable, str(DRIVER), "probe", str(db)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    lines = probe.stdout.splitlines()
    opened = [json.loads(line[7:]) for line in lines if line.startswith("OPENED ")]
    aside = list(db.parent.glob(f"{db.name}.corrupt-*"))
    problems = []
    if check.returncode != 0:
        problems.append(f"check: {check.stderr.strip() or check.stdout.strip()}")
    problems += [line for line in lines if line.startswith(("DAMAGED", "ERROR"))]
    if not opened:
        problems.append(f"the app did not open it: {lines[-3:]}")
    elif opened[0]["read_only"] or opened[0]["late"]:
        problems.append(f"opened read-only or damaged: {opened[0]}")
    if aside:
        problems.append(f"set aside: {[p.name for p in aside]}")
    if inode is not None and db.exists() and db.stat().st_ino != inode:
        problems.append("the file was replaced")
    out.set_aside = bool(problems)
    out.in_place = not problems
    out.notes += problems
    return opened[0] if opened else None


def one_round(index: int, writer: str, delay: float, seed_db: Path, fixtures, work: Path):
    folder = work / f"round-{index:03d}"
    folder.mkdir()
    db = folder / "clinic.sqlite3"
    out = Outcome(writer, delay)
    if writer != "demo":
        _copy(seed_db, db)
    before = _read(db, "SELECT count(*) FROM clients")[0][0] if db.exists() else 0
    visits_before = _read(db, "SELECT count(*) FROM visits")[0][0] if db.exists() else 0
    report = _run_writer(writer, db, fixtures, delay, out)
    wal = db.with_name(db.name + "-wal")
    out.wal_hot = wal.exists() and wal.stat().st_size > 0
    if not db.exists():
        out.no_file = True
        out.notes.append("killed before the file was created")
        shutil.rmtree(folder, ignore_errors=True)
        return out
    inode = db.stat().st_ino
    opened = _restart(db, out, inode)
    if opened is None:
        shutil.rmtree(folder, ignore_errors=True)
        return out
    if writer == "gui":
        stored = {r[0] for r in _read(db, "SELECT id FROM visits")}
        missing = [v for v in report["visits"] if v not in stored]
        out.committed = len(report["visits"])
        out.lost = bool(missing)
        if missing:
            out.notes.append(f"{len(missing)} saved visit(s) missing")
    elif writer == "import":
        imported = set(fixtures["import_ids"])
        present = {r[0] for r in _read(db, "SELECT id FROM clients")} & imported
        out.committed = len(imported) if "Imported" in report["printed"] else 0
        partial = present and present != imported
        out.lost = bool(partial) or (out.committed and present != imported)
        if out.lost:
            out.notes.append(f"import partly stored: {len(present)} of {len(imported)}")
    elif writer == "demo":
        out.committed = report["clients_seen"]
        out.lost = opened["clients"] < report["clients_seen"]
        if out.lost:
            out.notes.append(f"saw {report['clients_seen']} clients, {opened['clients']} left")
    else:
        after = (opened["clients"], opened["visits"])
        out.lost = after != (before, visits_before)
        if out.lost:
            out.notes.append(f"clinic changed by a backup: {before, visits_before} -> {after}")
    shutil.rmtree(folder, ignore_errors=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="glutedesk-kills-"))
    try:
        seed_db = work / "seed.sqlite3"
        other = work / "other.sqlite3"
        export = work / "other.json"
        for path, seed in ((seed_db, 7), (other, 11)):
            done = _glutedesk("demo", "--db", path, "--seed", seed)
            assert done.returncode == 0, done.stderr
        done = _glutedesk("export", "--db", other, "--out", export)
        assert done.returncode == 0, done.stderr
        fixtures = {
            "export": export,
            "import_ids": [c["id"] for c in json.loads(export.read_text())["clients"]],
        }
        # Each CLI writer is timed once to completion; its kills then land at a random moment
        # between its start and that duration. A writer that was quicker this time is counted
        # as "finished first" (still restarted and checked) and another round replaces it.
        spans = {"gui": GUI_MAX_DELAY}
        for writer in WRITERS[1:]:
            folder = work / f"timing-{writer}"
            folder.mkdir()
            db = folder / "clinic.sqlite3"
            if writer != "demo":
                _copy(seed_db, db)
            out = Outcome(writer, 0.0)
            started = time.monotonic()
            _run_writer(writer, db, fixtures, TIMEOUT, out)
            spans[writer] = time.monotonic() - started
        print("writer durations (s): " + ", ".join(f"{w} {t:.2f}" for w, t in spans.items()))
        rng = random.Random(args.seed)
        started = time.monotonic()
        outcomes: list[Outcome] = []
        index = 0
        # Rounds whose writer finished before its kill do not count as kills: more rounds run
        # (of that writer) until each writer has been killed while running its share of times.
        with ThreadPoolExecutor(args.workers) as pool:
            while True:
                landed = {
                    w: sum(o.writer == w and not o.finished for o in outcomes) for w in WRITERS
                }
                share = -(-args.kills // len(WRITERS))
                jobs = []
                for writer in WRITERS:
                    for _ in range(max(0, share - landed[writer])):
                        jobs.append((index, writer, rng.uniform(0.0, spans[writer])))
                        index += 1
                if not jobs:
                    break
                outcomes += pool.map(lambda job: one_round(*job, seed_db, fixtures, work), jobs)
        _print_table(outcomes, time.monotonic() - started)
        return 0 if all((o.in_place or o.no_file) and not o.lost for o in outcomes) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _print_table(outcomes: list[Outcome], seconds: float) -> None:
    landed = sum(not o.finished for o in outcomes)
    print(
        f"\n{len(outcomes)} rounds, {landed} kills (SIGKILL) of running glutedesk processes, "
        f"in {seconds:.0f} s\n"
    )
    header = (
        "| writer | kills | finished first | no file yet | hot -wal left "
        "| committed before kill | opened in place | set aside | records lost |"
    )
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for writer in (*WRITERS, "all"):
        group = [o for o in outcomes if writer in ("all", o.writer)]
        print(
            f"| {writer} | {sum(not o.finished for o in group)} | "
            f"{sum(o.finished for o in group)} | "
            f"{sum(o.no_file for o in group)} | "
            f"{sum(o.wal_hot for o in group)} | "
            f"{sum(o.committed for o in group)} | {sum(o.in_place for o in group)} | "
            f"{sum(o.set_aside for o in group)} | {sum(bool(o.lost) for o in group)} |"
        )
    notes = [(o.writer, o.delay, n) for o in outcomes for n in o.notes]
    usual = (
        "killed before the app's first save",
        "killed before the file was created",
    )
    for text in usual:
        count = sum(1 for _w, _d, n in notes if n == text)
        print(f"\n{count} writer(s) {text} (still restarted and counted).")
    print("\n'committed before kill': visits the app reported saved (gui), clients a reader saw")
    print("(demo), clients of imports that reported success (import), 0 for backups.")
    for writer, delay, note in notes:
        if note not in usual:
            print(f"- {writer} at {delay:.2f} s: {note}")


if __name__ == "__main__":
    sys.exit(main())
