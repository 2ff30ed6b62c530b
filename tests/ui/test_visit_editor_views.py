"""The split sections keep layout and logic apart (TagStudio's rule, docs/visit-editor.md).

Each split section is a controller holding a layout-only view: the view module imports no rule
of the domain, and the controller lays itself out with exactly that view.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLayout

from glutedesk.ui.visit_editor.editor import PLAN, SUBJECTIVE, TREATMENT

VIEWS = Path(__file__).resolve().parents[2] / "glutedesk" / "ui" / "visit_editor"
# Modules of the domain that hold rules; a view may use models, ids and catalogues only.
RULE_MODULES = ("save_gate", "validation", "record_rules", "pain", "red_flags", "outcomes")


@pytest.mark.parametrize("module", ["plan_view", "subjective_view", "treatment_view"])
def test_a_view_imports_no_rule(module):
    tree = ast.parse((VIEWS / f"{module}.py").read_text(encoding="utf-8"))
    imported = [
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    ]
    rules = [
        m
        for m in imported
        if m.startswith("glutedesk.domain.") and m.rsplit(".", 1)[1] in RULE_MODULES
    ]
    assert rules == []
    # and it holds no handler of its own: nothing in it connects a signal
    assert ".connect(" not in (VIEWS / f"{module}.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "index, view_name",
    [
        (SUBJECTIVE, "SubjectiveView"),
        (TREATMENT, "TreatmentView"),
        (PLAN, "PlanView"),
    ],
)
def test_a_section_is_laid_out_by_its_view(clinic, make_editor, index, view_name):
    editor = make_editor(clinic["Liam"])
    section = editor.section(index)
    assert isinstance(section.view, QLayout)
    assert type(section.view).__name__ == view_name
    assert section.layout() is section.view
    # the view's public widgets read as the section's own; a name neither has is an error
    first = section.first_input()
    assert first is not None and first.parent() is not None
    with pytest.raises(AttributeError):
        section.no_such_widget  # noqa: B018
