"""What the main window says about a clinic with no clients yet (never a command to type)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from glutedesk.ui.keys import key_text

NEW_CLIENT_KEY = Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_N


def empty_database_message(db_path: Path) -> str:
    """The right-hand panel's text (rich text) for a database without clients."""
    return (
        "<p>No clients yet.</p>"
        "<p>Add your first client with <b>File ▸ New client…</b> "
        f"({html.escape(key_text(QKeySequence(NEW_CLIENT_KEY)))}).</p>"
        f"<p>Your records are kept in {html.escape(str(db_path))}.</p>"
    )
