"""Shortcuts are the platform's standard keys, shown in its own form (⌘S on macOS)."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtGui import QKeySequence

from glutedesk.ui import report_actions as ra
from glutedesk.ui.keys import StandardKey, key_combinations, key_text

UI = Path(__file__).resolve().parents[2] / "glutedesk" / "ui"
KEY_NAMES_MODULE = UI / "keys.py"  # the one place that may spell a key out


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def test_no_literal_ctrl_strings_in_the_ui():
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        if path == KEY_NAMES_MODULE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                literal = [a for a in node.args if isinstance(a, ast.Constant)]
                if name in ("QKeySequence", "setShortcut", "QShortcut") and any(
                    isinstance(a.value, str) for a in literal
                ):
                    offenders.append(f"{path.name}:{node.lineno} {name}({literal[0].value!r})")
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and ("Ctrl+" in node.value or "Ctrl-" in node.value)
            ):
                offenders.append(f"{path.name}:{node.lineno} {node.value!r}")
    assert offenders == []


def test_main_window_actions_use_standard_keys(window):
    expected = {
        window.new_visit_action: StandardKey.New,
        window.find_action: StandardKey.Find,
        window.reports.actions[("progress", ra.PREVIEW)]: StandardKey.Print,
        window.reports.clinic_action: StandardKey.Preferences,
    }
    for action, key in expected.items():
        bindings = QKeySequence.keyBindings(key)
        if bindings:  # some platforms have none for a key (Preferences on Windows)
            assert action.shortcut() == bindings[0], action.text()
            shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            assert shown == key_text(key)
    quit_keys = QKeySequence.keyBindings(StandardKey.Quit)
    assert window.quit_action.shortcuts() == (quit_keys or [QKeySequence("Ctrl+Q")])


def test_the_visit_editor_saves_with_the_platforms_save_key(clinic, make_editor):
    editor = make_editor(clinic["Zoë"])
    save = key_combinations(StandardKey.Save)
    assert save and all(editor._keys[c] == editor.save for c in save)
    assert key_text(StandardKey.Save) in editor.save_button.text()
