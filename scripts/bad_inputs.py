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
import hashlib
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bad_input_cases import (
    REPO,
    Case,
    Skip,
    field_cases,
    input_cases,
    make_clinic,
    output_cases,
)

TIMEOUT = 120  # seconds; a hang (a pipe read forever) shows as a failed case, not a stuck run
MEMORY_LIMIT = 4 << 30  # bytes of address space for each command
# Root reads any file whatever its mode; without these capabilities it obeys the mode like anyone.
NO_OVERRIDE = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


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
        except Skip as exc:
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
            for suffix in ("-wal", "-shm", ".audit-head"):  # the clinic's own files
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
