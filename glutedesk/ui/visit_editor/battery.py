"""The glute test battery, built entirely from the test catalogue.

Each catalogue test becomes a :class:`TestCard`: its result fields (one widget per field type,
from :func:`glutedesk.ui.widgets.fields.field_widget`) with the client's left and right side by
side, then variant, compensations, symptom provoked, "not tested" with a reason, and a note.
Optional tests start collapsed unless they hold a result. A test added to the catalogue appears
here with no code change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.catalogue import FieldType, TestDefinition, TestSection
from glutedesk.domain.ids import RegionId, TestId
from glutedesk.domain.models import Side, TestResult
from glutedesk.domain.regions import RegionManifest
from glutedesk.domain.strength import READING_FIELD, UNIT_FIELD
from glutedesk.ui.style import themed
from glutedesk.ui.visit_editor.common import field_label, muted
from glutedesk.ui.visit_editor.strength_parts import OldSides, symmetry_summary
from glutedesk.ui.widgets.fields import ChoiceField, MultiField, field_widget, is_blank

SECTION_TITLES: dict[TestSection, str] = {
    TestSection.STRENGTH: "Strength",
    TestSection.FIRING: "Firing patterns",
    TestSection.STABILITY: "Stability and control",
    TestSection.ENDURANCE: "Endurance",
    TestSection.LENGTH: "Muscle length",
    TestSection.PROVOCATION: "Provocation",
}
SIDE_TITLES = {Side.LEFT: "Client's LEFT", Side.RIGHT: "Client's RIGHT", Side.NOT_APPLICABLE: ""}

_MISSING = object()


def _same(a: Any, b: Any) -> bool:
    if is_blank(a) and is_blank(b):
        return True
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return list(a) == list(b)
    return a == b


def focus_targets(widget: QWidget) -> list[QWidget]:
    """The widgets that take keyboard focus inside ``widget``, in layout order."""
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.focusProxy():
        return [widget]
    return [
        w
        for w in widget.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not w.focusProxy()
        and w.window() is widget.window()  # not a combo box's pop-up list
        and not isinstance(w.parentWidget(), QComboBox)
    ]


class SideInputs:
    """The inputs of one test on one side, and the :class:`TestResult` they make."""

    def __init__(self, test: TestDefinition, side: Side, regions: RegionManifest) -> None:
        self.test = test
        self.side = side
        suffix = f"{test.id}_{side.value}"
        self.fields: dict[str, QWidget] = {}
        for f in test.fields:
            widget = field_widget(f)
            widget.setObjectName(f"{suffix}_{f.id}")
            self.fields[f.id] = widget
        self.variant = ChoiceField([(v.id, v.label) for v in test.variants])
        self.variant.setObjectName(f"{suffix}_variant")
        self.compensations = MultiField([(c.id, c.label) for c in test.compensations])
        self.compensations.setObjectName(f"{suffix}_compensations")
        self.symptom = QCheckBox("provoked, in")
        self.symptom.setObjectName(f"{suffix}_symptom")
        self.region = ChoiceField([(r.id, r.label) for r in regions.regions])
        self.region.setObjectName(f"{suffix}_region")
        self.region.setEnabled(False)
        self.region.setMinimumContentsLength(12)
        self.not_tested = QCheckBox("not done:")
        self.not_tested.setObjectName(f"{suffix}_not_tested")
        self.reason = QLineEdit()
        self.reason.setObjectName(f"{suffix}_reason")
        self.reason.setPlaceholderText("why (e.g. pain, short of time)")
        self.reason.setEnabled(False)
        self.note = QLineEdit()
        self.note.setObjectName(f"{suffix}_note")
        self.note.setPlaceholderText("Note")
        self.symptom.toggled.connect(self.region.setEnabled)
        self.not_tested.toggled.connect(self._on_not_tested)
        self.default_unit: Callable[[], str | None] = lambda: None
        reading = self.fields.get(READING_FIELD)
        if reading is not None and UNIT_FIELD in self.fields:
            reading.changed.connect(self._on_reading_changed)  # type: ignore[attr-defined]
        self._original: TestResult | None = None
        self._loaded: tuple | None = None

    def _on_reading_changed(self, *_: object) -> None:
        """A reading typed with no unit picked takes the unit to expect (never saved unseen:
        the unit shows beside the reading, and the therapist can change it)."""
        unit = self.fields[UNIT_FIELD]
        if is_blank(self.fields[READING_FIELD].value()) or not is_blank(unit.value()):  # type: ignore[attr-defined]
            return
        default = self.default_unit()
        if default:
            unit.set_value(default)  # type: ignore[attr-defined]

    def _on_not_tested(self, checked: bool) -> None:
        self.reason.setEnabled(checked)
        for widget in self.fields.values():
            widget.setEnabled(not checked)
        if checked:
            self.reason.setFocus()

    def field_values(self) -> dict[str, Any]:
        return {fid: widget.value() for fid, widget in self.fields.items()}  # type: ignore[attr-defined]

    def state(self) -> tuple:
        return (
            tuple(tuple(v) if isinstance(v, list) else v for v in self.field_values().values()),
            self.variant.value(),
            tuple(self.compensations.value() or ()),
            self.symptom.isChecked(),
            self.region.value(),
            self.not_tested.isChecked(),
            self.reason.text(),
            self.note.text(),
        )

    def load(self, result: TestResult | None) -> None:
        values = result.values if result else {}
        for fid, widget in self.fields.items():
            widget.set_value(values.get(fid))  # type: ignore[attr-defined]
        self.variant.set_value(result.variant if result and result.variant else None)
        self.compensations.set_value(result.compensations if result else ())
        self.symptom.setChecked(bool(result and result.symptom_provoked))
        self.region.set_value(result.symptom_region if result else None)
        tested = result is None or result.tested
        self.not_tested.setChecked(not tested)
        self.reason.setText(result.not_tested_reason or "" if result else "")
        self.note.setText(result.note if result else "")
        self._original = result
        self._loaded = self.state()

    def has_data(self) -> bool:
        values = self.field_values()
        return (
            any(not is_blank(v) for v in values.values())
            or self.not_tested.isChecked()
            or bool(self.compensations.value())
            or self.symptom.isChecked()
            or bool(self.note.text())
        )

    def result(self) -> TestResult | None:
        if self.state() == self._loaded:
            return self._original
        if not self.has_data():
            return None
        original = self._original
        old_values = original.values if original else {}
        if self.not_tested.isChecked():
            values: dict[str, Any] = {}
        else:
            values = {}
            for fid, new in self.field_values().items():
                old = old_values.get(fid, _MISSING)
                if old is not _MISSING and _same(old, new):
                    values[fid] = old
                elif not is_blank(new):
                    values[fid] = new
        compensations = tuple(self.compensations.value() or ())
        if original and set(original.compensations) == set(compensations):
            compensations = original.compensations
        region = self.region.value() if self.symptom.isChecked() else None
        return TestResult(
            test_id=TestId(self.test.id),
            side=self.side,
            values=values,
            variant=self.variant.value() or "",
            symptom_provoked=self.symptom.isChecked(),
            symptom_region=RegionId(region) if region else None,
            compensations=compensations,
            not_tested_reason=self.reason.text() if self.not_tested.isChecked() else None,
            note=self.note.text(),
        )


class TestCard(QFrame):
    """One test with its sides side by side; optional tests can be collapsed."""

    __test__ = False
    changed = Signal()

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
        sides = (Side.LEFT, Side.RIGHT) if test.per_side else (Side.NOT_APPLICABLE,)
        self.sides = {side: SideInputs(test, side, regions) for side in sides}
        for inputs in self.sides.values():
            inputs.default_unit = lambda me=inputs: self._expected_unit(me)
        self.old_sides = OldSides(test)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 12)
        outer.setSpacing(6)
        header = QHBoxLayout()
        self.toggle = QToolButton()
        self.toggle.setObjectName(f"toggle_{test.id}")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.toggled.connect(self.set_expanded)
        title = QLabel(test.name)
        title.setStyleSheet("font-weight: 600; font-size: 11pt;")
        title.setWordWrap(True)
        title.setMinimumWidth(160)
        header.addWidget(self.toggle)
        header.addWidget(title)
        if test.optional:
            tag = muted("optional", wrap=False)
            header.addWidget(tag)
        info = QLabel("How to test?")
        info.setProperty("role", "muted")
        info.setToolTip(
            f"<p><b>How:</b> {test.instructions}</p>"
            + (f"<p><b>Caveat:</b> {test.caveat}</p>" if test.caveat else "")
            + f"<p><i>{test.source}</i></p>"
        )
        header.addStretch(1)
        self.summary = muted("", wrap=True)  # wraps on a small screen, never widens the card
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.summary.setMinimumWidth(140)
        self.summary.setObjectName(f"summary_{test.id}")
        header.addWidget(self.summary, 1)
        header.addWidget(info)
        outer.addLayout(header)

        self.body = QWidget()
        grid = QGridLayout(self.body)
        grid.setContentsMargins(26, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        row = 0
        if test.per_side:
            for column, side in enumerate(sides, start=1):
                heading = QLabel(SIDE_TITLES[side])
                heading.setObjectName("sideHeading")
                heading.setStyleSheet(themed("font-weight: 600; color: #185a62;"))
                grid.addWidget(heading, row, column)
            row += 1

        self._tab_chain: list[QWidget] = []

        def add_row(label: str, widgets: list[QWidget], tip: str = "") -> None:
            nonlocal row
            for widget in widgets:  # left then right, row by row
                self._tab_chain.extend(focus_targets(widget))
            name = field_label(label)
            name.setWordWrap(True)  # a long field name wraps rather than widen the card
            name.setMinimumWidth(120)
            if tip:
                name.setToolTip(tip)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            for column, widget in enumerate(widgets, start=1):
                grid.addWidget(widget, row, column, Qt.AlignmentFlag.AlignTop)
            row += 1

        inputs = list(self.sides.values())
        if test.variants:
            add_row("Variant", [s.variant for s in inputs])
        for f in test.fields:
            label = f.label + (" *" if f.required else "")
            add_row(label, [s.fields[f.id] for s in inputs], f.help)
        if test.compensations:
            add_row("Compensations", [s.compensations for s in inputs])
        for s in inputs:
            pair = QWidget()
            lay = QHBoxLayout(pair)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(s.symptom)
            s.region.setMinimumContentsLength(8)  # grows with its column; 1024 px must fit
            lay.addWidget(s.region, 1)
            s._symptom_row = pair  # type: ignore[attr-defined]
            pair2 = QWidget()
            lay2 = QHBoxLayout(pair2)
            lay2.setContentsMargins(0, 0, 0, 0)
            lay2.addWidget(s.not_tested)
            lay2.addWidget(s.reason, 1)
            s._not_tested_row = pair2  # type: ignore[attr-defined]
        add_row("Symptoms", [s._symptom_row for s in inputs])  # type: ignore[attr-defined]
        add_row("Not tested", [s._not_tested_row for s in inputs])  # type: ignore[attr-defined]
        add_row("Note", [s.note for s in inputs])
        for column in range(1, len(inputs) + 1):
            grid.setColumnStretch(column, 1)
        grid.setColumnMinimumWidth(0, 130)
        outer.addWidget(self.old_sides)
        self.old_sides.copy_button.clicked.connect(self._copy_old_sides)
        outer.addWidget(self.body)
        for first, second in zip(self._tab_chain, self._tab_chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def first_input(self) -> QWidget | None:
        """The first result field of the first side (not the variant): where typing starts."""
        first_side = next(iter(self.sides.values()))
        widget = next(iter(first_side.fields.values()), None)
        targets = focus_targets(widget) if widget is not None else []
        return targets[0] if targets else None

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

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
        self.old_sides.load([r for r in old if r.side not in self.sides])
        self.set_expanded(not self.test.optional or self.has_data() or bool(self.old_sides.results))
        self.update_summary()

    def _copy_old_sides(self) -> None:
        """Copy an old record's "both sides" result into the empty left and right inputs."""
        source = self.old_sides.results[0] if self.old_sides.results else None
        if source is None:
            return
        for inputs in self.sides.values():
            if not inputs.has_data():
                for fid, widget in inputs.fields.items():
                    widget.set_value(source.values.get(fid))  # type: ignore[attr-defined]
                inputs.note.setText(source.note)
                inputs.not_tested.setChecked(not source.tested)
                inputs.reason.setText(source.not_tested_reason or "")
        self.old_sides.consume()
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
        self.summary.setText(text)
        self.summary.setToolTip(tip)

    def keys(self) -> set[tuple[str, Side]]:
        consumed = {(self.test.id, r.side) for r in self.old_sides.consumed}
        return {(self.test.id, side) for side in self.sides} | consumed
