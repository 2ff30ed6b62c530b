"""Wires the lock screen, privacy mode and Security and privacy settings into the main window
(one call from the composition root, :func:`glutedesk.ui.app.build_main_window`)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction

from glutedesk.storage.clinic import Clinic
from glutedesk.ui.lock_screen import LockScreen
from glutedesk.ui.privacy import PrivacyMode, main_window_targets


@dataclass
class Protection:
    """The window's lock screen, privacy mode and the action opening their settings."""

    lock: LockScreen
    privacy: PrivacyMode
    settings_action: QAction

    def open_settings(self) -> None:
        """Show Security and privacy; the idle timer follows what was saved."""
        from glutedesk.ui.security_dialog import SecurityDialog

        SecurityDialog(self.lock.clinic, self.lock.window).exec()
        self.lock.restart()


def install_protection(window, clinic: Clinic) -> Protection:
    """Add File ▸ Lock now, Privacy mode (each with its shortcut) and Security and privacy…"""
    lock = LockScreen(window, clinic, clinic.lock_minutes)
    privacy = PrivacyMode(window, lambda: main_window_targets(window))
    settings_action = QAction("Securit&y and privacy…", window)
    protection = Protection(lock, privacy, settings_action)
    settings_action.triggered.connect(protection.open_settings)
    menu = window.file_menu
    before = window.quit_action
    menu.insertAction(before, lock.action)
    menu.insertAction(before, privacy.action)
    menu.insertAction(before, settings_action)
    menu.insertSeparator(before)
    return protection
