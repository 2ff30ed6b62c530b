"""The part of scripts/laptop_screenshots.py that runs inside the virtual screen (Qt here)."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QToolButton,
    QWidget,
)

from glutedesk.domain.ids import ClientId
from glutedesk.samples.demo.clinic import build_demo_clinic
from glutedesk.storage.backup import BackupCheck
from glutedesk.storage.clients import list_clients
from glutedesk.storage.clinic import Clinic
from glutedesk.ui.app import build_main_window
from glutedesk.ui.style import apply_style

TODAY = dt.date(2026, 11, 23)


def wait(seconds: float = 0.8) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # closed covers go
        time.sleep(0.02)


def run(size: str, scale: str, only: str, out: Path) -> int:
    from scripts.laptop_screenshots import shrink

    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app, dark=False)
    out.mkdir(parents=True, exist_ok=True)
    suffix = size + (f"-{int(float(scale) * 100)}pct" if scale else "")
    wanted = {name for name in only.split(",") if name}
    tmp = Path(tempfile.mkdtemp(prefix="laptop-shots-"))
    shots = Shots(tmp)
    print(f"{'window':<24} {'size':>10} {'at':>10}  fits  file")
    for name, make in shots.all():
        if wanted and name not in wanted:
            continue
        try:
            widget = make()
        except Exception as exc:  # one window failing must not stop the others
            print(f"{name:<24} failed: {exc!r}")
            continue
        wait(1.2)
        screen = app.primaryScreen()
        top = QApplication.activeWindow() or widget.window()
        frame = top.frameGeometry()
        fits = screen.availableGeometry().contains(frame)
        png = out / f"{name}-{suffix}.png"
        screen.grabWindow(0).save(str(png))
        kb = shrink(png) // 1000
        print(
            f"{name:<24} {frame.width():>4}x{frame.height():<5} {frame.x():>4},{frame.y():<5}"
            f" {'yes' if fits else 'NO':>4}  {png.name} ({kb} KB)"
            f" main {shots.window.frameGeometry().width()}"
        )
        shots.close_all()
    return 0


class Shots:
    """Each window, built from a demo clinic as the therapist opens it."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.path = tmp / "demo.sqlite3"
        self.clinic = Clinic.open(self.path)
        build_demo_clinic(self.clinic, n_clients=24, seed=7, today=TODAY)
        self.window = build_main_window(self.clinic, self.path)
        self.window.protection.lock.timer.stop()
        items = list_clients(self.clinic.db)
        # A client whose last visit marked pain, so the pain map's list has rows to show.
        self.client = max(
            items, key=lambda c: (len(self.clinic.visits(c.id)[-1].pain_marks), c.visit_count)
        )
        self.opened: list[QWidget] = []
        self._add_long_names()
        visits = self.clinic.visits(self.client.id)
        self.visits = visits
        self.signed_visit = visits[0].id
        self.clinic.sign(self.signed_visit, "Alex Morgan")
        self.clinic.amend(
            self.signed_visit,
            "Alex Morgan",
            "Client phoned the next day",
            "general",
            "Pain eased to 2/10 by the evening; no pins and needles.",
        )

    def _add_long_names(self) -> None:
        """Two clients whose long names differ only after the surname (the list must show it)."""
        template = self.clinic.client(self.client.id)
        for n, first in enumerate(("Alexandra", "Alexander")):
            client = replace(
                template,
                id=ClientId(f"{n + 1:032x}"),
                first_name=first,
                last_name="Ashworth-Fairbanks",
                date_of_birth=dt.date(1979 + 9 * n, 4, 12),
            )
            self.clinic.save_client(client, touch=False)
        self.window.refresh()

    def all(self) -> list[tuple[str, Callable[[], QWidget]]]:
        return [
            ("main-window", self.main_window),
            ("main-timeline", self.main_timeline),
            ("empty-clinic", self.empty_clinic),
            ("welcome", self.welcome),
            ("client-form", self.client_form),
            *[(f"editor-{i + 1}-{t}", self.editor_tab(i)) for i, t in enumerate(TABS)],
            ("editor-signed-amendments", self.editor_signed),
            ("compare", self.compare),
            ("clinic-details", self.clinic_details),
            ("security-settings", self.security),
            ("lock-screen", self.lock_screen),
            ("print-preview", self.print_preview),
            ("practice-insights", self.insights),
            ("amendment-dialog", self.amendment_dialog),
            ("backup-places", self.backup_places),
            ("backup-folder-new-folder", self.new_folder),
            ("backup-made", self.backup_made),
            ("restore-confirm", self.restore_confirm),
        ]

    def keep(self, widget: QWidget) -> QWidget:
        self.opened.append(widget)
        widget.show()
        widget.raise_()
        widget.activateWindow()
        return widget

    def close_all(self) -> None:
        for widget in reversed(self.opened):
            widget.hide()
            widget.deleteLater()
        self.opened.clear()
        if self.window.protection.lock.locked:
            self.window.protection.lock.unlock()
        self.window.hide()
        wait(0.3)

    def main_window(self) -> QWidget:
        self.window.client_list.select_client(self.client.id)
        self.window.record_tabs.setCurrentIndex(0)
        self.window.show()
        return self.window

    def main_timeline(self) -> QWidget:
        self.main_window()
        self.window.record_tabs.setCurrentIndex(1)
        return self.window

    def empty_clinic(self) -> QWidget:
        path = self.tmp / "empty.sqlite3"
        clinic = Clinic.open(path)
        window = build_main_window(clinic, path)
        return self.keep(window)

    def welcome(self) -> QWidget:
        from glutedesk.ui.welcome import WelcomeDialog

        self.window.show()
        dialog = WelcomeDialog(self.clinic.settings(), self.tmp / "backups", self.window)
        return self.keep(dialog)

    def client_form(self) -> QWidget:
        from glutedesk.ui.client_form import ClientForm

        self.window.show()
        form = ClientForm(self.clinic, self.clinic.client(self.client.id), parent=self.window)
        return self.keep(form)

    def editor_tab(self, index: int) -> Callable[[], QWidget]:
        def make() -> QWidget:
            from glutedesk.ui.visit_editor.editor import VisitEditor

            self.window.show()
            editor = VisitEditor(self.clinic, self.client.id, parent=self.window)
            editor.go_to(index)
            return self.keep(editor)

        return make

    def editor_signed(self) -> QWidget:
        from glutedesk.ui.visit_editor.editor import VisitEditor

        self.window.show()
        editor = VisitEditor(self.clinic, self.client.id, self.signed_visit, parent=self.window)
        return self.keep(editor)

    def compare(self) -> QWidget:
        from glutedesk.ui.timeline.compare import CompareMapsWindow

        self.window.show()
        name = self.clinic.client(self.client.id).name
        return self.keep(CompareMapsWindow(name, self.visits[0], self.visits[-1]))

    def clinic_details(self) -> QWidget:
        from glutedesk.ui.settings_dialog import SettingsDialog

        self.window.show()
        return self.keep(SettingsDialog(self.clinic.settings(), self.window))

    def security(self) -> QWidget:
        from glutedesk.ui.security_dialog import SecurityDialog

        self.window.show()
        return self.keep(SecurityDialog(self.clinic, self.window))

    def lock_screen(self) -> QWidget:
        self.clinic.set_pin("2468")
        self.main_window()
        wait(0.3)
        self.window.protection.lock.lock()
        return self.window

    def print_preview(self) -> QWidget:
        import subprocess

        from glutedesk.ui.print_preview import PrintPreview

        pdf = self.tmp / "report.pdf"
        if not pdf.exists():
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "glutedesk",
                    "report",
                    "--db",
                    str(self.path),
                    "--client",
                    self.client.id,
                    "--out",
                    str(pdf),
                ],
                check=True,
                capture_output=True,
            )
        self.window.show()
        name = self.clinic.client(self.client.id).name
        return self.keep(PrintPreview(pdf, f"Progress report — {name}", self.window))

    def insights(self) -> QWidget:
        from glutedesk.ui.practice.window import PracticeWindow
        from glutedesk.ui.window_fit import fit_window

        self.window.show()
        window = PracticeWindow(self.path, self.window)
        fit_window(window, 1280, 820)  # as Practice ▸ Practice insights… opens it
        self.keep(window)
        window.refresh()  # Show figures
        wait(6)
        return window

    def amendment_dialog(self) -> QWidget:
        from glutedesk.ui.amendments import AmendmentDialog, AmendmentInput

        self.window.show()
        previous = AmendmentInput("Alex Morgan", "general", "", "")
        visit = self.signed_visit
        dialog = AmendmentDialog(
            self.window, lambda s: self.clinic.current_text(visit, s), previous
        )
        return self.keep(dialog)

    def backup_places(self) -> QWidget:
        from glutedesk.ui.second_place_dialog import BackupPlacesDialog

        self.window.show()
        actions = self.window.backup_actions
        dialog = BackupPlacesDialog(
            self.window, self.clinic, self.path, actions.backup_dir, on_chosen=lambda: None
        )
        return self.keep(dialog)

    def new_folder(self) -> QWidget:
        self.window.show()
        dialog = QFileDialog(self.window, "Back up to folder", str(self.tmp))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        self.keep(dialog)
        wait(0.5)
        button = dialog.findChild(QToolButton, "newFolderButton")
        if button is not None:
            button.click()
        wait(0.5)
        editor = dialog.findChild(QLineEdit, "qt_file_dialog_editor") or dialog.focusWidget()
        if isinstance(editor, QLineEdit):
            editor.setText("USB backups")
        return dialog

    def backup_made(self) -> QWidget:
        from glutedesk.ui.backup_actions import backup_made_text

        self.window.show()
        outcome = self.clinic.back_up(self.tmp / "backups", manual=True)
        box = QMessageBox(QMessageBox.Icon.Information, "Backup made", "", parent=self.window)
        box.setText(backup_made_text(outcome))
        return self.keep(box)

    def restore_confirm(self) -> QWidget:
        from glutedesk.ui.backup_actions import restore_summary

        self.window.show()
        made = self.clinic.back_up(self.tmp / "backups", manual=True).path
        check = BackupCheck(made, (), {"clients": 24, "visits": 170})
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Restore from backup")
        box.setText(f"Replace your records with the backup {made.name}?")
        box.setInformativeText(restore_summary(made, check))
        box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        return self.keep(box)


TABS = ("subjective", "pain-map", "objective", "outcomes", "treatment", "plan")
