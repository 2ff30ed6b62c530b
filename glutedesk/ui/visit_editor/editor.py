"""The visit editor window: six sections in SOAP order, live checks, drafts, save and retry.

The editor is the controller: :class:`EditorView` holds the layout, each section is built the
first time it is shown (by the section list, a keyboard jump, a problem clicked, or a test
reaching for it), and every rule about saving comes from :mod:`glutedesk.domain.save_gate`.
The editor never loses what was typed: a draft is written every few seconds and on every
section change, a failed save keeps everything on screen (and on disk as a draft) with a clear
message and Retry, and closing with unsaved changes asks first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidgetItem, QMainWindow, QWidget

from glutedesk.domain.catalogue import Catalogue, load_catalogue
from glutedesk.domain.copy_forward import blank_visit, copy_forward
from glutedesk.domain.models import Referral, Visit
from glutedesk.domain.record_rules import classify_visit_pain
from glutedesk.domain.regions import RegionManifest, load_regions
from glutedesk.domain.save_gate import visit_problems
from glutedesk.domain.strength import units_used
from glutedesk.domain.validation import FieldError
from glutedesk.storage.changes import Changes
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.drafts import Draft
from glutedesk.storage.errors import DATABASE_FAILURES
from glutedesk.ui.amendments import AmendmentsPanel
from glutedesk.ui.busy import busy_cursor
from glutedesk.ui.style import themed
from glutedesk.ui.visit_editor.common import EditorContext, Section
from glutedesk.ui.visit_editor.dialogs import SaveFailedDialog
from glutedesk.ui.visit_editor.editor_navigation import (
    OBJECTIVE,
    OUTCOMES,
    PAIN_MAP,
    PLAN,
    SUBJECTIVE,
    TREATMENT,
    NavigationMixin,
    input_watchers_paused,
)
from glutedesk.ui.visit_editor.editor_saving import SavingMixin, save_error_message
from glutedesk.ui.visit_editor.editor_start import starting_point
from glutedesk.ui.visit_editor.editor_view import EDITOR_STYLE, EditorView
from glutedesk.ui.visit_editor.folds import fold_panels
from glutedesk.ui.visit_editor.objective import ObjectiveSection
from glutedesk.ui.visit_editor.outcomes import OutcomesSection
from glutedesk.ui.visit_editor.pain_map import PainMapSection
from glutedesk.ui.visit_editor.plan import PlanSection
from glutedesk.ui.visit_editor.print_check import unprintable_warnings
from glutedesk.ui.visit_editor.problems_list import section_of, show_problems
from glutedesk.ui.visit_editor.subjective import SubjectiveSection
from glutedesk.ui.visit_editor.treatment import TreatmentSection
from glutedesk.ui.widgets.tracking import ChangeHighlighter, watch_inputs
from glutedesk.ui.window_fit import fit_window

__all__ = [
    "EDITOR_STYLE",
    "VisitEditor",
    "blank_visit",
    "copy_forward",
    "save_error_message",
]

AUTOSAVE_MS = 4000
REFRESH_MS = 120

SECTION_TYPES: tuple[type[Section], ...] = (
    SubjectiveSection,
    PainMapSection,
    ObjectiveSection,
    OutcomesSection,
    TreatmentSection,
    PlanSection,
)
TITLES = [kind.title for kind in SECTION_TYPES]


class VisitEditor(NavigationMixin, SavingMixin, QMainWindow):
    """One visit, in SOAP order. Use :func:`open_visit_editor` to open one."""

    saved = Signal(object)
    """Emitted with the :class:`Changes` after each successful save."""
    closed = Signal()

    def __init__(
        self,
        clinic: Clinic,
        client_id: str,
        visit_id: str | None = None,
        *,
        parent: QWidget | None = None,
        catalogue: Catalogue | None = None,
        regions: RegionManifest | None = None,
        drafts_folder: Path | None = None,
        draft: Draft | None = None,
        copy_last: bool = True,
        today: Callable[[], dt.date] = dt.date.today,
        on_saved: Callable[[Changes], None] | None = None,
        autosave_ms: int = AUTOSAVE_MS,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setStyleSheet(themed(EDITOR_STYLE))
        self._clinic = clinic
        self._drafts_folder = drafts_folder
        self._today = today
        self._on_saved = on_saved
        self.catalogue = catalogue or load_catalogue()
        self.regions = regions or load_regions()
        self.client = self._clinic.client(client_id)
        original = self._start(client_id, visit_id, draft, copy_last)
        self._sections: list[Section | None] = [None] * len(SECTION_TYPES)
        self._locked = False
        self._read_only = False
        self._build()
        # The clean state is the editor's reading of the visit; sections built later add theirs.
        self._clean_from_editor = draft is None
        self._clean: Visit | None = self._base if draft is None else original
        self._last_draft: Visit | None = draft.visit if draft else None
        if self.copied_forward or (original is not None and draft is None):
            self.highlighter.set_baseline()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self._apply_signature_state()
        self.go_to(SUBJECTIVE)  # built, filled and checked (_build_section runs the checks)
        if not self._is_new:
            # A stored visit is opened to be read first: no score selected for a stray key.
            self.nav.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_window(self, 1240, 860)

    def _start(
        self, client_id: str, visit_id: str | None, draft: Draft | None, copy_last: bool
    ) -> Visit | None:
        """Find the visit to edit and the one before it; set the visit the editor starts from."""
        start = starting_point(
            self._clinic, self.client, client_id, visit_id, draft, copy_last, self._today()
        )
        self.previous = start.previous
        self.context = EditorContext(
            self.catalogue,
            self.regions,
            self.client,
            start.previous,
            start.today,
            therapists=self._clinic.settings().therapists,
        )
        with contextlib.suppress(*DATABASE_FAILURES):
            self.context.unit_defaults.update(self._clinic.unit_defaults())
        self._is_new = start.original is None
        self.copied_forward = start.copied_forward
        self._base = start.base
        return start.original

    # Building --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.view = EditorView(TITLES)
        self.setCentralWidget(self.view)
        for name in ("title_label", "subtitle_label", "status_label", "save_button"):
            setattr(self, name, getattr(self.view, name))
        self.nav, self.stack, self.issues = self.view.nav, self.view.stack, self.view.issues
        self.save_button.clicked.connect(self.save)
        self.nav.currentRowChanged.connect(self._on_nav)
        self.issues.itemActivated.connect(self._on_issue)
        self.issues.itemClicked.connect(self._on_issue)
        # Sign-off and amendments of a stored visit (hidden for a visit not yet saved).
        self.amendments = AmendmentsPanel(self._clinic)
        self.amendments.sign_button.clicked.disconnect()
        self.amendments.sign_button.clicked.connect(self.sign)
        self.amendments.changed.connect(self._on_signature_changed)
        self.view.add_amendments(self.amendments)

        self.highlighter = ChangeHighlighter(self.stack)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_now)
        self._install_keys()
        QShortcut(QKeySequence.StandardKey.Close, self).activated.connect(self.close)

    def section(self, index: int) -> Section:
        """Section ``index``, built (and filled from the visit) the first time it is asked for."""
        section = self._sections[index]
        if section is None:
            with busy_cursor(), input_watchers_paused():  # built when first shown: 50-250 ms
                section = self._build_section(index)
        return section

    def _build_section(self, index: int) -> Section:
        kind = SECTION_TYPES[index]
        if kind is TreatmentSection:
            section: Section = TreatmentSection(self.context, self._marked_regions)
        else:
            section = kind(self.context)
        self._sections[index] = section
        section.load(self._base)
        if isinstance(section, PainMapSection):
            self.highlighter.exclude(section.diagram)
        self.view.set_page(index, section)
        self._wire(section)
        if self._clean_from_editor and self._clean is not None:
            self._clean = section.apply(self._clean)
        self.highlighter.extend_baseline(section)
        section.setEnabled(not self._locked)
        if hasattr(self, "_problems"):
            self._refresh_now()
        return section

    def _wire(self, section: Section) -> None:
        excluded = [section.diagram] if isinstance(section, PainMapSection) else []
        section.changed.connect(self._schedule_refresh)
        watch_inputs(section, self._schedule_refresh, exclude=excluded)
        if isinstance(section, PlanSection):
            section.rows_changed.connect(lambda: watch_inputs(section, self._schedule_refresh))
        if isinstance(section, SubjectiveSection):
            section.nerve_prompt.add_referral.connect(self._add_referral)
            section.red_flags.add_referral.connect(self._add_referral)

    def built_sections(self) -> list[Section]:
        """The sections built so far, in order."""
        return [s for s in self._sections if s is not None]

    @property
    def sections(self) -> list[Section]:
        """All six sections (building any not shown yet)."""
        return [self.section(i) for i in range(len(SECTION_TYPES))]

    subjective = property(lambda self: self.section(SUBJECTIVE))
    pain_map = property(lambda self: self.section(PAIN_MAP))
    objective = property(lambda self: self.section(OBJECTIVE))
    outcomes = property(lambda self: self.section(OUTCOMES))
    treatment = property(lambda self: self.section(TREATMENT))
    plan = property(lambda self: self.section(PLAN))

    def _marked_regions(self) -> list[str]:
        pain_map = self._sections[PAIN_MAP]
        if isinstance(pain_map, PainMapSection):
            return pain_map.marked_regions()
        return list(dict.fromkeys(m.region_id for m in self._base.pain_marks))

    def _load(self, visit: Visit) -> None:
        for section in self.built_sections():
            section.load(visit)
        self._update_title()

    # Reading the visit -----------------------------------------------------------------------

    def collect(self) -> Visit:
        """The visit as it stands in the editor (the stored values where nothing changed)."""
        visit = self._base
        for section in self.built_sections():
            visit = section.apply(visit)
        return visit

    @property
    def visit_id(self) -> str:
        return self._base.id

    @property
    def is_new(self) -> bool:
        return self._is_new

    def is_dirty(self) -> bool:
        return self._clean is None or self.collect() != self._clean

    def problems(self, visit: Visit | None = None) -> list[FieldError]:
        """Every problem: the save gate's, input the editor cannot read yet, unprintable text."""
        visit = visit or self.collect()
        found = visit_problems(
            visit,
            catalogue=self.catalogue,
            regions=self.regions,
            client_dob=self.client.date_of_birth,
            today=self._today(),
        )
        found.extend(self._unreadable_input())
        found.extend(unprintable_warnings(visit))
        return found

    def _unreadable_input(self) -> list[FieldError]:
        objective = self._sections[OBJECTIVE]
        return objective.unreadable_input() if isinstance(objective, ObjectiveSection) else []

    # Live behaviour --------------------------------------------------------------------------

    def _schedule_refresh(self) -> None:
        self._refresh_timer.start()

    def refresh_now(self) -> None:
        """Run the live checks immediately (tests call this instead of waiting)."""
        self._refresh_now()

    def _refresh_now(self) -> list[FieldError]:
        self._refresh_timer.stop()
        visit = self._collected = self.collect()
        built = self._sections
        if isinstance(built[SUBJECTIVE], SubjectiveSection):
            with contextlib.suppress(ValueError):
                classification = classify_visit_pain(visit, self.catalogue, self.regions)
                built[SUBJECTIVE].show_classification(classification)
        if isinstance(built[OUTCOMES], OutcomesSection):
            built[OUTCOMES].show_summary(visit)
        if isinstance(built[TREATMENT], TreatmentSection):
            built[TREATMENT].refresh_marked()
        if isinstance(built[OBJECTIVE], ObjectiveSection):
            built[OBJECTIVE].update_summaries()
        problems = self.problems(visit)
        for section in self.built_sections():
            section.show_problems(problems)
        self._show_problems(problems)
        self.highlighter.update()
        self._update_title(visit)
        return problems

    def _show_problems(self, problems: list[FieldError]) -> None:
        self._problems = problems
        signed = self.is_signed
        show_problems(self.issues, problems, TITLES, signed=signed)
        fold_panels(self.view, self.amendments, problems, is_new=self._is_new, signed=signed)

    section_of = staticmethod(section_of)

    def _on_issue(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.ItemDataRole.UserRole)
        if index is not None:
            self.go_to(int(index))

    def _add_referral(self, payload: tuple) -> None:
        to_whom, reason, urgency, flags = payload
        row = self.plan.add_referral(Referral(to_whom, reason, urgency, tuple(flags)))
        self.go_to(PLAN)
        row.reason.setFocus()
        self.set_status("Referral added to the plan: check the wording.")

    # Saving ----------------------------------------------------------------------------------

    def save(self) -> bool:
        """Check and save the visit; True when it is stored. Errors keep everything typed."""
        if self.is_signed:
            self.set_status("Signed and locked: use Add amendment… to correct it.")
            return False
        problems = self._refresh_now()
        visit = self._collected
        errors = [p for p in problems if p.is_error]
        if errors:
            self.go_to(self.section_of(errors[0].field))
            count = len(errors)
            self.set_status(
                f"Not saved: {count} problem{'s' if count > 1 else ''} to fix (listed below)."
            )
            return False
        while True:
            try:
                stored, changes = self._clinic.save_visit(visit)
            except (*DATABASE_FAILURES, OSError) as exc:
                self._force_draft(visit)
                self.set_status("Not saved: see the message. Nothing you typed is lost.")
                if SaveFailedDialog.ask(self, save_error_message(exc)):
                    continue
                return False
            break
        with contextlib.suppress(*DATABASE_FAILURES, ValueError):  # a preference, not the record
            self.context.unit_defaults.update(units_used(visit))
            self._clinic.remember_units(units_used(visit))
        # Reload the stored form (storage keeps its own order of the parts).
        with contextlib.suppress(LookupError, *DATABASE_FAILURES):
            stored = self._clinic.visit(stored.id)
        self._base = stored
        self._is_new = False
        focus = self.focusWidget()
        section = self.current_section()
        self._load(stored)
        if self.highlighter.active:
            self.highlighter.set_baseline()
        self._clean = self.collect()
        if focus is not None and not focus.isHidden():
            focus.setFocus()
        self.view.stack.setCurrentIndex(section)
        self._discard_draft()
        self._apply_signature_state()
        self.set_status(f"Saved {dt.datetime.now():%H:%M}")
        self._update_title()
        self.saved.emit(changes)
        if self._on_saved is not None:
            self._on_saved(changes)
        return True
