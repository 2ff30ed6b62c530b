"""The client's timeline: rows per visit, live charts, refresh after a save, compare maps."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from glutedesk.domain.grades import oxford_to_chart
from glutedesk.domain.models import Nprs, Side
from glutedesk.domain.models import TestResult as Result
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.visits import save_visit, visits_for_client
from glutedesk.ui.timeline import TimelineView
from glutedesk.ui.timeline.model import ALERTS, DATE, LSI_MAX, MAX_L, MAX_R, NPRS
from tests.factories import make_visit


@pytest.fixture
def timeline(qtbot, clinic, file_db):
    view = TimelineView(Clinic(file_db))
    qtbot.addWidget(view)
    view.resize(1000, 800)
    view.set_client(clinic["Zoë"])
    return view


def cell(view: TimelineView, row: int, column: int) -> str:
    return view.model.index(row, column).data()


def test_one_row_per_visit_oldest_first_with_key_figures(timeline, clinic, file_db, qtmodeltester):
    visits = visits_for_client(file_db, clinic["Zoë"])
    assert timeline.visit_ids() == [v.id for v in visits]
    assert [cell(timeline, r, DATE) for r in range(3)] == [
        "4 Jan 2026",
        "1 Feb 2026",
        "15 Feb 2026",
    ]
    assert [cell(timeline, r, NPRS) for r in range(3)] == ["7/10", "4/10", "2/10"]
    # the right side also holds a reading (with its unit): shown beside the grade
    assert (cell(timeline, 0, MAX_L), cell(timeline, 0, MAX_R)) == ("4", "3+\n152.5 N")
    lsi = round(oxford_to_chart("3+") / oxford_to_chart("4") * 100)
    assert cell(timeline, 0, LSI_MAX) == f"{lsi}%"
    assert "⚑" in cell(timeline, 0, ALERTS) and "→" in cell(timeline, 0, ALERTS)
    assert cell(timeline, 1, ALERTS) == ""
    assert "red flag" in timeline.model.index(0, ALERTS).data(3)  # tooltip role
    assert timeline.panels.currentWidget() is timeline.panels.timeline_page
    qtmodeltester.check(timeline.model)


def test_clients_without_visits_and_no_client_show_a_message(timeline, clinic):
    timeline.set_client(clinic["Liam"])
    assert timeline.model.rowCount() == 0
    assert timeline.panels.currentWidget() is timeline.panels.empty_page
    assert "No visits yet" in timeline.panels.empty_label.text()
    timeline.set_client(None)
    assert "Select a client" in timeline.panels.empty_label.text()


def test_charts_are_drawn_when_shown_and_plot_the_grades(timeline, qtbot, clinic, file_db):
    assert timeline.panels.strength_chart.figure is None  # nothing built while hidden
    timeline.show()
    qtbot.waitUntil(lambda: timeline.panels.strength_chart.figure is not None)
    figure = timeline.panels.strength_chart.figure
    line = next(
        ln
        for ax in figure.axes
        for ln in ax.get_lines()
        if ln.get_gid() == "oxford_glute_max:right"
    )
    assert list(line.get_ydata()) == [oxford_to_chart("3+")] * 3
    assert timeline.panels.strength_chart.canvas.isVisible()
    timeline.panels.charts.setCurrentWidget(timeline.panels.pain_chart)
    qtbot.waitUntil(lambda: timeline.panels.pain_chart.figure is not None)
    nprs = next(
        ln
        for ax in timeline.panels.pain_chart.figure.axes
        for ln in ax.get_lines()
        if ln.get_gid() == "nprs"
    )
    assert list(nprs.get_ydata()) == [7, 4, 2]


def test_refresh_after_a_save_adds_the_row_and_redraws(timeline, qtbot, clinic, file_db):
    timeline.show()
    qtbot.waitUntil(lambda: timeline.panels.strength_chart.figure is not None)
    timeline.select_visits(timeline.visit_ids()[:1])
    new = make_visit(
        clinic["Zoë"],
        dt.date(2026, 3, 1),
        nprs=Nprs(now=1),
        test_results=(
            Result("oxford_glute_max", Side.LEFT, {"grade": "5-"}),
            Result("oxford_glute_max", Side.RIGHT, {"grade": "4+"}),
        ),
    )
    save_visit(file_db, new)
    timeline.refresh()
    assert timeline.model.rowCount() == 4
    assert cell(timeline, 3, DATE) == "1 Mar 2026"
    assert timeline.visit_ids()[-1] == new.id
    assert len(timeline.selected_visit_ids()) == 1  # the selection survives
    line = next(
        ln
        for ax in timeline.panels.strength_chart.figure.axes
        for ln in ax.get_lines()
        if ln.get_gid() == "oxford_glute_max:right"
    )
    assert list(line.get_ydata())[-1] == oxford_to_chart("4+")


def test_the_next_chart_reuses_the_renderer_and_draws_as_a_new_one(
    timeline, qtbot, clinic, file_db
):
    import numpy as np
    from matplotlib.backends.backend_agg import RendererAgg

    timeline.show()
    panel = timeline.panels.strength_chart
    qtbot.waitUntil(lambda: panel.figure is not None)
    qtbot.waitUntil(lambda: panel.canvas.width() > 600)  # laid out in the window
    panel.canvas.draw()
    renderer, size = panel.canvas.renderer, panel.canvas.size()
    grades = (Result("oxford_glute_max", Side.LEFT, {"grade": "5-"}),)
    save_visit(file_db, make_visit(clinic["Zoë"], dt.date(2026, 3, 1), test_results=grades))
    timeline.refresh()
    qtbot.waitUntil(lambda: panel.canvas.size() == size)
    panel.canvas.draw()
    assert panel.canvas.renderer is renderer  # handed on: its text sizes are cached
    drawn = np.asarray(panel.canvas.buffer_rgba()).copy()
    fresh = RendererAgg(renderer.width, renderer.height, panel.figure.dpi)
    panel.figure.draw(fresh)  # the same figure on a renderer of its own
    left = next(
        ln for ln in panel.figure.axes[0].get_lines() if ln.get_gid() == "oxford_glute_max:left"
    )
    assert list(left.get_ydata())[-1] == oxford_to_chart("5-")  # the new visit's chart
    assert np.array_equal(drawn, np.asarray(fresh.buffer_rgba()))


def test_opening_a_visit_emits_its_id(timeline, qtbot):
    first = timeline.visit_ids()[0]
    with qtbot.waitSignal(timeline.visit_activated) as blocker:
        timeline.panels.table.activated.emit(timeline.model.index(0, 0))
    assert blocker.args == [first]
    timeline.select_visits([timeline.visit_ids()[2]])
    with qtbot.waitSignal(timeline.visit_activated) as blocker:
        timeline.panels.open_button.click()
    assert blocker.args == [timeline.visit_ids()[2]]


def test_compare_two_visits_body_maps_side_by_side(timeline, qtbot, clinic, file_db):
    ids = timeline.visit_ids()
    timeline.select_visits([ids[0]])
    assert not timeline.panels.compare_button.isEnabled()
    timeline.select_visits([ids[2], ids[0]])
    assert timeline.panels.compare_button.isEnabled()
    timeline.panels.compare_button.click()
    window = timeline.compare_window
    assert window is not None and window.isVisible()
    by_id = {v.id: v for v in visits_for_client(file_db, clinic["Zoë"])}
    earlier, later = window.visits
    assert (earlier.id, later.id) == (ids[0], ids[2])
    for diagram, visit in zip(window.diagrams, (earlier, later), strict=True):
        assert diagram.is_read_only()
        assert set(diagram.marks()) == set(by_id[visit.id].pain_marks)
    assert window.captions[0].text().startswith("4 Jan 2026 · pain 7/10")
    window.close()


def test_the_main_window_has_record_and_timeline_tabs(window, clinic, qtbot):
    tabs = window.record_tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Record", "Timeline"]
    window.client_list.select_client(clinic["Zoë"])
    assert window.timeline.client_id == clinic["Zoë"]
    assert window.timeline.model.rowCount() == 3
    received = []
    window.details.visit_activated.connect(received.append)
    window.timeline.panels.table.activated.emit(window.timeline.model.index(1, 0))
    assert received == [window.timeline.visit_ids()[1]]


def test_the_timeline_tab_loads_the_selected_client_when_opened(window, clinic, file_db):
    # Looked at through the tab, not window.timeline (which would bring it up to date itself).
    def shown() -> TimelineView | None:
        return window.record_tabs.widget(1).findChild(TimelineView)

    window.client_list.select_client(clinic["Zoë"])
    assert shown() is None  # not built while the Record tab is in front
    window.record_tabs.setCurrentIndex(1)
    view = shown()
    assert view is not None and view.isVisibleTo(window)
    assert view.client_id == clinic["Zoë"] and view.model.rowCount() == 3
    window.record_tabs.setCurrentIndex(0)
    _, changes = save_visit(file_db, make_visit(clinic["Zoë"], dt.date(2026, 2, 28)))
    window.refresh(changes)
    assert view.model.rowCount() == 3  # hidden: reloaded when next opened
    window.record_tabs.setCurrentIndex(1)
    assert view.model.rowCount() == 4
    window.client_list.select_client(clinic["Arjun"])  # in front: follows the selection at once
    assert view.client_id == clinic["Arjun"]


def test_main_window_refresh_after_a_save_updates_the_timeline(window, clinic, file_db):
    window.client_list.select_client(clinic["Zoë"])
    _, changes = save_visit(file_db, make_visit(clinic["Zoë"], dt.date(2026, 2, 28)))
    window.refresh(changes)
    assert window.timeline.model.rowCount() == 4


def test_start_up_does_not_load_matplotlib_reportlab_or_numpy():
    # numpy: sqlite-utils would import it (~0.1 s) but GluteDesk never needs it at start-up.
    code = (
        "import sys, glutedesk.ui.app, glutedesk.ui.timeline, glutedesk.ui.report_actions; "
        "print(sorted(m for m in ('matplotlib', 'reportlab', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"
