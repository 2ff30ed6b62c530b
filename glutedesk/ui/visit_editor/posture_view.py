"""The layout of the posture checklist: the catalogue's observations, grouped, each with a note.

Layout only (TagStudio's rule): the widgets are public and :class:`PostureChecklist` wires them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from glutedesk.domain.catalogue import Catalogue, PostureGroup, PostureItem
from glutedesk.ui.visit_editor.common import field_label
from glutedesk.ui.widgets.fields import ChoiceField

POSTURE_GROUP_TITLES: dict[PostureGroup, str] = {
    PostureGroup.PELVIS: "Pelvis",
    PostureGroup.LUMBAR: "Lumbar spine",
    PostureGroup.HIPS: "Hips",
    PostureGroup.KNEES_FEET: "Knees and feet",
    PostureGroup.PLUMB_LINE: "Plumb line (side view)",
    PostureGroup.LEG_LENGTH: "Leg length",
}


class PostureRowView:
    """One observation's inputs: its value (blank = not observed) and a note or measure."""

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


class PostureView(QVBoxLayout):
    """ "Mark the rest as normal", then one row per observation under its group's title."""

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[str, PostureRowView] = {}
        buttons = QHBoxLayout()
        self.all_normal = QPushButton("Mark the rest as normal")
        self.all_normal.setObjectName("postureAllNormal")
        self.all_normal.setToolTip("Sets every observation left blank to its normal value")
        buttons.addWidget(self.all_normal)
        buttons.addStretch(1)
        self.addLayout(buttons)
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
                row = PostureRowView(item)
                self.rows[item.id] = row
                grid.addWidget(field_label(item.label), r, 0)
                grid.addWidget(row.value, r, 1)
                grid.addWidget(row.note, r, 2)
                r += 1
        grid.setColumnStretch(2, 1)
        self.addLayout(grid)
