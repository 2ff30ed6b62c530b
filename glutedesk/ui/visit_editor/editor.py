"""The visit editor window: six sections in SOAP order, live checks, drafts, save and retry.

The editor never loses what was typed: a draft is written every few seconds and on every
section change, a failed save keeps everything on screen (and on disk as a draft) with a clear
message and Retry, and closing with unsaved changes asks first.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from glutedesk.domain.catalogue import Catalogue, load_catalogue
from glutedesk.domain.ids import new_visit_id
from glutedesk.domain.models import Instrument, Soap, Treatment, Visit
from glutedesk.domain.record_rules import check_visit, classify_visit_pain
from glutedesk.domain.regions import RegionManifest, load_regions
from glutedesk.domain.validation import FieldError
from glutedesk.storage.changes import Changes
from glutedesk.storage.clients import get_client
from glutedesk.storage.database import StorageError
from glutedesk.storage.drafts import Draft, discard_draft, save_draft
from glutedesk.storage.signing import is_signed
from glutedesk.storage.visits import get_visit, latest_visit, save_visit
from glutedesk.ui.amendments import AmendmentsPanel
from glutedesk.ui.formatting import format_date
from glutedesk.ui.visit_editor.common import EditorContext, Section
from glutedesk.ui.visit_editor.dialogs import SaveFailedDialog, UnsavedChangesDialog
from glutedesk.ui.visit_editor.objective import ObjectiveSection
from glutedesk.ui.visit_editor.outcomes import OutcomesSection
from glutedesk.ui.visit_editor.pain_map import PainMapSection
from glutedesk.ui.visit_editor.plan import PlanSection
from glutedesk.ui.visit_editor.print_check import unprintable_warnings
from glutedesk.ui.visit_editor.subjective import SubjectiveSection
from glutedesk.ui.visit_editor.treatment import TreatmentSection
from glutedesk.ui.widgets.fields import NumberEdit, OrderField
from glutedesk.ui.widgets.tracking import HIGHLIGHT_STYLE, ChangeHighlighter, watch_inputs

AUTOSAVE_MS = 4000
REFRESH_MS = 120

SUBJECTIVE, PAIN_MAP, OBJECTIVE, OUTCOMES, TREATMENT, PLAN = range(6)

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

EDITOR_STYLE = (
    HIGHLIGHT_STYLE
    + """
