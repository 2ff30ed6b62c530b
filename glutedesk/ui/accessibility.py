"""Accessible names for GluteDesk's own widgets, taken from what the therapist sees.

A screen reader announces a control by its accessible name. Standard Qt widgets get one from
their text or a buddy label; GluteDesk's custom widgets (fields, score boxes, sections, cards,
panels) often sit beside a plain label instead. Once :func:`install_accessible_names` has run,
every GluteDesk widget without a name gets, as it is polished (just before it is first shown),
the one its screen shows: its label in the layout ("Pain (NPRS 0–10): Now"), its card or
section title, its placeholder or tooltip. A name set in code is never replaced.

The names are given by the application's style (:class:`NamingStyle`, Fusion through a proxy,
set by :func:`glutedesk.ui.style.apply_style`): Qt asks the style to polish each widget once,
where an application event filter would be handed every event of every widget (some 7,600 for
a warm opening of the visit editor, 51,000 for its Objective section), each one wrapped for
Python on its way: a fifth of the editor's opening went there.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLayout,
    QProxyStyle,
    QWidget,
)

_OWN = "glutedesk."
_TITLES = ("cardTitle", "panelTitle", "editorTitle", "clientName")
_TAGS = re.compile(r"<[^>]+>")
_GIVEN = "_glutedesk_polished_name"  # the name the style gave a widget not yet polished


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


class NamingStyle(QProxyStyle):
    """The style ``base`` (a :class:`~PySide6.QtWidgets.QStyleFactory` key), drawing exactly as
    ``base`` does, that also names GluteDesk widgets as they are polished while :attr:`naming`
    is on (:func:`install_accessible_names` turns it on).

    Qt asks the style to polish each widget when the widget is polished, where the old event
    filter watched for the ``Polish`` event: the widget is named at the same moment, from the
    same layout, so it gets the same name. (A stylesheet's style hands the polish on to the
    application's style, so stylesheets work unchanged.)
    """

    naming = False

    def polish(self, target):  # type: ignore[no-untyped-def]  # QWidget, QApplication or QPalette
        if (
            NamingStyle.naming
            and isinstance(target, QWidget)
            and type(target).__module__.startswith(_OWN)
            # Not yet polished: being polished now, or polished ahead of time (a widget with a
            # stylesheet of its own is, when it joins a parent): the last of these calls is
            # its polishing, and gives its name, as the Polish event did.
            and not target.testAttribute(Qt.WidgetAttribute.WA_WState_Polished)
        ):
            given = target.accessibleName()
            if not given or given == getattr(target, _GIVEN, None):  # never a name set in code
                name = derive_name(target)
                target.setAccessibleName(name)
                setattr(target, _GIVEN, name)
        super().polish(target)


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
    """Name every GluteDesk widget as it is first shown, from now on; return the style that
    does it.

    The application's style is a :class:`NamingStyle` already when
    :func:`glutedesk.ui.style.apply_style` gave it; otherwise (tests) its style is replaced
    by one drawing the same.
    """
    style = app.style()
    if not isinstance(style, NamingStyle):
        style = NamingStyle(style.name() or "Fusion")
        app.setStyle(style)
    NamingStyle.naming = True
    return style


def uninstall_accessible_names(app: QApplication) -> None:
    """Stop naming widgets (tests)."""
    NamingStyle.naming = False
