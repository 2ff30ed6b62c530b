"""The lock screen: after a while without input, or on demand, every GluteDesk window is
covered and its actions switched off until the passphrase (or the PIN) is typed.

Nothing is closed or hidden: open visit editors and dialogs stay exactly as they were under
their cover, so unsaved edits are kept (their autosave goes on writing drafts).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from typing import ClassVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.errors import DATABASE_FAILURES
from glutedesk.storage.lock_settings import DEFAULT_IDLE_MINUTES
from glutedesk.ui import idle

LOCK_SHORTCUT = QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L)
_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class Cover(QWidget):
    """An opaque cover over one window; the main window's holds the unlock form."""

    unlock_requested = Signal(str)

    def __init__(self, window: QWidget, *, with_form: bool, how: str) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "QWidget#lockCover { background: #1f2d3a; }"
            "QLabel { color: #e8eef3; }"
            "QLabel#lockTitle { font-size: 22pt; font-weight: 600; }"
            "QLabel#lockError { color: #ffb4a8; }"
        )
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel("GluteDesk is locked")
        title.setObjectName("lockTitle")
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        self.field: QLineEdit | None = None
        self.error = QLabel()
        self.error.setObjectName("lockError")
        if with_form:
            note = QLabel(f"The records are hidden. Type the {how} to go on where you left off.")
            layout.addWidget(note, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addSpacing(12)
            self.field = QLineEdit()
            self.field.setObjectName("lockField")
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
            self.field.setPlaceholderText(how[0].upper() + how[1:])
            self.field.setFixedWidth(320)
            self.button = QPushButton("Unlock")
            layout.addWidget(self.field, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(self.error, 0, Qt.AlignmentFlag.AlignHCenter)
            self.field.returnPressed.connect(self._submit)
            self.button.clicked.connect(self._submit)
        else:
            layout.addWidget(
                QLabel("Unlock in the main GluteDesk window."), 0, Qt.AlignmentFlag.AlignHCenter
            )
        layout.addStretch(3)
        window.installEventFilter(self)
        self.setGeometry(window.rect())

    def _submit(self) -> None:
        assert self.field is not None
        self.unlock_requested.emit(self.field.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False


class LockScreen(QObject):
    """Locks every GluteDesk window after ``minutes`` without input or on :meth:`lock`."""

    locked_changed = Signal(bool)
    _made: ClassVar[weakref.WeakSet[LockScreen]] = weakref.WeakSet()

    @classmethod
    def watching(cls) -> Iterator[LockScreen]:
        """The idle locks whose Qt objects still exist (each is an application event filter)."""
        return (lock for lock in list(cls._made) if shiboken6.isValid(lock))

    def __init__(self, window: QWidget, clinic: Clinic, minutes: Callable[[], int]) -> None:
        super().__init__(window)
        LockScreen._made.add(self)
        self.window = window
        self.clinic = clinic
        self._minutes = minutes
        self.covers: list[Cover] = []
        self._disabled: list[QWidget] = []
        self._actions: list[QAction] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.action = QAction("&Lock now", window)
        self.action.setShortcut(LOCK_SHORTCUT)
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action.triggered.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.restart()

    @property
    def locked(self) -> bool:
        """Whether the windows are covered now."""
        return bool(self.covers)

    @property
    def how(self) -> str | None:
        """What unlocks: "passphrase", "PIN", or None when nothing can (no lock possible)."""
        if self.clinic.protected:
            return "passphrase"
        return "PIN" if self.clinic.has_pin() else None

    def restart(self) -> None:
        """Start counting idle time again (after input, or after the settings changed)."""
        try:
            minutes, how = self._minutes(), self.how
        except DATABASE_FAILURES:  # a damaged clinic: open it read-only, with the default lock
            minutes, how = DEFAULT_IDLE_MINUTES, ("passphrase" if self._protected() else None)
        self.action.setEnabled(how is not None)
        if minutes > 0 and how is not None and not self.locked:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def _protected(self) -> bool:
        try:
            return self.clinic.protected
        except DATABASE_FAILURES:
            return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            idle.note_input()
            if not self.locked and self.timer.isActive():
                self.timer.start()  # same interval, counted from now
        return False

    def lock(self) -> None:
        """Cover every visible window and switch off the main window's actions."""
        how = self.how
        if self.locked or how is None:
            return
        self.timer.stop()
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        if self.window not in windows:
            windows.append(self.window)
        for window in windows:
            for child in window.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            ):
                if child.isEnabled() and not child.isWindow():
                    child.setEnabled(False)
                    self._disabled.append(child)
            cover = Cover(window, with_form=window is self.window, how=how)
            cover.show()
            cover.raise_()
            self.covers.append(cover)
            if window is self.window:
                cover.unlock_requested.connect(self._try_unlock)
                assert cover.field is not None
                cover.field.setFocus()
        self._actions = [
            a for a in self.window.findChildren(QAction) if a.isEnabled() and a is not self.action
        ]
        for action in self._actions:
            action.setEnabled(False)
        self.action.setEnabled(False)
        self.locked_changed.emit(True)

    def _try_unlock(self, text: str) -> None:
        cover = next(c for c in self.covers if c.field is not None)
        if self.clinic.protected:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                right = self.clinic.check_passphrase(text)
            finally:
                QApplication.restoreOverrideCursor()
        else:
            right = self.clinic.pin_matches(text)
        if not right:
            assert cover.field is not None
            cover.error.setText(f"That is not the {self.how}.")
            cover.field.selectAll()
            return
        self.unlock()

    def unlock(self) -> None:
        """Uncover the windows as they were (called once the passphrase or PIN was right)."""
        for cover in self.covers:
            cover.parentWidget().removeEventFilter(cover)
            cover.deleteLater()
        self.covers = []
        for widget in self._disabled:
            widget.setEnabled(True)
        self._disabled = []
        for action in self._actions:
            action.setEnabled(True)
        self._actions = []
        self.locked_changed.emit(False)
        self.restart()
