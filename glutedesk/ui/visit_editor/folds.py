"""When the editor's problems list and signature panel fold to one line, and what it says.

The problems list opens when a problem appears and folds to "No problems found" when there
are none. The signature panel stays one line until the visit can be signed (stored, with no
error left) and opens then, and once signed (to show the signature and its amendments). The
therapist can fold or open either at any time; the choice stays until the state changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTextBrowser

from glutedesk.domain.validation import FieldError
from glutedesk.ui.amendments import AmendmentsPanel
from glutedesk.ui.formatting import plural
from glutedesk.ui.visit_editor.fold import Fold

if TYPE_CHECKING:
    from glutedesk.ui.visit_editor.editor_view import EditorView


def fold_panels(
    view: EditorView,
    panel: AmendmentsPanel,
    problems: list[FieldError],
    *,
    is_new: bool,
    signed: bool,
) -> None:
    """Fold or open the editor's problems list and signature panel for the visit's state."""
    fold_problems(view.problems_fold, problems, signed=signed)
    state = signature_state(is_new=is_new, signed=signed, problems=problems)
    fold_signature(view.signature_fold, panel, state)


def fold_problems(fold: Fold, problems: list[FieldError], *, signed: bool) -> None:
    """Summarise ``problems`` on the head line; open on a new one, fold when none is left."""
    errors = [p for p in problems if p.is_error]
    warnings = len(problems) - len(errors)
    if signed and not problems:
        fold.set_summary("Signed and read-only: corrections are added as amendments below.")
    elif not problems:
        fold.set_summary("No problems found: ready to save.")
    else:
        counts = [plural(len(errors), "error")] if errors else []
        counts += [plural(warnings, "warning")] if warnings else []
        first = (errors or problems)[0]
        counts_text = " and ".join(counts)
        fold.set_summary(
            f"{counts_text}. {first.message}", f"{counts_text}: click one to go to it."
        )
    fold.open_on_new(frozenset((p.field, p.message) for p in problems))


def signature_state(*, is_new: bool, signed: bool, problems: list[FieldError]) -> str:
    """``new``, ``errors`` (not signable yet), ``ready`` to sign, or ``signed``."""
    if signed:
        return "signed"
    if is_new:
        return "new"
    return "errors" if any(p.is_error for p in problems) else "ready"


SIGNATURE_SUMMARY = {
    "new": "Not signed: save the visit, then sign it here.",
    "errors": "Not signed: fix the errors listed above before signing.",
}


def fold_signature(fold: Fold, panel: AmendmentsPanel, state: str) -> None:
    """One line until the visit is ready to sign; open when it is, and once it is signed."""
    summary = SIGNATURE_SUMMARY.get(state) or panel.status_label.text()
    fold.set_summary(summary)
    fold.open_for(state, state in ("ready", "signed"))
    fit_to_text(panel.list_view)


def fit_to_text(view: QTextBrowser, most: int = 120) -> None:
    """As tall as the amendments it lists (up to ``most`` px; more scroll), not a fixed box."""
    document = view.document()
    width = view.viewport().width() if view.isVisible() else 0
    document.setTextWidth(width if width > 200 else 700)
    height = int(document.size().height()) + 2 * view.frameWidth() + 4
    view.setMaximumHeight(min(most, height))
