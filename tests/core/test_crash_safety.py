"""Crash safety: a process killed (SIGKILL) mid-save or mid-import never leaves a half record.

Each kill runs a child process that opens a fresh copy of a seeded database with
``open_database`` and saves visits (new ones and re-saves of earlier ones, so both the insert
and the delete-and-insert paths are hit) or imports small export files in a loop, logging what
it intends before each write and ``DONE`` after each commit. The parent kills it after a short
random delay, reopens the file and checks: SQLite's integrity check passes, no foreign key
dangles, the audit chain verifies, every record the child touched is either fully present in
exactly one version it wrote (or the version before) or fully absent, every committed write
survived, and each stored write has exactly its audit event.

To keep 120 kills fast, the children are forked from one "zygote" Python process that has
already imported GluteDesk but never opened a database (so no connection crosses a fork);
each child opens its own connection, exactly as the app does at start-up.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from glutedesk.storage.audit import verify_chain
from glutedesk.storage.clients import save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork() (POSIX)")

ROOT = Path(__file__).resolve().parents[2]
KILLS_PER_BATCH = 30
WORKERS = 2
# Seconds after the child is ready: a save takes a few ms, an import of 3 clients about 20.
MAX_DELAY = {"save": 0.05, "import": 0.15}
CHILD_TABLES = ("pain_marks", "test_results", "exercise_prescriptions", "red_flag_answers")

ZYGOTE = r"""
import datetime as dt, json, os, random, signal, sys
from dataclasses import replace
from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.models import PainMark, SymptomType
from glutedesk.domain.serialize import to_json
from glutedesk.storage.database import open_database
from glutedesk.storage.exchange import import_records, parse_export
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit

REGIONS = ["back.lumbar.L", "back.lumbar.R", "back.glute_med.L", "back.glute_med.R",
           "back.glute_max.L", "back.glute_max.R"]

def visit(rng, vid, cid, version):
    marks = tuple(PainMark(r, SymptomType.ACHE, version % 10, "1")
                  for r in REGIONS[: 1 + (version % len(REGIONS))])
    v = make_visit(ClientId(cid), dt.date(2026, 1, 1) + dt.timedelta(days=version % 200),
                   id=VisitId(vid), pain_marks=marks,
                   complaint=f"v{version} " + "x" * rng.randint(0, 30000))
    return replace(v, exercises=v.exercises[:1]) if version % 2 else v

def shape(v):
    return {"complaint": len(v.complaint), "pain_marks": len(v.pain_marks),
            "test_results": len(v.test_results), "exercise_prescriptions": len(v.exercises),
            "red_flag_answers": len(v.red_flags.answers)}

def log(fd, text):
    os.write(fd, (text + "\n").encode())  # one unbuffered write: it survives SIGKILL

def run(mode, path, seed, fd):
    rng = random.Random(seed)
    db = open_database(path)
    clients = [r[0] for r in db.execute("SELECT id FROM clients ORDER BY id")]
    log(fd, "READY")
    written = []
    for i in range(10**9):
        if mode == "save":
            if written and i % 3 == 2:  # re-save an earlier visit: the delete-and-insert path
                vid, cid = rng.choice(written)
            else:
                vid, cid = f"c{seed}-{i}", rng.choice(clients)
            v = visit(rng, vid, cid, i)
            log(fd, "INTEND " + json.dumps({"visit": vid, "shape": shape(v)}))
            save_visit(db, v)
            if (vid, cid) not in written:
                written.append((vid, cid))
            log(fd, "DONE " + vid)
        else:
            if i == len(DOCS):  # every export imported: stop, never re-import one (refused)
                log(fd, "FINISHED")
                return
            parsed, intent = DOCS[i]
            log(fd, "INTEND " + json.dumps(intent))
            import_records(db, parsed, validate=lambda d: [])
            log(fd, "DONE " + str(i))

def build_doc(i):
    # An export of 3 new clients with 2 visits each, parsed and ready to import.
    rng = random.Random(i)
    people = [make_client(first_name=f"Imp{i}x{k}", id=f"i{i}-{k}") for k in range(3)]
    visits = [visit(rng, f"i{i}-{k}-{n}", c.id, i + n)
              for k, c in enumerate(people) for n in range(2)]
    doc = {"format": "glutedesk-export", "format_version": 1, "app_version": "x",
           "exported_at": "2026-03-01T10:00:00+00:00",
           "clients": [to_json(c) for c in people], "visits": [to_json(v) for v in visits]}
    intent = {"clients": [c.id for c in people], "visits": {v.id: shape(v) for v in visits}}
    return parse_export(json.loads(json.dumps(doc))), intent

# Built once, before any fork, so a child spends its time writing, not preparing.
DOCS = [build_doc(i) for i in range(100)]

signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed children are reaped automatically
print("ZYGOTE", flush=True)
for line in sys.stdin:
    mode, path, seed = line.split()
    pid = os.fork()
    if pid == 0:
        fd = os.open(path + ".log", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            run(mode, path, int(seed), fd)
        except BaseException as exc:
            log(fd, f"ERROR {exc!r}")
        finally:
            os._exit(1)
    print(pid, flush=True)
"""


class Zygote:
    """One pre-imported Python process that forks a fresh child per kill."""

    def __init__(self, script: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(script)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lock = threading.Lock()
        assert self.proc.stdout.readline().strip() == "ZYGOTE"

    def spawn(self, mode: str, db_path: Path, seed: int) -> int:
        with self.lock:
            self.proc.stdin.write(f"{mode} {db_path} {seed}\n")
            self.proc.stdin.flush()
            return int(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@dataclass
class Tally:
    kills: int = 0
    mid_write: int = 0
    committed: int = 0
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("crash") / "seed.sqlite3"
    db = open_database(path)
    for i in range(4):
        client, _ = save_client(db, make_client(first_name=f"Seed{i}"))
        save_visit(db, make_visit(client.id))
    db.close()
    script = path.with_name("zygote.py")
    script.write_text(ZYGOTE, encoding="utf-8")
    zygote = Zygote(script)
    yield path, zygote
    zygote.close()


def _fresh_copy(seed: Path, target: Path) -> None:
    source = sqlite3.connect(f"{seed.as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        source.close()
        dest.close()


def _run_and_kill(zygote: Zygote, db_path: Path, mode: str, seed: int, delay: float) -> list[str]:
    log = db_path.with_name(db_path.name + ".log")
    pid = zygote.spawn(mode, db_path, seed)
    deadline = time.monotonic() + 300
    # Wait for the child's own word that a first write committed ("DONE"), however slow the
    # machine: every kill then has committed work to lose, and the check below is that none
    # of it was lost.
    while "\nDONE " not in (text := log.read_text() if log.exists() else ""):
        assert not text.startswith("ERROR") and "\nERROR" not in text, text
        assert time.monotonic() < deadline, "the child never committed a write"
        time.sleep(0.001)
    time.sleep(delay)
    # A child may finish all its writes during the delay and be reaped already: there is then
    # nothing to kill, and its records are checked as whole just the same.
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    while True:  # wait until it is really gone (the zygote reaps it) before reopening
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.001)
    lines = log.read_text().splitlines()
    errors = [line for line in lines if line.startswith("ERROR")]
    assert errors == []  # it was still working when killed: no error of its own
    return lines


def _visit_state(conn: sqlite3.Connection, vid: str) -> dict | None:
    row = conn.execute("SELECT length(complaint) FROM visits WHERE id = ?", [vid]).fetchone()
    counts = {
        t: conn.execute(f"SELECT count(*) FROM {t} WHERE visit_id = ?", [vid]).fetchone()[0]
        for t in CHILD_TABLES
    }
    if row is None:
        return None if not any(counts.values()) else {"orphans": counts}
    return {"complaint": row[0], **counts}


def _check_saves(conn, lines: list[str], problems: list[str]) -> tuple[bool, int]:
    versions: dict[str, list[dict]] = {}  # visit id -> shapes written, in order
    done: set[int] = set()  # indexes of intents that committed
    intents: list[tuple[str, dict]] = []
    for line in lines:
        if line.startswith("INTEND "):
            data = json.loads(line[7:])
            intents.append((data["visit"], data["shape"]))
        elif line.startswith("DONE "):
            done.add(len(intents) - 1)
    mid_write = bool(intents) and (len(intents) - 1) not in done
    for index, (vid, shape) in enumerate(intents):
        versions.setdefault(vid, []).append((index, shape))
    for vid, history in versions.items():
        state = _visit_state(conn, vid)
        committed = [shape for index, shape in history if index in done]
        allowed = ([committed[-1]] if committed else [None]) + [
            shape for index, shape in history if index not in done
        ]
        if state not in allowed:
            problems.append(f"visit {vid}: stored {state}, expected one of {allowed}")
        events = conn.execute(
            "SELECT action FROM audit_log WHERE visit_id = ? ORDER BY id", [vid]
        ).fetchall()
        if state is None and events:
            problems.append(f"visit {vid}: absent but audited {events}")
        if state is not None:
            stored_writes = len(committed) + (1 if state != (committed or [None])[-1] else 0)
            if len(events) != stored_writes:
                problems.append(
                    f"visit {vid}: {stored_writes} write(s) kept, {len(events)} audited"
                )
    return mid_write, len(done)


def _check_imports(conn, lines: list[str], problems: list[str]) -> tuple[bool, int]:
    intents, done = [], 0
    for line in lines:
        if line.startswith("INTEND "):
            intents.append(json.loads(line[7:]))
        elif line.startswith("DONE "):
            done += 1
    for index, intent in enumerate(intents):
        present = [
            conn.execute("SELECT 1 FROM clients WHERE id = ?", [cid]).fetchone() is not None
            for cid in intent["clients"]
        ]
        states = {vid: _visit_state(conn, vid) for vid in intent["visits"]}
        audited = conn.execute(
            f"SELECT count(*) FROM audit_log WHERE action = 'import' AND client_id IN "
            f"({', '.join('?' for _ in intent['clients'])})",
            intent["clients"],
        ).fetchone()[0]
        whole = (
            all(present)
            and all(states[v] == s for v, s in intent["visits"].items())
            and audited == len(present)
        )
        none = not any(present) and all(s is None for s in states.values()) and audited == 0
        if not (whole or none):
            problems.append(f"import {index}: partly stored {present} {states} audit {audited}")
        if index < done and not whole:
            problems.append(f"import {index}: committed but missing")
    return len(intents) > done, done


def _one_kill(seed_db, workdir: Path, mode: str, seed: int, delay: float) -> Tally:
    seed_path, zygote = seed_db
    db_path = workdir / f"kill-{seed}.sqlite3"
    _fresh_copy(seed_path, db_path)
    lines = _run_and_kill(zygote, db_path, mode, seed, delay)
    tally = Tally(kills=1)
    db = open_database(db_path, create=False)  # recovers the hot WAL as the app would
    try:
        conn = db.conn
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            tally.problems.append(f"integrity: {integrity[:3]}")
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fks:
            tally.problems.append(f"foreign keys: {fks[:3]}")
        tally.problems.extend(verify_chain(db))
        check = _check_saves if mode == "save" else _check_imports
        mid_write, committed = check(conn, lines, tally.problems)
        tally.mid_write = int(mid_write)
        tally.committed = committed
    finally:
        db.close()
    for suffix in ("", "-wal", "-shm", ".log"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    tally.problems = [f"seed {seed} ({mode}, {delay * 1000:.0f} ms): {p}" for p in tally.problems]
    return tally


@pytest.mark.parametrize("mode, batch", [("save", 1), ("save", 2), ("save", 3), ("import", 4)])
def test_killed_mid_write_leaves_whole_records(seed_db, tmp_path, mode, batch):
    rng = random.Random(batch)
    jobs = [(batch * 1000 + k, rng.uniform(0, MAX_DELAY[mode])) for k in range(KILLS_PER_BATCH)]
    with ThreadPoolExecutor(WORKERS) as pool:
        tallies = list(pool.map(lambda job: _one_kill(seed_db, tmp_path, mode, *job), jobs))
    problems = [p for t in tallies for p in t.problems]
    assert problems == []
    kills = sum(t.kills for t in tallies)
    mid_write = sum(t.mid_write for t in tallies)
    committed = sum(t.committed for t in tallies)
    assert kills == KILLS_PER_BATCH
    # The kills really landed while writing, and every kill came after committed work (which
    # survived: checked above). A count of writes per kill would measure the machine's speed.
    assert mid_write >= KILLS_PER_BATCH // 2, mid_write
    assert all(t.committed >= 1 for t in tallies), [t.committed for t in tallies]
    print(f"{mode}: {kills} kills, {mid_write} mid-write, {committed} writes committed")
