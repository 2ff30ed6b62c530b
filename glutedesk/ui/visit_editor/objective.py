"""Objective: the posture checklist and the glute test battery, both from the catalogues.

The layout is :class:`ObjectiveView`; this controller maps it to and from the visit and moves
between the tests (Ctrl+Down / Ctrl+Up).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget

from glutedesk.domain.models import Side, TestResult, Visit
from glutedesk.domain.validation import FieldError
from glutedesk.ui.visit_editor.common import EditorContext, Section, in_stored_order
from glutedesk.ui.visit_editor.objective_view import ObjectiveView


class ObjectiveSection(Section):
    title = "Objective"
    view: ObjectiveView

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.install_view(ObjectiveView(context, self))
        self._original_results: tuple[TestResult, ...] = ()

    def first_input(self) -> QWidget | None:
        first = next(iter(self.view.cards.values()), None)
        return first.first_input() if first is not None else None

    def card_of(self, widget: QWidget | None) -> int | None:
        for index, test_card in enumerate(self.view.cards.values()):
            if widget is not None and test_card.isAncestorOf(widget):
                return index
        return None

    def jump_test(self, step: int, focused: QWidget | None) -> bool:
        """Move the focus to the next (or previous) test's first field; False if none."""
        cards = list(self.view.cards.values())
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
        self.view.posture.load(visit.posture)
        results = {(r.test_id, Side(r.side)): r for r in visit.test_results}
        for test_card in self.view.cards.values():
            test_card.load(results)
        self._original_results = visit.test_results
        self.view.notes.setPlainText(visit.soap.objective)

    def test_results(self) -> tuple[TestResult, ...]:
        covered: set[tuple[str, Side]] = set()
        found: list[TestResult] = []
        for test_card in self.view.cards.values():
            covered |= test_card.keys()
            found.extend(test_card.results())
        extra = [r for r in self._original_results if (r.test_id, Side(r.side)) not in covered]
        return in_stored_order(
            self._original_results, [*found, *extra], key=lambda r: (r.test_id, r.side)
        )

    def apply(self, visit: Visit) -> Visit:
        return dataclasses.replace(
            visit,
            posture=self.view.posture.findings(),
            test_results=self.test_results(),
            soap=dataclasses.replace(visit.soap, objective=self.view.notes.toPlainText()),
        )

    def update_summaries(self) -> None:
        for test_card in self.view.cards.values():
            test_card.update_summary()

    def unreadable_input(self) -> list[FieldError]:
        """Test values typed that cannot be read yet (a number out of range, an order half set)."""
        return [
            FieldError(f"test_results.{test_id}", message)
            for test_id, test_card in self.view.cards.items()
            for message in test_card.unreadable()
        ]


def scroll_to(widget: QWidget) -> None:
    """Scroll the section that holds ``widget`` so it is in view."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, QScrollArea):
        parent.ensureWidgetVisible(widget, 40, 80)
