"""Reports from the GUI: built in a worker thread, then previewed, saved or printed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from glutedesk.storage.settings import ClinicSettings, clinic_settings
from glutedesk.ui import report_actions as ra
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.settings_dialog import SettingsDialog


def errors_shown(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        ErrorMessage,
        "ask",
        classmethod(lambda cls, parent, title, text: shown.append((title, text))),
    )
    return shown


@pytest.fixture
def reports(window, clinic):
    window.client_list.select_client(clinic["Zoë"])
    return window.reports


def test_menu_actions_follow_the_selected_client(window, clinic):
    texts = [a.text() for a in window.reports_menu.actions() if a.text()]
    assert "Preview progress report…" in texts
    assert "Save home-exercise handout as PDF…" in texts
    assert "Print GP referral letter…" in texts
    assert "Clinic details for documents…" in texts
    assert not window.reports.actions[("progress", ra.SAVE)].isEnabled()
    window.client_list.select_client(clinic["Zoë"])
    assert window.reports.actions[("progress", ra.SAVE)].isEnabled()


def test_save_builds_in_a_worker_thread_without_freezing(reports, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "zoe.pdf"
    suggested: list[Path] = []
    monkeypatch.setattr(
        ra.SavePdfDialog, "ask", classmethod(lambda cls, p, s: suggested.append(s) or target)
    )
    threads: list[str] = []
    real_run = ra.BuildJob.run

    def spy_run(job):
        threads.append(threading.current_thread().name)
        real_run(job)

    monkeypatch.setattr(ra.BuildJob, "run", spy_run)
    messages: list[str] = []
    reports.message.connect(messages.append)
    finished_on_main: list[bool] = []
    reports.document_ready.connect(
        lambda _: finished_on_main.append(threading.current_thread() is threading.main_thread())
    )
    with qtbot.waitSignal(reports.document_ready, timeout=30000) as blocker:
        job = reports.start("progress", ra.SAVE)
        assert job is not None and reports.busy  # returned at once; the build runs elsewhere
    document = blocker.args[0]
    assert threads and threads[0] != threading.main_thread().name
    assert finished_on_main == [True]  # the result comes back to the GUI thread
    assert document.path == target and target.read_bytes().startswith(b"%PDF")
    assert document.pages == len(PdfReader(str(target)).pages) > 1
    assert "O'Brien" in PdfReader(str(target)).pages[0].extract_text()
    assert suggested[0].name.startswith("progress-report-zoë-obrien-łukasz-")
    assert messages == [f"Saved {target}"]
    assert not reports.busy


def test_cancelled_save_builds_nothing(reports, monkeypatch):
    monkeypatch.setattr(ra.SavePdfDialog, "ask", classmethod(lambda cls, p, s: None))
    assert reports.start("handout", ra.SAVE) is None
    assert not reports.busy


def test_preview_shows_the_summary_and_opens_the_pdf(reports, qtbot, monkeypatch):
    seen: list[ra.BuiltDocument] = []
    monkeypatch.setattr(
        ra.PreviewDialog, "ask", classmethod(lambda cls, p, doc, name: seen.append(doc) or "open")
    )
    opened: list[Path] = []
    monkeypatch.setattr(
        ra.ExternalViewer, "open", classmethod(lambda cls, path: opened.append(path) or True)
    )
    with qtbot.waitSignal(reports.document_ready, timeout=30000):
        reports.start("handout", ra.PREVIEW)
    qtbot.waitUntil(lambda: bool(opened))
    [document] = seen
    assert document.kind == "handout" and opened == [document.path]
    assert any("Glute bridge: 3 sets × 10 reps" in line for line in document.summary)


def test_print_sends_the_same_pdf_to_the_chosen_printer(reports, qtbot, tmp_path, monkeypatch):
    printed = tmp_path / "printed.pdf"

    def choose_pdf_printer(cls, parent, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(ra.PrintDialog, "ask", classmethod(choose_pdf_printer))
    messages: list[str] = []
    reports.message.connect(messages.append)
    with qtbot.waitSignal(reports.document_ready, timeout=30000) as blocker:
        reports.start("referral", ra.PRINT)
    qtbot.waitUntil(lambda: bool(messages))
    assert printed.read_bytes() == blocker.args[0].path.read_bytes()
    assert messages == [f"Printed to {printed}"]


def test_a_failed_build_is_explained_and_nothing_crashes(reports, qtbot, monkeypatch, clinic):
    shown = errors_shown(monkeypatch)
    reports.set_client("no-such-client", "Nobody")
    with qtbot.waitSignal(reports.failed, timeout=30000) as blocker:
        reports.start("progress", ra.PREVIEW)
    assert "No client" in blocker.args[0]
    assert shown == [("The document could not be made", blocker.args[0])]
    assert not reports.busy


def test_clinic_details_are_saved_from_the_dialog(reports, monkeypatch, file_db):
    wanted = ClinicSettings(name="Riverside", therapist_name="Sam")
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, parent, current: wanted))
    reports.clinic_action.trigger()
    assert clinic_settings(file_db) == wanted


def test_settings_dialog_keeps_typed_text_when_the_logo_is_wrong(qtbot, tmp_path):
    dialog = SettingsDialog(ClinicSettings(name="Old"), None)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Riverside <Sports> & Co")
    dialog.logo_edit.setText(str(tmp_path / "missing.png"))
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "There is no file" in dialog.error_label.text()
    assert dialog.name_edit.text() == "Riverside <Sports> & Co"
    not_a_picture = tmp_path / "logo.png"
    not_a_picture.write_text("hello")
    dialog.logo_edit.setText(str(not_a_picture))
    assert "not a picture" in (dialog.problem() or "")
    dialog.logo_edit.setText("")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.settings().name == "Riverside <Sports> & Co"
