"""File ▸ Backup places…: where backups go, and the second place (a USB stick or another disk).

The second place is chosen once; every backup then also goes there while it is plugged in.
The dialog shows when it was last reached and says plainly when that was a week ago or more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.dates import format_moment
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.second_place import same_disk_warning
from glutedesk.ui.style import themed

WARNING_STYLE = "color: #8a1c00; font-weight: 600;"


class SecondPlaceFolderDialog:
    """Choose the folder on a USB stick or another disk."""

    @classmethod
    def ask(cls, parent: QWidget | None, start: Path) -> Path | None:
        folder = QFileDialog.getExistingDirectory(parent, "Second backup place", str(start))
        return Path(folder) if folder else None


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return "never"
    return format_moment(value, long=True)


class BackupPlacesDialog(QDialog):
    """Shows the backup folder and the second place; choose or forget the second place.

    ``on_chosen`` runs after a second place is chosen (the caller copies the newest backup
    there at once).
    """

    def __init__(
        self,
        parent: QWidget | None,
        clinic: Clinic,
        db_path: Path,
        backup_dir: Path,
        *,
        on_chosen: Callable[[], str | None] | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backup places")
        self.setMinimumWidth(620)
        self._clinic, self._db_path, self._on_chosen = clinic, Path(db_path), on_chosen
        self._now = now or (lambda: dt.datetime.now().astimezone())
        layout = QVBoxLayout(self)
        first = QGroupBox("Backups on this computer")
        first_layout = QVBoxLayout(first)
        first_text = QLabel(
            f"Automatic backups (on closing and hourly) and “Back up now” go to:\n{backup_dir}\n"
            "Automatic backups are kept for 14 days; backups you make yourself are never "
            "deleted by GluteDesk."
        )
        first_text.setWordWrap(True)
        first_layout.addWidget(first_text)
        layout.addWidget(first)
        second = QGroupBox("Second place: a USB stick or another disk")
        second_layout = QVBoxLayout(second)
        intro = QLabel(
            "One disk failing must not take your records and every backup together. Choose a "
            "folder on a USB stick or another disk once: every backup is also copied there, and "
            "checked, whenever it is plugged in."
        )
        intro.setWordWrap(True)
        second_layout.addWidget(intro)
        self.place_label = QLabel()
        self.place_label.setWordWrap(True)
        self.reached_label = QLabel()
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(themed(WARNING_STYLE))
        for label in (self.place_label, self.reached_label, self.note_label, self.warning_label):
            second_layout.addWidget(label)
        row = QHBoxLayout()
        self.choose_button = QPushButton("Choose folder…")
        self.forget_button = QPushButton("Forget the second place")
        row.addWidget(self.choose_button)
        row.addWidget(self.forget_button)
        row.addStretch(1)
        second_layout.addLayout(row)
        layout.addWidget(second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choose_button.clicked.connect(self.choose)
        self.forget_button.clicked.connect(self.forget)
        self._note = ""
        self.refresh()

    def refresh(self) -> None:
        """Show the second place as stored now."""
        status = self._clinic.second_place()
        if status.place is None:
            self.place_label.setText("No second place chosen yet.")
            self.reached_label.setText("")
        else:
            state = "plugged in" if status.reachable else "not reachable now"
            self.place_label.setText(f"Folder: {status.place} ({state})")
            self.reached_label.setText(f"Last reached: {_when(status.last_reached)}")
        warning = self._clinic.second_place_warning(self._now())
        self.note_label.setText(self._note)
        self.note_label.setVisible(bool(self._note))
        self.warning_label.setText(warning or "")
        self.warning_label.setVisible(bool(warning))
        self.forget_button.setEnabled(status.place is not None)

    def choose(self) -> Path | None:
        """Ask for the folder, store it, and copy the newest backup there."""
        current = self._clinic.second_place().place
        folder = SecondPlaceFolderDialog.ask(self, current or Path.home())
        if folder is None:
            return None
        try:
            self._clinic.set_second_place(folder, now=self._now())
        except ValueError as exc:
            self._note = str(exc)
            self.refresh()
            return None
        notes = [same_disk_warning(self._db_path, folder)]
        if self._on_chosen is not None:
            notes.append(self._on_chosen())
        self._note = "\n\n".join(n for n in notes if n)
        self.refresh()
        return folder

    def forget(self) -> None:
        """Stop copying backups to a second place."""
        self._clinic.set_second_place(None)
        self._note = ""
        self.refresh()

    @classmethod
    def ask(cls, parent: QWidget | None, clinic: Clinic, db_path: Path, backup_dir: Path, **kw):
        dialog = cls(parent, clinic, db_path, backup_dir, **kw)
        dialog.exec()
