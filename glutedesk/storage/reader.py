"""What a read needs of the database: ``execute``.

sqlite-utils' ``Database`` and a plain ``sqlite3`` (or SQLCipher) connection both offer it, so
the reads the first window makes (the client list, its search and count) take either: the
Clinic gives them its plain connection, and sqlite-utils need not be loaded to paint the window.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Protocol


class Reader(Protocol):
    """An open database that runs one SQL statement and returns its cursor."""

    def execute(self, sql: str, parameters: Any = ..., /) -> sqlite3.Cursor:
        """Run ``sql`` with ``parameters``; return the cursor over its rows."""
        ...
