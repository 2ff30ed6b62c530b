"""The README stays true: every command is documented, the two commands are there."""

from __future__ import annotations

from pathlib import Path

from glutedesk.cli import _register_command_modules, cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    _register_command_modules()
    missing = [name for name in cli.commands if f"`glutedesk {name}" not in README]
    assert missing == []


def test_the_two_commands_and_ci():
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_screenshot_is_a_real_window_picture():
    """The README shows the main window: a PNG it links to, at least laptop-window sized."""
    import re
    import struct

    links = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", README)
    assert "docs/screenshots/main-window.png" in links
    for link in links:
        data = (ROOT / link).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", link
        width, height = struct.unpack(">II", data[16:24])
        assert width >= 640 and height >= 400, (link, width, height)
