"""Run every bad input through the real ``glutedesk`` command and print what happened.

.venv/bin/python scripts/bad_inputs.py [--quick] [--jobs N]

Each case builds a file (or names a path) in a fresh scratch folder holding a copy of a small
clinic, runs ``python -m glutedesk import FILE --db DB`` (or ``export``/``report``/``sar`` with
``--out PATH``) with a timeout, and prints one row: the input, the exit status, the line on
stderr, and whether the database and the folder are unchanged. A case counts as *refused with one
line* when the exit status is 1, stderr is exactly one line starting ``glutedesk:`` that names
the field or path, with no traceback and no "unexpected error", the database's rows and bytes are
as before, and no file was added, changed or left behind. ``--quick`` leaves out the per-field
cases (one wrong type per field, huge numbers in every number field). A few inputs are accepted
on purpose (a UTF-8 byte-order mark, an escaped NUL in a note); they are listed apart.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import re
import resource
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # seconds; a hang (a pipe read forever) shows as a failed case, not a stuck run
MEMORY_LIMIT = 4 << 30  # bytes of address space for each command
BAD = "@@BAD@@"
# Root reads any file whatever its mode; without these capabilities it obeys the mode like anyone.
NO_OVERRIDE = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


@dataclass
class Case:
    """One input: how to build it in a folder, the command, what the refusal line must name."""

    name: str
    group: str
    build: Callable[[Path], list[str]]  # returns the command's arguments after "glutedesk"
    names: str | tuple[str, ...] = ""  # the refusal names this field or path (a tuple: all)
    accept: bool = False  # accepted on purpose (the database changes)
    unprivileged: bool = False  # run without root's power to read any file (permission cases)


@dataclass
class Result:
    """What one run of the real command did."""

    case: Case
    code: int | str
    lines: list[str]
    db_unchanged: bool
    folder_unchanged: bool
    named: bool
    skipped: str = ""
    extra: list[str] = field(default_factory=list)

    @property
    def refused_with_one_line(self) -> bool:
        return (
            self.code == 1
            and len(self.lines) == 1
            and self.lines[0].startswith("glutedesk: ")
            and "unexpected error" not in self.lines[0]
            and "Traceback" not in self.lines[0]
            and self.named
            and self.db_unchanged
            and self.folder_unchanged
        )

    @property
    def ok(self) -> bool:
        if self.skipped:
            return True
        if self.case.accept:
            return self.code == 0 and self.folder_unchanged
        return self.refused_with_one_line


# The clinic and the base document ---------------------------------------------------------


def make_clinic(folder: Path) -> tuple[Path, dict, str]:
    """Build a small clinic database and a valid export of other records to import into it.

    Returns the database path (closed, no ``-wal``), the export document and one client id.
    """
    sys.path.insert(0, str(REPO))
    from glutedesk.demo import build_demo_clinic
    from glutedesk.storage.database import open_database
    from glutedesk.storage.exchange import export_records

    target = folder / "clinic.sqlite3"
    db = open_database(target)
    build_demo_clinic(db, n_clients=20, seed=1)
    client_id = db.execute("SELECT id FROM clients ORDER BY id LIMIT 1").fetchone()[0]
    db.close()
    source = open_database(folder / "source.sqlite3")
    build_demo_clinic(source, n_clients=20, seed=2)
    rows = source.execute(
        "SELECT client_id FROM visits GROUP BY client_id ORDER BY count(*) DESC LIMIT 1"
    )
    busiest = rows.fetchone()[0]
    doc = json.loads(json.dumps(export_records(source, busiest)))
    source.close()
    return target, doc, client_id


def _paths(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def field_paths(doc: dict) -> dict[str, tuple]:
    """One concrete path per distinct record field (indices stripped), in document order."""
    found: dict[str, tuple] = {}
    for path, _value in _paths(doc):
        if not path or path[0] not in ("clients", "visits"):
            continue
        pattern = ".".join("[]" if isinstance(p, int) else p for p in path)
        found.setdefault(pattern, path)
    return found


def dotted(path: tuple) -> str:
    """The path as the refusal names it: ``visits[0].nprs.now``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _set(doc, path, value):
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def with_literal(doc: dict, path: tuple, literal: str) -> bytes:
    """The document as JSON text with ``literal`` (raw JSON text) at ``path``."""
    changed = copy.deepcopy(doc)
    _set(changed, path, BAD)
    text = json.dumps(changed, ensure_ascii=False, indent=1)
    return text.replace(f'"{BAD}"', literal, 1).encode()


# The cases ---------------------------------------------------------------------------------


def _file(name: str, content: bytes | Callable[[Path], None]) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        path = folder / name
        if callable(content):
            content(path)
        else:
            path.write_bytes(content)
        return ["import", str(path), "--db", str(folder / "clinic.sqlite3")]

    return build


def _special(path: str) -> Callable[[Path], list[str]]:
    return lambda folder: ["import", path, "--db", str(folder / "clinic.sqlite3")]


def _import(folder_fn: Callable[[Path], Path]) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        return ["import", str(folder_fn(folder)), "--db", str(folder / "clinic.sqlite3")]

    return build


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.json")
    return folder / "pipe.json"


def _socket(folder: Path) -> Path:
    path = folder / "sock.json"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()
    return path


def _link(target: str, name: str = "link.json") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).symlink_to(target)
        return folder / name

    return make


def _loop(folder: Path) -> Path:
    (folder / "a.json").symlink_to(folder / "b.json")
    (folder / "b.json").symlink_to(folder / "a.json")
    return folder / "a.json"


def _sparse(prefix: bytes, size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.write(prefix)
            handle.truncate(size)

    return make


def _unreadable(doc: dict) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "locked.json"
        path.write_bytes(json.dumps(doc).encode())
        path.chmod(0)
        return path

    return make


def input_cases(doc: dict) -> list[Case]:
    """Bad import files and paths, one of each kind."""
    text = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    now = ("visits", 0, "nprs", "now")
    sets = ("visits", 0, "exercises", 0, "sets")
    hours = ("clients", 0, "sitting_hours_per_day")
    values = ("visits", 0, "test_results", 0, "values")
    name = ("clients", 0, "first_name")
    note = ("clients", 0, "notes")
    deep_values = copy.deepcopy(doc)
    _set(deep_values, values, {"x": BAD})
    deep = json.dumps(deep_values)
    prefix = text[: text.index(b'"notes": "') + 10]
    cases = [
        Case(
            "5,000-digit integer (nprs.now)",
            "numbers",
            _file("f.json", with_literal(doc, now, "9" * 5000)),
            "nprs.now",
        ),
        Case(
            "2**63 (exercise sets)",
            "numbers",
            _file("f.json", with_literal(doc, sets, str(2**63))),
            "sets",
        ),
        Case(
            "-2**63-1 (exercise sets)",
            "numbers",
            _file("f.json", with_literal(doc, sets, str(-(2**63) - 1))),
            "sets",
        ),
        Case(
            "2**64 (format_version)",
            "numbers",
            _file("f.json", with_literal(doc, ("format_version",), str(2**64))),
            "format_version",
        ),
        Case(
            "10**30 in a test result's values",
            "numbers",
            _file("f.json", with_literal(doc, (*values, "x"), "1" + "0" * 30)),
            "values.x",
        ),
        Case(
            "NaN (sitting hours)",
            "numbers",
            _file("f.json", with_literal(doc, hours, "NaN")),
            "sitting_hours_per_day",
        ),
        Case(
            "Infinity (sitting hours)",
            "numbers",
            _file("f.json", with_literal(doc, hours, "Infinity")),
            "sitting_hours_per_day",
        ),
        Case(
            "-Infinity (sitting hours)",
            "numbers",
            _file("f.json", with_literal(doc, hours, "-Infinity")),
            "sitting_hours_per_day",
        ),
        Case(
            "1e999, float overflow (sitting hours)",
            "numbers",
            _file("f.json", with_literal(doc, hours, "1e999")),
            "sitting_hours_per_day",
        ),
        Case(
            "-1e999 in a test result's values",
            "numbers",
            _file("f.json", with_literal(doc, (*values, "x"), "-1e999")),
            "values.x",
        ),
        Case(
            "400-digit float 1000...0.5",
            "numbers",
            _file("f.json", with_literal(doc, hours, "1" + "0" * 400 + ".5")),
            "sitting_hours_per_day",
        ),
        Case(
            "exponent of 5,000 digits",
            "numbers",
            _file("f.json", with_literal(doc, hours, "1e" + "9" * 5000)),
            "sitting_hours_per_day",
        ),
        Case(
            "NaN in a test result's values",
            "numbers",
            _file("f.json", with_literal(doc, (*values, "x"), "NaN")),
            "values.x",
        ),
        Case(
            "600 nested lists in values",
            "nesting",
            _file("f.json", deep.replace(f'"{BAD}"', "[" * 600 + "]" * 600).encode()),
            "values.x",
        ),
        Case(
            "100,000 nested lists in values",
            "nesting",
            _file("f.json", deep.replace(f'"{BAD}"', "[" * 100_000 + "]" * 100_000).encode()),
            "values.x",
        ),
        Case(
            "11 levels (one past the limit)",
            "nesting",
            _file("f.json", deep.replace(f'"{BAD}"', "[[[[[1]]]]]").encode()),
            "values.x",
        ),
        Case(
            "whole file 1,000 nested objects",
            "nesting",
            _file("f.json", ('{"a":' * 1000 + "1" + "}" * 1000).encode()),
            "a.a.a.a",
        ),
        Case(
            "200,000 unclosed [ (truncated)",
            "nesting",
            _file("f.json", b"[" * 200_000),
            "[0][0][0]",
        ),
        Case(
            "300 MB file (a note that large)",
            "size",
            _file("f.json", _sparse(prefix, 300_000_000)),
            "f.json",
        ),
        Case("named pipe (FIFO)", "path", _import(_fifo), "pipe.json"),
        Case("/dev/zero", "path", _special("/dev/zero"), "/dev/zero"),
        Case("/dev/urandom", "path", _special("/dev/urandom"), "/dev/urandom"),
        Case("/dev/null", "path", _special("/dev/null"), "/dev/null"),
        Case("symbolic link to /dev/zero", "path", _import(_link("/dev/zero")), "link.json"),
        Case("a folder", "path", _import(lambda f: f), ""),
        Case(
            "a missing file",
            "path",
            _special("/nonexistent/export.json"),
            "/nonexistent/export.json",
        ),
        Case("a loop of symbolic links", "path", _import(_loop), "a.json"),
        Case("a socket", "path", _import(_socket), "sock.json"),
        Case(
            "no read permission (mode 000)",
            "path",
            _import(_unreadable(doc)),
            "locked.json",
            unprivileged=True,
        ),
        Case("empty file", "text", _file("f.json", b""), "f.json"),
        Case(
            "invalid UTF-8 (\\xff in a name)",
            "text",
            _file("f.json", with_literal(doc, name, '"Ann\xff"').replace("\xff".encode(), b"\xff")),
            "f.json",
        ),
        Case(
            "overlong UTF-8 (\\xc0\\xaf)",
            "text",
            _file("f.json", text.replace(b'"notes": "', b'"notes": "\xc0\xaf', 1)),
            "f.json",
        ),
        Case(
            "UTF-8-encoded surrogate (\\xed\\xa0\\x80)",
            "text",
            _file("f.json", text.replace(b'"notes": "', b'"notes": "\xed\xa0\x80', 1)),
            "f.json",
        ),
        Case("UTF-16 with BOM", "text", _file("f.json", text.decode().encode("utf-16")), "f.json"),
        Case(
            "lone surrogate \\ud800 in a name",
            "text",
            _file("f.json", with_literal(doc, name, '"Ann\\ud800"')),
            "first_name",
        ),
        Case(
            "lone surrogate \\udfff in a note",
            "text",
            _file("f.json", with_literal(doc, note, '"\\udfff"')),
            "notes",
        ),
        Case(
            "lone surrogate in a field name",
            "text",
            _file("f.json", text.replace(b'"notes":', b'"no\\ud800tes":', 1)),
            "clients[0]",
        ),
        Case(
            "raw NUL byte in a note",
            "text",
            _file("f.json", text.replace(b'"notes": "', b'"notes": "\x00', 1)),
            "f.json",
        ),
        Case(
            "raw NUL byte between fields",
            "text",
            _file("f.json", text.replace(b"{", b"{\x00", 1)),
            "f.json",
        ),
        Case(
            "NUL in a client id (\\u0000)",
            "text",
            _file("f.json", with_literal(doc, ("clients", 0, "id"), '"\\u0000"')),
            "clients[0].id",
        ),
        Case(
            "the same field twice",
            "text",
            _file("f.json", text.replace(b'"notes":', b'"notes": "x", "notes":', 1)),
            "notes",
        ),
        Case("truncated file", "text", _file("f.json", text[: len(text) // 2]), "f.json"),
        Case("a list, not an object", "text", _file("f.json", b"[1, 2]"), ""),
        Case("trailing garbage", "text", _file("f.json", text + b" }"), "f.json"),
        Case(
            "UTF-8 BOM before the JSON (accepted)",
            "accepted",
            _file("f.json", b"\xef\xbb\xbf" + text),
            accept=True,
        ),
        Case(
            "escaped NUL \\u0000 in a note (accepted, kept)",
            "accepted",
            _file("f.json", with_literal(doc, note, '"a\\u0000b"')),
            accept=True,
        ),
    ]
    return cases


def field_cases(doc: dict) -> list[Case]:
    """A wrong type in every field; values past 64 bits and non-finite in every number field."""
    cases = []
    for pattern, path in field_paths(doc).items():
        value = copy.deepcopy(doc)
        for key in path:
            value = value[key]
        wrong = {
            str: "12345",
            bool: '"yes"',
            int: '"12"',
            float: '"1.5"',
            list: '{"a": 1}',
            dict: "[1]",
            type(None): "[1, 2]",
        }[type(value)]
        # The record and the field's own name: the catalogue check names a test result's value
        # as "visits[0] (date), test_results[2]: Test name: field 'grade'".
        where = (dotted(path[:2]), next(p for p in reversed(path) if isinstance(p, str)))
        cases.append(
            Case(
                f"wrong type: {pattern}",
                "wrong type",
                _file("f.json", with_literal(doc, path, wrong)),
                where,
            )
        )
        if type(value) is int:
            for literal in (str(2**63), str(-(2**63) - 1)):
                cases.append(
                    Case(
                        f"{literal[:6]}..: {pattern}",
                        "64 bits",
                        _file("f.json", with_literal(doc, path, literal)),
                        where,
                    )
                )
        if type(value) is float or (type(value) is int and "values" in path):
            for literal in ("NaN", "Infinity", "1e999"):
                cases.append(
                    Case(
                        f"{literal}: {pattern}",
                        "non-finite",
                        _file("f.json", with_literal(doc, path, literal)),
                        where,
                    )
                )
    return cases


_DEVICES = {"null": (1, 3), "full": (1, 7), "zero": (1, 5)}


def device(name: str) -> Callable[[Path], Path]:
    """A character device to give as ``--out``: a new node in the case's folder when root.

    Never the system's own ``/dev/null`` as root: a command that replaced its target (the bug
    these cases catch) would replace the machine's /dev/null with a file. Without root the
    system's node is used, which a command cannot replace.
    """

    def make(folder: Path) -> Path:
        if os.geteuid() != 0:
            return Path("/dev") / name
        path = folder / name
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(*_DEVICES[name]))
        return path

    return make


def output_cases(client_id: str) -> list[Case]:
    """Bad ``--out`` targets for export, report and sar."""

    def out(command: list[str], make: Callable[[Path], Path]) -> Callable[[Path], list[str]]:
        def build(folder: Path) -> list[str]:
            target = make(folder)
            return [*command, "--db", str(folder / "clinic.sqlite3"), "--out", str(target)]

        return build

    def keep(folder: Path) -> Path:
        (folder / "keep.json").write_text("keep me\n")
        return folder / "keep.json"

    def link_to_file(folder: Path) -> Path:
        keep(folder)
        (folder / "out.json").symlink_to(folder / "keep.json")
        return folder / "out.json"

    def dangling(folder: Path) -> Path:
        (folder / "out.json").symlink_to(folder / "nowhere.json")
        return folder / "out.json"

    def fifo(folder: Path) -> Path:
        os.mkfifo(folder / "out.json")
        return folder / "out.json"

    def directory(folder: Path) -> Path:
        (folder / "out.json").mkdir()
        return folder / "out.json"

    def under_a_file(folder: Path) -> Path:
        return keep(folder) / "out.json"

    def full_disk(folder: Path) -> Path:
        small = folder / "small"
        small.mkdir()
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small)], capture_output=True
        )
        if mounted.returncode != 0:
            raise _Skip("cannot mount a small tmpfs here")
        return small / "out.json"

    report = ["report", "--client", client_id]
    sar = ["sar", "--client", client_id]
    return [
        Case(
            "export: symbolic link to a file", "output", out(["export"], link_to_file), "out.json"
        ),
        Case("export: dangling symbolic link", "output", out(["export"], dangling), "out.json"),
        Case(
            "export: symbolic link to /dev/null",
            "output",
            out(["export"], _link("/dev/null", "out.json")),
            "out.json",
        ),
        Case("export: a null device", "output", out(["export"], device("null")), "null"),
        Case("export: a full device", "output", out(["export"], device("full")), "full"),
        Case("export: named pipe (FIFO)", "output", out(["export"], fifo), "out.json"),
        Case("export: a folder", "output", out(["export"], directory), "out.json"),
        Case(
            "export: missing folder",
            "output",
            out(["export"], lambda f: f / "no" / "out.json"),
            "out.json",
        ),
        Case("export: path under a file", "output", out(["export"], under_a_file), "out.json"),
        Case("export: 64 KB disk fills up", "output", out(["export"], full_disk), "full"),
        Case(
            "export: the database itself",
            "output",
            out(["export"], lambda f: f / "clinic.sqlite3"),
            "it is the database",
        ),
        Case(
            "export: the database's -wal",
            "output",
            out(["export"], lambda f: f / "clinic.sqlite3-wal"),
            "clinic.sqlite3-wal",
        ),
        Case(
            "report: the database itself",
            "output",
            out(report, lambda f: f / "clinic.sqlite3"),
            "it is the database",
        ),
        Case("report: symbolic link to a file", "output", out(report, link_to_file), "out.json"),
        Case("report: a null device", "output", out(report, device("null")), "null"),
        Case("report: named pipe (FIFO)", "output", out(report, fifo), "out.json"),
        Case("report: a folder", "output", out(report, directory), "out.json"),
        Case("sar: a regular file", "output", out(sar, keep), "keep.json"),
        Case("sar: named pipe (FIFO)", "output", out(sar, fifo), "out.json"),
        Case("sar: a null device", "output", out(sar, device("null")), "null"),
        Case("sar: dangling symbolic link", "output", out(sar, dangling), "out.json"),
    ]


