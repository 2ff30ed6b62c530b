"""The layout of one test of the battery: a card with the client's left and right side by side.

Layout only (TagStudio's rule): the widgets are public and :class:`TestCard` wires them. Each
catalogue field gets its widget from :func:`glutedesk.ui.widgets.fields.field_widget`; then come
variant, compensations, symptom provoked (+ region), "not tested" (+ reason) and a note.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.catalogue import TestDefinition, TestSection
from glutedesk.domain.models import Side
from glutedesk.domain.regions import RegionManifest
from glutedesk.ui.style import themed
from glutedesk.ui.visit_editor.common import field_label, muted
from glutedesk.ui.widgets.fields import ChoiceField, MultiField, field_widget

SECTION_TITLES: dict[TestSection, str] = {
    TestSection.STRENGTH: "Strength",
    TestSection.FIRING: "Firing patterns",
    TestSection.STABILITY: "Stability and control",
    TestSection.ENDURANCE: "Endurance",
    TestSection.LENGTH: "Muscle length",
    TestSection.PROVOCATION: "Provocation",
}
SIDE_TITLES = {Side.LEFT: "Client's LEFT", Side.RIGHT: "Client's RIGHT", Side.NOT_APPLICABLE: ""}


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


def _pair(first: QWidget, second: QWidget, parent: QWidget) -> QWidget:
    """A tick box and the field it enables, on one line (the field takes the width)."""
    pair = QWidget(parent)
    lay = QHBoxLayout(pair)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(first)
    lay.addWidget(second, 1)
    return pair


class SideView:
    """The inputs of one test on one side (not laid out: :class:`TestCardView` places them)."""

    def __init__(self, test: TestDefinition, side: Side, regions: RegionManifest) -> None:
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


class OldSidesStrip(QFrame):
    """The strip that shows an old record's result on another side, with a copy button."""

    def __init__(self, test_id: str) -> None:
        super().__init__()
        self.setObjectName(f"oldSides_{test_id}")
        self.setStyleSheet(
            "QFrame { background: #fbf3e8; border: 1px solid #e2c9a6; border-radius: 4px; }"
            " QLabel { border: none; background: transparent; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setObjectName(f"oldSidesText_{test_id}")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.text, 1)
        self.copy_button = QPushButton("Copy into left and right")
        self.copy_button.setObjectName(f"oldSidesCopy_{test_id}")
        layout.addWidget(self.copy_button)
        self.setVisible(False)


class TestCardView(QVBoxLayout):
    """One test's card: a header (fold, name, summary, how to test), old sides, the inputs."""

    __test__ = False

    def __init__(self, test: TestDefinition, regions: RegionManifest, owner: QWidget) -> None:
        # Laid on ``owner`` first and filled from the top down: each widget then joins its
        # card once, instead of again with every container built around it (each time its
        # style and palette are sent again: most of the Objective section's build time).
        super().__init__(owner)
        self.setContentsMargins(14, 10, 14, 12)
        self.setSpacing(6)
        sides = (Side.LEFT, Side.RIGHT) if test.per_side else (Side.NOT_APPLICABLE,)
        self.side_views = {side: SideView(test, side, regions) for side in sides}
        self.addLayout(self._header(test))
        self.old_sides = OldSidesStrip(test.id)
        self.addWidget(self.old_sides)
        self.body = QWidget(owner)
        self.addWidget(self.body)
        self.tab_chain: list[QWidget] = []
        self._lay_out_body(test)
        for first, second in zip(self.tab_chain, self.tab_chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _header(self, test: TestDefinition) -> QHBoxLayout:
        header = QHBoxLayout()
        self.toggle = QToolButton()
        self.toggle.setObjectName(f"toggle_{test.id}")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        title = QLabel(test.name)
        title.setStyleSheet("font-weight: 600; font-size: 11pt;")
        title.setWordWrap(True)
        title.setMinimumWidth(160)
        header.addWidget(self.toggle)
        header.addWidget(title)
        if test.optional:
            header.addWidget(muted("optional", wrap=False))
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
        return header

    def _lay_out_body(self, test: TestDefinition) -> None:
        grid = QGridLayout(self.body)
        grid.setContentsMargins(26, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        if test.per_side:
            for column, side in enumerate(self.side_views, start=1):
                heading = QLabel(SIDE_TITLES[side])
                heading.setObjectName("sideHeading")
                heading.setStyleSheet(themed("font-weight: 600; color: #185a62;"))
                grid.addWidget(heading, 0, column)
        inputs = list(self.side_views.values())
        rows: list[tuple[str, list[QWidget], str]] = []
        if test.variants:
            rows.append(("Variant", [s.variant for s in inputs], ""))
        for f in test.fields:
            label = f.label + (" *" if f.required else "")
            rows.append((label, [s.fields[f.id] for s in inputs], f.help))
        if test.compensations:
            rows.append(("Compensations", [s.compensations for s in inputs], ""))
        for s in inputs:  # never shown for this test, but owned by its card (else they leak)
            for unused in ([s.variant] if not test.variants else []) + (
                [s.compensations] if not test.compensations else []
            ):
                unused.setParent(self.body)
                unused.hide()
        for s in inputs:
            s.region.setMinimumContentsLength(8)  # grows with its column; 1024 px must fit
        rows.append(("Symptoms", [_pair(s.symptom, s.region, self.body) for s in inputs], ""))
        rows.append(("Not tested", [_pair(s.not_tested, s.reason, self.body) for s in inputs], ""))
        rows.append(("Note", [s.note for s in inputs], ""))
        for row, (label, widgets, tip) in enumerate(rows, start=1 if test.per_side else 0):
            for widget in widgets:  # left then right, row by row
                self.tab_chain.extend(focus_targets(widget))
            name = field_label(label)
            name.setWordWrap(True)  # a long field name wraps rather than widen the card
            name.setMinimumWidth(120)
            if tip:
                name.setToolTip(tip)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            for column, widget in enumerate(widgets, start=1):
                grid.addWidget(widget, row, column, Qt.AlignmentFlag.AlignTop)
        for column in range(1, len(inputs) + 1):
            grid.setColumnStretch(column, 1)
        grid.setColumnMinimumWidth(0, 130)
