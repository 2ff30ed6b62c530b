"""Counts in messages read as English: "1 client", "2 visits", never "client(s)"."""

from __future__ import annotations

import re
import subprocess
import sys
import tokenize
from pathlib import Path

from glutedesk.domain.counts import noun, plural, record_counts
from glutedesk.storage.clinic import Clinic
from tests.factories import make_client, make_visit

ROOT = Path(__file__).resolve().parents[2]


def test_one_is_singular_and_every_other_count_plural():
    assert [plural(n, "visit") for n in (0, 1, 2)] == ["0 visits", "1 visit", "2 visits"]
    assert plural(1, "day") == "1 day" and plural(3, "entry", "entries") == "3 entries"
    assert noun(1, "client") == "client" and noun(11, "client") == "clients"
    assert record_counts({"clients": 1, "visits": 1}) == "1 client and 1 visit"
    assert record_counts({"clients": 2}, ", ") == "2 clients, 0 visits"


def run(*args: object) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "glutedesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_command_line_counts_one_client_and_one_visit(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    clinic = Clinic.open(path)
    client, _ = clinic.save_client(make_client(first_name="Ann"))
    clinic.save_visit(make_visit(client.id))
    clinic.close()
    out = tmp_path / "one.json"
    assert f"Exported 1 client to {out}" in run("export", "--db", path, "--out", out)
    listed = run("clients", "--db", path)
    assert re.search(r"Ann O'Brien-Łukasz\s+1 visit\s+last 2026-02-01", listed), listed
    imported = run("import", "--db", tmp_path / "copy.sqlite3", out)
    assert "Imported 1 client and 1 visit." in imported
    backed = run("backup", "--db", path, "--to", tmp_path / "backups")
    assert "(verified: 1 client, 1 visit)" in backed


def _strings(path: Path) -> list[tuple[int, str]]:
    """The text of every string literal (f-strings' literal parts too) in a module, by line."""
    kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    with path.open("rb") as source:
        return [
            (t.start[0], t.string) for t in tokenize.tokenize(source.readline) if t.type in kinds
        ]


def test_no_message_in_the_cli_or_storage_counts_with_a_bracketed_plural():
    pattern = re.compile(r"[a-z]\(s\)")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for layer in ("cli", "storage")
        for path in sorted((ROOT / "glutedesk" / layer).rglob("*.py"))
        for number, text in _strings(path)
        if pattern.search(text)
    ]
    assert found == []
    assert pattern.search('f"{n} visit(s) erased"')  # the check can fail
    assert _strings(ROOT / "glutedesk" / "storage" / "tamper.py")  # strings are read