class _Skip(Exception):
    pass


# Running -----------------------------------------------------------------------------------


def db_state(path: Path) -> str:
    """A checksum of every table's rows and of the file's bytes."""
    if not path.is_file():
        return "missing"
    digest = hashlib.sha256(path.read_bytes())
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)  # leaves no -wal
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(tables):
            rows = sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{table}"'))
            digest.update(f"{table}:{len(rows)}:{rows}".encode("utf-8", "surrogatepass"))
    except sqlite3.DatabaseError as exc:  # replaced by something else: that is a change too
        digest.update(f"not a database: {exc}".encode())
    finally:
        conn.close()
    return digest.hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (not following links): its kind and content or target."""
    state = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            if path.is_symlink():
                state[str(path)] = f"link->{os.readlink(path)}"
            elif path.is_file():
                state[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                state[str(path)] = "dir" if path.is_dir() else "special"
    return state


def limit_memory() -> None:
    """Cap the command's memory, so a regression reading /dev/zero fails instead of hogging."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_case(case: Case, clinic: Path, scratch: Path) -> Result:
    """Build ``case`` in a fresh folder holding a copy of ``clinic`` and run the real command."""
    folder = Path(tempfile.mkdtemp(dir=scratch))
    db = folder / "clinic.sqlite3"
    shutil.copyfile(clinic, db)
    mounted = None
    try:
        try:
            args = case.build(folder)
        except _Skip as exc:
            return Result(case, "-", [], True, True, True, skipped=str(exc))
        if (folder / "small").is_dir():
            mounted = folder / "small"
        prefix: list[str] = []
        if case.unprivileged and os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                return Result(case, "-", [], True, True, True, skipped="root without setpriv")
            prefix = NO_OVERRIDE
        db_before = db_state(db)
        files_before = folder_state(folder)
        command = [*prefix, sys.executable, "-m", "glutedesk", *args]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        try:
            done = subprocess.run(
                command,
                preexec_fn=limit_memory,
                capture_output=True,
                text=True,
                errors="backslashreplace",
                timeout=TIMEOUT,
                cwd=REPO,
                env=env,
            )
        except subprocess.TimeoutExpired:
            return Result(case, "TIMEOUT", ["(hung: killed)"], False, False, False)
        lines = done.stderr.splitlines()
        if case.accept:
            files_before = {k: v for k, v in files_before.items() if k != str(db)}
            files_after = {k: v for k, v in folder_state(folder).items() if k != str(db)}
            for suffix in ("-wal", "-shm"):
                files_after.pop(str(db) + suffix, None)
            return Result(case, done.returncode, lines, False, files_after == files_before, True)
        parts = (case.names,) if isinstance(case.names, str) else case.names
        named = any(all(part in line for part in parts) for line in lines)
        return Result(
            case,
            done.returncode,
            lines,
            db_state(db) == db_before,
            folder_state(folder) == files_before,
            named,
        )
    finally:
        if mounted is not None:
            subprocess.run(["umount", str(mounted)], capture_output=True)
        for path in folder.rglob("*"):
            if not path.is_symlink() and path.exists():
                path.chmod(0o700)
        shutil.rmtree(folder, ignore_errors=True)


