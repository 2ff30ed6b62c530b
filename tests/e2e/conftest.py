"""Helpers for the end-to-end tests: real ``glutedesk`` processes on real files."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import copy_clinic

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "tests" / "e2e" / "gui_driver.py"
TIMEOUT = 180  # seconds: generous, for a slow and busy machine


def env() -> dict[str, str]:
    values = dict(os.environ)
    values["QT_QPA_PLATFORM"] = "offscreen"
    values["PYTHONPATH"] = str(ROOT)
    values.pop("PYTEST_CURRENT_TEST", None)
    return values


def glutedesk(*args: str | Path, check: bool = False) -> subprocess.CompletedProcess:
    """Run ``python -m glutedesk ARGS`` to completion; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=check,
    )


def gui(mode: str, db: Path, *, stderr: int = subprocess.DEVNULL) -> subprocess.Popen:
    """Start the real app on ``db`` through the driver (see gui_driver.py); stdout is a pipe
    (and stderr too with ``stderr=subprocess.PIPE``)."""
    return subprocess.Popen(
        [sys.executable, str(DRIVER), mode, str(db)],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


def wait_for_line(proc: subprocess.Popen, prefix: str, seen: list[str]) -> str:
    """Read ``proc``'s lines until one starts with ``prefix``; return it (all kept in seen)."""
    deadline = time.monotonic() + TIMEOUT
    for line in proc.stdout:
        seen.append(line.rstrip("\n"))
        if line.startswith(prefix):
            return line.rstrip("\n")
        assert time.monotonic() < deadline, seen
    raise AssertionError(f"no {prefix} line; the process said {seen}")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A demo clinic made once per test process by the real ``glutedesk demo``, closed."""
    db = tmp_path_factory.mktemp("demo-template") / "clinic.sqlite3"
    glutedesk("demo", "--db", db, check=True)
    return db


@pytest.fixture
def demo_db(tmp_path, demo_template):
    """A demo clinic of the test's own: a copy of :func:`demo_template` with its anchor."""
    db = tmp_path / "clinic.sqlite3"
    copy_clinic(demo_template, db)
    return db


def probe(db: Path) -> tuple[dict | None, list[str]]:
    """Start the real app on ``db`` and report what its start-up found (OPENED data, lines)."""
    proc = gui("probe", db)
    out, _ = proc.communicate(timeout=TIMEOUT)
    lines = out.splitlines()
    opened = [json.loads(line[7:]) for line in lines if line.startswith("OPENED ")]
    return (opened[0] if opened else None), lines


def beside(db: Path) -> dict[str, int]:
    """The files in ``db``'s folder that belong to it, with their inode numbers."""
    return {p.name: p.stat().st_ino for p in db.parent.iterdir() if p.name.startswith(db.name)}


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "16m"):
    """Mount a small tmpfs at ``where`` (skip the test when mounting is not permitted)."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def remount_read_only(where: Path, *, bind: bool = False) -> None:
    options = "remount,ro,bind" if bind else "remount,ro"
    done = subprocess.run(
        ["mount", "-o", options, str(where)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only here ({done.stderr.strip()})")
