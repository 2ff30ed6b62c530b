"""The split sections keep layout and logic apart (TagStudio's rule, docs/visit-editor.md).

Each section is a controller holding a layout-only view: the view module imports no rule of
the domain and connects no signal, the controller builds no Qt widget of its own and lays
itself out with exactly that view. Sections are built when first shown, and a section never
shown still gives the visit its values: they are saved and checked all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout

from glutedesk.domain.copy_forward import CARRIED_FORWARD
from glutedesk.domain.models import Treatment
from glutedesk.domain.save_gate import EXERCISES
from glutedesk.storage.visits import get_visit, latest_visit, save_visit
from glutedesk.ui.visit_editor import editor_navigation as page
from tests.factories import make_visit
from tests.ui.conftest import TODAY

VIEWS = Path(__file__).resolve().parents[2] / "glutedesk" / "ui" / "visit_editor"
# Modules of the domain that hold rules; a view may use models, ids and catalogues only.
RULE_MODULES = ("save_gate", "validation", "record_rules", "pain", "red_flags", "outcomes")


VIEW_MODULES = [
    "battery_view",
    "objective_view",
    "outcomes_view",
    "pain_map_view",
    "plan_view",
    "posture_view",
    "questionnaire_view",
    "subjective_view",
    "treatment_view",
]
# Controllers that lay nothing out themselves: no PySide6.QtWidgets class is called in them.
CONTROLLER_MODULES = [
    "battery",
    "objective",
    "outcomes",
    "pain_map",
    "plan",
    "posture",
    "questionnaires",
    "treatment",
]


@pytest.mark.parametrize("module", VIEW_MODULES)
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
        (page.SUBJECTIVE, "SubjectiveView"),
        (page.PAIN_MAP, "PainMapView"),
        (page.OBJECTIVE, "ObjectiveView"),
        (page.OUTCOMES, "OutcomesView"),
        (page.TREATMENT, "TreatmentView"),
        (page.PLAN, "PlanView"),
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


@pytest.mark.parametrize("module", CONTROLLER_MODULES)
def test_a_controller_constructs_no_widget(module):
    tree = ast.parse((VIEWS / f"{module}.py").read_text(encoding="utf-8"))
    qt_widgets = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "PySide6.QtWidgets"
        for alias in node.names
    }
    called = [
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    ]
    assert qt_widgets  # it does use Qt (as base classes and types) ...
    assert [name for name in called if name in qt_widgets] == []  # ... but builds no widget


def test_sections_are_built_when_first_shown(clinic, make_editor):
    editor = make_editor(clinic["Zoë"])
    assert [s.title for s in editor.built_sections()] == ["Subjective"]
    editor.go_to(page.OBJECTIVE)
    assert [s.title for s in editor.built_sections()] == ["Subjective", "Objective"]
    assert editor.view.stack.currentWidget().isAncestorOf(editor.objective)
    editor.go_to(page.PAIN_MAP)
    editor.go_to(page.OUTCOMES)
    assert [s.title for s in editor.built_sections()] == [
        "Subjective",
        "Pain map",
        "Objective",
        "Outcome measures",
    ]


def test_sections_never_shown_are_copied_forward_and_saved(clinic, make_editor, file_db):
    last = latest_visit(file_db, clinic["Zoë"])
    editor = make_editor(clinic["Zoë"])
    editor.subjective.red_flags.screened.setChecked(True)
    assert editor.save() is True
    assert [s.title for s in editor.built_sections()] == ["Subjective"]
    saved = get_visit(file_db, editor.visit_id)
    # the pain map, posture, tests, PSFS, techniques, areas and exercises came across unseen
    assert saved.pain_marks == last.pain_marks and saved.pain_marks
    assert saved.posture == last.posture and saved.posture
    assert saved.test_results == last.test_results and saved.test_results
    assert saved.exercises == last.exercises and saved.exercises
    assert saved.treatment.techniques == last.treatment.techniques
    assert "pain_marks" in CARRIED_FORWARD and "test_results" in CARRIED_FORWARD
    # ... and the ODI, recorded afresh, was not
    assert saved.score("odi") is None and last.score("odi") is not None


def test_a_section_never_shown_is_checked_all_the_same(clinic, make_editor, file_db):
    hands_on = make_visit(
        clinic["Liam"], TODAY, treatment=Treatment(techniques=("effleurage",)), exercises=()
    )
    stored, _ = save_visit(file_db, hands_on)
    editor = make_editor(clinic["Liam"], stored.id)
    assert editor.built_sections()[0].title == "Subjective" and len(editor.built_sections()) == 1
    # the Plan was never shown, yet its NICE NG59 reminder is in the problems list
    assert [p.field for p in editor.problems() if p.field == EXERCISES] == [EXERCISES]
    listed = [editor.issues.item(i).text() for i in range(editor.issues.count())]
    assert any("Plan" in text for text in listed)
    assert len(editor.built_sections()) == 1  # checking it built nothing


def test_plan_rows_are_removed_by_their_own_button(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Liam"])
    plan = editor.plan
    assert plan.exercise_rows == [] and plan.no_exercises.isVisibleTo(plan)
    clam, bridge = plan.add_exercise_by_id("clam"), plan.add_exercise_by_id("glute_bridge")
    plan.add_referral_button.click()
    assert not plan.no_exercises.isVisibleTo(plan)
    qtbot.mouseClick(clam.remove, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(plan.referral_rows[0].remove, Qt.MouseButton.LeftButton)
    assert plan.exercise_rows == [bridge] and plan.referral_rows == []
    visit = editor.collect()
    assert [e.exercise_id for e in visit.exercises] == ["glute_bridge"] and visit.referrals == ()
    qtbot.mouseClick(bridge.remove, Qt.MouseButton.LeftButton)
    assert plan.exercise_rows == [] and plan.no_exercises.isVisibleTo(plan)
