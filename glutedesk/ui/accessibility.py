"""Accessible names for GluteDesk's own widgets, taken from what the therapist sees.

A screen reader announces a control by its accessible name. Standard Qt widgets get one from
their text or a buddy label; GluteDesk's custom widgets (fields, score boxes, sections, cards,
panels) often sit beside a plain label instead. :func:`install_accessible_names` watches widgets
being polished (just before they are first shown) and gives every GluteDesk widget without a
name the one its screen shows: its label in the layout ("Pain (NPRS 0–10): Now"), its card or
section title, its placeholder or tooltip. A name set in code is never replaced.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLayout,
    QWidget,
)

_OWN = "glutedesk."
_TITLES = ("cardTitle", "panelTitle", "editorTitle", "clientName")
_TAGS = re.compile(r"<[^>]+>")


def _text(label: QLabel) -> str:
    return " ".join(_TAGS.sub("", label.text()).replace("&&", "&").replace("&", "").split())


def _containing(layout: QLayout, target: QWidget | QLayout) -> tuple[QLayout, int] | None:
    """The layout that holds ``target`` directly, and its index there (searched depth-first)."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is target or item.layout() is target:
            return layout, index
        inner = item.layout()
        if inner is not None:
            found = _containing(inner, target)
            if found is not None:
                return found
    return None


def _label_before(layout: QLayout, index: int) -> str | None:
    """The label left of (or, in a form, for) item ``index`` of ``layout``."""
    if isinstance(layout, QFormLayout):
        row, _role = layout.getItemPosition(index)
        label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        widget = label.widget() if label is not None else None
        return _text(widget) if isinstance(widget, QLabel) and widget.text() else None
    if isinstance(layout, QGridLayout):
        row, column, _rows, _columns = layout.getItemPosition(index)
        for col in range(column - 1, -1, -1):
            item = layout.itemAtPosition(row, col)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel) and widget.text():
                return _text(widget)
        for above in range(row - 1, -1, -1):  # a table of fields: its column heading
            item = layout.itemAtPosition(above, column)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel) and widget.text():
                return f"{_text(widget)} (row {row - above})"
        return None
    for before in range(index - 1, -1, -1):
        widget = layout.itemAt(before).widget()
        if isinstance(widget, QLabel) and widget.text():
            return _text(widget)
        if widget is not None and widget.isVisibleTo(widget.parentWidget()):
            return None  # another control sits between
    return None


def _layout_label(widget: QWidget) -> str | None:
    parent = widget.parentWidget()
    top = parent.layout() if parent is not None else None
    if top is None:
        return None
    found = _containing(top, widget)
    if found is None:
        return None
    layout, index = found
    own = _label_before(layout, index)
    if layout is not top:  # a row inside a grid or form: the row's label names it too
        outer = _containing(top, layout)
        row = _label_before(*outer) if outer is not None else None
        if row and own and row != own:
            return f"{row}: {own}"
        return own or row
    return own


def _title(widget: QWidget) -> str | None:
    for name in _TITLES:
        label = widget.findChild(QLabel, name)
        if label is not None and label.text():
            return _text(label)
    return None


def _words(class_name: str) -> str:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)
    return spaced[:1] + spaced[1:].lower()


def derive_name(widget: QWidget) -> str:
    """The name ``widget``'s screen gives it (label, title, placeholder, tooltip or kind)."""
    if widget.isWindow() and widget.windowTitle():
        return widget.windowTitle()
    parent = widget.parentWidget()
    inherited = (  # a part of a named GluteDesk field (the box inside "Seconds held")
        parent.accessibleName()
        if parent is not None and type(parent).__module__.startswith(_OWN)
        else ""
    )
    for found in (
        _layout_label(widget),
        inherited,
        _title(widget),
        getattr(widget, "placeholderText", lambda: "")(),
        widget.toolTip(),
    ):
        if found:
            return found
    return _words(type(widget).__name__)


def _needs_name(widget: QObject) -> bool:
    return (
        isinstance(widget, QWidget)
        and type(widget).__module__.startswith(_OWN)
        and not widget.accessibleName()
    )


class _Namer(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish and _needs_name(watched):
            watched.setAccessibleName(derive_name(watched))  # type: ignore[attr-defined]
        return False


def name_shown_widgets(window: QWidget) -> None:
    """Name the GluteDesk widgets of ``window`` polished before the names were installed.

    The main window is painted first and the names installed straight after
    (:func:`glutedesk.ui.app.open_main_window`); its widgets get the names they would have
    got when they were polished.
    """
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished) and _needs_name(widget):
            widget.setAccessibleName(derive_name(widget))


def install_accessible_names(app: QApplication) -> QObject:
    """Name every GluteDesk widget as it is first shown (once per application)."""
    existing = getattr(app, "_glutedesk_namer", None)
    if existing is not None:
        return existing
    namer = _Namer(app)
    app.installEventFilter(namer)
    app._glutedesk_namer = namer  # type: ignore[attr-defined]
    return namer


def uninstall_accessible_names(app: QApplication) -> None:
    """Stop naming widgets (tests)."""
    namer = getattr(app, "_glutedesk_namer", None)
    if namer is not None:
        app.removeEventFilter(namer)
        del app._glutedesk_namer  # type: ignore[attr-defined]
