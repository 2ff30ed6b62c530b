"""Standard keys in each platform's own form: Ctrl+S on Windows and Linux, ⌘S on macOS.

Shortcuts use :class:`QKeySequence.StandardKey` wherever one exists (a test scans the ui for
literal "Ctrl+" strings); the text shown to the therapist comes from the same sequence.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QKeySequence

StandardKey = QKeySequence.StandardKey


def key_text(key: StandardKey | QKeySequence) -> str:
    """The shortcut as this platform writes it in menus, e.g. "Ctrl+S" or "⌘S"."""
    sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def standard_or(key: StandardKey, fallback: QKeySequence) -> list[QKeySequence]:
    """The platform's bindings for ``key``, or ``fallback`` where it has none (Quit on
    Windows and Qt's generic platforms)."""
    return QKeySequence.keyBindings(key) or [fallback]


def key_combinations(key: StandardKey) -> list[tuple[int, int]]:
    """Every (key, modifiers) pair this platform binds to ``key`` (for key-event filters)."""
    return [
        (seq[0].key().value, seq[0].keyboardModifiers().value)
        for seq in QKeySequence.keyBindings(key)
        if seq.count()
    ]


def multi_select_click() -> str:
    """How a click adds to a selection here: "Ctrl+click", or "⌘-click" on macOS."""
    return "⌘-click" if sys.platform == "darwin" else "Ctrl+click"
