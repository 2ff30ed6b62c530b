"""Outcome measures: NPRS and PSFS at a glance, and item scores for ODI, RMDQ and STarT Back.

ODI, RMDQ and STarT Back are licensed questionnaires: only item NUMBERS appear here, never
their wording. Totals, bands and risk groups are computed as the items are entered.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.models import Instrument, OutcomeScore, TotalScale, Visit
from glutedesk.domain.outcomes import (
    ODI_ITEM_MAX,
    ODI_SECTIONS,
    RMDQ_ITEMS,
    STARTBACK_ITEMS,
    change_direction,
    odi_band,
    odi_score,
    psfs_score,
    rmdq_score,
    startback_score,
)
from glutedesk.ui.formatting import format_date
from glutedesk.ui.visit_editor.common import (
    EditorContext,
    OptionalSpin,
    Section,
    card,
    field_label,
    muted,
)
from glutedesk.ui.visit_editor.paper_total import (
    PaperTotalBox,
    paper_total_text,
    total_words,
)
from glutedesk.ui.visit_editor.scores import replace_score
from glutedesk.ui.widgets.fields import ChoiceField

DEFAULT_VERSIONS = {Instrument.ODI: "2.1a", Instrument.RMDQ: "24", Instrument.STARTBACK: "1.0"}


class InstrumentEditor(QWidget):
    """Shared behaviour: a "recorded at this visit" tick, a version, items, a live total."""

    instrument: Instrument
    paper_scales: tuple[TotalScale, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper = (
            PaperTotalBox(self.instrument.value, self.paper_scales) if self.paper_scales else None
        )
        self.recorded = QCheckBox("Recorded at this visit")
        self.recorded.setObjectName(f"{self.instrument.value}Recorded")
        self.version = QLineEdit()
        self.version.setObjectName(f"{self.instrument.value}Version")
        self.version.setMaximumWidth(90)
        self.total = QLabel()
        self.total.setObjectName(f"{self.instrument.value}Total")
        self.total.setStyleSheet("font-weight: 600;")
        self.items_box = QWidget()
        self._original: OutcomeScore | None = None
        self._loaded: tuple | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.recorded)
        top.addSpacing(18)
        top.addWidget(field_label("Version"))
        top.addWidget(self.version)
        top.addStretch(1)
        top.addWidget(self.total)
        layout.addLayout(top)
        if self.paper is not None:
            layout.addWidget(self.paper)
            self.paper.changed.connect(self._on_paper)
        layout.addWidget(self.items_box)
        self.recorded.toggled.connect(self._on_recorded)

    def _on_recorded(self, checked: bool) -> None:
        self.items_box.setEnabled(checked)
        self.version.setEnabled(checked)
        if self.paper is not None:
            self.paper.setEnabled(checked)
        self.update_total()

    def _on_paper(self) -> None:
        self.items_box.setVisible(not self.total_only)
        self.update_total()

    @property
    def total_only(self) -> bool:
        """True when "Total only (scored on paper)" is chosen."""
        return self.paper is not None and self.paper.total_only

    def paper_total_text(self) -> str | None:
        """The live total of a total-only entry ("ODI 44% (22 of 50) · total only"), or None."""
        if not self.total_only or self.paper is None:
            return None
        return paper_total_text(self.instrument, self.paper.paper_total())

    def item_values(self) -> tuple[int | None, ...]:  # pragma: no cover - overridden
        raise NotImplementedError

    def set_item_values(self, items: tuple) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def state(self) -> tuple:
        paper = self.paper.state() if self.paper is not None else ()
        return (self.recorded.isChecked(), self.version.text(), self.item_values(), paper)

    def load(self, score: OutcomeScore | None, previous_version: str) -> None:
        self.recorded.setChecked(score is not None)
        self.version.setText(
            score.version
            if score is not None
            else previous_version or DEFAULT_VERSIONS.get(self.instrument, "")
        )
        self.set_item_values(tuple(score.items) if score else ())
        if self.paper is not None:
            self.paper.set_paper_total(score.paper_total if score else None)
            self.items_box.setVisible(not self.total_only)
        self._on_recorded(self.recorded.isChecked())
        self._original = score
        self._loaded = self.state()

    def score(self) -> OutcomeScore | None:
        if self.state() == self._loaded:
            return self._original
        if not self.recorded.isChecked():
            return None
        if self.total_only and self.paper is not None:
            # A blank total is kept as a score with neither items nor total, which the save
            # check refuses with a message, so a half-entered total is never silently dropped.
            return OutcomeScore(
                self.instrument, (), self.version.text(), paper_total=self.paper.paper_total()
            )
        return OutcomeScore(self.instrument, self.item_values(), self.version.text())

    def update_total(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class OdiEditor(InstrumentEditor):
    instrument = Instrument.ODI
    paper_scales = (TotalScale.PERCENT, TotalScale.POINTS_OF_50)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self.items_box)
        grid.setContentsMargins(0, 4, 0, 0)
        self.spins: list[OptionalSpin] = []
        for i in range(ODI_SECTIONS):
            spin = OptionalSpin(0, ODI_ITEM_MAX)
            spin.setObjectName(f"odiItem{i + 1}")
            spin.valueChanged.connect(lambda _v: self.update_total())
            self.spins.append(spin)
            grid.addWidget(field_label(f"Section {i + 1}"), 0, i, Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(spin, 1, i, Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(
            muted("Each section 0–5; leave a section blank (—) if skipped."), 2, 0, 1, 10
        )

    def item_values(self) -> tuple[int | None, ...]:
        return tuple(s.value_or_none() for s in self.spins)

    def set_item_values(self, items: tuple) -> None:
        for i, spin in enumerate(self.spins):
            spin.set_value_or_none(items[i] if i < len(items) else None)

    def update_total(self) -> None:
        if not self.recorded.isChecked():
            self.total.setText("Not recorded")
            return
        if (paper := self.paper_total_text()) is not None:
            self.total.setText(paper)
            return
        score = odi_score(self.item_values())
        if score is None:
            self.total.setText("ODI: no section answered")
        else:
            self.total.setText(f"ODI {score:g}% · {odi_band(score)} disability")


class RmdqEditor(InstrumentEditor):
    instrument = Instrument.RMDQ
    paper_scales = (TotalScale.POINTS_OF_24,)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self.items_box)
        grid.setContentsMargins(0, 4, 0, 0)
        self.boxes: list[QCheckBox] = []
        for i in range(RMDQ_ITEMS):
            box = QCheckBox(f"{i + 1}")
            box.setObjectName(f"rmdqItem{i + 1}")
            box.toggled.connect(lambda _c: self.update_total())
            self.boxes.append(box)
            grid.addWidget(box, i // 12, i % 12)
        grid.addWidget(
            muted("Tick the statement numbers the client marks as true today."), 2, 0, 1, 12
        )

    def item_values(self) -> tuple[int | None, ...]:
        return tuple(int(b.isChecked()) for b in self.boxes)

    def set_item_values(self, items: tuple) -> None:
        for i, box in enumerate(self.boxes):
            box.setChecked(bool(items[i]) if i < len(items) and items[i] is not None else False)

    def item_values_exact(self, original: tuple) -> tuple:
        return original

    def update_total(self) -> None:
        if not self.recorded.isChecked():
            self.total.setText("Not recorded")
            return
        if (paper := self.paper_total_text()) is not None:
            self.total.setText(paper)
            return
        self.total.setText(f"RMDQ {rmdq_score(self.item_values())} / 24")


class StartBackEditor(InstrumentEditor):
    instrument = Instrument.STARTBACK

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self.items_box)
        grid.setContentsMargins(0, 4, 0, 0)
        self.combos: list[ChoiceField] = []
        for i in range(STARTBACK_ITEMS):
            options = (
                [(1, "1 (very much / extremely)"), (0, "0 (other answers)")]
                if i == STARTBACK_ITEMS - 1
                else [(1, "1 (agree)"), (0, "0 (disagree)")]
            )
            combo = ChoiceField(options)
            combo.setObjectName(f"startbackItem{i + 1}")
            combo.changed.connect(self.update_total)
            self.combos.append(combo)
            grid.addWidget(field_label(f"Item {i + 1}"), i % 5, (i // 5) * 2)
            grid.addWidget(combo, i % 5, (i // 5) * 2 + 1)
        grid.setColumnStretch(3, 1)

    def item_values(self) -> tuple[int | None, ...]:
        return tuple(c.value() for c in self.combos)

    def set_item_values(self, items: tuple) -> None:
        for i, combo in enumerate(self.combos):
            combo.set_value(items[i] if i < len(items) else None)

    def update_total(self) -> None:
        if not self.recorded.isChecked():
            self.total.setText("Not recorded")
            return
        items = self.item_values()
        if any(v is None for v in items):
            answered = sum(v is not None for v in items)
            self.total.setText(f"STarT Back: {answered} of 9 answered")
            return
        result = startback_score(items)  # type: ignore[arg-type]
        self.total.setText(
            f"STarT Back total {result.total} / 9 · distress {result.distress} / 5 · "
            f"{result.risk} risk"
        )


class OutcomesSection(Section):
    title = "Outcome measures"

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)
        every, lay = card(
            "Every visit", "NPRS and PSFS are entered under Subjective; change is shown here."
        )
        self.every_visit = QLabel()
        self.every_visit.setObjectName("everyVisitSummary")
        self.every_visit.setWordWrap(True)
        self.every_visit.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.every_visit)
        outer.addWidget(every)
        self.odi = OdiEditor()
        self.rmdq = RmdqEditor()
        self.startback = StartBackEditor()
        for editor, title, hint in (
            (
                self.odi,
                "Oswestry Disability Index (ODI)",
                "Licensed questionnaire: enter the section scores from the client's form. "
                "Index = sum ÷ (5 × sections answered) × 100.",
            ),
            (
                self.rmdq,
                "Roland-Morris Disability Questionnaire (RMDQ-24)",
                "Score = number of statements ticked (0–24).",
            ),
            (
                self.startback,
                "Keele STarT Back",
                "Usually at the first visit. Items 1–8 agree = 1; item 9 'very much' or "
                "'extremely' = 1. Distress subscale = items 5–9.",
            ),
        ):
            frame, lay = card(title, hint)
            self.previous_labels = getattr(self, "previous_labels", {})
            last = muted("", wrap=False)
            self.previous_labels[editor.instrument] = last
            lay.addWidget(editor)
            lay.addWidget(last)
            outer.addWidget(frame)
        outer.addStretch(1)

    def first_input(self) -> QWidget:
        return self.odi.recorded

    def _previous_of(self, instrument: Instrument) -> tuple[str, OutcomeScore] | None:
        previous = self.context.previous
        if previous is None:
            return None
        score = previous.score(instrument)
        return (format_date(previous.visit_date), score) if score else None

    def load(self, visit: Visit) -> None:
        for editor in (self.odi, self.rmdq, self.startback):
            prev = self._previous_of(editor.instrument)
            editor.load(visit.score(editor.instrument), prev[1].version if prev else "")
            label = self.previous_labels[editor.instrument]
            if prev is not None and prev[1].paper_total is not None:
                total = prev[1].paper_total
                label.setText(f"Last visit ({prev[0]}): total only, {total_words(total)}")
            elif prev is not None:
                label.setText(f"Last visit ({prev[0]}): items {_items_text(prev[1].items)}")
            else:
                label.setText("")

    def apply(self, visit: Visit) -> Visit:
        for editor in (self.odi, self.rmdq, self.startback):
            visit = replace_score(visit, editor.instrument, editor.score())
        return visit

    def show_summary(self, visit: Visit) -> None:
        """Show this visit's NPRS and PSFS and their change since the last visit."""
        lines = []
        previous = self.context.previous
        now = visit.nprs.now
        if now is None:
            lines.append("NPRS now: not entered yet")
        else:
            text = f"NPRS now {now} / 10"
            if previous is not None and previous.nprs.now is not None:
                direction = change_direction("nprs", previous.nprs.now, now)
                text += f" (last visit {previous.nprs.now}: {direction})"
            lines.append(text)
        psfs = visit.score(Instrument.PSFS)
        value = psfs_score(psfs.items) if psfs and _valid_psfs(psfs) else None
        if value is None:
            lines.append("PSFS: no activity rated yet")
        else:
            text = f"PSFS {value:g} / 10"
            last = previous.score(Instrument.PSFS) if previous else None
            last_value = psfs_score(last.items) if last and _valid_psfs(last) else None
            if last_value is not None:
                direction = change_direction(Instrument.PSFS, last_value, value)
                text += f" (last visit {last_value:g}: {direction})"
            lines.append(text)
        self.every_visit.setText("\n".join(lines))


def _valid_psfs(score: OutcomeScore) -> bool:
    from glutedesk.domain.outcomes import validate_items

    return not validate_items(Instrument.PSFS, score.items)


def _items_text(items: tuple) -> str:
    return " ".join("—" if v is None else f"{v:g}" for v in items)
