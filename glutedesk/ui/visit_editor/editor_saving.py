"""The visit editor's drafts, sign-off and closing: the parts that keep what was typed.

A draft is written every few seconds and on every section change; a signed visit locks every
section; closing with unsaved changes asks Save / Discard / Cancel.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from PySide6.QtGui import QCloseEvent

from glutedesk.domain.models import Visit
from glutedesk.storage.changes import Changes
from glutedesk.storage.database import StorageError
from glutedesk.storage.drafts import discard_draft, save_draft
from glutedesk.storage.errors import DATABASE_FAILURES, storage_error_for
from glutedesk.ui.formatting import format_date
from glutedesk.ui.visit_editor.dialogs import UnsavedChangesDialog


def save_error_message(exc: BaseException) -> str:
    """Plain words for a failed save, from storage's reading of the error."""
    if isinstance(exc, StorageError):
        return str(exc)
    error = storage_error_for(exc) if isinstance(exc, (*DATABASE_FAILURES, OSError)) else None
    if error is not None:
        # storage says "Could not save: <why>"; the editor's sentence names the visit.
        return "The visit was not saved: " + str(error).split(": ", 1)[-1]
    return f"The visit was not saved: {exc}"


class SavingMixin:
    """Drafts, sign-off and closing for :class:`VisitEditor` (which provides the rest)."""

    _closing_unasked = False  # the system is stopping GluteDesk: the draft is kept, no question

    # Drafts ----------------------------------------------------------------------------------

    def autosave(self) -> bool:
        """Write a draft if something changed since the last draft; True when one was written."""
        if self._drafts_folder is None or not self.is_dirty():
            return False
        visit = self.collect()
        if visit == self._last_draft:
            return False
        try:
            save_draft(self._drafts_folder, visit, is_new=self._is_new)
        except OSError as exc:
            self.set_status(f"Could not keep a draft copy ({exc.strerror or exc}).")
            return False
        self._last_draft = visit
        self.set_status(f"Draft kept {dt.datetime.now():%H:%M:%S}")
        return True

    def keep_draft_now(self) -> bool:
        """Write the draft now, not at the next autosave (the system is stopping GluteDesk).

        True when what is on screen is on disk as a draft afterwards, or there is nothing
        unsaved to keep; False when the draft could not be written (the status says why).
        """
        if self._drafts_folder is None or not self.is_dirty():
            return not self.is_dirty()
        return self.autosave() or self.collect() == self._last_draft

    def close_without_asking(self) -> None:
        """Close keeping the draft: the question about unsaved changes is not asked."""
        self._closing_unasked = True
        self.close()

    def _discard_draft(self) -> None:
        if self._drafts_folder is not None:
            with contextlib.suppress(OSError):
                discard_draft(self._drafts_folder, self._base.id)
        self._last_draft = None

    def _update_title(self, visit: Visit | None = None) -> None:
        visit = visit or self._base
        self.title_label.setText(f"{self.client.name} · visit on {format_date(visit.visit_date)}")
        if self._is_new:
            parts = ["New visit"]
        else:
            parts = ["Signed visit (read-only)" if self.is_signed else "Editing a saved visit"]
        if self.copied_forward and self.previous is not None:
            parts.append(
                f"copied from {format_date(self.previous.visit_date)}: changes are highlighted"
            )
        self.subtitle_label.setText(" · ".join(parts))
        dirty = self._clean is None or visit != self._clean
        self.setWindowTitle(
            f"{'*' if dirty else ''}Visit — {self.client.name} — {format_date(visit.visit_date)}"
        )

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    # Sign-off ---------------------------------------------------------------------------------

    @property
    def is_signed(self) -> bool:
        return not self._is_new and self._clinic.is_signed(self.visit_id)

    def _apply_signature_state(self) -> None:
        """Show the signature panel for a stored visit; lock every section once it is signed."""
        stored = None if self._is_new else self.visit_id
        self.amendments.set_visit(stored)  # folded to a line until it can be signed
        signed = self.is_signed
        self._update_title()
        self._show_problems(getattr(self, "_problems", []))
        self._locked = signed or self._read_only
        for section in self.built_sections():
            section.setEnabled(not self._locked)
        self.save_button.setEnabled(not self._locked)
        if signed:
            self.autosave_timer.stop()
            self.set_status("Signed and locked: use Add amendment… to correct it.")

    def lock_read_only(self) -> None:
        """Nothing in this editor can be changed or saved (the database is open read-only).

        Sections not built yet are built locked when first shown.
        """
        self._read_only = self._locked = True
        for section in self.built_sections():
            section.setEnabled(False)
        self.save_button.setEnabled(False)
        self.autosave_timer.stop()

    def sign(self) -> bool:
        """Save anything unsaved, then ask for the signature; True when the visit is signed."""
        if (self._is_new or self.is_dirty()) and not self.save():
            return False
        self.view.signature_fold.set_open(True)
        return self.amendments.sign()

    def _on_signature_changed(self, changes: Changes) -> None:
        if self.is_signed:  # a corrected value changes what the locked sections show
            with contextlib.suppress(LookupError, *DATABASE_FAILURES):
                self._base = self._clinic.visit(self.visit_id)
                self._load(self._base)
                self._clean = self.collect()
        self._apply_signature_state()
        self.saved.emit(changes)
        if self._on_saved is not None:
            self._on_saved(changes)

    def _force_draft(self, visit: Visit) -> None:
        if self._drafts_folder is None:
            return
        try:
            save_draft(self._drafts_folder, visit, is_new=self._is_new)
            self._last_draft = visit
        except OSError:
            pass

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty() and not self._closing_unasked:
            choice = UnsavedChangesDialog.ask(self)
            if choice == "cancel" or (choice == "save" and not self.save()):
                event.ignore()
                return
            if choice == "discard":
                self._discard_draft()
        self.autosave_timer.stop()
        self._refresh_timer.stop()
        self._remove_keys()
        super().closeEvent(event)
        self.closed.emit()
