"""Assembling the main window: everything at once (:func:`build_main_window`), or its first
sight first and the rest straight after its first paint (:func:`open_main_window`, which the
app uses).

The app's window (:func:`open_main_window`) is deleted, with all its widgets, once its close
is accepted (``WA_DeleteOnClose``): a closed window kept alive by a signal connected to a
lambda (or anything else holding it) would stay among the application's widgets, and every
style or palette change would walk it again. Whoever needs something from the window after it
closed takes it on :attr:`MainWindow.closed <glutedesk.ui.main_window.MainWindow.closed>`.
A window from :func:`build_main_window` belongs to its caller, who deletes it (``deleteLater``,
as pytest-qt does for the tests' windows) when done with it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from glutedesk.storage.clinic import Clinic
from glutedesk.ui import preferences
from glutedesk.ui.first_paint import after_first_paint
from glutedesk.ui.main_window import MainWindow


def build_main_window(clinic: Clinic, db_path: Path, read_only: str | None = None) -> MainWindow:
    """Build the main window with its dependencies (the QApplication must exist).

    ``read_only`` is the reason the database was opened read-only (shown in the window, which
    then offers no editing), or None. The caller deletes the window when done with it.
    """
    window = MainWindow(clinic, Path(db_path), read_only=read_only)
    finish_main_window(window, clinic, Path(db_path), read_only)
    preferences.restore_window(window, {"main": window.splitter})
    return window


def open_main_window(clinic: Clinic, db_path: Path, read_only: str | None = None) -> MainWindow:
    """Build and show the main window as :func:`build_main_window` does, sooner.

    The window is shown with what its first sight needs (the clients, the record panel, the
    menus); :func:`finish_main_window` and the accessible names follow straight after its
    first paint (:mod:`glutedesk.ui.first_paint`), before any other event is handled. The
    window is deleted once its close is accepted.
    """
    before = set(QApplication.topLevelWidgets())
    try:
        window = MainWindow(clinic, Path(db_path), read_only=read_only)
    except BaseException:  # reading the records failed half-way: no half-built window stays
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget not in before:
                widget.deleteLater()
        raise
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preferences.restore_window(window, {"main": window.splitter})
    window.show()
    after_first_paint(
        window, functools.partial(finish_main_window, window, clinic, Path(db_path), read_only)
    )
    after_first_paint(window, functools.partial(_name_widgets, window))
    return window


def finish_main_window(
    window: MainWindow, clinic: Clinic, db_path: Path, read_only: str | None = None
) -> None:
    """Add the lock screen and privacy mode, and the File, Tools and Help menus' actions."""
    from glutedesk.ui.backup_actions import install_backup_actions
    from glutedesk.ui.clinic_files import install_clinic_files
    from glutedesk.ui.clinic_jobs import install_clinic_jobs
    from glutedesk.ui.help_actions import install_help_actions
    from glutedesk.ui.protection import install_protection

    window.protection = install_protection(window, clinic)  # lock screen, privacy mode
    actions = install_backup_actions(window, clinic, Path(db_path))
    window.backup_actions = actions
    install_help_actions(window, window.help_menu)
    if read_only:
        actions.timer.stop()  # no automatic backups of a file that cannot record them
    window.clinic_files = install_clinic_files(window, Path(db_path))
    window.clinic_jobs = install_clinic_jobs(window, clinic, Path(db_path))
    if read_only:
        window.set_read_only(read_only)  # again: the title now names the clinic file


def _name_widgets(window: QWidget) -> None:
    """Install the accessible names and give them to the widgets already shown."""
    from glutedesk.ui.accessibility import install_accessible_names, name_shown_widgets

    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_accessible_names(app)
    name_shown_widgets(window)
