"""Help ▸ Open log folder: the support log's folder in the system's file manager."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMainWindow, QMenu

from glutedesk.storage.app_log import configured_folder, default_log_folder
from glutedesk.storage.private_files import make_private_dir
from glutedesk.ui.dialogs import ErrorMessage


class FolderOpener:
    """Shows a folder in the system's file manager (tests replace ``open``)."""

    @classmethod
    def open(cls, folder: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def log_folder() -> Path:
    """The folder this process logs to (the user log folder unless told otherwise)."""
    return configured_folder() or default_log_folder()


def open_log_folder(window: QMainWindow) -> Path | None:
    """Open the log folder (made if missing); explain when it cannot be shown."""
    folder = log_folder()
    try:
        make_private_dir(folder)
    except OSError as exc:
        ErrorMessage.ask(window, "The log folder could not be made", f"{folder}: {exc}")
        return None
    if not FolderOpener.open(folder):
        ErrorMessage.ask(
            window,
            "No file manager",
            f"GluteDesk could not open a file manager. The log folder is {folder}",
        )
        return None
    window.statusBar().showMessage(f"Log folder: {folder}", 8000)
    return folder


def install_help_actions(window: QMainWindow, help_menu: QMenu) -> QAction:
    """Add Open log folder to ``help_menu`` above About; return the action."""
    action = QAction("Open &log folder", window)
    action.setObjectName("openLogFolder")
    action.setToolTip(f"Show the folder with GluteDesk's log for support: {log_folder()}")
    action.triggered.connect(lambda: open_log_folder(window))
    first = help_menu.actions()[0] if help_menu.actions() else None
    help_menu.insertAction(first, action)
    help_menu.insertSeparator(first)
    return action
