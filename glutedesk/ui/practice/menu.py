"""Practice ▸ Practice insights…: the menu item; the view itself loads when first opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from glutedesk.ui.window_fit import fit_window


def install_practice_menu(window: QMainWindow, menu_bar: QMenuBar, db_path: Path) -> QMenu:
    """Add the Practice menu (Practice insights…, with its shortcut) to ``window``'s menu bar."""
    menu = menu_bar.addMenu("&Practice")
    action = QAction("Practice &insights…", window)
    action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_I))
    menu.addAction(action)

    def open_window() -> None:
        existing = getattr(window, "practice_window", None)
        if existing is None:
            from glutedesk.ui.practice.window import PracticeWindow  # loaded when first opened

            existing = PracticeWindow(db_path, window)
            existing.setWindowFlag(Qt.WindowType.Window, True)
            fit_window(existing, 1280, 820)
            window.practice_window = existing  # type: ignore[attr-defined]
            existing.refresh()
        existing.show()
        existing.raise_()
        existing.activateWindow()

    action.triggered.connect(open_window)
    menu.practice_action = action  # type: ignore[attr-defined]
    return menu
