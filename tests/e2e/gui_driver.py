"""Drive the real GluteDesk app in this process, for the kill-and-restart tests.

Run as ``python tests/e2e/gui_driver.py MODE DB`` from the repository root, with
``QT_QPA_PLATFORM=offscreen``. It starts :func:`glutedesk.ui.app.run_gui` exactly as the
``glutedesk`` command does; only the modal dialogs are answered by this script (each prints
what it was asked, one line on stdout, written unbuffered so it survives a SIGKILL).

- ``save``: once the window is up, save visits one after another through the real visit
  editor (a new visit copied forward from the last one, Save pressed, then pressed again a
  few times), printing ``SAVED <visit id>`` after each save has committed, until killed.
- ``probe``: the start-up path only. When the window is up and the background integrity
  check has answered, print ``OPENED <json>`` (read-only reason, counts, the check's verdict)
  and close the window. A damaged verdict prints ``DAMAGED <problem>`` and chooses Quit,
  so nothing is moved.
- ``hold``: print ``READY <clients>`` once the window is up, and keep it open until killed.
- ``draft``: once the window is up, open a new visit, type a note into it and keep a draft
  (the editor's own autosave), print ``DRAFTED <visit id>``, and stay open until killed.
- ``typed``: like ``draft``, then type more into the note after that draft and stop the
  editor's autosave timer (the moment between two autosaves, made to last): print
  ``TYPED <visit id>`` and stay open until stopped (the SIGTERM test).
- ``asking``: like ``typed``, then close the editor: the real "Unsaved changes" question
  opens and is never answered; ``ASKING`` once it is up.
- ``restore``: restore the draft offered at start-up (the other modes discard it), print
  ``RESTORED <the note's text>`` from the editor it opens, and close.
- ``close``: print ``READY <clients>`` once the window is up, then close it as Quit does.
  Its closing (the real closing backup) then waits, with its event loop running as during a
  long backup, until a file ``<DB>.go`` appears, so a test can start a second launch while
  this copy closes: ``CLOSING`` when it starts waiting.

In every mode, each second launch this copy answers prints ``ASKED <answer>``.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def say(text: str) -> None:
    os.write(1, (text.replace("\n", " ") + "\n").encode())


def _answer_dialogs(mode: str) -> None:
    from glutedesk.ui import integrity_watch, single_instance, startup_dialogs
    from glutedesk.ui.dialogs import ErrorMessage
    from glutedesk.ui.visit_editor import dialogs as editor_dialogs

    def damaged(cls, parent, check, **_kw):
        say(f"DAMAGED {check.status}: {check.problem}")
        return "quit"

    def damage_found(cls, parent, problem, backup, check=None):
        say(f"DAMAGED late: {problem}")
        return False

    startup_dialogs.DamagedDatabaseDialog.ask = classmethod(damaged)
    startup_dialogs.CreateDatabaseDialog.ask = classmethod(
        lambda cls, parent, path: say(f"ASKED-CREATE {path}") or False
    )
    startup_dialogs.LocationWarning.ask = classmethod(lambda cls, parent, text: None)
    integrity_watch.DamageFoundDialog.ask = classmethod(damage_found)
    single_instance.AlreadyOpenMessage.ask = classmethod(
        lambda cls, parent, path, pid: say(f"ERROR already open by {pid}")
    )
    ErrorMessage.ask = classmethod(lambda cls, parent, title, text: say(f"ERROR {title}: {text}"))
    editor_dialogs.RestoreDraftDialog.ask = classmethod(
        lambda cls, parent, text: (
            say(f"DRAFT-OFFERED {text}") or ("restore" if mode == "restore" else "discard")
        )
    )
    if mode != "asking":  # there the real question is shown, and never answered
        editor_dialogs.UnsavedChangesDialog.ask = classmethod(lambda cls, parent: "discard")


def _hold_closing(db: Path) -> None:
    """Let the closing backup wait for ``<db>.go`` (its own event loop answers meanwhile)."""
    from glutedesk.ui import auto_backup

    real = auto_backup.backup_on_close

    def backup_then_wait(clinic, db_path, parent=None):
        from PySide6.QtCore import QEventLoop, QTimer

        made = real(clinic, db_path, parent)
        say("CLOSING")
        loop = QEventLoop()
        go = db.with_name(db.name + ".go")

        def look() -> None:
            if go.exists():
                loop.quit()
            else:
                QTimer.singleShot(20, look)

        look()
        loop.exec()
        return made

    auto_backup.backup_on_close = backup_then_wait


def _report_requests() -> None:
    from glutedesk.ui import single_instance

    real = single_instance.InstanceServer._read

    def read(self, socket) -> None:
        had_line = socket.canReadLine()
        real(self, socket)
        if had_line:
            say("ASKED " + ("closing" if getattr(self, "closing", False) else "ok"))

    single_instance.InstanceServer._read = read


def _on_window(mode: str, window) -> None:
    from PySide6.QtCore import QTimer

    if mode == "probe":

        def report() -> None:
            watch = getattr(window, "integrity_watch", None)
            if watch is not None and not watch.done:
                QTimer.singleShot(20, report)
                return
            db = window._clinic.db
            counts = {
                t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("clients", "visits")
            }
            verdict = None if watch is None else watch.problem
            say("OPENED " + json.dumps({"read_only": window.read_only, "late": verdict, **counts}))
            window.close()

        QTimer.singleShot(0, report)
        return

    rng = random.Random(os.getpid())
    clients = [r[0] for r in window._clinic.db.execute("SELECT id FROM clients ORDER BY id")]
    say(f"READY {len(clients)}")
    if mode == "hold":
        return
    if mode in ("draft", "typed", "asking"):
        from PySide6.QtWidgets import QPlainTextEdit

        editor = window.open_visit_editor(clients[0], None)
        note = editor.findChildren(QPlainTextEdit)[0]
        note.setPlainText("Typed, never saved")
        if editor.autosave():
            say(f"DRAFTED {editor.visit_id}")
        if mode in ("typed", "asking"):
            note.setPlainText("Typed, never saved; then more typed after the last draft")
            editor.autosave_timer.stop()
            say(f"TYPED {editor.visit_id}")
        if mode == "asking":
            from PySide6.QtWidgets import QApplication

            def asking() -> None:
                if QApplication.activeModalWidget() is None:
                    QTimer.singleShot(20, asking)
                else:
                    say("ASKING")

            QTimer.singleShot(0, asking)
            QTimer.singleShot(0, editor.close)  # the real question opens, in its own loop
        return
    if mode == "restore":
        from PySide6.QtWidgets import QPlainTextEdit

        editors = list(window._editors.values())  # the restored draft's, opened at start-up
        for editor in editors:
            say("RESTORED " + editor.findChildren(QPlainTextEdit)[0].toPlainText())
        if not editors:
            say("RESTORED-NOTHING")
        QTimer.singleShot(0, window.close)
        return
    if mode == "close":
        QTimer.singleShot(0, window.close)
        return

    editors: list = []
    count = 0

    def save_one() -> None:
        # A new visit every fourth save (building the editor takes a while); the others press
        # Save again on the open visit, which rewrites it in one transaction like any re-save.
        nonlocal count
        if count % 4 == 0:
            for editor in editors:
                editor.close()
            editors[:] = [window.open_visit_editor(rng.choice(clients), None)]
        count += 1
        editor = editors[0]
        if editor.save():
            say(f"SAVED {editor.visit_id}")
        else:
            say(f"NOT-SAVED {editor.visit_id}")
        QTimer.singleShot(rng.randint(0, 30), save_one)

    QTimer.singleShot(0, save_one)


def main(mode: str, db_path: str) -> int:
    from glutedesk.ui import app as app_module

    _answer_dialogs(mode)
    _report_requests()
    if mode == "close":
        _hold_closing(Path(db_path))
    build = app_module.open_main_window

    def build_and_drive(db, path, read_only=None):
        from glutedesk.ui.first_paint import after_first_paint

        window = build(db, path, read_only=read_only)
        # Once the window is complete: its set-up ends straight after its first paint.
        after_first_paint(window, lambda: _on_window(mode, window))
        return window

    app_module.open_main_window = build_and_drive
    code = app_module.run_gui(Path(db_path), log_dir=Path(db_path).parent / "logs")
    say(f"EXIT {code}")
    return code


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1], sys.argv[2]))
