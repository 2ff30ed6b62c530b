"""The visit editor: a whole assessment visit in SOAP order, in its own window.

Public API (agreed): :class:`VisitEditor` and :func:`open_visit_editor`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from glutedesk.domain.catalogue import Catalogue
from glutedesk.domain.dates import format_moment
from glutedesk.storage.changes import Changes
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.drafts import Draft, discard_draft, list_drafts
from glutedesk.ui.busy import busy_cursor
from glutedesk.ui.first_paint import after_first_paint
from glutedesk.ui.formatting import format_date
from glutedesk.ui.visit_editor.dialogs import RestoreDraftDialog
from glutedesk.ui.visit_editor.editor import VisitEditor
from glutedesk.ui.visit_editor.editor_navigation import input_watchers_paused
from glutedesk.ui.warm_up import hold_warm_up


def drafts_folder_for(clinic: Clinic) -> Path | None:
    """The drafts folder of ``clinic``'s file, or None for an in-memory clinic."""
    return clinic.drafts_folder


def describe_draft(draft: Draft, client_name: str) -> str:
    """One line about a draft for the restore question."""
    when = format_moment(draft.saved_at)
    kind = "a new visit" if draft.is_new else "changes to a saved visit"
    return f"{client_name}: {kind} dated {format_date(draft.visit.visit_date)} (last kept {when})."


def pending_draft(
    clinic: Clinic, client_id: str, visit_id: str | None, client_name: str, parent
) -> Draft | None:
    """Offer to restore this client's draft; return the draft to restore, or None.

    With ``visit_id`` only that visit's draft is offered; without it (a new visit) the newest
    draft of the client is. A discarded draft is deleted.
    """
    folder = drafts_folder_for(clinic)
    if folder is None:
        return None
    drafts = list_drafts(folder, client_id=client_id)
    if visit_id is not None:
        drafts = [d for d in drafts if d.visit.id == visit_id]
    if not drafts:
        return None
    draft = drafts[-1]
    if RestoreDraftDialog.ask(parent, describe_draft(draft, client_name)) == "restore":
        return draft
    discard_draft(folder, draft.visit.id)
    return None


def open_visit_editor(
    clinic: Clinic,
    client_id: str,
    visit_id: str | None = None,
    parent: QWidget | None = None,
    on_saved: Callable[[Changes], None] | None = None,
    *,
    catalogue: Catalogue | None = None,
    draft: Draft | None = None,
    offer_drafts: bool = True,
    today: Callable[[], dt.date] = dt.date.today,
    show: bool = True,
) -> VisitEditor:
    """Open the editor on a saved visit (``visit_id``) or a new one, and show it.

    A new visit is copied forward from the client's last visit. If a draft of the visit (or,
    for a new visit, any draft of the client) survived a crash, the therapist is asked whether
    to restore it first. ``on_saved`` receives the :class:`Changes` of each save.
    """
    if draft is None and offer_drafts:
        name = clinic.client(client_id).name
        draft = pending_draft(clinic, client_id, visit_id, name, parent)
    # The therapist waits for this window: the background warm-up waits too (until it is
    # painted; should the editor fail, the hold ends by itself).
    release = hold_warm_up()
    # Building and showing the editor takes 0.1-0.5 s and reads no input.
    with busy_cursor(), input_watchers_paused():
        editor = VisitEditor(
            clinic,
            client_id,
            visit_id,
            parent=parent,
            catalogue=catalogue,
            drafts_folder=clinic.drafts_folder,
            draft=draft,
            today=today,
            on_saved=on_saved,
        )
        if show:
            editor.show()
            editor.raise_()
            editor.activateWindow()
    if show:
        after_first_paint(editor, release)  # and what it queued behind its first paint
    else:
        release()
    return editor


__all__ = ["VisitEditor", "describe_draft", "drafts_folder_for", "open_visit_editor"]
