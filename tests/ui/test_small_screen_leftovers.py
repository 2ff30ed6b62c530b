"""Small-screen leftovers: long client names, the Timeline's margin, the compare window.

- Two clients whose long names differ only after the surname must read differently in the
  list on a 1024×640 screen (they both read "Kowalska-Wiśnie…"): a name that does not fit
  wraps after the surname, and the list takes the room the record can spare.
- The Timeline's minimum width left 2 px at 1024 wide: the window must fit with a real margin
  (a laptop at 125 % scaling, a scroll bar), and every field Tab reaches must be inside it.
- The compare window is read-only: no "Find a region to mark" box.
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QWidget

from glutedesk.storage.clients import get_client, save_client
from glutedesk.storage.visit_loading import visits_for_client
from glutedesk.ui.client_list_model import NAME
from glutedesk.ui.list_splitter import LIST_MIN_WIDTH, LIST_WIDTH
from glutedesk.ui.style import apply_style
from tests.ui.test_window_fit import SCREENS, fit_and_show

LONG = "Kowalska-Wiśniewska"
MARGIN = 48  # a vertical scroll bar (~17 px) and the rounding of 125 % scaling, with room


@pytest.fixture(autouse=True)
def real_style(qapp):
    apply_style(qapp, dark=False)


@pytest.fixture
def long_names(clinic, file_db) -> dict[str, str]:
    """Two clients named "Katarzyna/Krystyna Kowalska-Wiśniewska" beside the usual five."""
    template = get_client(file_db, clinic["Liam"])
    ids = {}
    for n, first in enumerate(("Katarzyna", "Krystyna")):
        client = dataclasses.replace(template, id=f"{n + 7:032x}", first_name=first, last_name=LONG)
        ids[first] = save_client(file_db, client)[0].id
    return ids


def _drawn_text(window, row: int) -> tuple[str, int, int]:
    """The name cell's text as the delegate draws it, and the room it has, in pixels."""
    table = window.client_list.view.table
    index = window.client_list.model.index(row, NAME)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.rect = table.visualRect(index)
    option.widget = table
    window.client_list.name_delegate.initStyleOption(option, index)
    style = table.style()
    room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table).width()
    room -= 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    return option.text, room, table.rowHeight(row)


@pytest.mark.parametrize("size", ["1024x640", "1366x768"])
def test_two_long_similar_names_read_differently(long_names, make_window, qtbot, size):
    window = make_window()
    fit_and_show(qtbot, window, SCREENS[size])
    model = window.client_list.model
    rows = {model.item(r).first_name: r for r in range(model.rowCount())}
    shown = {}
    for first in ("Katarzyna", "Krystyna"):
        text, room, height = _drawn_text(window, rows[first])
        lines = text.split("\n")
        metrics = window.client_list.view.table.fontMetrics()
        assert first in lines[-1] and lines[0].startswith(LONG[:8]), text
        assert all(metrics.horizontalAdvance(line) <= room for line in lines), (text, room)
        assert len(lines) * metrics.height() <= height, (text, height)  # both lines are seen
        index = model.index(rows[first], NAME)
        assert index.data(Qt.ItemDataRole.ToolTipRole) == f"{first} {LONG}"
        shown[first] = text
    assert shown["Katarzyna"] != shown["Krystyna"]
    # A name that fits stays on one line.
    short = next(r for f, r in rows.items() if f == "Arjun")
    assert _drawn_text(window, short)[0] == "Patel, Arjun"


@pytest.mark.parametrize("size", ["1024x640", "1366x768"])
def test_the_list_takes_the_room_the_record_can_spare(clinic, make_window, qtbot, size):
    window = make_window()
    fit_and_show(qtbot, window, SCREENS[size])
    list_width = window.splitter.sizes()[0]
    if size == "1024x640":
        assert LIST_MIN_WIDTH + 30 <= list_width < LIST_WIDTH, list_width
    else:
        assert list_width == LIST_WIDTH
    # A drag is the therapist's choice: a resize afterwards keeps the list where it was put.
    handle = window.splitter.handle(1)
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(handle, start - QPoint(20, 0))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start - QPoint(20, 0))
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] < list_width, timeout=5000)
    dragged = window.splitter.sizes()[0]
    window.resize(window.width() - 30, window.height())
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] <= dragged, timeout=5000)
    assert window.splitter.chosen


def _inside(widget: QWidget, window: QWidget) -> bool:
    return window.rect().contains(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))


@pytest.mark.parametrize("size", ["1024x640", "1366x768"])
def test_the_timeline_fits_with_a_margin_and_every_focused_field_is_inside(
    clinic, make_window, qtbot, size
):
    window = make_window()
    assert window.client_list.select_client(clinic["Zoë"])
    fit_and_show(qtbot, window, SCREENS[size])
    window.record_tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window._timeline is not None, timeout=10000)
    timeline = window._timeline
    # The widest chart tab sets the Timeline's minimum; each is measured.
    for index in range(timeline.panels.charts.count()):
        timeline.panels.charts.setCurrentIndex(index)
        QTest.qWait(50)
        needed = (
            window.client_list.minimumWidth()
            + window.splitter.handleWidth()
            + window.record_tabs.minimumSizeHint().width()
        )
        assert needed + MARGIN <= window.width(), (index, needed, window.width())
        assert window.splitter.sizes()[1] >= window.record_tabs.minimumSizeHint().width()
        assert SCREENS[size].contains(window.frameGeometry())
    # Every field Tab reaches in the Timeline is whole inside the window.
    timeline.panels.charts.setCurrentIndex(timeline.panels.charts.count() - 1)
    timeline.panels.table.setFocus()
    qtbot.waitUntil(lambda: timeline.panels.table.hasFocus(), timeout=5000)
    seen = 0
    for _ in range(12):
        focused = window.focusWidget()
        if focused is not None and timeline.isAncestorOf(focused):
            assert _inside(focused, window), (type(focused).__name__, focused.geometry())
            seen += 1
        QTest.keyClick(focused or window, Qt.Key.Key_Tab)
    assert seen >= 3


def test_the_compare_window_has_no_find_a_region_box(clinic, file_db, qtbot):
    from glutedesk.ui.timeline.compare import CompareMapsWindow

    visits = visits_for_client(file_db, clinic["Zoë"])
    window = CompareMapsWindow("Zoë", visits[0], visits[-1])
    qtbot.addWidget(window)
    fit_and_show(qtbot, window, SCREENS["1024x640"])
    for diagram in window.diagrams:
        assert diagram.isVisible() and not diagram.picker.isVisible()
        assert not diagram.toolbar.isVisible()
        # The diagram starts right under the caption: no room kept for a hidden box.
        caption_bottom = window.captions[0].mapTo(window, QPoint(0, window.captions[0].height()))
        assert diagram.mapTo(window, QPoint(0, 0)).y() - caption_bottom.y() < 60
