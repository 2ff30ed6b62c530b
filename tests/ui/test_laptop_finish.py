"""Finish on a laptop screen (issue 15): readable new-folder names, a list pane that stays put.

- The file dialog's new-folder name (Back up now ▸ Create New Folder) is typed into a line
  edit inside the folder list: its text must stand out from its background in the light and
  the dark theme (it was white on white).
- Opening the Timeline tab must neither widen the main window past a laptop screen nor push
  the client list aside (the list pane jumped when switching tabs).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QLineEdit, QToolButton

from glutedesk.ui.style import apply_style
from tests.ui.test_window_fit import SCREENS, fit_and_show


def _lightness(rgb: int) -> int:
    return QColor.fromRgb(rgb).lightness()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_new_folder_name_is_readable(qapp, qtbot, tmp_path, dark):
    apply_style(qapp, dark=dark)
    dialog = QFileDialog(None, "Back up to folder", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    qtbot.addWidget(dialog)
    dialog.resize(640, 420)
    with qtbot.waitExposed(dialog):
        dialog.show()
    button = dialog.findChild(QToolButton, "newFolderButton")
    assert button is not None
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def editor() -> QLineEdit | None:
        edits = [
            e
            for e in dialog.findChildren(QLineEdit)
            if e.isVisible() and isinstance(e.parentWidget().parentWidget(), QAbstractItemView)
        ]
        return edits[0] if edits else None

    qtbot.waitUntil(lambda: editor() is not None, timeout=5000)
    edit = editor()
    assert edit is not None
    edit.setText("WWWW MMMM")
    qtbot.waitUntil(lambda: (tmp_path / "New Folder").exists(), timeout=5000)
    image = edit.grab().toImage()
    background = _lightness(image.pixel(image.width() - 4, image.height() // 2))
    advance = edit.fontMetrics().horizontalAdvance("WWWW")
    text_rows = [
        y
        for y in range(image.height())
        if any(
            abs(_lightness(image.pixel(x, y)) - background) >= 120
            for x in range(2, min(image.width() - 4, advance))
        )
    ]
    # The letters stand out from the box (not white on white) and are whole, not cut off
    # by the padding of an ordinary line edit squeezed into a list row.
    assert len(text_rows) >= 0.8 * edit.fontMetrics().capHeight(), (dark, text_rows)
    dialog.reject()


@pytest.mark.parametrize("size", ["1366x768", "1024x640"])
def test_opening_the_timeline_neither_widens_the_window_nor_moves_the_list(
    clinic, make_window, qtbot, size
):
    apply_style(qtbot_app(), dark=False)
    window = make_window()
    assert window.client_list.select_client(clinic["Zoë"])
    fit_and_show(qtbot, window, SCREENS[size])
    list_width = window.splitter.sizes()[0]
    width = window.width()
    window.record_tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window._timeline is not None, timeout=10000)
    timeline = window._timeline
    for index in range(timeline.panels.charts.count()):  # every chart tab, the widest too
        timeline.panels.charts.setCurrentIndex(index)
        QTest.qWait(50)
        assert window.width() == width and window.splitter.sizes()[0] == list_width
    assert window.minimumSizeHint().width() <= width
    window.record_tabs.setCurrentIndex(0)
    QTest.qWait(50)
    assert window.width() == width and window.splitter.sizes()[0] == list_width


def qtbot_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def test_client_form_labels_are_level_with_their_fields(clinic, file_db, qtbot):
    """A label sits beside its field's text: centred on a one-line field, level with the first
    line of a box of several (they sat higher than their fields)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QGridLayout, QLabel

    from glutedesk.storage.clients import get_client
    from glutedesk.ui.client_form import ClientForm
    from glutedesk.ui.visit_editor.common import NotesEdit

    apply_style(qtbot_app(), dark=False)
    form = ClientForm(file_db, get_client(file_db, clinic["Liam"]))
    qtbot.addWidget(form)
    with qtbot.waitExposed(form):
        form.show()

    def centre(widget) -> int:
        return widget.mapTo(form, QPoint(0, widget.height() // 2)).y()

    checked = 0
    for grid in form.findChildren(QGridLayout):
        for row in range(grid.rowCount()):
            label_item, field_item = grid.itemAtPosition(row, 0), grid.itemAtPosition(row, 1)
            if label_item is None or field_item is None or field_item.widget() is None:
                continue
            label, field = label_item.widget(), field_item.widget()
            if not isinstance(label, QLabel) or not field.isVisible():
                continue
            if isinstance(field, NotesEdit):
                text_top = label.mapTo(form, QPoint(0, label.contentsRect().top())).y()
                field_top = field.mapTo(form, QPoint(0, 0)).y()
                assert field_top + 2 <= text_top <= field_top + 12, label.text()
            else:
                assert abs(centre(label) - centre(field)) <= 3, label.text()
            checked += 1
    assert checked >= 10


def test_marked_region_names_wrap_instead_of_being_cut_off(qtbot):
    from PySide6.QtCore import QRect

    from glutedesk.domain.models import PainMark
    from glutedesk.domain.regions import load_regions
    from glutedesk.ui.body_diagram.marks_list import MarksList

    apply_style(qtbot_app(), dark=False)
    regions = load_regions()
    long_names = [r for r in regions if len(r.label) > 30][:3]
    assert long_names
    marks = MarksList(regions, lambda event: False)
    qtbot.addWidget(marks)
    marks.resize(300, 260)  # the list beside the diagram on a 1024-px screen
    with qtbot.waitExposed(marks):
        marks.show()
    marks.show_marks([PainMark(r.id, "ache", 4, regions.version) for r in long_names], None)
    column = marks.header().sectionSize(0)
    metrics = marks.fontMetrics()
    for index in range(marks.topLevelItemCount()):
        item = marks.topLevelItem(index)
        assert metrics.horizontalAdvance(item.text(0)) > column  # too long for one line
        needed = metrics.boundingRect(
            QRect(0, 0, column - 12, 10_000), Qt.TextFlag.TextWordWrap, item.text(0)
        ).height()
        qtbot.waitUntil(
            lambda item=item, needed=needed: marks.visualItemRect(item).height() >= needed
        )


@pytest.mark.parametrize("size", ["1366x768", "1024x640"])
def test_the_welcome_fits_with_no_field_squeezed_over_another(file_db, tmp_path, qtbot, size):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QAbstractScrollArea, QLineEdit, QPlainTextEdit

    from glutedesk.storage.settings import clinic_settings
    from glutedesk.ui.welcome import WelcomeDialog

    apply_style(qtbot_app(), dark=False)
    dialog = WelcomeDialog(clinic_settings(file_db), tmp_path / "backups")
    qtbot.addWidget(dialog)
    fit_and_show(qtbot, dialog, SCREENS[size])
    fields = [
        f
        for f in [*dialog.form.findChildren(QLineEdit), *dialog.form.findChildren(QPlainTextEdit)]
        if f.isVisible() and not isinstance(f.parentWidget(), QAbstractScrollArea)
    ]
    assert len(fields) >= 6
    rects = [QRect(f.mapTo(dialog, QPoint(0, 0)), f.size()) for f in fields]
    for i, first in enumerate(rects):
        for second in rects[i + 1 :]:
            assert not first.intersects(second), (first, second)
    for f in fields:
        if isinstance(f, QPlainTextEdit):
            assert f.height() >= 2 * f.fontMetrics().lineSpacing()  # room for two lines
    for button in (dialog.first_client_button, dialog.later_button):
        corner = button.mapTo(dialog, QPoint(0, 0))
        assert dialog.rect().contains(QRect(corner, button.size()))
