"""BodyDiagram: the clickable body chart with its inspector, marks list and legend.

Mouse: click an unmarked region to mark it with the current symptom and intensity (defaults
ache, 5); click a marked region to select it. Keyboard (on the diagram or the list): 0-9 set the
selected mark's intensity, T sets 10, + / - step it; A S B P N choose ache, sharp, burning, pins
and needles, numbness; Delete removes the mark; Ctrl+Z undoes; Esc deselects. On the diagram the
arrow keys move to the neighbouring region in that direction, Enter or Space marks the selected
region, Page Down / Page Up go through the marks (in the list the keys move as usual). The
"Find a region" field marks a region by name: "glute med left", Enter.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from glutedesk.domain.diagram_geometry import load_view
from glutedesk.domain.ids import RegionId
from glutedesk.domain.models import PainMark, SymptomType
from glutedesk.domain.region_finding import (
    ArrowWalk,
    accessible_region_name,
    region_centres,
)
from glutedesk.domain.regions import RegionManifest, load_regions
from glutedesk.reports import map_style as ms
from glutedesk.ui.body_diagram.canvas import VIEW_GAP, VIEW_ORDER, DiagramCanvas
from glutedesk.ui.body_diagram.legend import Legend
from glutedesk.ui.body_diagram.marking import MarkingState
from glutedesk.ui.body_diagram.marks_list import MarksList
from glutedesk.ui.body_diagram.region_picker import RegionPicker
from glutedesk.ui.body_diagram.toolbar import MarkToolbar
from glutedesk.ui.style import themed

BANNER_STYLE = """
QLabel#nerveBanner {
    background: #fbeceb;
    color: #a3312a;
    border: 1px solid #e3b4b0;
    border-left: 4px solid #a3312a;
    border-radius: 4px;
    padding: 6px 10px;
    font-weight: 600;
}
"""

_ARROWS = {
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
}
_DIGITS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}
_SYMPTOM_BY_KEY = {
    getattr(Qt.Key, f"Key_{letter}"): symptom for symptom, letter in ms.SYMPTOM_KEYS.items()
}


def _check_mark(mark: PainMark) -> PainMark:
    if not isinstance(mark, PainMark):
        raise TypeError(f"expected a PainMark, not {type(mark).__name__}")
    ms.intensity_colour(mark.intensity)  # raises ValueError naming a bad intensity
    return PainMark(
        region_id=RegionId(mark.region_id),
        symptom=SymptomType(mark.symptom),
        intensity=mark.intensity,
        diagram_version=mark.diagram_version,
    )


class BodyDiagram(QWidget):
    """Back and front body views side by side, for marking where it hurts."""

    marks_changed = Signal()
    nerve_symptoms_changed = Signal(bool)

    def __init__(self, regions: RegionManifest | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bodyDiagram")
        self._regions = regions if regions is not None else load_regions()
        self._state = MarkingState(self._regions)
        self._previous: dict[str, PainMark] = {}
        self._show_previous = False
        self._read_only = False
        self._nerve = False
        self._walk: ArrowWalk | None = None  # made on the first arrow key
        self.setAccessibleName("Body diagram: where it hurts")

        self.toolbar = MarkToolbar()
        self.banner = QLabel(ms.NERVE_BANNER)
        self.banner.setObjectName("nerveBanner")
        self.banner.setStyleSheet(themed(BANNER_STYLE))
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        # Its space is kept while hidden: the banner appearing never moves the diagram under
        # the cursor.
        policy = self.banner.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.banner.setSizePolicy(policy)
        self.canvas = DiagramCanvas(
            self._regions, lambda e: self._handle_key(e, arrows=True), parent=self
        )
        self.marks_list = MarksList(self._regions, lambda e: self._handle_key(e, arrows=False))
        self.legend = Legend()
        self.legend.setAccessibleName(
            "Legend: fill colour is intensity 0 to 10, hatching nerve-type"
        )
        self.picker = RegionPicker(self._regions, find_owner=self)
        self.picker.region_chosen.connect(self.mark_region)

        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Marked regions")
        title.setObjectName("cardTitle")
        side.addWidget(title)
        side.addWidget(self.marks_list, 1)
        side.addSpacing(6)
        side.addWidget(self.legend)
        side_panel = QWidget()
        side_panel.setLayout(side)
        side_panel.setMinimumWidth(300)
        side_panel.setMaximumWidth(460)
        self.side_panel = side_panel

        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self.canvas, 3)
        body.addWidget(side_panel, 2)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        outer.addWidget(self.toolbar)
        outer.addWidget(self.banner)
        outer.addWidget(self.picker)
        outer.addLayout(body, 1)

        self.canvas.region_clicked.connect(self._on_region_clicked)
        self.marks_list.region_selected.connect(self._on_list_selected)
        self.toolbar.symptom_chosen.connect(self._on_symptom_chosen)
        self.toolbar.intensity_chosen.connect(self._on_intensity_chosen)
        self.toolbar.drag_finished.connect(self._state.end_drag)
        self.toolbar.undo_requested.connect(self.undo)
        self.toolbar.clear_requested.connect(self.clear)
        self.toolbar.show_previous_toggled.connect(self.set_show_previous)
        self._sync(changed=False)

    # ------------------------------------------------------------------------------ public API

    def regions(self) -> RegionManifest:
        return self._regions

    def marks(self) -> tuple[PainMark, ...]:
        """The current marks, in manifest order; each carries its diagram version."""
        return self._state.marks()

    def set_marks(self, marks: Iterable[PainMark]) -> None:
        """Show ``marks`` (e.g. a saved visit's). Clears the undo history.

        Emits ``nerve_symptoms_changed`` if the nerve flag changes, but not ``marks_changed``
        (nothing was edited). Raises ValueError/TypeError for a malformed mark.
        """
        checked = [_check_mark(m) for m in marks]
        self._state.load(checked)
        self._sync(changed=False)

    def set_previous_marks(self, marks: Iterable[PainMark]) -> None:
        """The previous visit's marks, ghosted when ``set_show_previous(True)``."""
        self._previous = {m.region_id: _check_mark(m) for m in marks}
        self._sync(changed=False)

    def set_show_previous(self, show: bool) -> None:
        """Show or hide the ghost of the previous visit's marks."""
        self._show_previous = bool(show)
        self._sync(changed=False)

    def show_previous(self) -> bool:
        return self._show_previous

    def set_read_only(self, read_only: bool) -> None:
        """In read-only mode clicks and editing keys are ignored; the view can still be read."""
        self._read_only = bool(read_only)
        self.canvas.set_read_only(self._read_only)
        self._sync(changed=False)

    def is_read_only(self) -> bool:
        return self._read_only

    def has_nerve_symptoms(self) -> bool:
        """True when any current mark is pins and needles or numbness."""
        return self._state.has_nerve_symptoms()

    def selected_region(self) -> str | None:
        return self._state.selected

    def select_region(self, region_id: str | None) -> None:
        """Select a region (marked or not) without marking it."""
        if region_id is not None and region_id not in self._regions:
            raise KeyError(f"unknown body-chart region {region_id!r}")
        self._state.select(None if region_id is None else RegionId(region_id))
        self._sync(changed=False)

    def mark_region(self, region_id: str) -> None:
        """Mark ``region_id`` as a click would (or select it if marked); focus the diagram."""
        if region_id not in self._regions:
            raise KeyError(f"unknown body-chart region {region_id!r}")
        if self._read_only:
            self.select_region(region_id)
        else:
            self._on_region_clicked(RegionId(region_id))
        self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_symptom(self) -> SymptomType:
        return self._state.symptom

    def current_intensity(self) -> int:
        return self._state.intensity

    def set_current_symptom(self, symptom: SymptomType) -> None:
        """Choose the symptom (applies to the selected mark, and to new marks)."""
        if self._read_only:
            return
        self._sync(changed=self._state.set_symptom(symptom))

    def set_current_intensity(self, intensity: int) -> None:
        """Choose the intensity 0-10 (applies to the selected mark, and to new marks)."""
        if self._read_only:
            return
        self._sync(changed=self._state.set_intensity(intensity))

    def remove_selected(self) -> None:
        """Remove the selected mark (undoable)."""
        if self._read_only:
            return
        self._sync(changed=self._state.remove_selected(self.marks_list.region_ids()))

    def undo(self) -> None:
        """Undo the last change to the marks."""
        if self._read_only:
            return
        self._sync(changed=self._state.undo())

    def can_undo(self) -> bool:
        return self._state.can_undo()

    def clear(self) -> None:
        """Remove every mark (one undoable step)."""
        if self._read_only:
            return
        self._sync(changed=self._state.clear())

    # ------------------------------------------------------------------------------ handlers

    def _on_region_clicked(self, region_id: RegionId | None) -> None:
        if self._read_only:
            return
        changed = self._state.click(region_id)
        self._sync(changed=changed)
        self.canvas.refresh_tooltip()

    def _on_list_selected(self, region_id: str | None) -> None:
        self._state.select(None if region_id is None else RegionId(region_id))
        self._sync(changed=False, rebuild_list=False)

    def _on_symptom_chosen(self, symptom: SymptomType) -> None:
        self.set_current_symptom(symptom)

    def _on_intensity_chosen(self, value: int, dragging: bool) -> None:
        if self._read_only:
            return
        self._sync(changed=self._state.set_intensity(value, drag=dragging))

    def _handle_key(self, event: QKeyEvent, *, arrows: bool) -> bool:
        """Apply a marking key; return True if the key was used."""
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            return True
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & ~Qt.KeyboardModifier.ShiftModifier:
            return False  # leave Ctrl/Alt/Meta combinations to the window
        key = event.key()
        if arrows and key in _ARROWS:
            self._move_to_neighbour(_ARROWS[key])
            return True
        if arrows and key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self._move_selection(1 if key == Qt.Key.Key_PageDown else -1)
            return True
        if key == Qt.Key.Key_Escape and self._state.selected is not None:
            self.select_region(None)
            return True
        if self._read_only:
            return False
        if key in _DIGITS:
            self.set_current_intensity(_DIGITS[key])
        elif key == Qt.Key.Key_T:
            self.set_current_intensity(10)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._sync(changed=self._state.step_intensity(1))
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self._sync(changed=self._state.step_intensity(-1))
        elif key in _SYMPTOM_BY_KEY:
            self.set_current_symptom(_SYMPTOM_BY_KEY[key])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_selected()
        elif arrows and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._state.selected is None:
                return False
            self._on_region_clicked(RegionId(self._state.selected))
        else:
            return False
        return True

    def _move_selection(self, step: int) -> None:
        order = [m.region_id for m in self._state.marks()]
        if not order:
            return
        if self._state.selected in order:
            index = (order.index(self._state.selected) + step) % len(order)
        else:
            index = 0 if step > 0 else len(order) - 1
        self.select_region(order[index])

    def _move_to_neighbour(self, direction: str) -> None:
        if self._walk is None:
            views = {view: load_view(view) for view in VIEW_ORDER}
            self._walk = ArrowWalk(region_centres(views, VIEW_ORDER, VIEW_GAP))
        current = self._state.selected
        if current is None or current not in self._walk.centres:
            self.select_region(self._regions.regions[0].id)  # start at the top of the back
            return
        found = self._walk.step(current, direction)
        if found is not None:
            self.select_region(found)

    def selection_description(self) -> str:
        """The selected region and its mark, as the diagram's accessible name says them."""
        selected = self._state.selected
        if selected is None:
            return "no region selected; arrow keys choose one, or type in Find a region"
        if selected not in self._regions:
            return f"{selected} (another diagram version)"
        name = accessible_region_name(self._regions.get(selected))
        mark = self._state.mark(selected)
        if mark is None:
            return f"{name}; not marked" + ("" if self._read_only else "; Enter marks it")
        return f"{name}; marked {ms.mark_description(mark)}"

    def _describe_selection(self) -> None:
        # A screen reader reads the canvas's name as the selection moves, as for a list row.
        text = self.selection_description()
        self.canvas.setAccessibleName(f"Body diagram, {text}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys the toolbar's buttons and slider do not use (digits, letters, Ctrl+Z) land here.
        if not self._handle_key(event, arrows=False):
            super().keyPressEvent(event)

    # ------------------------------------------------------------------------------ refresh

    def _sync(self, *, changed: bool, rebuild_list: bool = True) -> None:
        state = self._state
        marks = {m.region_id: m for m in state.marks()}
        self.canvas.set_state(marks, state.selected, self._previous, self._show_previous)
        if rebuild_list:
            self.marks_list.show_marks(state.marks(), state.selected)
        label = None
        if state.selected is not None:
            region = state.selected
            label = self._regions.get(region).label if region in self._regions else region
        self._describe_selection()
        if self._read_only:
            target = f"Read only — {label}" if label else "Read only"
        elif label is None:
            target = "Click a region to mark it with:"
        elif state.mark(state.selected) is None:
            target = f"Selected: {label} (not marked)"
        else:
            target = f"Selected: {label}"
        self.toolbar.show_current(
            state.symptom,
            state.intensity,
            target,
            can_undo=state.can_undo(),
            can_clear=bool(marks),
            read_only=self._read_only,
        )
        self.toolbar.set_show_previous(self._show_previous, available=bool(self._previous))
        nerve = state.has_nerve_symptoms()
        self.banner.setVisible(nerve)
        if changed:
            self.marks_changed.emit()
        if nerve != self._nerve:
            self._nerve = nerve
            self.nerve_symptoms_changed.emit(nerve)
