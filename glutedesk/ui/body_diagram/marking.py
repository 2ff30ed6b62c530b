"""The marking state behind the body diagram: marks, selection, current tool and undo.

Plain Python (no Qt), so the rules are simple to read: the widgets call these methods and
repaint from the result. Every method that changes the marks returns True when something did
change, and records one undo step.
"""

from __future__ import annotations

from collections.abc import Iterable

from glutedesk.domain.ids import RegionId
from glutedesk.domain.models import PainMark, SymptomType
from glutedesk.domain.regions import RegionManifest

DEFAULT_SYMPTOM = SymptomType.ACHE
DEFAULT_INTENSITY = 5
UNDO_LIMIT = 200


class MarkingState:
    """Pain marks keyed by region, the selected region and the current symptom/intensity."""

    def __init__(self, regions: RegionManifest) -> None:
        self.regions = regions
        self._marks: dict[RegionId, PainMark] = {}
        self._undo: list[tuple[dict[RegionId, PainMark], RegionId | None]] = []
        self._coalesce: tuple[str, RegionId] | None = None
        self.selected: RegionId | None = None
        self.symptom: SymptomType = DEFAULT_SYMPTOM
        self.intensity: int = DEFAULT_INTENSITY

    # ------------------------------------------------------------------------------ queries

    def marks(self) -> tuple[PainMark, ...]:
        """Marks in manifest order (back view top to bottom, then front); unknown ids last."""
        order = {r.id: i for i, r in enumerate(self.regions)}
        return tuple(
            sorted(self._marks.values(), key=lambda m: (order.get(m.region_id, 10**6), m.region_id))
        )

    def mark(self, region_id: str | None) -> PainMark | None:
        return None if region_id is None else self._marks.get(RegionId(region_id))

    def has_nerve_symptoms(self) -> bool:
        return any(m.symptom.is_nerve_type for m in self._marks.values())

    def can_undo(self) -> bool:
        return bool(self._undo)

    # ------------------------------------------------------------------------------ changes

    def _checkpoint(self, coalesce: tuple[str, RegionId] | None = None) -> None:
        if coalesce is not None and coalesce == self._coalesce:
            return
        self._undo.append((dict(self._marks), self.selected))
        del self._undo[:-UNDO_LIMIT]
        self._coalesce = coalesce

    def load(self, marks: Iterable[PainMark]) -> None:
        """Replace all marks (no undo step; the undo history is cleared)."""
        self._marks = {RegionId(m.region_id): m for m in marks}
        self._undo.clear()
        self._coalesce = None
        if self.selected not in self._marks:
            self.selected = None

    def click(self, region_id: RegionId | None) -> bool:
        """Handle a click on ``region_id`` (None = outside every region).

        An unmarked region is marked with the current symptom and intensity and selected; a
        marked one is only selected (and its values become current). Returns True if the marks
        changed.
        """
        if region_id is None:
            self.selected = None
            return False
        existing = self._marks.get(region_id)
        if existing is not None:
            self.select(region_id)
            return False
        self._checkpoint()
        self._marks[region_id] = PainMark(
            region_id=region_id,
            symptom=self.symptom,
            intensity=self.intensity,
            diagram_version=self.regions.version,
        )
        self.selected = region_id
        return True

    def select(self, region_id: RegionId | None) -> None:
        """Select a region; a marked region's symptom and intensity become the current ones."""
        self.selected = region_id
        self._coalesce = None
        mark = self.mark(region_id)
        if mark is not None:
            self.symptom = mark.symptom
            if mark.intensity is not None:
                self.intensity = mark.intensity

    def _update_selected(self, coalesce: tuple[str, RegionId] | None, **changes) -> bool:
        mark = self.mark(self.selected)
        if mark is None:
            return False
        new = PainMark(
            region_id=mark.region_id,
            symptom=changes.get("symptom", mark.symptom),
            intensity=changes.get("intensity", mark.intensity),
            diagram_version=self.regions.version,
        )
        if new == mark:
            return False
        self._checkpoint(coalesce)
        self._marks[mark.region_id] = new
        return True

    def set_intensity(self, value: int, *, drag: bool = False) -> bool:
        """Make ``value`` (clamped to 0-10) current and apply it to the selected mark.

        ``drag`` merges consecutive changes of one region into one undo step (a slider drag).
        """
        value = max(0, min(10, int(value)))
        self.intensity = value
        key = ("intensity", self.selected) if drag and self.selected else None
        return self._update_selected(key, intensity=value)

    def step_intensity(self, delta: int) -> bool:
        """Raise or lower the intensity by ``delta`` (from the selected mark, else current)."""
        mark = self.mark(self.selected)
        base = mark.intensity if mark is not None and mark.intensity is not None else None
        if base is None:
            base = self.intensity
        return self.set_intensity(base + delta)

    def set_symptom(self, symptom: SymptomType) -> bool:
        """Make ``symptom`` current and apply it to the selected mark."""
        self.symptom = SymptomType(symptom)
        return self._update_selected(None, symptom=self.symptom)

    def remove_selected(self, next_in: tuple[RegionId, ...] = ()) -> bool:
        """Remove the selected mark; select the one after it in ``next_in`` (if any)."""
        if self.mark(self.selected) is None:
            return False
        self._checkpoint()
        gone = self.selected
        del self._marks[gone]
        following = None
        if gone in next_in:
            index = next_in.index(gone)
            rest = [r for r in next_in[index + 1 :] + next_in[:index][::-1] if r in self._marks]
            following = rest[0] if rest else None
        self.selected = None
        if following is not None:
            self.select(following)
        return True

    def clear(self) -> bool:
        """Remove every mark (one undo step)."""
        if not self._marks:
            return False
        self._checkpoint()
        self._marks.clear()
        self.selected = None
        return True

    def undo(self) -> bool:
        """Go back one step; returns False when there is nothing to undo."""
        if not self._undo:
            return False
        self._marks, selected = self._undo.pop()
        self._coalesce = None
        self.selected = selected if selected in self._marks else None
        return True

    def end_drag(self) -> None:
        """Stop merging intensity changes into the previous undo step."""
        self._coalesce = None
