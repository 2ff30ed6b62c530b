"""How long the therapist has left the keyboard and mouse alone, for work that waits for a pause.

The idle lock (:mod:`glutedesk.ui.lock_screen`) already sees every key press and mouse event of
the application; it notes each one here, so nothing else needs an application-wide event filter
of its own (each one costs every event a trip through Python).
"""

from __future__ import annotations

import time

_last_input = time.monotonic()


def note_input() -> None:
    """Record that the therapist pressed a key, clicked, scrolled or moved the mouse just now."""
    global _last_input
    _last_input = time.monotonic()


def idle_seconds() -> float:
    """Seconds since the last input noted (since this module loaded, when there was none)."""
    return time.monotonic() - _last_input
