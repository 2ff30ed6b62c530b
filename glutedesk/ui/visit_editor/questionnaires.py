"""ODI, RMDQ and STarT Back: each questionnaire mapped to and from its outcome score.

ODI, RMDQ and STarT Back are licensed questionnaires: only item NUMBERS appear, never their
wording. Totals, bands and risk groups come from :mod:`glutedesk.domain.outcomes` as the items
are entered; an ODI or RMDQ scored on paper can be entered as its total. The layouts are in
:mod:`~glutedesk.ui.visit_editor.questionnaire_view`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from glutedesk.domain.models import Instrument, OutcomeScore, TotalScale
from glutedesk.domain.outcomes import (
    ODI_ITEM_MAX,
    ODI_SECTIONS,
    RMDQ_ITEMS,
    STARTBACK_ITEMS,
    odi_band,
    odi_score,
    rmdq_score,
    startback_score,
)
from glutedesk.ui.visit_editor.common import ViewAttributes
from glutedesk.ui.visit_editor.paper_total import paper_total_text
from glutedesk.ui.visit_editor.questionnaire_view import (
    InstrumentView,
    OdiView,
    RmdqView,
    StartBackView,
)

DEFAULT_VERSIONS = {Instrument.ODI: "2.1a", Instrument.RMDQ: "24", Instrument.STARTBACK: "1.0"}


class InstrumentEditor(ViewAttributes, QWidget):
    """Shared behaviour: a "recorded at this visit" tick, a version, items, a live total."""

    instrument: Instrument
    view: InstrumentView

    def __init__(self, view: InstrumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setLayout(view)
        self._original: OutcomeScore | None = None
        self._loaded: tuple | None = None
        if view.paper is not None:
            view.paper.changed.connect(self._on_paper)
        view.recorded.toggled.connect(self._on_recorded)

    def _on_recorded(self, checked: bool) -> None:
        self.view.items_box.setEnabled(checked)
        self.view.version.setEnabled(checked)
        if self.view.paper is not None:
            self.view.paper.setEnabled(checked)
        self.update_total()

    def _on_paper(self) -> None:
        self.view.items_box.setVisible(not self.total_only)
        self.update_total()

    @property
    def total_only(self) -> bool:
        """True when "Total only (scored on paper)" is chosen."""
        return self.view.paper is not None and self.view.paper.total_only

    def item_values(self) -> tuple[int | None, ...]:  # pragma: no cover - overridden
        raise NotImplementedError

    def set_item_values(self, items: tuple) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def items_total_text(self) -> str:  # pragma: no cover - overridden
        """The live total of the items entered."""
        raise NotImplementedError

    def state(self) -> tuple:
        paper = self.view.paper.state() if self.view.paper is not None else ()
        return (self.view.recorded.isChecked(), self.view.version.text(), self.item_values(), paper)

    def load(self, score: OutcomeScore | None, previous_version: str) -> None:
        view = self.view
        view.recorded.setChecked(score is not None)
        view.version.setText(
            score.version
            if score is not None
            else previous_version or DEFAULT_VERSIONS.get(self.instrument, "")
        )
        self.set_item_values(tuple(score.items) if score else ())
        if view.paper is not None:
            view.paper.set_paper_total(score.paper_total if score else None)
            view.items_box.setVisible(not self.total_only)
        self._on_recorded(view.recorded.isChecked())
        self._original = score
        self._loaded = self.state()

    def score(self) -> OutcomeScore | None:
        if self.state() == self._loaded:
            return self._original
        if not self.view.recorded.isChecked():
            return None
        version = self.view.version.text()
        if self.total_only and self.view.paper is not None:
            # A blank total is kept as a score with neither items nor total, which the save
            # check refuses with a message, so a half-entered total is never silently dropped.
            return OutcomeScore(
                self.instrument, (), version, paper_total=self.view.paper.paper_total()
            )
        return OutcomeScore(self.instrument, self.item_values(), version)

    def update_total(self) -> None:
        """Show the live total: "Not recorded", a total scored on paper, or the items' total."""
        if not self.view.recorded.isChecked():
            text = "Not recorded"
        elif self.total_only and self.view.paper is not None:
            text = paper_total_text(self.instrument, self.view.paper.paper_total())
        else:
            text = self.items_total_text()
        self.view.total.setText(text)


class OdiEditor(InstrumentEditor):
    instrument = Instrument.ODI
    view: OdiView

    def __init__(self, parent: QWidget | None = None) -> None:
        scales = (TotalScale.PERCENT, TotalScale.POINTS_OF_50)
        super().__init__(OdiView(scales, ODI_SECTIONS, ODI_ITEM_MAX), parent)
        for spin in self.view.spins:
            spin.valueChanged.connect(lambda _v: self.update_total())

    def item_values(self) -> tuple[int | None, ...]:
        return tuple(s.value_or_none() for s in self.view.spins)

    def set_item_values(self, items: tuple) -> None:
        for i, spin in enumerate(self.view.spins):
            spin.set_value_or_none(items[i] if i < len(items) else None)

    def items_total_text(self) -> str:
        score = odi_score(self.item_values())
        if score is None:
            return "ODI: no section answered"
        return f"ODI {score:g}% · {odi_band(score)} disability"


class RmdqEditor(InstrumentEditor):
    instrument = Instrument.RMDQ
    view: RmdqView

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(RmdqView((TotalScale.POINTS_OF_24,), RMDQ_ITEMS), parent)
        for box in self.view.boxes:
            box.toggled.connect(lambda _c: self.update_total())

    def item_values(self) -> tuple[int | None, ...]:
        return tuple(int(b.isChecked()) for b in self.view.boxes)

    def set_item_values(self, items: tuple) -> None:
        for i, box in enumerate(self.view.boxes):
            box.setChecked(bool(items[i]) if i < len(items) and items[i] is not None else False)

    def items_total_text(self) -> str:
        return f"RMDQ {rmdq_score(self.item_values())} / 24"


class StartBackEditor(InstrumentEditor):
    instrument = Instrument.STARTBACK
    view: StartBackView

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(StartBackView(STARTBACK_ITEMS), parent)
        for combo in self.view.combos:
            combo.changed.connect(self.update_total)

    def item_values(self) -> tuple[int | None, ...]:
        return tuple(c.value() for c in self.view.combos)

    def set_item_values(self, items: tuple) -> None:
        for i, combo in enumerate(self.view.combos):
            combo.set_value(items[i] if i < len(items) else None)

    def items_total_text(self) -> str:
        items = self.item_values()
        if any(v is None for v in items):
            answered = sum(v is not None for v in items)
            return f"STarT Back: {answered} of 9 answered"
        result = startback_score(items)  # type: ignore[arg-type]
        return (
            f"STarT Back total {result.total} / 9 · distress {result.distress} / 5 · "
            f"{result.risk} risk"
        )