QListWidget#sectionNav {
    background: #ffffff;
    border: none;
    border-right: 1px solid #d9dee2;
    font-size: 11pt;
    padding-top: 8px;
}
QListWidget#sectionNav::item {
    padding: 9px 14px;
}
QListWidget#sectionNav::item:selected {
    background: #dbecee;
    color: #1f2a30;
    border-left: 3px solid #1f6f78;
}
QFrame#alertPanel {
    background: #fdf1ef;
    border: 1px solid #e3b3ad;
    border-radius: 6px;
}
QFrame#alertPanel QLabel { background: transparent; }
QLabel#inlineError { color: #a3312a; }
QListWidget#issues {
    background: #ffffff;
    border: 1px solid #d9dee2;
    border-radius: 6px;
}
QLabel#editorTitle { font-size: 15pt; font-weight: 600; }
QFrame#editorHeader {
    background: #ffffff;
    border-bottom: 1px solid #d9dee2;
}
QScrollArea#sectionScroll, QWidget#sectionPage { background: #f3f4f5; }
"""
)


def blank_visit(client_id: str, today: dt.date, previous: Visit | None, client) -> Visit:
    """A new visit with nothing recorded but the date and (from the record) who and why."""
    return Visit(
        id=new_visit_id(),
        client_id=client_id,  # type: ignore[arg-type]
        visit_date=today,
        therapist=previous.therapist if previous else "",
        complaint=previous.complaint if previous else client.history.complaint,
        goals=previous.goals if previous else client.history.goals,
    )


def copy_forward(previous: Visit, today: dt.date) -> Visit:
    """A new visit pre-filled from ``previous``, everything editable.

    Copied: complaint, goals, NPRS, pain character, pain marks, posture, test results, PSFS
    activities and ratings, techniques and areas, home exercises. Not copied, because each visit
    must record them afresh: the red-flag screen, the nerve-symptom advice, referrals, the
    client's response, change since last visit, notes, consent and chaperone, next visit, and
    the ODI / RMDQ / STarT Back (not measured every visit).
    """
    psfs = previous.score(Instrument.PSFS)
    return Visit(
        id=new_visit_id(),
        client_id=previous.client_id,
        visit_date=today,
        therapist=previous.therapist,
        complaint=previous.complaint,
        goals=previous.goals,
        nprs=previous.nprs,
        pain_character=previous.pain_character,
        pain_marks=previous.pain_marks,
        posture=previous.posture,
        test_results=previous.test_results,
        outcome_scores=(psfs,) if psfs else (),
        treatment=Treatment(previous.treatment.techniques, previous.treatment.areas),
        exercises=previous.exercises,
        soap=Soap(),
    )


def save_error_message(exc: BaseException) -> str:
    """Plain words for a failed save."""
    if isinstance(exc, StorageError):
        return str(exc)
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return (
            "The visit was not saved: the database is in use by another program or GluteDesk "
            "window. Close it, then save again."
        )
    if "full" in text:
        return (
            "The visit was not saved: the disk is full. Free some space (empty the bin, move "
            "large files), then save again."
        )
    if "readonly" in text or "read-only" in text:
        return "The visit was not saved: the database file is read-only."
    return f"The visit was not saved: {exc}"


class VisitEditor(QMainWindow):
    """One visit, in SOAP order. Use :func:`open_visit_editor` to open one."""

    saved = Signal(object)
    """Emitted with the :class:`Changes` after each successful save."""
    closed = Signal()

    def __init__(
        self,
        db: Database,
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
        self.setStyleSheet(EDITOR_STYLE)
        self._db = db
        self._drafts_folder = drafts_folder
        self._today = today
        self._on_saved = on_saved
        self.catalogue = catalogue or load_catalogue()
        self.regions = regions or load_regions()
        self.client = get_client(db, client_id)

        original: Visit | None = None
        if draft is not None:
            visit_id = draft.visit.id
        if visit_id is not None:
            try:
                original = get_visit(db, visit_id)
            except LookupError:
                original = None
        anchor = original.visit_date if original else (draft.visit.visit_date if draft else None)
        previous = latest_visit(db, client_id, before=anchor) if anchor else None
        if anchor is None:
            previous = latest_visit(db, client_id)
        if original is not None and previous is not None and previous.id == original.id:
            previous = None
        self.previous = previous
        self.context = EditorContext(self.catalogue, self.regions, self.client, previous, today())
        self._is_new = original is None
        self.copied_forward = False
        if draft is not None:
            base = dataclasses.replace(
                draft.visit,
                created_at=original.created_at if original else None,
                updated_at=original.updated_at if original else None,
            )
        elif original is not None:
            base = original
        elif previous is not None and copy_last:
            base = copy_forward(previous, today())
            self.copied_forward = True
        else:
            base = blank_visit(client_id, today(), previous, self.client)
        self._base = base
        self._clean: Visit | None = None

        self._build()
        self._load(base)
        self._clean = self.collect() if draft is None else original
        self._last_draft: Visit | None = draft.visit if draft else None
        if self.copied_forward or (original is not None and draft is None):
            self.highlighter.set_baseline()

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self._apply_signature_state()
        self._refresh_now()
        self.go_to(SUBJECTIVE)
        self.resize(1240, 860)

    # Building --------------------------------------------------------------------------------

    def _build(self) -> None:
        context = self.context
        self.subjective = SubjectiveSection(context)
        self.pain_map = PainMapSection(context)
        self.objective = ObjectiveSection(context)
        self.outcomes = OutcomesSection(context)
        self.treatment = TreatmentSection(context, self.pain_map.marked_regions)
        self.plan = PlanSection(context)
        self.sections: list[Section] = [
            self.subjective,
            self.pain_map,
            self.objective,
            self.outcomes,
            self.treatment,
            self.plan,
        ]

        header = QFrame()
        header.setObjectName("editorHeader")
        head = QHBoxLayout(header)
        head.setContentsMargins(18, 10, 18, 10)
        self.title_label = QLabel()
        self.title_label.setObjectName("editorTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setProperty("role", "muted")
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        head.addLayout(titles, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("editorStatus")
        self.status_label.setProperty("role", "muted")
        head.addWidget(self.status_label)
        self.save_button = QPushButton("Save  (Ctrl+S)")
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        head.addWidget(self.save_button)

        self.nav = QListWidget()
        self.nav.setObjectName("sectionNav")
        self.nav.setFixedWidth(210)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack = QStackedWidget()
        for number, section in enumerate(self.sections, start=1):
            QListWidgetItem(f"{number}   {section.title}", self.nav)
            page = QWidget()
            page.setObjectName("sectionPage")
            lay = QVBoxLayout(page)
            lay.setContentsMargins(22, 18, 22, 22)
            lay.addWidget(section)
            scroll = QScrollArea()
            scroll.setObjectName("sectionScroll")
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
        self.nav.currentRowChanged.connect(self._on_nav)

        self.issues = QListWidget()
        self.issues.setObjectName("issues")
        self.issues.setMaximumHeight(84)
        self.issues.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.issues.itemActivated.connect(self._on_issue)
        self.issues.itemClicked.connect(self._on_issue)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.stack, 1)
        issues_box = QWidget()
        issues_layout = QVBoxLayout(issues_box)
        issues_layout.setContentsMargins(22, 6, 22, 10)
        issues_layout.addWidget(self.issues)
        right_layout.addWidget(issues_box)
        # Sign-off and amendments of a stored visit (hidden for a visit not yet saved).
        self.amendments = AmendmentsPanel(self._db)
        self.amendments.setMaximumHeight(200)
        self.amendments.sign_button.clicked.disconnect()
        self.amendments.sign_button.clicked.connect(self.sign)
        self.amendments.changed.connect(self._on_signature_changed)
        amendments_box = QWidget()
        amendments_layout = QVBoxLayout(amendments_box)
        amendments_layout.setContentsMargins(22, 0, 22, 12)
        amendments_layout.addWidget(self.amendments)
        right_layout.addWidget(amendments_box)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(right, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)

        self.highlighter = ChangeHighlighter(self.stack, exclude=[self.pain_map.diagram])
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_now)
        for section in self.sections:
            section.changed.connect(self._schedule_refresh)
            watch_inputs(section, self._schedule_refresh, exclude=[self.pain_map.diagram])
        self.plan.rows_changed.connect(lambda: watch_inputs(self.plan, self._schedule_refresh))
        self.subjective.nerve_prompt.add_referral.connect(self._add_referral)
        self.subjective.red_flags.add_referral.connect(self._add_referral)

        # Ctrl+S, Ctrl+PgDown and Ctrl+PgUp are caught before any input sees them (spin boxes
        # and text boxes have their own uses for PgUp/PgDown), whichever widget has focus.
        self._keys: dict[tuple[int, int], Callable[[], object]] = {
            (Qt.Key.Key_S.value, Qt.KeyboardModifier.ControlModifier.value): self.save,
            (Qt.Key.Key_PageDown.value, Qt.KeyboardModifier.ControlModifier.value): (
                self.next_section
            ),
            (Qt.Key.Key_PageUp.value, Qt.KeyboardModifier.ControlModifier.value): (
                self.previous_section
            ),
            (Qt.Key.Key_Down.value, Qt.KeyboardModifier.ControlModifier.value): (
                lambda: self.jump_test(1)
            ),
            (Qt.Key.Key_Up.value, Qt.KeyboardModifier.ControlModifier.value): (
                lambda: self.jump_test(-1)
            ),
            (Qt.Key.Key_R.value, Qt.KeyboardModifier.AltModifier.value): self.toggle_screened,
            (Qt.Key.Key_P.value, Qt.KeyboardModifier.AltModifier.value): self.focus_psfs,
        }
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        QShortcut(QKeySequence("Ctrl+W"), self).activated.connect(self.close)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(
            watched, QWidget
        ):
            key_event: QKeyEvent = event  # type: ignore[assignment]
            modifiers = key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            action = self._keys.get((key_event.key(), modifiers.value))
            if action is not None and watched.window() is self:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # the key press comes to us next, not to a shortcut
                    return True
                action()
                return True
        return super().eventFilter(watched, event)

    def _load(self, visit: Visit) -> None:
        for section in self.sections:
            section.load(visit)
        self._update_title()

    # Reading the visit -----------------------------------------------------------------------

    def collect(self) -> Visit:
        """The visit as it stands in the editor (the stored values where nothing changed)."""
        visit = self._base
        for section in self.sections:
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
        """Every problem: the clinical record rules, plus input the editor cannot read yet."""
        visit = visit or self.collect()
        found = check_visit(
            visit,
            catalogue=self.catalogue,
            regions=self.regions,
            client_dob=self.client.date_of_birth,
            today=self._today(),
        )
        for test_card in self.objective.cards.values():
            for side in test_card.sides.values():
                for widget in side.fields.values():
                    edit = getattr(widget, "edit", widget)
                    if isinstance(edit, NumberEdit | OrderField):
                        problem = edit.problem()
                        if problem:
                            found.append(
                                FieldError(
                                    f"test_results.{test_card.test.id}",
                                    f"{test_card.test.name} ({side.side.value}): {problem}",
                                )
                            )
        found.extend(unprintable_warnings(visit))
        if not visit.red_flags.answers:
            found.append(
                FieldError(
                    "red_flags",
                    "Red flags not screened at this visit: ask the checklist and tick 'screened'",
                    "warning",
                )
            )
        return found

    # Live behaviour --------------------------------------------------------------------------

    def _schedule_refresh(self) -> None:
        self._refresh_timer.start()

    def refresh_now(self) -> None:
        """Run the live checks immediately (tests call this instead of waiting)."""
        self._refresh_now()

    def _refresh_now(self) -> None:
        self._refresh_timer.stop()
        visit = self.collect()
        try:
            classification = classify_visit_pain(visit, self.catalogue, self.regions)
        except ValueError:
            classification = None
        if classification is not None:
            self.subjective.show_classification(classification)
        self.outcomes.show_summary(visit)
        self.plan.set_hands_on(visit.treatment.is_hands_on)
        self.treatment.refresh_marked()
        self.objective.update_summaries()
        self._show_problems(self.problems(visit))
        self.highlighter.update()
        self._update_title(visit)

    def _show_problems(self, problems: list[FieldError]) -> None:
        self.issues.clear()
        self._problems = problems
        ordered = sorted(problems, key=lambda p: (p.severity != "error", self.section_of(p.field)))
        for problem in ordered:
            word = "Error" if problem.is_error else "Warning"
            item = QListWidgetItem(
                f"{word} · {self.sections[self.section_of(problem.field)].title}: {problem.message}"
            )
            item.setForeground(QColor("#a3312a" if problem.is_error else "#8a5a00"))
            item.setData(Qt.ItemDataRole.UserRole, self.section_of(problem.field))
            self.issues.addItem(item)
        if not problems:
            text = (
                "Signed and read-only: corrections are added as amendments below."
                if self.is_signed
                else "No problems found: ready to save."
            )
            item = QListWidgetItem(text)
            item.setForeground(QColor("#185a62"))
            self.issues.addItem(item)

    @staticmethod
    def section_of(field: str) -> int:
        for prefix, index in _FIELD_SECTIONS:
            if field.startswith(prefix):
                return index
        return SUBJECTIVE

    def _on_issue(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.ItemDataRole.UserRole)
        if index is not None:
            self.go_to(int(index))

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

    def _add_referral(self, payload: tuple) -> None:
        to_whom, reason, urgency, flags = payload
        from glutedesk.domain.models import Referral

        row = self.plan.add_referral(Referral(to_whom, reason, urgency, tuple(flags)))
        self.go_to(PLAN)
        row.reason.setFocus()
        self.set_status("Referral added to the plan: check the wording.")

    # Navigation ------------------------------------------------------------------------------

    def current_section(self) -> int:
        return self.stack.currentIndex()

    def go_to(self, index: int) -> None:
        index = max(0, min(index, len(self.sections) - 1))
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        else:
            self._on_nav(index)

    def next_section(self) -> None:
        self.go_to(self.current_section() + 1)

    def previous_section(self) -> None:
        self.go_to(self.current_section() - 1)

    def jump_test(self, step: int) -> None:
        """Ctrl+Down / Ctrl+Up: the next or previous test of the battery."""
        if self.current_section() != OBJECTIVE:
            self.go_to(OBJECTIVE)
            return
        self.objective.jump_test(step, self.focusWidget())

    def toggle_screened(self) -> None:
        """Alt+R: tick (or untick) "red flags screened" and show the checklist."""
        self.go_to(SUBJECTIVE)
        box = self.subjective.red_flags.screened
        box.setChecked(not box.isChecked())
        box.setFocus()

    def focus_psfs(self) -> None:
        """Alt+P: the first PSFS rating, to re-rate the activities."""
        self.go_to(SUBJECTIVE)
        rating = self.subjective.psfs.ratings[0]
        rating.setFocus(Qt.FocusReason.ShortcutFocusReason)
        rating.selectAll()

    def _on_nav(self, index: int) -> None:
        if index < 0:
            return
        changed = self.stack.currentIndex() != index
        self.stack.setCurrentIndex(index)
        if changed:
            self.autosave()
        target = self.sections[index].first_input()
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

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

    def _discard_draft(self) -> None:
        if self._drafts_folder is not None:
            with contextlib.suppress(OSError):
                discard_draft(self._drafts_folder, self._base.id)
        self._last_draft = None

    # Saving ----------------------------------------------------------------------------------

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    # Sign-off ---------------------------------------------------------------------------------

    @property
    def is_signed(self) -> bool:
        return not self._is_new and is_signed(self._db, self.visit_id)

    def _apply_signature_state(self) -> None:
        """Show the signature panel for a stored visit; lock every section once it is signed."""
        stored = None if self._is_new else self.visit_id
        self.amendments.set_visit(stored)
        self.amendments.setVisible(stored is not None)
        signed = self.is_signed
        self._update_title()
        self._show_problems(getattr(self, "_problems", []))
        for section in self.sections:
            section.setEnabled(not signed)
        self.save_button.setEnabled(not signed)
        if signed:
            self.autosave_timer.stop()
            self.set_status("Signed and locked: use Add amendment… to correct it.")

    def sign(self) -> bool:
        """Save anything unsaved, then ask for the signature; True when the visit is signed."""
        if (self._is_new or self.is_dirty()) and not self.save():
            return False
        return self.amendments.sign()

    def _on_signature_changed(self, changes: Changes) -> None:
        self._apply_signature_state()
        self.saved.emit(changes)
        if self._on_saved is not None:
            self._on_saved(changes)

    def save(self) -> bool:
        """Check and save the visit; True when it is stored. Errors keep everything typed."""
        if self.is_signed:
            self.set_status("Signed and locked: use Add amendment… to correct it.")
            return False
        self._refresh_now()
        visit = self.collect()
        problems = self.problems(visit)
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
                stored, changes = save_visit(self._db, visit)
            except (sqlite3.Error, StorageError, OSError) as exc:
                self._force_draft(visit)
                self.set_status("Not saved: see the message. Nothing you typed is lost.")
                if SaveFailedDialog.ask(self, save_error_message(exc)):
                    continue
                return False
            break
        # Reload the stored form (storage keeps its own order of the parts).
        with contextlib.suppress(LookupError, sqlite3.Error, StorageError):
            stored = get_visit(self._db, stored.id)
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
        self.stack.setCurrentIndex(section)
        self._discard_draft()
        self._apply_signature_state()
        self.set_status(f"Saved {dt.datetime.now():%H:%M}")
        self._update_title()
        self.saved.emit(changes)
        if self._on_saved is not None:
            self._on_saved(changes)
        return True

    def _force_draft(self, visit: Visit) -> None:
        if self._drafts_folder is None:
            return
        try:
            save_draft(self._drafts_folder, visit, is_new=self._is_new)
            self._last_draft = visit
        except OSError:
            pass

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty():
            choice = UnsavedChangesDialog.ask(self)
            if choice == "cancel" or (choice == "save" and not self.save()):
                event.ignore()
                return
            if choice == "discard":
                self._discard_draft()
        self.autosave_timer.stop()
        self._refresh_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)
        self.closed.emit()
