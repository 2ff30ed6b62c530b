"""What every section of the visit editor shares: its context, base class and small widgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.catalogue import Catalogue
from glutedesk.domain.models import Client, Visit
from glutedesk.domain.regions import RegionManifest
from glutedesk.domain.validation import FieldError
from glutedesk.ui.widgets.fields import BLANK

T = TypeVar("T")


@dataclass(frozen=True)
class EditorContext:
    """Everything a section needs besides the visit: catalogues, the client, the last visit."""

    catalogue: Catalogue
    regions: RegionManifest
    client: Client
    previous: Visit | None
    today: dt.date
    therapists: tuple[str, ...] = ()  # the clinic's therapists, offered as the name is typed
    unit_defaults: dict[str, str] = field(default_factory=dict)  # test id -> remembered unit


class ViewAttributes:
    """A controller whose view's public widgets read as its own (``section.assessment``).

    The controller (TagStudio's rule) wires the view's widgets and holds the logic; the view
    arranges and styles them and decides nothing. Reading the view's widgets through the
    controller lets the editor and the tests address a field the same way whichever class
    lays it out.
    """

    def __getattr__(self, name: str) -> Any:
        view = self.__dict__.get("view")
        if view is not None and not name.startswith("_") and name in view.__dict__:
            return view.__dict__[name]
        raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}")


class Section(ViewAttributes, QWidget):
    """One page of the editor. ``load`` fills it from a visit; ``apply`` writes it back.

    ``apply`` must return the visit's own values unchanged when nothing was edited, so that
    opening and saving a visit changes nothing.
    """

    title = ""
    changed = Signal()

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def install_view(self, view: QLayout) -> None:
        """Lay the section out with ``view``: a layout-only class whose widgets are public."""
        view.setContentsMargins(0, 0, 0, 0)
        self.setLayout(view)
        self.view = view

    def load(self, visit: Visit) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def apply(self, visit: Visit) -> Visit:  # pragma: no cover - overridden
        raise NotImplementedError

    def first_input(self) -> QWidget | None:
        """The widget that gets focus when the section is opened."""
        return None

    def show_problems(self, problems: list[FieldError]) -> None:
        """Show the save gate's problems addressed to this section's fields (beside them)."""


def card(title: str, hint: str = "") -> tuple[QFrame, QVBoxLayout]:
    """A titled white panel; returns the frame and the layout to fill."""
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.setSpacing(8)
    heading = QLabel(title.upper())
    heading.setObjectName("cardTitle")
    layout.addWidget(heading)
    if hint:
        note = QLabel(hint)
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout.addWidget(note)
    return frame, layout


def muted(text: str, *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(wrap)
    return label


def field_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "fieldLabel")
    return label


class OptionalSpin(QSpinBox):
    """A whole number that may be left blank (shown as a dash): NPRS, ODI items, doses."""

    def __init__(self, low: int, high: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(low - 1, high)
        self.setSpecialValueText(BLANK)
        self.setValue(low - 1)
        self.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedWidth(56)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()  # typing replaces the value, however the field was reached

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A click puts the cursor inside the dash, where a digit would be refused: a digit typed
        # into a blank score replaces the dash wherever the cursor is.
        if self.value_or_none() is None and event.text().isdigit():
            self.selectAll()
        super().keyPressEvent(event)

    def value_or_none(self) -> int | None:
        value = self.value()
        return None if value == self.minimum() else value

    def set_value_or_none(self, value: int | float | None) -> None:
        self.setValue(self.minimum() if value is None else int(value))


class NotesEdit(QPlainTextEdit):
    """Multi-line notes where Tab moves on instead of typing a tab."""

    def __init__(self, placeholder: str = "", lines: int = 3, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        self.setFixedHeight(12 + 22 * lines)


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def keep_order(
    original: Sequence[T], items: Iterable[T], key: Callable[[T], Hashable] = lambda x: x
) -> tuple[T, ...]:
    """Return ``items`` in the order their keys had in ``original``; new ones follow in turn.

    This keeps a visit's stored order when it is re-saved, so unchanged records stay equal.
    """
    position = {key(item): i for i, item in enumerate(original)}
    listed = list(items)
    ranked = sorted(
        enumerate(listed),
        key=lambda pair: (
            (0, position[key(pair[1])], 0) if key(pair[1]) in position else (1, 0, pair[0])
        ),
    )
    return tuple(item for _i, item in ranked)


def same_items(a: Iterable[Any], b: Iterable[Any]) -> bool:
    """True when ``a`` and ``b`` hold the same items, in any order."""
    a, b = list(a), list(b)
    return len(a) == len(b) and all(a.count(x) == b.count(x) for x in a)


def in_stored_order(
    original: tuple[T, ...], items: Iterable[T], key: Callable[[T], Hashable] = lambda x: x
) -> tuple[T, ...]:
    """``items`` in the order ``original`` stored them; ``original`` itself when they are the
    same items, so that a record opened and saved unchanged stays exactly as it was."""
    result = keep_order(original, items, key)
    return original if result == original else result
