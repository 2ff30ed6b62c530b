"""The busy cursor: shown while the window works for a moment on what the therapist asked.

Everything that can keep the window from answering for more than 100 ms shows that it is busy
(the list is in docs/benchmark.md): a wait cursor for the short ones (opening the visit editor
or a timeline, an automatic backup), a progress dialog for the long ones (backups, restores,
reports).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication


@contextmanager
def busy_cursor() -> Iterator[None]:
    """Show the wait cursor over the application for the ``with`` block (restored on errors)."""
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
