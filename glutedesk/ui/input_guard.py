"""Input that cannot slip: one application-wide event filter for the wheel and for focus.

- The mouse wheel never changes a combo box, spin box or slider that does not have focus:
  the wheel goes on to the page around it, so scrolling the page scrolls the page.
- When a keyboard jump or code (not a mouse click) puts focus on a field inside a scroll
  area, the scroll area brings that field into view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollArea,
    QScrollBar,
    QWidget,
)

WHEEL_CONTROLS = (QComboBox, QAbstractSpinBox, QAbstractSlider)
# Room kept around a field brought into view (its label sits above or left of it).
VISIBLE_MARGIN_X = 40
VISIBLE_MARGIN_Y = 60
_GUARD_NAME = "glutedeskInputGuard"


def enclosing_scroll_area(widget: QWidget) -> QScrollArea | None:
    """The nearest scroll area whose page holds ``widget``, or None."""
    parent = widget.parentWidget()
    while parent is not None:
        page = parent.widget() if isinstance(parent, QScrollArea) else None
        if page is not None and page.isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def _scrolling_parent(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def bring_into_view(widget: QWidget) -> None:
    """Scroll every scroll area around ``widget`` so that it is visible.

    A widget taller than the view (the body diagram) is shown from its top.
    """
    area = enclosing_scroll_area(widget)
    while area is not None:
        viewport_height = area.viewport().height()
        if widget.height() + 2 * VISIBLE_MARGIN_Y <= viewport_height:
            _show_whole(area, widget)
        else:
            corner = widget.mapTo(area.widget(), QPoint(0, 0))
            bar = area.verticalScrollBar()
            if not bar.value() <= corner.y() <= bar.value() + viewport_height // 3:
                bar.setValue(max(0, corner.y() - VISIBLE_MARGIN_Y // 2))
            area.ensureVisible(corner.x(), corner.y(), VISIBLE_MARGIN_X, 0)
        widget = area
        area = enclosing_scroll_area(area)


def _show_whole(area: QScrollArea, widget: QWidget) -> None:
    # Not ensureWidgetVisible: for a text field Qt only makes its cursor visible, which can
    # leave the field's lower edge under the bottom of the view.
    rect = QRect(widget.mapTo(area.widget(), QPoint(0, 0)), widget.size())
    for bar, start, end, size, margin in (
        (
            area.verticalScrollBar(),
            rect.top(),
            rect.bottom(),
            area.viewport().height(),
            VISIBLE_MARGIN_Y,
        ),
        (
            area.horizontalScrollBar(),
            rect.left(),
            rect.right(),
            area.viewport().width(),
            VISIBLE_MARGIN_X,
        ),
    ):
        if start - margin < bar.value():
            bar.setValue(max(0, start - margin))
        elif end + margin >= bar.value() + size:
            bar.setValue(end + margin - size + 1)


class InputGuard(QObject):
    """The application event filter (install it with :func:`install_input_guard`)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind == QEvent.Type.Wheel
            and isinstance(watched, WHEEL_CONTROLS)
            and not isinstance(watched, QScrollBar)  # scroll bars are how the page scrolls
        ):
            control: QWidget = watched  # type: ignore[assignment]
            if not control.hasFocus():
                page = _scrolling_parent(control)
                if page is not None:
                    # Straight to the scroll area around it, as if the control were not there
                    # (Qt does not pass a re-sent wheel event up to parents itself).
                    QApplication.sendEvent(page.viewport(), event)
                return True
        elif kind == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            focus: QFocusEvent = event  # type: ignore[assignment]
            if (
                focus.reason()
                not in (
                    Qt.FocusReason.MouseFocusReason,
                    Qt.FocusReason.ActiveWindowFocusReason,
                    Qt.FocusReason.PopupFocusReason,
                )
                and enclosing_scroll_area(watched) is not None
            ):
                target = watched
                # After the page settles: a section just switched to has not been laid out.
                QTimer.singleShot(0, lambda: _bring_if_focused(target))
        return False


def focus_in_view(widget: QWidget) -> None:
    """Give ``widget`` the keyboard focus and, once its page is laid out, bring it into view.

    For keyboard jumps: they must show their field even when the window is not the active
    one at that moment (focus events then come later, or not at all).
    """
    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show() -> None:
        try:
            if widget.isVisible():
                bring_into_view(widget)
        except RuntimeError:  # the widget was deleted meanwhile
            pass

    QTimer.singleShot(0, show)


def _bring_if_focused(widget: QWidget) -> None:
    try:
        if widget.hasFocus():
            bring_into_view(widget)
    except RuntimeError:  # the widget was deleted meanwhile
        pass


def install_input_guard() -> None:
    """Install the guard on the running application once (later calls do nothing)."""
    app = QApplication.instance()
    if app is None or app.findChild(InputGuard, _GUARD_NAME) is not None:
        return
    guard = InputGuard(app)
    guard.setObjectName(_GUARD_NAME)
    app.installEventFilter(guard)
