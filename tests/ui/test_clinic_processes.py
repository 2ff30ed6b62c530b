"""Outside in, with real ``glutedesk`` processes: the last clinic reopens next time, and a second
launch on an open clinic hands over to the running window instead of opening it twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.lock_file import database_in_use
from glutedesk.ui.app import build_main_window
from glutedesk.ui.single_instance import InstanceServer, bring_forward
from tests.factories import make_client

START_TIMEOUT = 120  # seconds: a busy 2-core machine starts Qt slowly


@pytest.fixture
def desktop(tmp_path):
    """A private home and configuration folder for the launched processes."""
    home = tmp_path / "home"
    config = tmp_path / "config"
    home.mkdir()
    config.mkdir()
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(config),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env, config


@pytest.fixture
def clinic_file(tmp_path):
    path = tmp_path / "clinics" / "harbour-street.sqlite3"
    path.parent.mkdir()
    clinic = Clinic.open(path)
    clinic.save_client(make_client(first_name="Nadia", last_name="Okafor"))
    clinic.close()
    return path


def _launch(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "glutedesk", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not condition():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(
                f"{what}: the app exited ({proc.returncode}): {proc.stderr.read()}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _settings_text(config: Path) -> str:
    ini = config / "GluteDesk" / "GluteDesk.ini"
    return ini.read_text(encoding="utf-8") if ini.exists() else ""


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def test_the_last_clinic_opens_next_time(desktop, clinic_file):
    env, config = desktop
    first = _launch(env, "--db", str(clinic_file))
    try:
        _wait_for(lambda: str(clinic_file) in _settings_text(config), "the last clinic", first)
        assert database_in_use(clinic_file) == first.pid
    finally:
        _stop(first)  # even a hard stop keeps the preference: it was saved when the window opened
    second = _launch(env)  # no --db: the clinic open last time
    try:
        _wait_for(lambda: database_in_use(clinic_file) == second.pid, "the reopening", second)
        default = Path(env["XDG_DATA_HOME"]) / "GluteDesk" / "glutedesk.sqlite3"
        assert not default.exists()  # the default clinic was not created instead
    finally:
        _stop(second)


def test_a_second_launch_brings_the_running_window_forward(desktop, clinic_file):
    env, config = desktop
    running = _launch(env, "--db", str(clinic_file))
    try:
        _wait_for(lambda: str(clinic_file) in _settings_text(config), "the window", running)
        again = _launch(env, "--db", str(clinic_file))
        _out, err = again.communicate(timeout=START_TIMEOUT)
        # 0 only once the running copy answered "ok", after bringing its window forward; a
        # refusal would show "already open" (and, offscreen, wait for a click forever).
        assert again.returncode == 0, err
        assert running.poll() is None  # still running, still holding the clinic
        assert database_in_use(clinic_file) == running.pid
    finally:
        _stop(running)


HAND_OVER = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from glutedesk.ui.single_instance import hand_over
app = QCoreApplication([])
sys.exit(0 if hand_over(Path(sys.argv[1])) else 3)
"""


def test_the_handed_over_request_unminimises_and_focuses_the_window(
    qtbot, clinic, file_db, db_path
):
    window = build_main_window(Clinic(file_db), db_path)
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    asked: list[Path] = []

    def on_request(path: Path) -> None:
        asked.append(path)
        bring_forward(window)

    server = InstanceServer(db_path, on_request)
    assert server.listen()
    try:
        proc = subprocess.Popen([sys.executable, "-c", HAND_OVER, str(db_path)])
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=START_TIMEOUT * 1000)
        assert proc.returncode == 0
        assert asked == [db_path.absolute()]
        assert not window.isMinimized() and window.isVisible()
    finally:
        server.close()
