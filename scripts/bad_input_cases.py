"""The bad inputs ``scripts/bad_inputs.py`` runs through the real ``glutedesk`` command.

Each :class:`Case` builds a file (or names a path) in a scratch folder that holds a copy of a
small clinic (``clinic.sqlite3``) and returns the command's arguments: ``import FILE`` for bad
files and paths, ``export``/``report``/``sar --out PATH`` for bad output targets. The cases are
shared with ``tests/core/test_bad_input_cli.py``, so the table and the tests cover the same inputs.
"""

from __future__ import annotations

import copy
import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BAD = "@@BAD@@"
DB = "clinic.sqlite3"


@dataclass
class Case:
    """One input: how to build it in a folder, the command, what the refusal line must name."""

    name: str
    group: str
    build: Callable[[Path], list[str]]  # returns the command's arguments after "glutedesk"
    names: str | tuple[str, ...] = ""  # the refusal names this field or path (a tuple: all)
    accept: bool = False  # accepted on purpose (the database changes)
    unprivileged: bool = False  # run without root's power to read any file (permission cases)


class Skip(Exception):
    """The case cannot be built here (no tmpfs mount, say); it is reported as skipped."""


# The clinic and the base document ---------------------------------------------------------


def make_clinic(folder: Path) -> tuple[Path, dict, str]:
    """Build a small clinic database and a valid export of other records to import into it.

    Returns the database path (closed, no ``-wal``), the export document and one client id.
    """
    sys.path.insert(0, str(REPO))
    from glutedesk.samples.demo import build_demo_clinic
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import open_database
    from glutedesk.storage.exchange import export_records

    target = folder / "clinic.sqlite3"
    db = open_database(target)
    build_demo_clinic(Clinic(db), n_clients=20, seed=1)
    client_id = db.execute("SELECT id FROM clients ORDER BY id LIMIT 1").fetchone()[0]
    db.close()
    source = open_database(folder / "source.sqlite3")
    build_demo_clinic(Clinic(source), n_clients=20, seed=2)
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
    now, sets = ("visits", 0, "nprs", "now"), ("visits", 0, "exercises", 0, "sets")
    hours, name, note, client_id = (
        ("clients", 0, f) for f in ("sitting_hours_per_day", "first_name", "notes", "id")
    )
    x = ("visits", 0, "test_results", 0, "values", "x")
    note_at = text.index(b'"notes": "') + len(b'"notes": "')

    def at(group: str, label: str, path: tuple, literal: str) -> Case:
        """The document with the raw JSON ``literal`` at ``path``; the line must name it."""
        return Case(label, group, _file("f.json", with_literal(doc, path, literal)), dotted(path))

    def raw(group: str, label: str, content: bytes, names: str = "f.json") -> Case:
        return Case(label, group, _file("f.json", content), names)

    def in_note(data: bytes) -> bytes:
        return text[:note_at] + data + text[note_at:]

    def replaced(old: bytes, new: bytes) -> bytes:
        return text.replace(old, new, 1)

    return [
        at("numbers", "5,000-digit integer (nprs.now)", now, "9" * 5000),
        at("numbers", "2**63 (exercise sets)", sets, str(2**63)),
        at("numbers", "-2**63-1 (exercise sets)", sets, str(-(2**63) - 1)),
        at("numbers", "2**64 (format_version)", ("format_version",), str(2**64)),
        at("numbers", "10**30 in a test result's values", x, "1" + "0" * 30),
        *(at("numbers", f"{v} (sitting hours)", hours, v) for v in ("NaN", "Infinity")),
        at("numbers", "-Infinity (sitting hours)", hours, "-Infinity"),
        at("numbers", "1e999, float overflow (sitting hours)", hours, "1e999"),
        at("numbers", "-1e999 in a test result's values", x, "-1e999"),
        at("numbers", "400-digit float 1000...0.5", hours, "1" + "0" * 400 + ".5"),
        at("numbers", "exponent of 5,000 digits", hours, "1e" + "9" * 5000),
        at("numbers", "NaN in a test result's values", x, "NaN"),
        at("nesting", "600 nested lists in values", x, "[" * 600 + "]" * 600),
        at("nesting", "100,000 nested lists in values", x, "[" * 100_000 + "]" * 100_000),
        at("nesting", "11 levels (one past the limit)", x, "[[[[[1]]]]]"),
        raw("nesting", "whole file 1,000 nested objects", b'{"a":' * 1000 + b"1" + b"}" * 1000,
            "a.a.a.a"),
        raw("nesting", "200,000 unclosed [ (truncated)", b"[" * 200_000, "[0][0][0]"),
        Case("300 MB file (a note that large)", "size",
             _file("f.json", _sparse(text[:note_at], 300_000_000)), "f.json"),
        Case("named pipe (FIFO)", "path", _import(_fifo), "pipe.json"),
        Case("/dev/zero", "path", _special("/dev/zero"), "/dev/zero"),
        Case("/dev/urandom", "path", _special("/dev/urandom"), "/dev/urandom"),
        Case("/dev/null", "path", _special("/dev/null"), "/dev/null"),
        Case("symbolic link to /dev/zero", "path", _import(_link("/dev/zero")), "link.json"),
        Case("a folder", "path", _import(lambda f: f), ""),
        Case("a missing file", "path", _special("/nonexistent/x.json"), "/nonexistent/x.json"),
        Case("a loop of symbolic links", "path", _import(_loop), "a.json"),
        Case("a socket", "path", _import(_socket), "sock.json"),
        Case("no read permission (mode 000)", "path", _import(_unreadable(doc)), "locked.json",
             unprivileged=True),
        raw("text", "empty file", b""),
        raw("text", "invalid UTF-8 (\\xff in a note)", in_note(b"\xff")),
        raw("text", "overlong UTF-8 (\\xc0\\xaf)", in_note(b"\xc0\xaf")),
        raw("text", "UTF-8-encoded surrogate (\\xed\\xa0\\x80)", in_note(b"\xed\xa0\x80")),
        raw("text", "UTF-16 with BOM", text.decode().encode("utf-16")),
        at("text", "lone surrogate \\ud800 in a name", name, '"Ann\\ud800"'),
        at("text", "lone surrogate \\udfff in a note", note, '"\\udfff"'),
        raw("text", "lone surrogate in a field name", replaced(b'"notes":', b'"no\\ud800tes":'),
            "clients[0]"),
        raw("text", "raw NUL byte in a note", in_note(b"\x00")),
        raw("text", "raw NUL byte between fields", replaced(b"{", b"{\x00")),
        at("text", "NUL in a client id (\\u0000)", client_id, '"\\u0000"'),
        raw("text", "the same field twice", replaced(b'"notes":', b'"notes": "x", "notes":'),
            "notes"),
        raw("text", "truncated file", text[: len(text) // 2]),
        raw("text", "a list, not an object", b"[1, 2]", ""),
        raw("text", "trailing garbage", text + b" }"),
        Case("UTF-8 BOM before the JSON (accepted)", "accepted",
             _file("f.json", b"\xef\xbb\xbf" + text), accept=True),
        Case("escaped NUL \\u0000 in a note (accepted, kept)", "accepted",
             _file("f.json", with_literal(doc, note, '"a\\u0000b"')), accept=True),
    ]  # fmt: skip


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
        tries = [("wrong type", f"wrong type: {pattern}", wrong)]
        if type(value) is int:
            tries += [
                ("64 bits", f"{v[:6]}..: {pattern}", v) for v in (str(2**63), str(-(2**63) - 1))
            ]
        if type(value) is float or (type(value) is int and "values" in path):
            tries += [("non-finite", f"{v}: {pattern}", v) for v in ("NaN", "Infinity", "1e999")]
        for group, label, literal in tries:
            cases.append(
                Case(label, group, _file("f.json", with_literal(doc, path, literal)), where)
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
            raise Skip("cannot mount a small tmpfs here")
        return small / "out.json"

    def case(label: str, command: list[str], make: Callable[[Path], Path], names: str) -> Case:
        return Case(label, "output", out(command, make), names)

    export = ["export"]
    report = ["report", "--client", client_id]
    sar = ["sar", "--client", client_id]
    return [
        case("export: symbolic link to a file", export, link_to_file, "out.json"),
        case("export: dangling symbolic link", export, dangling, "out.json"),
        case("export: symbolic link to /dev/null", export, _link("/dev/null", "out.json"),
             "out.json"),
        case("export: a null device", export, device("null"), "null"),
        case("export: a full device", export, device("full"), "full"),
        case("export: named pipe (FIFO)", export, fifo, "out.json"),
        case("export: a folder", export, directory, "out.json"),
        case("export: missing folder", export, lambda f: f / "no" / "out.json", "out.json"),
        case("export: path under a file", export, under_a_file, "out.json"),
        case("export: 64 KB disk fills up", export, full_disk, "full"),
        case("export: the database itself", export, lambda f: f / DB, "it is the database"),
        case("export: the database's -wal", export, lambda f: f / f"{DB}-wal", f"{DB}-wal"),
        case("report: the database itself", report, lambda f: f / DB, "it is the database"),
        case("report: symbolic link to a file", report, link_to_file, "out.json"),
        case("report: a null device", report, device("null"), "null"),
        case("report: named pipe (FIFO)", report, fifo, "out.json"),
        case("report: a folder", report, directory, "out.json"),
        case("sar: a regular file", sar, keep, "keep.json"),
        case("sar: named pipe (FIFO)", sar, fifo, "out.json"),
        case("sar: a null device", sar, device("null"), "null"),
        case("sar: dangling symbolic link", sar, dangling, "out.json"),
    ]  # fmt: skip
