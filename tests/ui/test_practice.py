"""The Practice window: opened from the menu, figures from a worker, records, the report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from glutedesk.storage.clinic import Clinic
from glutedesk.ui.practice import window as practice
from glutedesk.ui.practice.records import RecordsDialog

WAIT_MS = 120_000  # a slow, busy machine


@pytest.fixture
def clinic_names(file_db, demo_clinic):
    return [part for c in Clinic(file_db).clients() for part in c.name.split()]


def _open(qtbot, window):
    window.practice_menu.practice_action.trigger()
    view = window.practice_window
    qtbot.waitUntil(lambda: view.insights is not None and "first" in view.tables, timeout=WAIT_MS)
    return view


def _row(table, label):
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == label:
            return row
    raise AssertionError(f"no row {label!r}")


def test_practice_window_shows_figures_with_their_rules(qtbot, demo_clinic, make_window):
    window = make_window()
    view = _open(qtbot, window)
    assert view.isVisible() and not view.progress.isVisible()
    table = view.tables["first"]
    row = _row(table, "Weak glutes (max or med)")
    weak = view.insights.figure("weak_glutes")
    assert table.item(row, 1).text().startswith(f"{weak.share:.0f} %")
    assert table.item(row, 2).text() == "5"
    assert "Weak glute (grade)" in table.item(row, 3).text()
    assert "Source:" in table.item(row, 3).toolTip()
    assert {"first", "course", "presentation", "care"} <= set(view.tables)
    few = _row(table, "Weak glutes, aged 30–39")
    assert table.item(few, 1).text().startswith("too few to say")
    assert view.definitions_table.rowCount() >= 10
    terms = [view.definitions_table.item(r, 0).text() for r in range(10)]
    assert "Course of care" in terms and "Discharge" in terms
    qtbot.waitUntil(lambda: view.charts_layout.count() >= 5, timeout=WAIT_MS)


def test_records_behind_a_figure_are_anonymous_codes(qtbot, demo_clinic, make_window, clinic_names):
    window = make_window()
    view = _open(qtbot, window)
    table = view.tables["first"]
    button = table.cellWidget(_row(table, "Weak glutes (max or med)"), 4)
    assert isinstance(button, QPushButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialogs = [w for w in view.findChildren(RecordsDialog) if w.isVisible()]
    assert len(dialogs) == 1
    listed = [dialogs[0].table.item(r, 0).text() for r in range(dialogs[0].table.rowCount())]
    assert len(listed) == 5 and all(code.startswith("R-") for code in listed)
    shown = " ".join(listed) + dialogs[0].findChild(type(view.status)).text()
    assert not any(name in shown for name in clinic_names)


def test_a_chosen_period_without_visits_says_too_few(qtbot, demo_clinic, make_window):
    window = make_window()
    view = _open(qtbot, window)
    view.from_date.setDate(QDate(2099, 1, 1))
    view.to_date.setDate(QDate(2099, 12, 31))
    view.period.setCurrentIndex(practice.PERIODS.index("Chosen dates"))
    first = view.insights
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.insights is not first, timeout=WAIT_MS)
    assert view.insights.clients == 0
    assert view.insights.figure("weak_glutes").too_few
    assert "0 clients" in view.status.text()


def test_start_after_end_is_refused_without_losing_the_figures(qtbot, demo_clinic, make_window):
    window = make_window()
    view = _open(qtbot, window)
    shown = view.insights
    view.period.setCurrentIndex(practice.PERIODS.index("Chosen dates"))
    view.from_date.setDate(QDate(2026, 5, 1))
    view.to_date.setDate(QDate(2026, 4, 1))
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert "start is after its end" in view.status.text()
    assert view.insights is shown


def test_save_report_writes_the_pdf_off_the_gui_thread(
    qtbot, demo_clinic, make_window, tmp_path, monkeypatch
):
    out = tmp_path / "practice.pdf"
    opened = []
    monkeypatch.setattr(practice.SavePdfDialog, "ask", classmethod(lambda cls, p, s: out))
    monkeypatch.setattr(practice.QDesktopServices, "openUrl", lambda url: opened.append(url))
    window = make_window()
    view = _open(qtbot, window)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    assert out.read_bytes().startswith(b"%PDF")
    assert "saved to" in view.status.text()


def _wrapped_height(table, row: int, col: int) -> int:
    """The height the cell's text needs when wrapped to its column (less the cell margins)."""
    from PySide6.QtCore import QRect

    width = table.columnWidth(col) - 2 * table.style().pixelMetric(
        table.style().PixelMetric.PM_FocusFrameHMargin, None, table
    )
    flags = int(Qt.TextFlag.TextWordWrap)
    text = table.item(row, col).text()
    return table.fontMetrics().boundingRect(QRect(0, 0, width, 10_000), flags, text).height()


# 994 wide: Practice insights on a 1024x640 screen (scripts/laptop_screenshots.py); 800: narrower
# still (a larger font, or the window made smaller by hand).
@pytest.mark.parametrize("width", [994, 800])
def test_figure_names_and_rules_wrap_instead_of_being_cut_on_a_small_laptop(
    qtbot, demo_clinic, make_window, width
):
    window = make_window()
    view = _open(qtbot, window)
    view.resize(width, 609)
    qtbot.waitUntil(lambda: view.tables["care"].width() < width - 10, timeout=WAIT_MS)
    wrapped = 0
    for table in view.tables.values():
        qtbot.waitUntil(
            lambda t=table: all(t.rowHeight(r) >= t.sizeHintForRow(r) for r in range(t.rowCount())),
            timeout=WAIT_MS,
        )
        rows = range(table.rowCount())
        assert table.height() >= sum(table.rowHeight(r) for r in rows)  # no row hidden
        for row in rows:
            for col in (0, 3):
                needed = _wrapped_height(table, row, col)
                assert needed <= table.rowHeight(row), (table.item(row, col).text(), needed)
                wrapped += needed > table.fontMetrics().height() * 1.5
    if width == 800:
        assert wrapped > 0  # at this width some names or rules do take two lines
