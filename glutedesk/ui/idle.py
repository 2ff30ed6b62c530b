"""How long the therapist has left the keyboard and mouse alone, for work that waits for a pause.

The idle lock (:mod:`glutedesk.ui.lock_screen`) already sees every key press and mouse event of
the application; it notes each one here, so nothing else needs an application-wide event filter
of its own (each one costs every event a trip through Python). Work done in a pause can ask to
be told when the therapist comes back (:func:`call_on_input`), to make way at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable

_last_input = time.monotonic()
_on_input: list[Callable[[], None]] = []


def note_input() -> None:
    """Record that the therapist pressed a key, clicked, scrolled or moved the mouse just now."""
    global _last_input
    _last_input = time.monotonic()
    if _on_input:  # every input event comes here: nothing more to do unless someone waits
        waiting = list(_on_input)
        _on_input.clear()
        for callback in waiting:
            callback()


def idle_seconds() -> float:
    """Seconds since the last input noted (since this module loaded, when there was none)."""
    return time.monotonic() - _last_input


def call_on_input(callback: Callable[[], None]) -> Callable[[], None]:
    """Call ``callback`` once, at the next input noted; return what cancels that (GUI thread)."""
    _on_input.append(callback)

    def cancel() -> None:
        if callback in _on_input:
            _on_input.remove(callback)

    return cancel
