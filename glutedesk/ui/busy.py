"""The busy cursor: shown while the window works for a moment on what the therapist asked.

Everything that can keep the window from answering for more than 100 ms shows that it is busy
(the list is in docs/benchmark.md): a wait cursor for the short ones (opening the visit editor
or a timeline), a progress dialog for the long ones (backups, restores, reports). The hourly
automatic backup needs neither: it runs in its own thread (:mod:`glutedesk.ui.auto_backup`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget


@contextmanager
def busy_cursor() -> Iterator[None]:
    """Show the wait cursor over the application for the ``with`` block (restored on errors)."""
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def busy_dialog(parent: QWidget | None, label: str, show_after_ms: int) -> QProgressDialog:
    """A window-modal progress dialog with no Cancel button, at "busy" (0 of 0) until the work
    reports steps; it appears only after ``show_after_ms``, so a quick job never flashes one."""
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setWindowTitle("GluteDesk")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(show_after_ms)
    dialog.setAutoClose(False)
    dialog.setValue(0)
    return dialog
