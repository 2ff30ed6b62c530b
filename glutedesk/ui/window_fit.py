"""Top-level windows that fit the screen they open on (a 1366×768 laptop, or 1024×640).

Every window asks for its preferred size through :func:`fit_window`, which shrinks it to the
screen's available area less a margin (room for the title bar and panel) and centres it there.
The same call installs the application's input guard (wheel and focus rules, ui.input_guard).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Smallest screen area every window must work in (a 1280×720 laptop less its panels, or a
# 1366×768 one at 125 % scaling).
SMALLEST = QSize(1024, 640)
# Left free around a window: its frame and title bar are drawn outside the widget geometry.
MARGIN_X = 16
MARGIN_TOP = 40
MARGIN_BOTTOM = 16
FRAME_TITLE = 32
_PREFERRED = "glutedeskPreferredSize"


def available_area(widget: QWidget | None = None) -> QRect:
    """The usable area (without panels and docks) of the screen ``widget`` is on."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QRect(0, 0, SMALLEST.width(), SMALLEST.height())
    return screen.availableGeometry()


def fitted_size(preferred: QSize, area: QRect) -> QSize:
    """``preferred``, shrunk to fit ``area`` less the window frame margins."""
    return QSize(
        max(1, min(preferred.width(), area.width() - 2 * MARGIN_X)),
        max(1, min(preferred.height(), area.height() - MARGIN_TOP - MARGIN_BOTTOM)),
    )


def guard_input() -> None:
    """Install the application's input guard (:mod:`glutedesk.ui.input_guard`), once.

    Imported here, not at the top: the main window installs it after its first paint, and
    nothing before that paint needs the module.
    """
    from glutedesk.ui.input_guard import install_input_guard

    install_input_guard()


def fit_window(
    window: QWidget, width: int, height: int, area: QRect | None = None, *, guard: bool = True
) -> QSize:
    """Size ``window`` to min(preferred, available area) and centre it on its screen.

    ``area`` overrides the screen's available area (tests pass a laptop-sized rectangle).
    ``guard=False`` leaves installing the input guard to the caller (the main window does it
    after its first paint: an application event filter in Python slows building widgets).
    Returns the size given.
    """
    if guard:
        guard_input()
    window.setProperty(_PREFERRED, QSize(width, height))
    if area is None:
        parent = window.parentWidget()
        area = available_area(parent.window() if parent is not None else window)
    size = fitted_size(QSize(width, height), area)
    window.resize(size)
    # move() places the frame's corner; the title bar (at most FRAME_TITLE) sits below it.
    x = area.left() + max(0, (area.width() - size.width()) // 2)
    y = area.top() + max(0, (area.height() - size.height() - FRAME_TITLE) // 2)
    window.move(x, y)
    return size


def preferred_size(window: QWidget) -> QSize:
    """The size ``window`` asked :func:`fit_window` for (its current size if it never did)."""
    size = window.property(_PREFERRED)
    return QSize(size) if isinstance(size, QSize) else window.size()
