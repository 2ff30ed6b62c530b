"""Outcome measures: NPRS and PSFS at a glance, and item scores for ODI, RMDQ and STarT Back.

The layout is :class:`OutcomesView`; this controller maps it to and from the visit and shows
the change since the last visit by the domain's meaningful-change rules.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from glutedesk.domain.models import Instrument, OutcomeScore, Visit
from glutedesk.domain.outcomes import change_direction, psfs_score, validate_items
from glutedesk.ui.formatting import format_date
from glutedesk.ui.visit_editor.common import EditorContext, Section
from glutedesk.ui.visit_editor.outcomes_view import OutcomesView
from glutedesk.ui.visit_editor.paper_total import total_words
from glutedesk.ui.visit_editor.scores import replace_score


class OutcomesSection(Section):
    title = "Outcome measures"
    view: OutcomesView

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.install_view(OutcomesView())

    def first_input(self) -> QWidget:
        return self.view.odi.recorded

    def _editors(self):
        return (self.view.odi, self.view.rmdq, self.view.startback)

    def load(self, visit: Visit) -> None:
        previous = self.context.previous
        when = format_date(previous.visit_date) if previous is not None else ""
        for editor in self._editors():
            last = previous.score(editor.instrument) if previous is not None else None
            editor.load(visit.score(editor.instrument), last.version if last is not None else "")
            label = self.view.previous_labels[editor.instrument]
            if last is not None and last.paper_total is not None:
                label.setText(f"Last visit ({when}): total only, {total_words(last.paper_total)}")
            elif last is not None:
                label.setText(f"Last visit ({when}): items {_items_text(last.items)}")
            else:
                label.setText("")

    def apply(self, visit: Visit) -> Visit:
        for editor in self._editors():
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
        value = _psfs_value(visit.score(Instrument.PSFS))
        if value is None:
            lines.append("PSFS: no activity rated yet")
        else:
            text = f"PSFS {value:g} / 10"
            last_value = _psfs_value(previous.score(Instrument.PSFS) if previous else None)
            if last_value is not None:
                direction = change_direction(Instrument.PSFS, last_value, value)
                text += f" (last visit {last_value:g}: {direction})"
            lines.append(text)
        self.view.every_visit.setText("\n".join(lines))


def _psfs_value(score: OutcomeScore | None) -> float | None:
    """The PSFS mean of ``score``; None when there is none, nothing is rated or it is invalid."""
    if score is None or validate_items(Instrument.PSFS, score.items):
        return None
    return psfs_score(score.items)


def _items_text(items: tuple) -> str:
    return " ".join("—" if v is None else f"{v:g}" for v in items)
