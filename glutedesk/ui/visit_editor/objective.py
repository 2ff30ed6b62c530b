"""Objective: the posture checklist and the glute test battery, both from the catalogues."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.catalogue import Catalogue, PostureGroup, PostureItem, TestSection
from glutedesk.domain.ids import PostureItemId
from glutedesk.domain.models import PostureFinding, Side, TestResult, Visit
from glutedesk.domain.validation import FieldError
from glutedesk.ui.visit_editor.battery import SECTION_TITLES, TestCard
from glutedesk.ui.visit_editor.common import (
    EditorContext,
    NotesEdit,
    Section,
    card,
    field_label,
    keep_order,
)
from glutedesk.ui.widgets.fields import ChoiceField, NumberEdit, OrderField

POSTURE_GROUP_TITLES: dict[PostureGroup, str] = {
    PostureGroup.PELVIS: "Pelvis",
    PostureGroup.LUMBAR: "Lumbar spine",
    PostureGroup.HIPS: "Hips",
    PostureGroup.KNEES_FEET: "Knees and feet",
    PostureGroup.PLUMB_LINE: "Plumb line (side view)",
    PostureGroup.LEG_LENGTH: "Leg length",
}


class PostureRow:
    """One posture observation: its value (blank = not observed) and a note or measure."""

    def __init__(self, item: PostureItem) -> None:
        self.item = item
        self.value = ChoiceField([(o.id, o.label) for o in item.options])
        self.value.setObjectName(f"posture_{item.id}")
        self.note = QLineEdit()
        self.note.setObjectName(f"posture_{item.id}_note")
        if item.measure is not None:
            measure = item.measure
            self.note.setPlaceholderText(f"{measure.unit} ({measure.min:g}–{measure.max:g}), note")
        else:
            self.note.setPlaceholderText("Note")
        if item.help:
            self.value.setToolTip(item.help)
        self._original: PostureFinding | None = None
        self._loaded: tuple | None = None

    def state(self) -> tuple:
        return (self.value.value(), self.note.text())

    def load(self, finding: PostureFinding | None) -> None:
        self.value.set_value(finding.value if finding else None)
        self.note.setText(finding.note if finding else "")
        self._original = finding
        self._loaded = self.state()

    def finding(self) -> PostureFinding | None:
        if self.state() == self._loaded:
            return self._original
        value = self.value.value()
        if value is None:
            return None
        return PostureFinding(PostureItemId(self.item.id), value, self.note.text())


class PostureChecklist(QWidget):
    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[str, PostureRow] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.all_normal = QPushButton("Mark the rest as normal")
        self.all_normal.setObjectName("postureAllNormal")
        self.all_normal.setToolTip("Sets every observation left blank to its normal value")
        self.all_normal.clicked.connect(self.mark_rest_normal)
        buttons.addWidget(self.all_normal)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        grid = QGridLayout()
        grid.setVerticalSpacing(4)
        grid.setHorizontalSpacing(12)
        groups = [g for g in PostureGroup if any(p.group == g for p in catalogue.posture)]
        r = 0
        for group in groups:
            title = QLabel(POSTURE_GROUP_TITLES.get(group, str(group)))
            title.setStyleSheet("font-weight: 600; padding-top: 6px;")
            grid.addWidget(title, r, 0, 1, 3)
            r += 1
            for item in (p for p in catalogue.posture if p.group == group):
                row = PostureRow(item)
                self.rows[item.id] = row
                grid.addWidget(field_label(item.label), r, 0)
                grid.addWidget(row.value, r, 1)
                grid.addWidget(row.note, r, 2)
                r += 1
        grid.setColumnStretch(2, 1)
        outer.addLayout(grid)
        self._original: tuple[PostureFinding, ...] = ()

    def mark_rest_normal(self) -> None:
        for row in self.rows.values():
            if row.value.value() is None:
                row.value.set_value(row.item.neutral.id)

    def load(self, findings: tuple[PostureFinding, ...]) -> None:
        by_id = {f.item_id: f for f in findings}
        for item_id, row in self.rows.items():
            row.load(by_id.get(item_id))
        self._original = findings

    def findings(self) -> tuple[PostureFinding, ...]:
        found = [f for row in self.rows.values() if (f := row.finding()) is not None]
        extra = [f for f in self._original if f.item_id not in self.rows]
        result = keep_order(self._original, [*found, *extra], key=lambda f: f.item_id)
        return self._original if result == self._original else result


class ObjectiveSection(Section):
    title = "Objective"

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)

        posture, lay = card(
            "Posture",
            "Barefoot, from the front, back and both sides. Sides are the client's own.",
        )
        self.posture = PostureChecklist(context.catalogue)
        lay.addWidget(self.posture)
        self.posture_card = posture
        outer.addWidget(posture)

        self.cards: dict[str, TestCard] = {}
        sections = [s for s in TestSection if context.catalogue.tests_in_section(s)]
        for section in sections:
            heading = QLabel(f"Test battery · {SECTION_TITLES.get(section, str(section))}")
            heading.setObjectName("panelTitle")
            outer.addWidget(heading)
            for test in context.catalogue.tests_in_section(section):
                test_card = TestCard(
                    test,
                    context.regions,
                    unit_defaults=context.unit_defaults,
                    involved_side=context.client.history.involved_side,
                )
                self.cards[test.id] = test_card
                outer.addWidget(test_card)

        notes, lay = card("Objective notes", "Palpation, range of movement, anything else seen.")
        self.notes = NotesEdit("Palpation findings, range of movement…")
        self.notes.setObjectName("objectiveNotes")
        lay.addWidget(self.notes)
        outer.addWidget(notes)
        outer.addStretch(1)
        self._original_results: tuple[TestResult, ...] = ()

    def first_input(self) -> QWidget | None:
        first = next(iter(self.cards.values()), None)
        return first.first_input() if first is not None else None

    def card_of(self, widget: QWidget | None) -> int | None:
        cards = list(self.cards.values())
        for index, test_card in enumerate(cards):
            if widget is not None and test_card.isAncestorOf(widget):
                return index
        return None

    def jump_test(self, step: int, focused: QWidget | None) -> bool:
        """Move the focus to the next (or previous) test's first field; False if none."""
        cards = list(self.cards.values())
        index = self.card_of(focused)
        start = -1 if index is None and step > 0 else (len(cards) if index is None else index)
        target = start + step
        while 0 <= target < len(cards):
            test_card = cards[target]
            if not test_card.expanded:
                test_card.set_expanded(True)
            widget = test_card.first_input()
            if widget is not None:
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                scroll_to(widget)
                return True
            target += step
        return False

    def load(self, visit: Visit) -> None:
        self.posture.load(visit.posture)
        results = {(r.test_id, Side(r.side)): r for r in visit.test_results}
        for test_card in self.cards.values():
            test_card.load(results)
        self._original_results = visit.test_results
        self.notes.setPlainText(visit.soap.objective)

    def test_results(self) -> tuple[TestResult, ...]:
        covered: set[tuple[str, Side]] = set()
        found: list[TestResult] = []
        for test_card in self.cards.values():
            covered |= test_card.keys()
            found.extend(test_card.results())
        extra = [r for r in self._original_results if (r.test_id, Side(r.side)) not in covered]
        result = keep_order(
            self._original_results, [*found, *extra], key=lambda r: (r.test_id, r.side)
        )
        return self._original_results if result == self._original_results else result

    def apply(self, visit: Visit) -> Visit:
        return dataclasses.replace(
            visit,
            posture=self.posture.findings(),
            test_results=self.test_results(),
            soap=dataclasses.replace(visit.soap, objective=self.notes.toPlainText()),
        )

    def update_summaries(self) -> None:
        for test_card in self.cards.values():
            test_card.update_summary()

    def unreadable_input(self) -> list[FieldError]:
        """Test values typed that cannot be read yet (a number out of range, an order half set)."""
        found = []
        for test_card in self.cards.values():
            for side in test_card.sides.values():
                for widget in side.fields.values():
                    edit = getattr(widget, "edit", widget)
                    problem = edit.problem() if isinstance(edit, NumberEdit | OrderField) else None
                    if problem:
                        found.append(
                            FieldError(
                                f"test_results.{test_card.test.id}",
                                f"{test_card.test.name} ({side.side.value}): {problem}",
                            )
                        )
        return found


def scroll_to(widget: QWidget) -> None:
    """Scroll the section that holds ``widget`` so it is in view."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, QScrollArea):
        parent.ensureWidgetVisible(widget, 40, 80)
