"""The support log: standard logging configured once, rotating, faulthandler for hard crashes,
Help ▸ Open log folder, and About naming every third-party component with its licence."""

from __future__ import annotations

import logging
import logging.handlers
import subprocess
import sys
import textwrap

import pytest

from glutedesk import __version__
from glutedesk.storage import app_log
from glutedesk.storage.clinic import Clinic
from glutedesk.third_party import COMPONENTS
from glutedesk.ui import help_actions
from glutedesk.ui.about_text import about_html
from glutedesk.ui.app import announce_start, build_main_window, make_excepthook, start_log


@pytest.fixture(autouse=True)
def fresh_logging():
    app_log.stop_logging()
    yield
    app_log.stop_logging()


def glutedesk_handlers() -> list[logging.Handler]:
    return [
        h
        for h in logging.getLogger("glutedesk").handlers
        if isinstance(h, logging.handlers.RotatingFileHandler)
    ]


def test_logging_is_configured_once_and_rotates(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    path = app_log.configure_logging(folder, crashes=False)
    assert app_log.configure_logging(folder, crashes=False) == path
    assert len(glutedesk_handlers()) == 1  # a second call adds nothing
    handler = glutedesk_handlers()[0]
    handler.maxBytes = 2_000  # rotate soon, as a long-running app would at 1 MB
    log = logging.getLogger("glutedesk.ui")
    for n in range(200):
        log.info("line %d of the support log", n)
    handler.flush()
    backups = sorted(p.name for p in folder.iterdir() if p.name.startswith("glutedesk.log."))
    assert backups == [f"glutedesk.log.{n}" for n in range(1, app_log.BACKUPS + 1)]
    assert "line 199 of the support log" in path.read_text(encoding="utf-8")
    assert path.stat().st_size <= 2_000 + 200


def test_the_app_start_is_logged_with_the_version(tmp_path):
    path = start_log(tmp_path / "logs")
    for handler in glutedesk_handlers():
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert f"GluteDesk {__version__}" in text and "INFO" in text
    assert (tmp_path / "logs" / app_log.CRASH_NAME).exists()


def test_a_hard_crash_is_written_to_the_crash_file(tmp_path):
    script = textwrap.dedent(
        f"""
        import faulthandler
        from pathlib import Path
        from glutedesk.storage.app_log import configure_logging
        configure_logging(Path({str(tmp_path)!r}))
        faulthandler._sigsegv()
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode != 0
    crash = (tmp_path / app_log.CRASH_NAME).read_text(encoding="utf-8")
    assert "Fatal Python error" in crash and "Segmentation fault" in crash


def test_the_window_turns_on_the_crash_file_first_and_the_log_once_it_is_up(tmp_path):
    """The window's start (issue #14): crash file at once, the rotating log after the paint."""
    folder = tmp_path / "logs"
    path = start_log(folder, announce=False, later=True)
    assert (folder / app_log.CRASH_NAME).exists()  # a crash while starting is still caught
    assert glutedesk_handlers() == [] and app_log.configured_folder() is None
    shown: list[str] = []
    hook = make_excepthook(path, show=shown.append)
    try:
        raise ValueError("before the paint")
    except ValueError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert "ValueError: before the paint" in path.read_text(encoding="utf-8")  # not lost
    assert shown and "Traceback" not in shown[0]
    announce_start()  # the window is up
    assert app_log.configured_folder() == folder and len(glutedesk_handlers()) == 1
    for handler in glutedesk_handlers():
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "before the paint" in text and f"GluteDesk {__version__}" in text
    assert (folder / app_log.CRASH_NAME).exists()


def test_help_opens_the_log_folder(clinic, file_db, db_path, qtbot, tmp_path, monkeypatch):
    start_log(tmp_path / "support")
    opened = []
    monkeypatch.setattr(
        help_actions.FolderOpener, "open", classmethod(lambda cls, f: opened.append(f) or True)
    )
    window = build_main_window(Clinic(file_db), db_path)
    qtbot.addWidget(window)
    [action] = [a for a in window.help_menu.actions() if a.objectName() == "openLogFolder"]
    action.trigger()
    assert opened == [tmp_path / "support"] and opened[0].is_dir()
    assert "support" in window.statusBar().currentMessage()


def test_default_log_folder_is_the_users_log_folder():
    folder = app_log.default_log_folder()
    assert folder.name in ("log", "Logs", "GluteDesk") and "GluteDesk" in str(folder)


def test_about_lists_every_component_with_its_licence():
    text = about_html()
    assert __version__ in text
    for component in COMPONENTS:
        assert component.name.replace("&", "&amp;") in text or component.name in text
        assert component.licence.split(" (")[0] in text
    assert "pypdfium2" in text
