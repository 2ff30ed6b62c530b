"""The PSFS editor: up to five client-named activities, each re-rated at every visit."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from glutedesk.domain.models import Instrument, OutcomeScore
from glutedesk.domain.outcomes import PSFS_MAX_ACTIVITIES, psfs_score
from glutedesk.ui.visit_editor.common import OptionalSpin, field_label, muted


class PsfsEditor(QWidget):
    """Up to five client-named activities, each rated 0 (unable) to 10 (pre-injury level)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.addWidget(field_label("Activity"), 0, 0)
        grid.addWidget(field_label("Today 0–10"), 0, 1)
        grid.addWidget(field_label("Last visit"), 0, 2)
        self.labels: list[QLineEdit] = []
        self.ratings: list[OptionalSpin] = []
        self.previous: list[QLabel] = []
        for row in range(PSFS_MAX_ACTIVITIES):
            label = QLineEdit()
            label.setObjectName(f"psfsLabel{row}")
            label.setPlaceholderText(f"Activity {row + 1}")
            rating = OptionalSpin(0, 10)
            rating.setObjectName(f"psfsRating{row}")
            last = muted("", wrap=False)
            self.labels.append(label)
            self.ratings.append(rating)
            self.previous.append(last)
            grid.addWidget(label, row + 1, 0)
            grid.addWidget(rating, row + 1, 1)
            grid.addWidget(last, row + 1, 2)
        order = [w for pair in zip(self.labels, self.ratings, strict=True) for w in pair]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)  # row by row: activity, then its rating
        self.total = QLabel()
        self.total.setStyleSheet("font-weight: 600;")
        grid.addWidget(self.total, PSFS_MAX_ACTIVITIES + 1, 0, 1, 3)
        grid.setColumnStretch(0, 1)
        for w in (*self.labels, *self.ratings):
            (w.textChanged if isinstance(w, QLineEdit) else w.valueChanged).connect(
                self._update_total
            )
        self._loaded: tuple | None = None
        self._original: OutcomeScore | None = None

    def _state(self) -> tuple:
        return tuple(
            (lab.text(), r.value()) for lab, r in zip(self.labels, self.ratings, strict=True)
        )

    def load(self, score: OutcomeScore | None, previous: OutcomeScore | None) -> None:
        items = list(score.items) if score else []
        names = list(score.labels) if score else []
        for row in range(PSFS_MAX_ACTIVITIES):
            self.labels[row].setText(names[row] if row < len(names) else "")
            value = items[row] if row < len(items) else None
            self.ratings[row].set_value_or_none(value)
            # Tab skips an activity already named (re-rating goes down the ratings) and stops
            # at an empty one (a new activity is typed, then rated); a click still renames.
            named = bool(self.labels[row].text().strip())
            self.labels[row].setFocusPolicy(
                Qt.FocusPolicy.ClickFocus if named else Qt.FocusPolicy.StrongFocus
            )
        prev = dict(zip(previous.labels, previous.items, strict=False)) if previous else {}
        for row in range(PSFS_MAX_ACTIVITIES):
            self.previous[row].setText("")
        if previous:
            for row in range(PSFS_MAX_ACTIVITIES):
                name = self.labels[row].text()
                if name in prev and prev[name] is not None:
                    self.previous[row].setText(f"{prev[name]:g}")
        self._original = score
        self._loaded = self._state()
        self._update_total()

    def score(self, version_from: OutcomeScore | None) -> OutcomeScore | None:
        if self._state() == self._loaded:
            return self._original
        rows = [
            (lab.text(), r.value_or_none())
            for lab, r in zip(self.labels, self.ratings, strict=True)
            if lab.text().strip() or r.value_or_none() is not None
        ]
        if not rows:
            return None
        version = version_from.version if version_from else ""
        return OutcomeScore(
            Instrument.PSFS,
            tuple(r for _l, r in rows),
            version,
            tuple(lab for lab, _r in rows),
        )

    def _update_total(self) -> None:
        rated = [r.value_or_none() for r in self.ratings if r.value_or_none() is not None]
        if rated:
            self.total.setText(f"PSFS score (mean): {psfs_score(rated):g} / 10")
        else:
            self.total.setText("PSFS score: no activity rated yet")
