"""The glute test battery, built entirely from the test catalogue.

Each catalogue test becomes a :class:`TestCard`, laid out by :class:`TestCardView`: its result
fields with the client's left and right side by side, then variant, compensations, symptom
provoked, "not tested" with a reason, and a note. Optional tests start collapsed unless they
hold a result. A test added to the catalogue appears here with no code change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QWidget

from glutedesk.domain.catalogue import FieldType, TestDefinition
from glutedesk.domain.ids import RegionId, TestId
from glutedesk.domain.models import Side, TestResult
from glutedesk.domain.regions import RegionManifest
from glutedesk.domain.strength import READING_FIELD, UNIT_FIELD
from glutedesk.ui.visit_editor.battery_view import SideView, TestCardView, focus_targets
from glutedesk.ui.visit_editor.common import ViewAttributes
from glutedesk.ui.visit_editor.strength_parts import old_sides_text, symmetry_summary
from glutedesk.ui.widgets.fields import NumberEdit, OrderField, is_blank

_MISSING = object()


def _same(a: Any, b: Any) -> bool:
    if is_blank(a) and is_blank(b):
        return True
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return list(a) == list(b)
    return a == b


class SideInputs(ViewAttributes):
    """One test on one side: its inputs (a :class:`SideView`) and the result they make."""

    view: SideView

    def __init__(self, test: TestDefinition, side: Side, view: SideView) -> None:
        self.test = test
        self.side = side
        self.view = view
        self.default_unit: Callable[[], str | None] = lambda: None
        self._original: TestResult | None = None
        self._loaded: tuple | None = None
        self._connect_callbacks()

    def _connect_callbacks(self) -> None:
        view = self.view
        view.symptom.toggled.connect(view.region.setEnabled)
        view.not_tested.toggled.connect(self._on_not_tested)
        reading = view.fields.get(READING_FIELD)
        if reading is not None and UNIT_FIELD in view.fields:
            reading.changed.connect(self._on_reading_changed)  # type: ignore[attr-defined]

    def _on_reading_changed(self, *_: object) -> None:
        """A reading typed with no unit picked takes the unit to expect (never saved unseen:
        the unit shows beside the reading, and the therapist can change it)."""
        unit = self.view.fields[UNIT_FIELD]
        if is_blank(self.view.fields[READING_FIELD].value()) or not is_blank(unit.value()):  # type: ignore[attr-defined]
            return
        default = self.default_unit()
        if default:
            unit.set_value(default)  # type: ignore[attr-defined]

    def _on_not_tested(self, checked: bool) -> None:
        self.view.reason.setEnabled(checked)
        for widget in self.view.fields.values():
            widget.setEnabled(not checked)
        if checked:
            self.view.reason.setFocus()

    def field_values(self) -> dict[str, Any]:
        return {fid: widget.value() for fid, widget in self.view.fields.items()}  # type: ignore[attr-defined]

    def set_field_values(self, values: Mapping[str, Any]) -> None:
        for fid, widget in self.view.fields.items():
            widget.set_value(values.get(fid))  # type: ignore[attr-defined]

    def state(self) -> tuple:
        view = self.view
        return (
            tuple(tuple(v) if isinstance(v, list) else v for v in self.field_values().values()),
            view.variant.value(),
            tuple(view.compensations.value() or ()),
            view.symptom.isChecked(),
            view.region.value(),
            view.not_tested.isChecked(),
            view.reason.text(),
            view.note.text(),
        )

    def load(self, result: TestResult | None) -> None:
        view = self.view
        self.set_field_values(result.values if result else {})
        view.variant.set_value(result.variant if result and result.variant else None)
        view.compensations.set_value(result.compensations if result else ())
        view.symptom.setChecked(bool(result and result.symptom_provoked))
        view.region.set_value(result.symptom_region if result else None)
        tested = result is None or result.tested
        view.not_tested.setChecked(not tested)
        view.reason.setText(result.not_tested_reason or "" if result else "")
        view.note.setText(result.note if result else "")
        self._original = result
        self._loaded = self.state()

    def has_data(self) -> bool:
        values = self.field_values()
        return (
            any(not is_blank(v) for v in values.values())
            or self.view.not_tested.isChecked()
            or bool(self.view.compensations.value())
            or self.view.symptom.isChecked()
            or bool(self.view.note.text())
        )

    def _values(self) -> dict[str, Any]:
        """The field values, keeping the stored form of each value not changed."""
        if self.view.not_tested.isChecked():
            return {}
        old_values = self._original.values if self._original else {}
        values = {}
        for fid, new in self.field_values().items():
            old = old_values.get(fid, _MISSING)
            if old is not _MISSING and _same(old, new):
                values[fid] = old
            elif not is_blank(new):
                values[fid] = new
        return values

    def result(self) -> TestResult | None:
        if self.state() == self._loaded:
            return self._original
        if not self.has_data():
            return None
        view, original = self.view, self._original
        compensations = tuple(view.compensations.value() or ())
        if original and set(original.compensations) == set(compensations):
            compensations = original.compensations
        region = view.region.value() if view.symptom.isChecked() else None
        return TestResult(
            test_id=TestId(self.test.id),
            side=self.side,
            values=self._values(),
            variant=view.variant.value() or "",
            symptom_provoked=view.symptom.isChecked(),
            symptom_region=RegionId(region) if region else None,
            compensations=compensations,
            not_tested_reason=view.reason.text() if view.not_tested.isChecked() else None,
            note=view.note.text(),
        )

    def unreadable(self) -> list[str]:
        """What is typed but cannot be read yet (a number out of range, an order half set)."""
        found = []
        for widget in self.view.fields.values():
            edit = getattr(widget, "edit", widget)
            problem = edit.problem() if isinstance(edit, NumberEdit | OrderField) else None
            if problem:
                found.append(problem)
        return found


class TestCard(ViewAttributes, QFrame):
    """One test with its sides side by side; optional tests can be collapsed."""

    __test__ = False
    changed = Signal()
    view: TestCardView

    def __init__(
        self,
        test: TestDefinition,
        regions: RegionManifest,
        parent: QWidget | None = None,
        *,
        unit_defaults: Mapping[str, str] | None = None,
        involved_side: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.test = test
        self.setObjectName("card")
        self.involved_side = involved_side
        self._unit_defaults = unit_defaults if unit_defaults is not None else {}
        self.view = TestCardView(test, regions, self)
        self.sides = {
            side: SideInputs(test, side, view) for side, view in self.view.side_views.items()
        }
        for inputs in self.sides.values():
            inputs.default_unit = lambda me=inputs: self._expected_unit(me)
        self._old_results: list[TestResult] = []  # an old record's other sides, shown apart
        self._consumed: list[TestResult] = []  # ... and copied into left and right
        self.view.toggle.toggled.connect(self.set_expanded)
        self.view.old_sides.copy_button.clicked.connect(self._copy_old_sides)

    def first_input(self) -> QWidget | None:
        """The first result field of the first side (not the variant): where typing starts."""
        first_side = next(iter(self.view.side_views.values()))
        widget = next(iter(first_side.fields.values()), None)
        targets = focus_targets(widget) if widget is not None else []
        return targets[0] if targets else None

    def set_expanded(self, expanded: bool) -> None:
        self.view.toggle.setChecked(expanded)
        self.view.toggle.setArrowType(
            Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow
        )
        body = self.view.body
        if expanded and not body.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
            return  # shown with its card: showing it now would style it twice (no hiding)
        body.setVisible(expanded)

    @property
    def expanded(self) -> bool:
        return self.view.toggle.isChecked()

    def _expected_unit(self, inputs: SideInputs) -> str | None:
        """The other side's unit if picked, else the therapist's remembered unit for this test."""
        for other in self.sides.values():
            unit = other.fields[UNIT_FIELD].value() if other is not inputs else None  # type: ignore[attr-defined]
            if unit:
                return str(unit)
        return self._unit_defaults.get(self.test.id)

    def load(self, results: dict[tuple[str, Side], TestResult]) -> None:
        for side, inputs in self.sides.items():
            inputs.load(results.get((self.test.id, side)))
        old = [r for (tid, side), r in results.items() if tid == self.test.id]
        self._show_old_sides([r for r in old if r.side not in self.sides])
        self.set_expanded(not self.test.optional or self.has_data() or bool(self._old_results))
        self.update_summary()

    def _show_old_sides(self, results: list[TestResult]) -> None:
        self._old_results, self._consumed = results, []
        self.view.old_sides.text.setText(old_sides_text(results))
        self.view.old_sides.setVisible(bool(results))

    def _copy_old_sides(self) -> None:
        """Copy an old record's "both sides" result into the empty left and right inputs."""
        source = self._old_results[0] if self._old_results else None
        if source is None:
            return
        for inputs in self.sides.values():
            if not inputs.has_data():
                inputs.set_field_values(source.values)
                inputs.note.setText(source.note)
                inputs.not_tested.setChecked(not source.tested)
                inputs.reason.setText(source.not_tested_reason or "")
        self._consumed, self._old_results = self._old_results, []
        self.view.old_sides.setVisible(False)
        self.update_summary()
        self.changed.emit()

    def has_data(self) -> bool:
        return any(s.has_data() for s in self.sides.values())

    def results(self) -> list[TestResult]:
        found = [s.result() for s in self.sides.values()]
        return [r for r in found if r is not None]

    def update_summary(self) -> None:
        """Show the limb symmetry index (readings in one unit, else grades), saying which."""
        grade_field = next((f for f in self.test.fields if f.type is FieldType.OXFORD), None)
        if grade_field is None or not self.test.per_side:
            return
        left = self.sides[Side.LEFT].field_values()
        right = self.sides[Side.RIGHT].field_values()
        text, tip = symmetry_summary(left, right, self.involved_side)
        self.view.summary.setText(text)
        self.view.summary.setToolTip(tip)

    def keys(self) -> set[tuple[str, Side]]:
        consumed = {(self.test.id, r.side) for r in self._consumed}
        return {(self.test.id, side) for side in self.sides} | consumed

    def unreadable(self) -> list[str]:
        """Each value typed that cannot be read yet, naming the test and the side."""
        return [
            f"{self.test.name} ({inputs.side.value}): {problem}"
            for inputs in self.sides.values()
            for problem in inputs.unreadable()
        ]
