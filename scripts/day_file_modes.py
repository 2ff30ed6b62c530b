"""A day's use of GluteDesk in a fresh home folder, then the mode of every file and folder.

Runs real ``glutedesk`` processes with HOME and the XDG folders pointed into a temporary
folder, and the parent's umask at the usual ``022`` (so anything not made private by GluteDesk
would show up as 0644/0755):

demo clinic in the default data folder, clients, export, backup, progress report, subject
access bundle, import into a second clinic, a draft written through the storage layer, an
unexpected error (writes the log), then the clinic's files loosened to 0644/0755 as an older
GluteDesk left them and opened again through ``glutedesk check`` and the GUI (offscreen: the
window opens, closes itself, and makes its backup on closing).

Prints ``mode  path`` for everything under the home folder, marks the folders that existed
before GluteDesk ran (the therapist's own), and a summary; exit status 1 if anything GluteDesk
wrote is not 0600 (files) or 0700 (folders). ``--json`` prints the listing for tests.

    .venv/bin/python scripts/day_file_modes.py
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREEXISTING = (
    "home",
    "home/Documents",
    "home/.local",
    "home/.local/share",
    "home/.local/state",
    "home/.config",
    "home/.cache",
    "runtime",
)

GUI_DRIVER = """
import os, sys, threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from glutedesk.cli import main
from glutedesk.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])

def close_when_shown():
    for widget in app.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()  # e.g. the offer to restore the unsaved draft: keep it for later
            return
    if any(isinstance(w, MainWindow) and w.isVisible() for w in app.topLevelWidgets()):
        app.closeAllWindows()

timer = QTimer()
timer.timeout.connect(close_when_shown)
timer.start(300)
stopper = threading.Timer(180, lambda: os._exit(3))  # never hang the listing
stopper.daemon = True
stopper.start()
main(sys.argv[1:])
"""

FAILING_COMMAND = """
import sys
from glutedesk import cli

@cli.cli.command("fail-for-test")
def fail_for_test():
    raise RuntimeError("a deliberate unexpected error")

cli.main(["fail-for-test"])
"""

DRAFT_WRITER = """
import datetime as dt, sys
from glutedesk.domain.ids import new_visit_id
from glutedesk.domain.models import Visit
from glutedesk.storage.drafts import drafts_dir, save_draft
visit = Visit(id=new_visit_id(), client_id=sys.argv[2], visit_date=dt.date(2026, 12, 1),
              therapist="Sam", complaint="typed, not saved yet")
save_draft(drafts_dir(sys.argv[1]), visit, is_new=True)
"""


def _run(home_root: Path, *args: str, code: str | None = None) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        HOME=str(home_root / "home"),
        XDG_DATA_HOME=str(home_root / "home/.local/share"),
        XDG_STATE_HOME=str(home_root / "home/.local/state"),
        XDG_CONFIG_HOME=str(home_root / "home/.config"),
        XDG_CACHE_HOME=str(home_root / "home/.cache"),
        XDG_RUNTIME_DIR=str(home_root / "runtime"),
        QT_QPA_PLATFORM="offscreen",
    )
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "glutedesk"]
    if not code:
        command += list(args)
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=600, check=False, cwd=home_root
    )
    return done


def day(home_root: Path) -> list[str]:
    """Run the day's use under ``home_root``; return the steps that failed (empty if none)."""
    old = os.umask(0o022)
    try:
        for folder in PREEXISTING:
            (home_root / folder).mkdir(parents=True, exist_ok=True)
        os.chmod(home_root / "runtime", 0o700)
    finally:
        os.umask(old)
    docs = home_root / "home/Documents"
    second = home_root / "home/Documents/second-clinic/clinic.sqlite3"
    failures: list[str] = []

    def step(name: str, *args: str, code: str | None = None, expect: int = 0) -> str:
        done = _run(home_root, *args, code=code)
        if done.returncode != expect:
            failures.append(f"{name}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
        loose = [f"{r['mode']} {r['path']}" for r in listing(home_root) if not r["ok"]]
        if loose:  # checked after every step, not only at the end of the day
            failures.append(f"{name}: left {', '.join(loose)} open to other accounts")
        return done.stdout

    step("demo", "demo")
    clients = step("clients", "clients", "--json")
    client = json.loads(clients)[0]["id"] if clients.strip().startswith("[") else "none"
    step("export", "export", "--out", str(docs / "all-clients.json"))
    step("backup", "backup")
    step("report", "report", "--client", client, "--out", str(docs / "progress.pdf"))
    step("sar", "sar", "--client", client, "--out", str(docs / "subject-access"))
    step("import", "import", str(docs / "all-clients.json"), "--db", str(second))
    step("unexpected error (log)", code=FAILING_COMMAND, expect=2)
    loosen(home_root / "home/.local")
    step("GUI open (tightens), close, backup on close", code=GUI_DRIVER)
    # Written after the GUI ran, so the window does not stop to offer restoring it.
    db = home_root / "home/.local/share/GluteDesk/glutedesk.sqlite3"
    step("draft (umask 022 process)", str(db), client, code=DRAFT_WRITER)
    loosen(home_root / "home/.local")
    step("check (opens and tightens)", "check")
    return failures


def loosen(folder: Path) -> None:
    """Make GluteDesk's files 0644 and folders 0755 again, as an older version left them."""
    for path in folder.rglob("*"):
        if "GluteDesk" in path.parts:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)


def listing(home_root: Path) -> list[dict]:
    """Every file and folder under ``home_root``: mode, path, and whether it existed before."""
    rows = []
    for path in sorted(home_root.rglob("*")):
        rel = str(path.relative_to(home_root))
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        kind = "dir" if path.is_dir() else "file"
        own = rel in PREEXISTING
        wanted = 0o700 if kind == "dir" else 0o600
        ok = own or mode == wanted
        rows.append({"path": rel, "kind": kind, "mode": f"{mode:04o}", "ok": ok, "own": own})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the listing as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="glutedesk-day-") as tmp:
        home_root = Path(tmp)
        failures = day(home_root)
        rows = listing(home_root)
    written = [r for r in rows if not r["own"]]
    bad = [r for r in written if not r["ok"]]
    if args.json:
        print(json.dumps({"failures": failures, "rows": rows}, indent=1))
        return 1 if bad or failures else 0
    for row in rows:
        note = "  (the therapist's own folder, there before GluteDesk ran)" if row["own"] else ""
        flag = "" if row["ok"] else "  <-- NOT owner-only"
        print(f"{row['mode']}  {row['kind']:<4}  {row['path']}{note}{flag}")
    files = sum(1 for r in written if r["kind"] == "file")
    folders = len(written) - files
    print(
        f"\nWritten by GluteDesk: {files} files, {folders} folders; "
        f"not 0600/0700: {len(bad)}. Steps failed: {len(failures)}"
    )
    for failure in failures:
        print(f"  step failed: {failure}")
    return 1 if bad or failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