def _cell(text: str, width: int) -> str:
    text = re.sub(r"/tmp/\S*?/(tmp\w+)/", "…/", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out the per-field cases")
    parser.add_argument("--jobs", type=int, default=2, help="commands run at once (default 2)")
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="glutedesk-bad-inputs-"))
    try:
        clinic, doc, client_id = make_clinic(scratch)
        cases = input_cases(doc)
        if not options.quick:
            cases += field_cases(doc)
        cases += output_cases(client_id)
        with ThreadPoolExecutor(max_workers=options.jobs) as pool:
            results = list(pool.map(lambda c: run_case(c, clinic, scratch), cases))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{'input':<44} {'exit':>4}  {'db same':<7} {'one line on stderr'}")
    for r in results:
        line = " | ".join(r.lines) if r.lines else "(none)"
        if r.skipped:
            line = f"skipped: {r.skipped}"
        same = "yes" if r.db_unchanged else "NO"
        same = "-" if r.skipped else ("n/a" if r.case.accept else same)
        mark = "" if r.ok else "  <-- FAIL"
        print(f"{_cell(r.case.name, 44):<44} {r.code!s:>4}  {same:<7} {_cell(line, 150)}{mark}")
    bad = [r for r in results if not r.case.accept and not r.skipped]
    accepted = [r for r in results if r.case.accept]
    skipped = [r for r in results if r.skipped]
    refused = sum(r.refused_with_one_line for r in bad)
    print()
    for group in dict.fromkeys(r.case.group for r in bad):
        members = [r for r in bad if r.case.group == group]
        ok = sum(r.refused_with_one_line for r in members)
        print(f"  {group:<11} {ok:>4} / {len(members):<4} refused with one line")
    print(
        f"bad inputs tried: {len(bad)}; refused with one line, exit 1, database unchanged, "
        f"nothing written: {refused}; skipped: {len(skipped)}; accepted on purpose: "
        f"{sum(r.ok for r in accepted)} / {len(accepted)} imported"
    )
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
