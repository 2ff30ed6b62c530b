"""Watch every input under a widget: one signal for "something changed", and highlighting.

``watch_inputs(root, callback)`` connects the change signal of every standard input below
``root``. :class:`ChangeHighlighter` remembers each input's state as a baseline (for example
the values copied forward from the last visit) and marks inputs whose state now differs with
the ``changed`` dynamic property, which the stylesheet paints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

CHANGED_PROPERTY = "changed"
WATCHED_PROPERTY = "_gd_watched"
CHANGED_TINT = "#fff4d1"
CHANGED_BORDER = "#d9a520"

HIGHLIGHT_STYLE = f"""
QLineEdit[changed="true"], QPlainTextEdit[changed="true"], QComboBox[changed="true"],
QSpinBox[changed="true"], QDateEdit[changed="true"] {{
    background: {CHANGED_TINT};
    border: 1px solid {CHANGED_BORDER};
}}
QCheckBox[changed="true"] {{
    background: {CHANGED_TINT};
    border-radius: 3px;
}}
"""


def input_widgets(root: QWidget, exclude: Iterable[QWidget] = ()) -> list[QWidget]:
    """Every standard input below ``root`` (not the line edits inside combos and spin boxes)."""
    excluded = tuple(exclude)
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if excluded and any(w is widget or w.isAncestorOf(widget) for w in excluded):
            continue
        if isinstance(widget, QLineEdit):
            parent = widget.parentWidget()
            if isinstance(parent, QComboBox | QAbstractSpinBox):
                continue
            found.append(widget)
        elif isinstance(
            widget, QPlainTextEdit | QComboBox | QAbstractSpinBox | QListWidget | QCheckBox
        ):
            found.append(widget)
    return found


def widget_state(widget: QWidget) -> Any:
    """A comparable snapshot of what an input holds."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QDateEdit):
        date: QDate = widget.date()
        return date.toString("yyyy-MM-dd")
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QListWidget):
        return tuple(
            (widget.item(i).text(), widget.item(i).checkState().value)
            for i in range(widget.count())
        )
    return None


def watch(widget: QWidget, callback: Callable[[], None]) -> None:
    """Connect ``widget``'s change signal to ``callback`` (once)."""
    if widget.property(WATCHED_PROPERTY):
        return
    widget.setProperty(WATCHED_PROPERTY, True)
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        widget.textChanged.connect(lambda *_: callback())
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda *_: callback())
    elif isinstance(widget, QDateEdit):
        widget.dateChanged.connect(lambda *_: callback())
    elif isinstance(widget, QSpinBox):
        widget.valueChanged.connect(lambda *_: callback())
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(lambda *_: callback())
    elif isinstance(widget, QListWidget):
        widget.itemChanged.connect(lambda *_: callback())


def watch_inputs(
    root: QWidget, callback: Callable[[], None], exclude: Iterable[QWidget] = ()
) -> None:
    """Connect every input under ``root`` (call again after adding rows; repeats are skipped)."""
    for widget in input_widgets(root, exclude):
        watch(widget, callback)


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a boolean dynamic property and re-apply the stylesheet if it changed."""
    if bool(widget.property(name)) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class ChangeHighlighter:
    """Marks inputs that differ from a baseline (inputs added later count as changed)."""

    def __init__(self, root: QWidget, exclude: Iterable[QWidget] = ()) -> None:
        self._root = root
        self._exclude = tuple(exclude)
        self._baseline: dict[int, tuple[QWidget, Any]] | None = None

    @property
    def active(self) -> bool:
        return self._baseline is not None

    def set_baseline(self) -> None:
        widgets = input_widgets(self._root, self._exclude)
        self._baseline = {id(w): (w, widget_state(w)) for w in widgets}
        self.update()

    def exclude(self, widget: QWidget) -> None:
        """Leave ``widget`` and everything under it out from now on."""
        self._exclude = (*self._exclude, widget)

    def extend_baseline(self, root: QWidget) -> None:
        """Add the inputs under ``root`` (built after the baseline was set) as they stand now."""
        if self._baseline is None:
            return
        for widget in input_widgets(root, self._exclude):
            self._baseline.setdefault(id(widget), (widget, widget_state(widget)))

    def clear(self) -> None:
        self._baseline = None
        for widget in input_widgets(self._root, self._exclude):
            set_flag(widget, CHANGED_PROPERTY, False)

    def changed_widgets(self) -> list[QWidget]:
        if self._baseline is None:
            return []
        baseline = self._baseline
        return [
            w
            for w in input_widgets(self._root, self._exclude)
            if id(w) not in baseline or baseline[id(w)][1] != widget_state(w)
        ]

    def update(self) -> None:
        if self._baseline is None:
            return
        changed = {id(w) for w in self.changed_widgets()}
        for widget in input_widgets(self._root, self._exclude):
            set_flag(widget, CHANGED_PROPERTY, id(widget) in changed)
