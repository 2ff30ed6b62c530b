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


def test_readme_screenshot_exists():
    assert (ROOT / "docs" / "screenshots" / "main-window.png").is_file()
