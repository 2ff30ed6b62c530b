"""Privacy mode: one shortcut blurs client names on screen while a client can see it.

The client list, the record's name line, the timeline and every window title that names a
client are blurred or masked; everything else stays usable. The same shortcut turns it off.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QGraphicsBlurEffect, QWidget

PRIVACY_SHORTCUT = QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_P)
BLUR_RADIUS = 28.0
MASKED_TITLE = "GluteDesk — privacy mode"


class PrivacyMode(QObject):
    """Blurs the widgets ``targets()`` returns and masks window titles while on."""

    def __init__(self, window: QWidget, targets) -> None:
        super().__init__(window)
        self.window = window
        self._targets = targets
        self._titles: dict[QWidget, str] = {}
        self._blurred: list[QWidget] = []
        self.action = QAction("&Privacy mode (blur client names)", window)
        self.action.setCheckable(True)
        self.action.setShortcut(PRIVACY_SHORTCUT)
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action.toggled.connect(self.set_on)
        # Widgets built later (the timeline, a visit editor) are blurred as they appear.
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(400)
        self.refresh_timer.timeout.connect(self._apply)

    @property
    def on(self) -> bool:
        """Whether privacy mode is on."""
        return self.action.isChecked()

    def set_on(self, on: bool) -> None:
        """Turn privacy mode on or off."""
        if self.action.isChecked() != on:
            self.action.setChecked(on)  # comes back here through toggled
            return
        if on:
            self._apply()
            self.refresh_timer.start()
        else:
            self.refresh_timer.stop()
            self._clear()

    def _apply(self) -> None:
        for widget in self._targets():
            if widget is not None and widget not in self._blurred:
                effect = QGraphicsBlurEffect(widget)
                effect.setBlurRadius(BLUR_RADIUS)
                effect.setBlurHints(QGraphicsBlurEffect.BlurHint.QualityHint)
                widget.setGraphicsEffect(effect)
                self._blurred.append(widget)
        for top in QApplication.topLevelWidgets():
            if top.isVisible() and top not in self._titles and top.windowTitle():
                self._titles[top] = top.windowTitle()
                top.installEventFilter(self)
                top.setWindowTitle(MASKED_TITLE)

    def _clear(self) -> None:
        for widget in self._blurred:
            widget.setGraphicsEffect(None)  # type: ignore[arg-type]
        self._blurred = []
        titles, self._titles = self._titles, {}
        for top, title in titles.items():
            top.removeEventFilter(self)
            top.setWindowTitle(title)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.WindowTitleChange
            and isinstance(watched, QWidget)
            and watched in self._titles
            and watched.windowTitle() != MASKED_TITLE
        ):
            self._titles[watched] = watched.windowTitle()  # the editor renamed itself
            watched.setWindowTitle(MASKED_TITLE)
        return False


def main_window_targets(window) -> list[QWidget | None]:
    """What names a client in the main window: the list, the record's name line, the timeline,
    and the header of every open visit editor."""
    view = window.details.view
    found: list[QWidget | None] = [
        window.client_list.view.table,
        view.name_label,
        view.subtitle_label,
        view.contact_card,  # e-mail addresses and phone numbers carry names too
        getattr(window, "_timeline", None),
    ]
    for editor in getattr(window, "_editors", {}).values():
        found.append(getattr(editor, "title_label", None))
    return found
