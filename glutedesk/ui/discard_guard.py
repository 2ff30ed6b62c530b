"""Forms that ask before throwing typed changes away (Esc, Cancel or the close button).

A dialog remembers the state of its inputs once loaded (:meth:`DiscardGuard.mark_clean`);
``confirm_discard`` then asks only when something differs, as the visit editor does.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from glutedesk.ui.widgets.tracking import input_widgets, widget_state

DISCARD_TEXT = "Discard changes"
KEEP_TEXT = "Keep editing"


class DiscardChangesDialog:
    """The question itself. Returns True to discard the changes and close."""

    @classmethod
    def ask(cls, parent: QWidget | None, what: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"The {what} has changes that are not saved.")
        box.setInformativeText("Close it and lose them?")
        discard = box.addButton(DISCARD_TEXT, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(KEEP_TEXT, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard


class DiscardGuard:
    """The inputs under ``root`` as they were when marked clean."""

    def __init__(self, root: QWidget, what: str) -> None:
        self._root = root
        self._what = what
        self._clean: list[Any] = []
        self.mark_clean()

    def _state(self) -> list[Any]:
        return [widget_state(w) for w in input_widgets(self._root)]

    def mark_clean(self) -> None:
        self._clean = self._state()

    def is_dirty(self) -> bool:
        return self._state() != self._clean

    def confirm_discard(self) -> bool:
        """True when closing may go ahead: nothing changed, or the user chose to discard."""
        return not self.is_dirty() or DiscardChangesDialog.ask(self._root, self._what)
