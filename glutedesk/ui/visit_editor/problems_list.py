"""The editor's list of problems: every error and warning, each naming its section.

Clicking (or pressing Enter on) a problem goes to its section; :func:`section_of` maps the
save gate's field ids to the section that holds the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from glutedesk.domain.validation import FieldError
from glutedesk.ui.style import themed
from glutedesk.ui.visit_editor.editor_navigation import (
    OBJECTIVE,
    OUTCOMES,
    PAIN_MAP,
    PLAN,
    SUBJECTIVE,
    TREATMENT,
)

_FIELD_SECTIONS: tuple[tuple[str, int], ...] = (
    ("pain_marks", PAIN_MAP),
    ("posture", OBJECTIVE),
    ("test_results", OBJECTIVE),
    ("soap.objective", OBJECTIVE),
    ("outcome_scores.psfs", SUBJECTIVE),
    ("outcome_scores", OUTCOMES),
    ("treatment", TREATMENT),
    ("exercises", PLAN),
    ("referrals", PLAN),
    ("next_visit", PLAN),
    ("soap.assessment", PLAN),
    ("soap.plan", PLAN),
)


def section_of(field: str) -> int:
    """The section (index) holding the field ``field`` names."""
    for prefix, index in _FIELD_SECTIONS:
        if field.startswith(prefix):
            return index
    return SUBJECTIVE


def show_problems(
    issues: QListWidget, problems: list[FieldError], titles: list[str], *, signed: bool
) -> None:
    """Fill ``issues`` with ``problems``, errors first, each with its section's title."""
    issues.clear()
    ordered = sorted(problems, key=lambda p: (p.severity != "error", section_of(p.field)))
    for problem in ordered:
        word = "Error" if problem.is_error else "Warning"
        item = QListWidgetItem(f"{word} · {titles[section_of(problem.field)]}: {problem.message}")
        item.setForeground(QColor(themed("#a3312a" if problem.is_error else "#8a5a00")))
        item.setData(Qt.ItemDataRole.UserRole, section_of(problem.field))
        issues.addItem(item)
    if not problems:
        text = (
            "Signed and read-only: corrections are added as amendments below."
            if signed
            else "No problems found: ready to save."
        )
        item = QListWidgetItem(text)
        item.setForeground(QColor(themed("#185a62")))
        issues.addItem(item)
    fit_height(issues)


MAX_LIST_HEIGHT = 96  # about four lines; more problems scroll


def fit_height(issues: QListWidget) -> None:
    """As tall as its lines (one line when all is well), at most :data:`MAX_LIST_HEIGHT`."""
    rows = sum(max(issues.sizeHintForRow(i), 0) for i in range(issues.count()))
    frame = 2 * issues.frameWidth() + 4
    issues.setFixedHeight(min(MAX_LIST_HEIGHT, max(rows, issues.fontMetrics().height()) + frame))
