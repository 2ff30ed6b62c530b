"""A small signed clinic file and plain-sqlite3 tampering, shared by the tamper tests."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from glutedesk.storage.check import check_database
from glutedesk.storage.clients import save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.signing import add_amendment, sign_visit
from glutedesk.storage.visits import save_visit
from tests.conftest import copy_clinic
from tests.factories import make_client, make_visit, with_red_flag


def make_clinic(tmp_path):
    """A clinic file with two clients, three visits (two signed, one amended); return its ids."""
    path = tmp_path / "clinic.sqlite3"
    db = open_database(path)
    ann, _ = save_client(db, make_client(first_name="Ann"))
    bea, _ = save_client(db, make_client(first_name="Bea"))
    signed, _ = save_visit(db, with_red_flag(make_visit(ann.id)))
    other, _ = save_visit(db, make_visit(bea.id))
    save_visit(db, make_visit(ann.id))  # left unsigned
    sign_visit(db, signed.id, "Sam Therapist")
    sign_visit(db, other.id, "Sam Therapist")
    add_amendment(db, signed.id, "Sam Therapist", "Typo", "soap.plan", "Review in 3 weeks")
    db.close()
    return {"path": path, "signed": signed.id, "other": other.id, "ann": ann.id, "bea": bea.id}


def copied_clinic(template: dict, tmp_path) -> dict:
    """A copy of the clinic ``make_clinic`` built (its file and audit anchor) in ``tmp_path``:
    the same records without saving and signing them again (ten synced transactions)."""
    path = tmp_path / "clinic.sqlite3"
    copy_clinic(template["path"], path)
    return {**template, "path": path}


def tamper(path, *statements, params=()):
    """Run SQL on the file with plain sqlite3 (no GluteDesk code), then close it."""
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql, params if "?" in sql else ())
        conn.commit()
    finally:
        conn.close()


def problems(path):
    db = open_database(path, create=False)
    try:
        return check_database(db)
    finally:
        db.close()


def run_check(path):
    proc = subprocess.run(
        [sys.executable, "-m", "glutedesk", "check", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc
