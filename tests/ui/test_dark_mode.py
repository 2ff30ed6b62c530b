"""Light and dark palettes: text stays readable on the widgets that went dark-on-dark.

The contrast is measured on the widgets' real rendered pixels (``grab()`` with the app's palette
and stylesheet applied): the background is the commonest colour of the area, the text the pixel
that stands out from it most. WCAG asks 4.5:1 for text and 3:1 for a control's outline.
"""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from glutedesk.ui import style
from glutedesk.ui.body_diagram import BodyDiagram
from glutedesk.ui.style_colours import TEXT_ON_BACKGROUND

TEXT_MINIMUM = 4.5
OUTLINE_MINIMUM = 3.0


def luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def measured(image: QImage, area: QRect | None = None) -> tuple[QColor, QColor, float]:
    """(background, most distinct colour, their contrast) within ``area`` of ``image``."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    ratio = image.devicePixelRatio()
    area = area or QRect(0, 0, round(image.width() / ratio), round(image.height() / ratio))
    if ratio == 1:  # the area's pixels as 32-bit 0xffRRGGBB values, counted in C
        part = image.copy(area)
        pixels = Counter(memoryview(part.constBits()).cast("B").cast("I"))
    else:
        pixels = Counter(
            image.pixel(round(x * ratio), round(y * ratio))
            for y in range(area.top(), area.bottom() + 1)
            for x in range(area.left(), area.right() + 1)
        )
    background = QColor.fromRgb(pixels.most_common(1)[0][0])
    best = max(pixels, key=lambda rgb: contrast(QColor.fromRgb(rgb), background))
    return background, QColor.fromRgb(best), contrast(QColor.fromRgb(best), background)


def text_contrast(widget: QWidget, inset: int = 3) -> float:
    area = widget.rect().adjusted(inset, inset, -inset, -inset)
    return measured(widget.grab().toImage(), area)[2]


@pytest.fixture(params=["light", "dark"])
def theme(request, qapp):
    """The app's real palette and stylesheet, light or dark; the plain test look afterwards."""
    saved_palette, saved_sheet = QPalette(qapp.palette()), qapp.styleSheet()
    saved_style = qapp.style().name()
    style.apply_style(qapp, dark=request.param == "dark")
    yield request.param
    style.use_theme(qapp, False)
    qapp.setStyleSheet(saved_sheet)
    qapp.setPalette(saved_palette)
    qapp.setStyle(saved_style)


def test_the_theme_palette_is_the_one_asked_for(theme, qapp):
    window = qapp.palette().color(QPalette.ColorRole.Window)
    assert (window.lightness() < 128) == (theme == "dark") == style.is_dark()
    assert (style.DARK if theme == "dark" else style.LIGHT)["TEXT"] == style.TEXT


def test_every_text_pair_is_readable(theme):
    colours = style.current()
    for text, background in TEXT_ON_BACKGROUND:
        ratio = contrast(QColor(colours[text]), QColor(colours[background]))
        assert ratio >= TEXT_MINIMUM, (theme, text, background, round(ratio, 2))


def test_editor_fields_tick_boxes_and_scores_are_readable(theme, qtbot, clinic, make_window):
    window = make_window()
    window.client_list.select_client(clinic["Zoë"])
    editor = window.open_visit_editor(clinic["Zoë"], None)
    editor.resize(1300, 900)
    with qtbot.waitExposed(editor):
        editor.show()
    subjective = editor.sections[0]
    date_field = subjective.visit_date
    assert date_field.text()
    fields = {
        "date field": date_field,
        "pain now": subjective.nprs_now,
        "pain best": subjective.nprs_best,
    }
    psfs = [subjective.findChild(QWidget, f"psfsRating{row}") for row in range(3)]
    fields.update({f"activity score {i}": w for i, w in enumerate(psfs) if w is not None})
    assert len(fields) >= 4
    for name, widget in fields.items():
        widget.setProperty("changed", False)  # the changed tint is tested as a pair above
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        assert text_contrast(widget) >= TEXT_MINIMUM, (theme, name)
    boxes = [subjective.consent, subjective.chaperone]
    for box in boxes:
        assert text_contrast(box) >= TEXT_MINIMUM, (theme, box.text())
        option = QStyleOptionButton()
        option.initFrom(box)
        indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        grown = indicator.adjusted(-2, -2, 2, 2).intersected(box.rect())
        outline = measured(box.grab().toImage(), grown)[2]
        assert outline >= OUTLINE_MINIMUM, (theme, "tick box outline", box.text(), outline)
    assert all(isinstance(b, QCheckBox) for b in boxes)


def test_record_and_timeline_tabs_are_readable(theme, qtbot, window):
    with qtbot.waitExposed(window):
        window.show()
    bar = window.record_tabs.tabBar()
    image = bar.grab().toImage()
    for index in range(bar.count()):
        area = bar.tabRect(index).adjusted(4, 4, -4, -4)
        assert measured(image, area)[2] >= TEXT_MINIMUM, (theme, bar.tabText(index))


def test_body_diagram_panel_is_readable(theme, qtbot):
    diagram = BodyDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(1100, 800)
    with qtbot.waitExposed(diagram):
        diagram.show()
    diagram.mark_region("back.glute_med.L")
    for widget in (diagram.legend, diagram.picker, diagram.toolbar.target):
        assert text_contrast(widget, inset=1) >= TEXT_MINIMUM, (theme, widget.objectName())
    rows = diagram.marks_list.viewport()
    assert text_contrast(rows) >= TEXT_MINIMUM, (theme, "marked regions")
    # The diagram itself is drawn on white paper in both themes, like the printed map.
    background, _, ratio = measured(diagram.canvas.grab().toImage())
    assert background.lightness() > 240 and ratio >= TEXT_MINIMUM


def test_system_scheme_or_environment_chooses_the_theme(monkeypatch, qapp):
    monkeypatch.setenv(style.THEME_ENV, "dark")
    assert style.system_is_dark(qapp)
    monkeypatch.setenv(style.THEME_ENV, "light")
    assert not style.system_is_dark(qapp)
    assert isinstance(QApplication.instance(), QApplication)
