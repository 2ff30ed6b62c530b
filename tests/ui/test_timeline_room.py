"""The Timeline on a small laptop: the table shows several visits, the charts stay readable.

At 1024×640 the charts' fixed 300 px left the table one row, and the strength chart's legend
(laid out for the PDF's page) was cut at both sides. Real windows fitted to a 1024×640 and a
1366×768 screen: the table shows at least four whole rows by default, the charts keep their
room, a legend fits its figure's width and sits below the dates, and a split the therapist
dragged is kept.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from glutedesk.domain.models import Nprs
from glutedesk.storage.visits import save_visit
from glutedesk.ui.style import apply_style
from glutedesk.ui.timeline.chart_panel import thin_named_ticks
from glutedesk.ui.timeline.view import CHART_MIN_HEIGHT, TABLE_ROWS
from tests.factories import make_visit
from tests.ui.test_window_fit import SCREENS, fit_and_show

ROWS = 4


@pytest.fixture(autouse=True)
def real_style(qapp):
    apply_style(qapp, dark=False)


@pytest.fixture
def timeline(clinic, file_db, make_window, qtbot, request):
    """Zoë with six visits, on the Timeline of a window fitted to ``request.param``."""
    for day in (1, 8, 15):
        visit = make_visit(clinic["Zoë"], dt.date(2026, 3, day), nprs=Nprs(now=3))
        save_visit(file_db, visit)
    window = make_window()
    assert window.client_list.select_client(clinic["Zoë"])
    fit_and_show(qtbot, window, SCREENS[request.param])
    window.record_tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window._timeline is not None, timeout=10000)
    timeline = window._timeline
    qtbot.waitUntil(lambda: timeline.model.rowCount() == 6, timeout=5000)
    qtbot.waitUntil(lambda: timeline.panels.strength_chart.canvas is not None, timeout=10000)
    QTest.qWait(100)  # the split follows the layout once it has settled
    return timeline


def whole_rows(timeline) -> int:
    table = timeline.panels.table
    bottom = table.viewport().height()
    rows = range(timeline.model.rowCount())
    return sum(1 for r in rows if table.visualRect(timeline.model.index(r, 0)).bottom() < bottom)


@pytest.mark.parametrize("timeline", ["1024x640", "1366x768"], indirect=True)
def test_the_table_shows_four_visits_and_the_charts_keep_their_room(timeline):
    assert TABLE_ROWS >= ROWS
    assert whole_rows(timeline) >= ROWS
    assert timeline.panels.splitter.sizes()[1] >= CHART_MIN_HEIGHT
    assert timeline.panels.strength_chart.canvas.height() >= 150


@pytest.mark.parametrize("timeline", ["1024x640"], indirect=True)
def test_every_chart_legend_fits_its_figure_below_the_dates(timeline, qtbot):
    charts = timeline.panels.charts
    for index in range(charts.count() - 1):  # the last tab draws no figure legend
        charts.setCurrentIndex(index)
        panel = charts.widget(index)
        qtbot.waitUntil(lambda p=panel: p.canvas is not None, timeout=10000)
        QTest.qWait(100)
        figure = panel.figure
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        lowest = min(figure.axes, key=lambda ax: ax.get_position().y0)
        dates = lowest.xaxis.get_tightbbox(renderer)
        assert figure.legends, index
        for legend in figure.legends:
            box = legend.get_window_extent(renderer)
            assert box.x0 >= 0 and box.x1 <= figure.bbox.width, (index, box, figure.bbox)
            assert box.y1 <= dates.y0, (index, box, dates)


@pytest.mark.parametrize("timeline", ["1024x640"], indirect=True)
def test_a_split_the_therapist_dragged_is_kept(timeline, qtbot):
    panels = timeline.panels
    table_height = panels.splitter.sizes()[0]
    handle = panels.splitter.handle(1)
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(handle, start + QPoint(0, 40))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 40))
    qtbot.waitUntil(lambda: panels.splitter.sizes()[0] > table_height, timeout=5000)
    dragged = panels.splitter.sizes()
    timeline.window().resize(timeline.window().width() - 20, timeline.window().height())
    QTest.qWait(100)
    assert panels.split_chosen
    assert panels.splitter.sizes()[0] == dragged[0]


def _tick_boxes(ax, renderer):
    return [t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()]


@pytest.mark.parametrize("timeline", ["1024x640"], indirect=True)
def test_the_oxford_grades_never_overlap_on_a_short_chart(timeline):
    # At 1024x640 the strength chart has about 200 px: too short for all 11 grades' labels.
    panel = timeline.panels.strength_chart
    figure = panel.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    oxford = figure.axes[0]
    labels = [t.get_text() for t in oxford.get_yticklabels()]
    assert "5" in labels and "0" in labels
    boxes = _tick_boxes(oxford, renderer)
    for lower, upper in itertools.pairwise(boxes):
        assert upper.y0 >= lower.y1 - 0.5, labels  # no label drawn over the next
    # Given room again, every grade (3-, 3+ ...) is back.
    panel.canvas.resize(panel.canvas.width(), 900)
    QTest.qWait(100)
    figure.canvas.draw()
    assert len(oxford.get_yticklabels()) == 11


@pytest.mark.parametrize("timeline", ["1024x640"], indirect=True)
def test_each_oxford_grade_keeps_its_own_size_when_thinned_and_back(timeline):
    # In-between grades (3-, 3+) are drawn smaller so the whole grades stand out; the labels
    # kept on a short chart must not take the size of the tick that used to be in their place.
    figure = timeline.panels.strength_chart.figure
    oxford = figure.axes[0]
    width = figure.get_size_inches()[0]

    def thinned_at(height: float) -> dict[str, float]:
        figure.set_size_inches(width, height)
        figure.canvas.draw()
        thin_named_ticks(oxford, figure.canvas.get_renderer())
        return {t.get_text(): t.get_fontsize() for t in oxford.get_yticklabels()}

    whole = thinned_at(2.4)
    assert set(whole) == {"0", "1", "2", "3", "4", "5"}, whole  # whole grades only
    assert len(set(whole.values())) == 1, whole
    full = thinned_at(8.0)
    assert len(full) == 11
    assert full["3-"] < full["3"] == full["5"] == whole["5"], full
