"""The app's face and the built app's start-up check: icons made from the SVG, the About box's
component list, the window watched by glutedesk/ui/smoke.py, the Qt system-library check."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from glutedesk.third_party import COMPONENTS
from glutedesk.ui.about_text import about_box, about_html

ROOT = Path(__file__).resolve().parents[2]


def test_icons_are_made_from_the_svg(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_icons.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    from PIL import Image

    ico = Image.open(tmp_path / "glutedesk.ico")
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    assert Image.open(tmp_path / "glutedesk.icns").size == (1024, 1024)
    small = Image.open(tmp_path / "glutedesk-16.png").convert("RGBA")
    colours = {small.getpixel((x, y)) for x in range(16) for y in range(16)}
    assert len(colours) > 8  # drawn, not blank


def test_about_lists_every_component_and_how_the_lgpl_is_met():
    text = about_html()
    for component in COMPONENTS:
        assert component.name.replace("&", "&amp;") in text
    assert "LGPL" in text and "replace" in text and "download.qt.io" in text


def test_the_about_window_fits_a_small_laptop_screen(qtbot):
    dialog = about_box(None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= 600 and dialog.width() <= 800
    from PySide6.QtWidgets import QTextBrowser

    browser = dialog.findChild(QTextBrowser, "about_text")
    assert "Qt 6 and Qt for Python" in browser.toPlainText()
    assert browser.verticalScrollBar().maximum() > 0  # the list scrolls instead of growing


@pytest.fixture(scope="module")
def demo_clinic(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "clinic.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "glutedesk", "--db", str(path), "demo"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return path


def test_the_start_up_check_sees_the_real_window(demo_clinic, tmp_path):
    report = tmp_path / "window.json"
    shot = tmp_path / "window.png"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "GLUTEDESK_SMOKE_REPORT": str(report),
        "GLUTEDESK_SMOKE_SCREENSHOT": str(shot),
        "HOME": str(tmp_path),
    }
    proc = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "glutedesk_main.py"), "--db", str(demo_clinic)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["window"] == "up"
    assert data["clients_listed"] == 24
    assert data["has_icon"] is True
    assert data["charts_drawn"] >= 1
    assert data["title"].startswith("GluteDesk")
    assert shot.stat().st_size > 10_000


def test_the_start_up_check_reports_a_message_box_instead(tmp_path):
    report = tmp_path / "window.json"
    not_a_db = tmp_path / "notes.sqlite3"
    not_a_db.write_bytes(b"this is not a database" * 100)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "GLUTEDESK_SMOKE_REPORT": str(report),
        "HOME": str(tmp_path),
    }
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "glutedesk_main.py"), "--db", str(not_a_db)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["window"] == "message"
    assert data["text"]


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("gcc") is None,
    reason="needs Linux and a C compiler to build a plugin with a missing library",
)
def test_qt_library_check_names_what_is_missing(tmp_path):
    script = ROOT / "packaging" / "linux" / "check-qt-libs.sh"
    qt = tmp_path / "Qt"
    plugin_dir = qt / "plugins" / "platforms"
    plugin_dir.mkdir(parents=True)
    dep_dir = tmp_path / "dep"
    dep_dir.mkdir()
    (tmp_path / "x.c").write_text("int glutedesk_test(void) { return 1; }\n")
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-o", str(dep_dir / "libgdmissing.so.1"),
         "-Wl,-soname,libgdmissing.so.1", str(tmp_path / "x.c")],
        check=True,
    )  # fmt: skip
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-o", str(plugin_dir / "libqxcb.so"), str(tmp_path / "x.c"),
         "-Wl,--no-as-needed", "-L", str(dep_dir), "-l:libgdmissing.so.1"],
        check=True,
    )  # fmt: skip
    ok = subprocess.run(["sh", str(script), str(ROOT / ".venv")], capture_output=True, text=True)
    shutil.rmtree(dep_dir)
    proc = subprocess.run(["sh", str(script), str(qt)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "libgdmissing.so.1" in proc.stderr
    assert "Traceback" not in ok.stderr
    assert "libxcb-icccm.so.4) echo libxcb-icccm4" in script.read_text()
