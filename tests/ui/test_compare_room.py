"""The compare window on a laptop screen: each visit's list of marked regions is wide enough
to read a region's name, and the legend (the same for both maps) shows once.

Beside its body map the list was 180 px wide at 1024×640 (248 at 1366×768) and wrapped a
region's name onto four to six lines. Real windows fitted to each screen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtTest import QTest

from glutedesk.storage.visit_loading import visits_for_client
from glutedesk.ui.style import apply_style
from glutedesk.ui.timeline.compare import CompareMapsWindow
from tests.ui.test_window_fit import SCREENS, fit_and_show

LIST_WIDTH = 400


@pytest.fixture(autouse=True)
def real_style(qapp):
    apply_style(qapp, dark=False)


@pytest.mark.parametrize("size", ["1024x640", "1366x768"])
def test_the_lists_of_marked_regions_are_wide_and_the_legend_shows_once(
    clinic, file_db, qtbot, size
):
    visits = visits_for_client(file_db, clinic["Zoë"])
    window = CompareMapsWindow("Zoë", visits[0], visits[-1])
    qtbot.addWidget(window)
    fit_and_show(qtbot, window, SCREENS[size])
    QTest.qWait(100)
    for diagram in window.diagrams:
        marks = diagram.marks_list
        assert marks.topLevelItemCount() > 0
        assert marks.width() >= LIST_WIDTH, marks.width()
        assert marks.header().sectionSize(0) >= LIST_WIDTH // 2  # the region's name
        canvas_bottom = diagram.canvas.mapTo(window, QPoint(0, diagram.canvas.height())).y()
        assert marks.mapTo(window, QPoint(0, 0)).y() >= canvas_bottom  # below its map
        assert not diagram.legend.isVisible()
    legend = window.legend
    assert legend.isVisible()
    shown = QRect(legend.mapTo(window, QPoint(0, 0)), legend.size())
    assert window.rect().contains(shown)
    assert legend.width() >= legend.sizeHint().width()
