"""Show the domain's problem for one field beside that field (red error, amber warning)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from glutedesk.domain.validation import FieldError
from glutedesk.ui.style import themed

ERROR_COLOUR = "#a3312a"
WARNING_COLOUR = "#8a5a00"
OK_COLOUR = "#185a62"


def show_problem(label: QLabel, problem: FieldError | None, ok_text: str = "") -> None:
    """Show ``problem`` in ``label`` coloured by severity; ``ok_text`` (or hide) when None."""
    label.setProperty("severity", problem.severity if problem else "ok")
    if problem is None:
        label.setText(ok_text)
        label.setStyleSheet(themed(f"color: {OK_COLOUR}; font-weight: 600;") if ok_text else "")
        label.setVisible(bool(ok_text))
        return
    colour = ERROR_COLOUR if problem.is_error else WARNING_COLOUR
    label.setText(problem.message)
    label.setStyleSheet(themed(f"color: {colour};"))
    label.setVisible(True)
