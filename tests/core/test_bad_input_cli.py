"""Bad input through the real ``glutedesk`` process: one line, exit status 1, nothing changed.

Each case runs ``[sys.executable, "-m", "glutedesk", ...]`` with a timeout (a named pipe that
blocks fails the test instead of hanging it) on a copy of a real clinic, and checks: exit status
1, exactly one stderr line starting ``glutedesk:`` that names the field or path, no traceback, no
"unexpected error", the database's rows and bytes unchanged, and no file added or changed (no
partial export). The sweep runs every input and output case of ``scripts/bad_inputs.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.bad_input_cases import device, input_cases, make_clinic, output_cases, with_literal
from scripts.bad_inputs import NO_OVERRIDE, db_state, folder_state, limit_memory, run_case

TIMEOUT = 120


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    """A real clinic database (closed), an export of other records, and one client id."""
    return make_clinic(tmp_path_factory.mktemp("clinic"))


@pytest.fixture
def folder(clinic, tmp_path):
    shutil.copyfile(clinic[0], tmp_path / "clinic.sqlite3")
    return tmp_path


def _run(folder: Path, *args: str, prefix: tuple[str, ...] = ()):
    """Run the real command and return (exit status, stderr lines), checking nothing changed."""
    db = folder / "clinic.sqlite3"
    db_before, files_before = db_state(db), folder_state(folder)
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "glutedesk", *args],
        preexec_fn=limit_memory,  # a regression reading /dev/zero fails instead of hogging
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=TIMEOUT,
    )
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1, proc.stderr
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("glutedesk: ")
    assert "Traceback" not in proc.stderr and "unexpected error" not in proc.stderr
    assert proc.stdout == ""
    assert db_state(db) == db_before, "the database changed"
    assert folder_state(folder) == files_before, "a file was written or changed"
    return lines[0]


def _import(folder: Path, file: Path | str, **kwargs) -> str:
    return _run(folder, "import", str(file), "--db", str(folder / "clinic.sqlite3"), **kwargs)


def _with(clinic, path, literal) -> bytes:
    return with_literal(clinic[1], path, literal)


# The cases the issue names -------------------------------------------------------------------


def test_a_5000_digit_integer(clinic, folder):
    (folder / "f.json").write_bytes(_with(clinic, ("visits", 0, "nprs", "now"), "9" * 5000))
    line = _import(folder, folder / "f.json")
    assert "visits[0].nprs.now: a number with 5,000 digits is beyond" in line


def test_a_value_beyond_64_bits(clinic, folder):
    (folder / "f.json").write_bytes(_with(clinic, ("visits", 0, "exercises", 0, "sets"), "9" * 20))
    assert "visits[0].exercises[0].sets: 99999999999999999999 is beyond" in _import(
        folder, folder / "f.json"
    )


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers(clinic, folder, literal):
    path = ("clients", 0, "sitting_hours_per_day")
    (folder / "f.json").write_bytes(_with(clinic, path, literal))
    assert f"clients[0].sitting_hours_per_day: {literal} is" in _import(folder, folder / "f.json")


def test_json_nested_600_deep(clinic, folder):
    values = ("visits", 0, "test_results", 0, "values")
    (folder / "f.json").write_bytes(_with(clinic, values, "[" * 600 + "]" * 600))
    line = _import(folder, folder / "f.json")
    assert "visits[0].test_results[0].values[0]" in line and "nests deeper than" in line


def test_a_named_pipe_is_refused_not_read(folder):
    os.mkfifo(folder / "pipe.json")
    assert "pipe.json is a named pipe (FIFO)" in _import(folder, folder / "pipe.json")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_are_refused(folder, device):
    assert f"{device} is a character device" in _import(folder, device)


def test_a_file_without_read_permission(clinic, folder):
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root reads anything unless it gives up that power for the command
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv")
        prefix = tuple(NO_OVERRIDE)
    (folder / "locked.json").write_bytes(_with(clinic, ("clients", 0, "notes"), '"x"'))
    (folder / "locked.json").chmod(0)
    try:
        line = _import(folder, folder / "locked.json", prefix=prefix)
    finally:
        (folder / "locked.json").chmod(0o600)
    assert "locked.json: permission denied" in line


@pytest.mark.parametrize("target", ["link", "device", "fifo", "folder"])
def test_export_out_refuses_what_is_not_a_file(folder, target):
    (folder / "keep.json").write_text("keep me\n")
    out = str(folder / "out.json")
    if target == "link":
        (folder / "out.json").symlink_to(folder / "keep.json")
    elif target == "device":  # never the machine's own /dev/null as root: a bug would replace it
        out = str(device("null")(folder))
    elif target == "fifo":
        os.mkfifo(folder / "out.json")
    elif target == "folder":
        (folder / "out.json").mkdir()
    line = _run(folder, "export", "--db", str(folder / "clinic.sqlite3"), "--out", out)
    assert line.startswith(f"glutedesk: Cannot write {out}: it is ")
    assert (folder / "keep.json").read_text() == "keep me\n"


# Every case of scripts/bad_inputs.py ---------------------------------------------------------


def test_every_bad_input_and_output_of_the_script_is_refused_with_one_line(clinic, tmp_path):
    db, doc, client_id = clinic
    cases = input_cases(doc) + output_cases(client_id)
    results = [run_case(case, db, tmp_path) for case in cases]
    failures = [
        f"{r.case.name}: exit {r.code}, {r.lines}, db same {r.db_unchanged}, "
        f"files same {r.folder_unchanged}, named {r.named}"
        for r in results
        if not r.ok
    ]
    assert not failures, "\n".join(failures)
    refused = [r for r in results if not r.case.accept and not r.skipped]
    assert len(refused) >= 60
    assert all(r.refused_with_one_line for r in refused)


@pytest.mark.parametrize("command", ["export", "report"])
@pytest.mark.parametrize("name", ["clinic.sqlite3", "clinic.sqlite3-wal"])
def test_out_may_not_be_the_database_or_its_wal(clinic, folder, command, name):
    args = [command, "--db", str(folder / "clinic.sqlite3"), "--out", str(folder / name)]
    if command == "report":
        args += ["--client", clinic[2]]
    line = _run(folder, *args)
    assert f"Cannot write {folder / name}: it is the database" in line
