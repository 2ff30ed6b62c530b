"""The visit editor's keyboard and section navigation (the keys are in docs/visit-editor.md).

Save (the standard key), Ctrl+PgDown/PgUp, Ctrl+Down/Up, Alt+R, Alt+P, Alt+L and Alt+N are
caught before any input sees them, whichever widget has focus: by an event filter on the
widget with the keyboard focus (the one Qt hands a key to first), moved with the focus.
Going to a section builds it first if it has not been shown yet, so a keyboard jump lands on a
filled page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from glutedesk.ui.input_guard import InputGuard, focus_in_view
from glutedesk.ui.keys import StandardKey, key_combinations
from glutedesk.ui.lock_screen import LockScreen

SUBJECTIVE, PAIN_MAP, OBJECTIVE, OUTCOMES, TREATMENT, PLAN = range(6)
SECTION_COUNT = 6
_CTRL = Qt.KeyboardModifier.ControlModifier.value
_ALT = Qt.KeyboardModifier.AltModifier.value
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)


class NavigationMixin:
    """Sections and keys for :class:`VisitEditor` (which provides ``section`` and the view)."""

    def _install_keys(self) -> None:
        # Save, Ctrl+PgDown and Ctrl+PgUp are caught before any input sees them (spin boxes
        # and text boxes have their own uses for PgUp/PgDown), whichever widget has focus.
        self._keys: dict[tuple[int, int], Callable[[], object]] = {
            **{combination: self.save for combination in key_combinations(StandardKey.Save)},
            (Qt.Key.Key_PageDown.value, _CTRL): self.next_section,
            (Qt.Key.Key_PageUp.value, _CTRL): self.previous_section,
            (Qt.Key.Key_Down.value, _CTRL): lambda: self.jump_test(1),
            (Qt.Key.Key_Up.value, _CTRL): lambda: self.jump_test(-1),
            (Qt.Key.Key_R.value, _ALT): self.toggle_screened,
            (Qt.Key.Key_P.value, _ALT): self.focus_psfs,
            (Qt.Key.Key_L.value, _ALT): self.nerve_same_as_last,
            (Qt.Key.Key_N.value, _ALT): self.nerve_resolved,
        }
        # Qt hands a key (and the shortcut check before it) to the window's focus widget
        # first, or to the window when none has it: the filter sits on both, and moves with
        # the focus (the window says when its focus moves, active or not). On the application
        # it was handed every event of every window (thousands for each editor shown), each
        # wrapped for Python on its way.
        self._key_holder: QWidget | None = None
        self._focus_source: QWindow | None = None
        self.installEventFilter(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        handle = self.windowHandle()
        if handle is not None and handle is not self._focus_source:
            handle.focusObjectChanged.connect(self._follow_focus)
            self._focus_source = handle
        self._follow_focus(self.focusWidget())

    def _follow_focus(self, focus: QObject | None) -> None:
        holder = focus if isinstance(focus, QWidget) and focus is not self else None
        if holder is self._key_holder:
            return
        if self._key_holder is not None and shiboken6.isValid(self._key_holder):
            self._key_holder.removeEventFilter(self)
        self._key_holder = holder
        if holder is not None:
            holder.installEventFilter(self)

    def _remove_keys(self) -> None:
        """Stop catching the editor's keys (it is closing)."""
        source, self._focus_source = self._focus_source, None
        if source is not None and shiboken6.isValid(source):
            with suppress(RuntimeError):  # not connected
                source.focusObjectChanged.disconnect(self._follow_focus)
        self._follow_focus(None)
        self.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The focused widget's events pass here: leave all but keys at once.
        if event.type() not in _KEY_EVENTS:
            return False
        if isinstance(watched, QWidget):
            key_event: QKeyEvent = event  # type: ignore[assignment]
            modifiers = key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            action = self._keys.get((key_event.key(), modifiers.value))
            if action is not None and watched.window() is self:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # the key press comes to us next, not to a shortcut
                    return True
                action()
                return True
        return super().eventFilter(watched, event)

    # Navigation ------------------------------------------------------------------------------

    def current_section(self) -> int:
        return self.stack.currentIndex()

    def go_to(self, index: int) -> None:
        index = max(0, min(index, SECTION_COUNT - 1))
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        else:
            self._on_nav(index)

    def next_section(self) -> None:
        self.go_to(self.current_section() + 1)

    def previous_section(self) -> None:
        self.go_to(self.current_section() - 1)

    def jump_test(self, step: int) -> None:
        """Ctrl+Down / Ctrl+Up: the next or previous test of the battery."""
        if self.current_section() != OBJECTIVE:
            self.go_to(OBJECTIVE)
            return
        self.objective.jump_test(step, self.focusWidget())

    def toggle_screened(self) -> None:
        """Alt+R: tick (or untick) "red flags screened" and show the checklist."""
        self.go_to(SUBJECTIVE)
        box = self.subjective.red_flags.screened
        box.setChecked(not box.isChecked())
        focus_in_view(box)

    def focus_psfs(self) -> None:
        """Alt+P: the first PSFS rating, to re-rate the activities."""
        self.go_to(SUBJECTIVE)
        rating = self.subjective.psfs.ratings[0]
        focus_in_view(rating)
        rating.selectAll()

    def nerve_same_as_last(self) -> None:
        """Alt+L: record the last visit's nerve-symptom advice again (when the prompt shows)."""
        prompt = self.subjective.nerve_prompt
        if prompt.isVisible() and prompt.same_as_last():
            self.go_to(SUBJECTIVE)
            focus_in_view(prompt.note)

    def nerve_resolved(self) -> None:
        """Alt+N: the nerve-type symptoms have gone; untick them (when the prompt shows)."""
        if self.subjective.nerve_prompt.isVisible():
            self.go_to(SUBJECTIVE)
            self.subjective.untick_nerve_symptoms()

    def _on_nav(self, index: int) -> None:
        if index < 0:
            return
        section = self.section(index)
        changed = self.stack.currentIndex() != index
        self.stack.setCurrentIndex(index)
        if changed:
            self.autosave()
        target = section.first_input()
        if target is not None:
            focus_in_view(target)


_paused = 0  # how many input_watchers_paused blocks are open (they nest)


@contextmanager
def input_watchers_paused() -> Iterator[None]:
    """Take the application's input watchers (the input guard, the idle lock's timer) off the
    application for a ``with`` block that builds or shows widgets and reads no input.

    Building or showing an editor sends each of its widgets dozens of events (polish, palette,
    style, parent changes, show, move: 50,000 for Objective, some 1,600 for a new visit's
    editor) and each Python filter costs microseconds for every one. No input arrives until the
    block returns to the event loop.
    """
    global _paused
    app = QApplication.instance()
    if not isinstance(app, QApplication) or _paused:
        _paused += 1
        try:
            yield
        finally:
            _paused -= 1
        return
    paused = _input_watchers(app)
    for event_filter in paused:
        app.removeEventFilter(event_filter)
    _paused += 1
    try:
        yield
    finally:
        _paused -= 1
        for event_filter in reversed(paused):
            if shiboken6.isValid(event_filter):
                app.installEventFilter(event_filter)


def _input_watchers(app: QApplication) -> list[QObject]:
    """The application filters that only look at input: the input guard and the idle locks."""
    # Not through app.topLevelWidgets(): a window being destroyed is still listed there, and
    # wrapping it crashes (seen in the suite when an editor closes while a section is built).
    guard = app.findChild(InputGuard)
    return [*([guard] if guard is not None else []), *LockScreen.watching()]
