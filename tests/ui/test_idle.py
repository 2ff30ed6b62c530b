"""Work done in a pause is told, once, when the therapist comes back."""

from __future__ import annotations

from glutedesk.ui import idle


def test_a_callback_is_called_once_at_the_next_input_unless_cancelled():
    called: list[str] = []
    idle.call_on_input(lambda: called.append("first"))
    cancel = idle.call_on_input(lambda: called.append("cancelled"))
    cancel()
    cancel()  # twice does nothing
    idle.note_input()
    idle.note_input()
    assert called == ["first"]
    assert idle.idle_seconds() < 60
