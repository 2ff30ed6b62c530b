"""Outcome questionnaires in the editor and the timeline: item entry stays the default; a
total scored on paper is entered as its total, stored, shown and reported as "total only"."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from glutedesk.domain.models import Instrument, Nprs, PaperTotal, TotalScale
from glutedesk.reports.outcome_series import visit_outcome
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.visits import get_visit, save_visit
from tests.factories import make_visit


def _start(editor, date: QDate) -> None:
    editor.subjective.visit_date.setDate(date)
    editor.subjective.therapist.setText("Sam")


def test_item_entry_is_the_default_and_a_paper_total_is_entered_as_its_total(
    clinic, make_editor, file_db, qtbot
):
    editor = make_editor(clinic["Liam"])
    _start(editor, QDate(2026, 2, 20))
    odi = editor.outcomes.odi
    assert odi.paper.mode.currentText() == "Item by item"
    assert not odi.paper.value.isVisibleTo(odi)
    odi.recorded.setChecked(True)
    odi.paper.mode.setCurrentIndex(1)  # Total only (scored on paper)
    assert odi.items_box.isHidden()
    odi.paper.set_scale(TotalScale.POINTS_OF_50)
    odi.paper.value.clear()
    qtbot.keyClicks(odi.paper.value, "22")
    qtbot.keyClick(odi.paper.value, Qt.Key.Key_Tab)
    assert odi.total.text() == "ODI 44% (22 of 50) · severe disability · total only"
    rmdq = editor.outcomes.rmdq
    rmdq.recorded.setChecked(True)
    rmdq.paper.mode.setCurrentIndex(1)
    rmdq.paper.value.setValue(11)
    assert rmdq.total.text() == "RMDQ 11 / 24 · total only"
    assert editor.save() is True

    stored = get_visit(file_db, editor.visit_id)
    odi_score = stored.score(Instrument.ODI)
    assert odi_score.items == () and odi_score.total_only
    assert odi_score.paper_total == PaperTotal(22, TotalScale.POINTS_OF_50)
    assert stored.score(Instrument.RMDQ).paper_total == PaperTotal(11, TotalScale.POINTS_OF_24)
    assert visit_outcome(stored, "odi").value == 44 and visit_outcome(stored, "odi").total_only

    reopened = make_editor(clinic["Liam"], editor.visit_id)
    assert reopened.outcomes.odi.total_only and not reopened.is_dirty()
    assert reopened.collect() == stored


def test_a_blank_or_impossible_paper_total_blocks_saving_with_a_message(clinic, make_editor):
    editor = make_editor(clinic["Liam"])
    _start(editor, QDate(2026, 2, 20))
    odi = editor.outcomes.odi
    odi.recorded.setChecked(True)
    odi.paper.mode.setCurrentIndex(1)
    assert editor.save() is False
    assert any("total scored on paper" in p.message for p in editor.problems())
    odi.paper.set_scale(TotalScale.POINTS_OF_50)
    odi.paper.value.setValue(70)  # 70 "points of 50" is impossible: refused, never clamped
    assert odi.paper.value.value() == 70
    assert editor.save() is False
    assert any("0–50" in p.message for p in editor.problems())
    odi.paper.set_scale(TotalScale.PERCENT)
    assert odi.paper.value.value() == 70  # changing the stated scale keeps the typed number
    assert editor.save() is True


def test_timeline_table_shows_odi_rmdq_and_startback(clinic, file_db, qtbot):
    from glutedesk.domain.models import OutcomeScore
    from glutedesk.ui.timeline import TimelineView

    liam = clinic["Liam"]
    save_visit(
        file_db,
        make_visit(
            liam,
            dt.date(2026, 1, 5),
            nprs=Nprs(now=6),
            outcome_scores=(
                OutcomeScore(Instrument.ODI, (3, 2, 3, 2, 2, 2, 2, None, 3, 2)),
                OutcomeScore(Instrument.STARTBACK, (1, 0, 1, 0, 1, 1, 0, 1, 1)),
            ),
        ),
    )
    save_visit(
        file_db,
        make_visit(
            liam,
            dt.date(2026, 2, 5),
            nprs=Nprs(now=3),
            outcome_scores=(
                OutcomeScore(Instrument.ODI, (), paper_total=PaperTotal(30, TotalScale.PERCENT)),
                OutcomeScore(
                    Instrument.RMDQ, (), paper_total=PaperTotal(9, TotalScale.POINTS_OF_24)
                ),
            ),
        ),
    )
    timeline = TimelineView(Clinic(file_db))
    qtbot.addWidget(timeline)
    timeline.resize(1100, 800)
    timeline.show()
    timeline.set_client(liam)
    qtbot.waitUntil(lambda: timeline.model.rowCount() == 2, timeout=10_000)
    from glutedesk.ui.timeline.model import HEADERS, ODI, RMDQ, STARTBACK

    assert HEADERS[ODI] == "ODI" and HEADERS[STARTBACK] == "STarT Back"
    cells = [[timeline.model.index(r, c).data() for c in (ODI, RMDQ, STARTBACK)] for r in (0, 1)]
    assert cells == [["46.7%", "", "High 6/9"], ["30% (total)", "9/24 (total)", ""]]
    tip = timeline.model.index(1, ODI).data(Qt.ItemDataRole.ToolTipRole)
    assert "Total only" in tip
    panels = timeline.panels
    panels.charts.setCurrentWidget(panels.disability_chart)
    qtbot.waitUntil(lambda: panels.disability_chart.figure is not None, timeout=20_000)
    lines = {
        line.get_gid(): list(line.get_ydata())
        for ax in panels.disability_chart.figure.axes
        for line in ax.get_lines()
    }
    assert lines["odi"] == [46.7, 30.0]
    assert lines["odi:total_only"] == [30.0]
    assert lines["rmdq"] == [9.0]
