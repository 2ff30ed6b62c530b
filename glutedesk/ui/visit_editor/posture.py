"""The posture checklist: the catalogue's observations, mapped to and from the visit's findings.

The layout is :class:`PostureView`. An observation left blank is not recorded; a finding the
catalogue no longer lists is kept as it is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from glutedesk.domain.catalogue import Catalogue
from glutedesk.domain.ids import PostureItemId
from glutedesk.domain.models import PostureFinding
from glutedesk.ui.visit_editor.common import ViewAttributes, in_stored_order
from glutedesk.ui.visit_editor.posture_view import PostureRowView, PostureView


class PostureChecklist(ViewAttributes, QWidget):
    view: PostureView

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = PostureView(catalogue)
        self.setLayout(self.view)
        self._original: tuple[PostureFinding, ...] = ()
        # Each row as loaded (its finding and its inputs' state): an untouched row keeps it.
        self._loaded: dict[str, tuple[PostureFinding | None, tuple]] = {}
        self.view.all_normal.clicked.connect(self.mark_rest_normal)

    def mark_rest_normal(self) -> None:
        for row in self.view.rows.values():
            if row.value.value() is None:
                row.value.set_value(row.item.neutral.id)

    def load(self, findings: tuple[PostureFinding, ...]) -> None:
        by_id = {f.item_id: f for f in findings}
        for item_id, row in self.view.rows.items():
            finding = by_id.get(item_id)
            row.value.set_value(finding.value if finding else None)
            row.note.setText(finding.note if finding else "")
            self._loaded[item_id] = (finding, _state(row))
        self._original = findings

    def findings(self) -> tuple[PostureFinding, ...]:
        found = [
            f
            for item_id, row in self.view.rows.items()
            if (f := self._finding(item_id, row)) is not None
        ]
        extra = [f for f in self._original if f.item_id not in self.view.rows]
        return in_stored_order(self._original, [*found, *extra], key=lambda f: f.item_id)

    def _finding(self, item_id: str, row: PostureRowView) -> PostureFinding | None:
        original, state = self._loaded.get(item_id, (None, None))
        if _state(row) == state:
            return original
        value = row.value.value()
        if value is None:
            return None
        return PostureFinding(PostureItemId(item_id), value, row.note.text())


def _state(row: PostureRowView) -> tuple:
    return (row.value.value(), row.note.text())
