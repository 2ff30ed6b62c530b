"""The parts of a stop by the system (glutedesk/ui/shutdown.py) in this process: the signal's
name, the wake-up from a real signal, and an open editor's draft written now and kept as it
closes without a question. The whole stop of the real app is tests/e2e/test_sigterm.py."""

from __future__ import annotations

import os
import signal

import pytest
from PySide6.QtWidgets import QApplication

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.drafts import list_drafts
from glutedesk.ui import shutdown
from glutedesk.ui.visit_editor import drafts_folder_for
from glutedesk.ui.visit_editor.dialogs import UnsavedChangesDialog

posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGTERM and SIGHUP are POSIX")


def test_signal_names():
    assert shutdown.signal_name(signal.SIGTERM) == "SIGTERM"
    assert shutdown.signal_name(200) == "signal 200"


@posix_only
def test_the_stop_signals_are_sigterm_and_sighup():
    assert shutdown.stop_signals() == [signal.SIGTERM, signal.SIGHUP]


class _Recorded(shutdown.SystemStop):
    def __init__(self, app):
        super().__init__(app)
        self.stops: list[str] = []

    def stop(self, reason: str) -> None:  # the real stop would close the test's windows
        self.stops.append(reason)


@posix_only
def test_a_real_sigterm_wakes_the_event_loop_and_asks_for_the_stop(qtbot):
    app = QApplication.instance()
    before = signal.getsignal(signal.SIGTERM)
    stop = _Recorded(app)
    assert stop.install()
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # before: the default action ended the process
        qtbot.waitUntil(lambda: stop.stops == ["SIGTERM"], timeout=5000)
    finally:
        stop.uninstall()
    assert signal.getsignal(signal.SIGTERM) == before  # given back once the run is over


def test_an_open_editor_keeps_its_draft_and_closes_without_asking(
    clinic, make_editor, file_db, monkeypatch
):
    editor = make_editor(clinic["Liam"], autosave_ms=60_000)  # no autosave during the test
    editor.show()
    editor.subjective.change.setText("Typed just before the shutdown")
    folder = drafts_folder_for(Clinic(file_db))
    assert list_drafts(folder) == []
    assert shutdown.keep_drafts(QApplication.instance()) == (1, 0)
    [draft] = list_drafts(folder)
    assert draft.visit == editor.collect()
    asked = []
    monkeypatch.setattr(
        UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: asked.append(1) or "discard")
    )
    editor.close_without_asking()
    assert asked == []  # nobody is there to answer, and "discard" would lose the text
    assert not editor.isVisible()
    [kept] = list_drafts(folder)
    assert kept.visit.change_since_last == "Typed just before the shutdown"
