"""The clinic jobs' dialogs: what to export, the check's findings, the erasure's typed
confirmation and the retention list. Each has an ``ask()`` that shows it modally."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.ui.formatting import plural

CONFIRM_WORD = "ERASE"


class ExportFileDialog:
    """Where to write an export (a JSON file)."""

    @classmethod
    def ask(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, "Export records", str(suggested), "GluteDesk exports (*.json)"
        )
        if not name:
            return None
        chosen = Path(name)
        return chosen if chosen.suffix else chosen.with_suffix(".json")


class ImportFileDialog:
    """Which export file to import."""

    @classmethod
    def ask(cls, parent: QWidget | None, start: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent, "Import records", str(start), "GluteDesk exports (*.json);;All files (*)"
        )
        return Path(name) if name else None


class FolderDialog:
    """A folder to write into (the subject-access bundle)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, start: Path) -> Path | None:
        folder = QFileDialog.getExistingDirectory(parent, title, str(start))
        return Path(folder) if folder else None


class ResultMessage:
    """A job's outcome: information, or a warning when it was refused or incomplete."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, *, ok: bool = True) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()


class ExportScopeDialog(QDialog):
    """Export the whole clinic, or only the selected client?"""

    def __init__(self, parent: QWidget | None, client_name: str | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export records")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "An export is a JSON file with every record, amendment and signature, which "
            "GluteDesk (or another program) can read back. Keep it as safe as the clinic file."
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(480)
        layout.addWidget(intro)
        self.whole = QRadioButton("The whole clinic (every client)")
        self.one = QRadioButton(f"Only {client_name}" if client_name else "Only one client")
        self.whole.setChecked(True)
        self.one.setEnabled(client_name is not None)
        if client_name is None:
            self.one.setToolTip("Select a client in the list first.")
        layout.addWidget(self.whole)
        layout.addWidget(self.one)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, client_name: str | None) -> str | None:
        """Return "clinic", "client" or None (cancelled)."""
        dialog = cls(parent, client_name)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return "client" if dialog.one.isChecked() else "clinic"


class CheckResultDialog(QDialog):
    """What ``glutedesk check`` found: healthy, or each problem on its own line."""

    def __init__(
        self,
        parent: QWidget | None,
        ok: bool,
        problems: list[str],
        notes: list[str],
        db_path: Path,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check of the clinic file")
        layout = QVBoxLayout(self)
        if ok:
            headline = (
                f"<b>✔ {db_path.name} is sound.</b><br>Integrity, foreign keys, schema, "
                "signed records, audit trail and safety triggers all passed."
            )
        else:
            headline = (
                f"<b>✘ {plural(len(problems), 'problem')} found in {db_path.name}.</b><br>"
                "Nothing was changed. Restore a backup (File ▸ Restore from backup…) or ask "
                "for support with this list."
            )
        self.headline = QLabel(headline)
        self.headline.setWordWrap(True)
        self.headline.setMinimumWidth(560)
        layout.addWidget(self.headline)
        lines = [f"problem: {p}" for p in problems] + [f"note: {n}" for n in notes]
        self.details = QPlainTextEdit("\n".join(lines) or "No problems, no notes.")
        self.details.setReadOnly(True)
        self.details.setAccessibleName("What the check found")
        layout.addWidget(self.details, 1)
        if lines:
            self.resize(680, 380)
        else:  # healthy and nothing to note: the headline says it all
            self.details.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        ok: bool,
        problems: list[str],
        notes: list[str],
        db_path: Path,
    ) -> None:
        cls(parent, ok, problems, notes, db_path).exec()


class EraseDialog(QDialog):
    """Erase one client: the reason (kept in the audit log) and the typed word ERASE."""

    def __init__(self, parent: QWidget | None, name: str, visits: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Erase {name}")
        layout = QVBoxLayout(self)
        warning = QLabel(
            f"<b>Erase {name} and {plural(visits, 'visit')}, permanently?</b><br>"
            "Their drafts and half-written files go too. This cannot be undone. The erasure "
            "is logged with the reason (without the name)."
        )
        warning.setWordWrap(True)
        warning.setMinimumWidth(540)
        layout.addWidget(warning)
        layout.addWidget(QLabel("Reason (for example: retention period ended, client's request):"))
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for erasing")
        layout.addWidget(self.reason)
        self.purge = QCheckBox("Also remove the client from every backup that holds them")
        layout.addWidget(self.purge)
        layout.addWidget(QLabel(f"Type {CONFIRM_WORD} to confirm:"))
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName(f"Type {CONFIRM_WORD} to confirm")
        layout.addWidget(self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button: QPushButton = buttons.addButton(
            "Erase permanently", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self.reason.setFocus()

    def _update(self) -> None:
        ready = bool(self.reason.text().strip()) and self.confirm.text().strip() == CONFIRM_WORD
        self.erase_button.setEnabled(ready)

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, visits: int) -> tuple[str, bool] | None:
        """Return (reason, purge backups) once confirmed, or None."""
        dialog = cls(parent, name, visits)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.text().strip(), dialog.purge.isChecked()
