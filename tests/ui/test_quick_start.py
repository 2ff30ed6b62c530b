"""Start-up shortcuts that must not change what the therapist gets (docs/benchmark.md).

``glutedesk`` with no command opens the window without building the command line first, and a
large clinic paints the first page of its client list before the rest is read.
"""

from __future__ import annotations

from pathlib import Path

from glutedesk.launcher import window_database
from glutedesk.storage.clients import save_client
from glutedesk.ui.main_window import FIRST_PAGE
from tests.factories import make_client


def test_only_the_window_arguments_skip_the_command_line(tmp_path):
    assert window_database([]) is None  # the default database
    assert window_database(["--db", str(tmp_path / "c.sqlite3")]) == tmp_path / "c.sqlite3"
    assert window_database([f"--db={tmp_path / 'c.sqlite3'}"]) == tmp_path / "c.sqlite3"
    # Anything else is the command line's, to run or to explain exactly as before.
    for args in (
        ["demo"],
        ["--help"],
        ["--version"],
        ["--db"],
        ["--db", ""],
        ["--db", str(tmp_path)],  # a folder: click explains it
        ["--db", "x.sqlite3", "check"],
        ["check", "--db", "x.sqlite3"],
    ):
        assert window_database(args) is False, args


def test_a_large_list_paints_its_first_page_then_lists_everyone(qtbot, file_db, make_window):
    for n in range(FIRST_PAGE + 30):
        save_client(file_db, make_client(first_name=f"Ann{n:03d}", last_name="Lee"))
    window = make_window()
    model = window.client_list.model
    assert model.rowCount() == FIRST_PAGE  # what the first paint shows
    qtbot.waitUntil(lambda: model.rowCount() == FIRST_PAGE + 30, timeout=10_000)
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names == sorted(names) and names[0] == "Lee, Ann000"
    assert window.status_label.text().startswith(f"{FIRST_PAGE + 30} clients")


def test_python_m_glutedesk_help_still_goes_to_the_command_line():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "glutedesk", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent,
    )
    assert result.returncode == 0
    assert "Run without a command to open the app." in result.stdout


def test_the_warm_up_loads_the_editor_and_matplotlib_once_in_the_background():
    import subprocess
    import sys

    code = (
        "import sys, threading\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from glutedesk.ui.warm_up import start_warm_up\n"
        "before = [m for m in ('matplotlib', 'glutedesk.ui.visit_editor.editor') "
        "if m in sys.modules]\n"
        "thread = start_warm_up()\n"
        "assert thread is not threading.main_thread() and thread.daemon\n"
        "thread.join(120)\n"
        "after = [m for m in ('matplotlib.backends.backend_qtagg', "
        "'glutedesk.ui.visit_editor.editor', 'glutedesk.reports.charts') if m in sys.modules]\n"
        "print(before, after, start_warm_up())\n"
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=180, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[0] == (
        "[] ['matplotlib.backends.backend_qtagg', 'glutedesk.ui.visit_editor.editor', "
        "'glutedesk.reports.charts'] None"
    )
