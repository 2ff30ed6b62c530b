"""The painted, clickable canvas: the back and front views side by side.

Hit-testing uses the same polygons that are painted (``region_at`` on the view geometry), so a
click selects exactly the region under the pointer, whatever the widget's size or aspect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from glutedesk.domain.diagram_geometry import load_view, region_at
from glutedesk.domain.ids import RegionId
from glutedesk.domain.models import PainMark
from glutedesk.domain.regions import RegionManifest
from glutedesk.reports import map_style as ms
from glutedesk.ui.body_diagram.painting import (
    MID,
    STATIC_LAYERS,
    TOP,
    UNDER,
    paint_focus,
    paint_mark_outlines,
    paint_marks,
    paint_static_layer,
)
from glutedesk.ui.style import themed

VIEW_ORDER: tuple[str, ...] = ("back", "front")  # left to right on screen
VIEW_GAP = 40.0  # diagram units between the two views
MARGIN_PX = 6.0


@dataclass(frozen=True)
class Layout:
    """Where the views sit in the widget: one uniform scale, centred, aspect kept."""

    scale: float
    origin_x: float
    origin_y: float
    view_width: float
    view_height: float

    @classmethod
    def fit(cls, width: float, height: float) -> Layout:
        """Fit both views, side by side, into a ``width`` x ``height`` pixel area."""
        geom = load_view(VIEW_ORDER[0])
        total_w = len(VIEW_ORDER) * geom.width + (len(VIEW_ORDER) - 1) * VIEW_GAP
        total_h = geom.height
        avail_w = max(1.0, width - 2 * MARGIN_PX)
        avail_h = max(1.0, height - 2 * MARGIN_PX)
        scale = min(avail_w / total_w, avail_h / total_h)
        return cls(
            scale=scale,
            origin_x=(width - total_w * scale) / 2,
            origin_y=(height - total_h * scale) / 2,
            view_width=geom.width,
            view_height=geom.height,
        )

    def view_left(self, view: str) -> float:
        """Widget x of the left edge of ``view``."""
        index = VIEW_ORDER.index(view)
        return self.origin_x + index * (self.view_width + VIEW_GAP) * self.scale

    def transform(self, view: str) -> QTransform:
        """Diagram units of ``view`` -> widget pixels."""
        return QTransform(
            self.scale, 0, 0, self.scale, self.view_left(view), self.origin_y
        )  # m11 m12 m21 m22 dx dy

    def to_widget(self, view: str, x: float, y: float) -> QPointF:
        """Map a diagram point of ``view`` to widget coordinates."""
        return QPointF(self.view_left(view) + x * self.scale, self.origin_y + y * self.scale)

    def to_diagram(self, px: float, py: float) -> tuple[str, float, float] | None:
        """Map a widget point to ``(view, x, y)`` in diagram units, or None between views."""
        y = (py - self.origin_y) / self.scale
        for view in VIEW_ORDER:
            x = (px - self.view_left(view)) / self.scale
            if 0 <= x <= self.view_width and 0 <= y <= self.view_height:
                return view, x, y
        return None


class DiagramCanvas(QWidget):
    """Paints both views and reports clicks on regions; owns no marking rules."""

    region_clicked = Signal(object)  # RegionId or None (a click outside every region)
    hovered_changed = Signal(object)  # RegionId or None

    def __init__(
        self,
        regions: RegionManifest,
        key_handler: Callable[[QKeyEvent], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bodyDiagramCanvas")
        self._regions = regions
        self._key_handler = key_handler
        self._marks: Mapping[str, PainMark] = {}
        self._previous: Mapping[str, PainMark] = {}
        self._show_previous = False
        self._selected: str | None = None
        self._hover: str | None = None
        self._read_only = False
        self._layer_cache: dict[tuple[str, int, int, float], QPixmap] = {}
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Body diagram, back and front views")
        self.setAccessibleDescription(
            "Back view on the left, front view on the right. Arrow keys move to the "
            "neighbouring region; Enter or Space marks it; digits set the intensity; "
            "A S B P N the symptom; Delete removes the mark; Page Down and Page Up go "
            "through the marks."
        )

    # ------------------------------------------------------------------------------ state in

    def set_state(
        self,
        marks: Mapping[str, PainMark],
        selected: str | None,
        previous: Mapping[str, PainMark],
        show_previous: bool,
    ) -> None:
        self._marks = dict(marks)
        self._selected = selected
        self._previous = dict(previous)
        self._show_previous = show_previous
        self.update()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.update()

    # ------------------------------------------------------------------------------ geometry

    def layout_now(self) -> Layout:
        """The current placement of the views (depends only on the widget's size)."""
        return Layout.fit(self.width(), self.height())

    def region_at_pos(self, pos: QPointF) -> RegionId | None:
        """The region under widget point ``pos``, shape-accurate, or None."""
        hit = self.layout_now().to_diagram(pos.x(), pos.y())
        if hit is None:
            return None
        view, x, y = hit
        return region_at(load_view(view), x, y)

    def hovered(self) -> str | None:
        return self._hover

    def sizeHint(self) -> QSize:
        return QSize(520, 560)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 280)

    def hasHeightForWidth(self) -> bool:
        return False

    # ------------------------------------------------------------------------------ painting

    def _static_layer(self, layer: str, lay: Layout) -> QPixmap:
        """One mark-independent layer of both views, rendered once per size and pixel ratio.

        Wide antialiased strokes are slow in Qt's raster engine (the silhouette outline alone
        takes ~10 ms), so these layers are painted - as vectors, at the device's resolution -
        into a pixmap and reused until the widget is resized.
        """
        ratio = self.devicePixelRatioF()
        key = (layer, self.width(), self.height(), ratio)
        cached = self._layer_cache.get(key)
        if cached is not None:
            return cached
        if len(self._layer_cache) >= 2 * len(STATIC_LAYERS):
            self._layer_cache.clear()
        pixmap = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor("#ffffff") if layer == UNDER else Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        for view in VIEW_ORDER:
            painter.setTransform(lay.transform(view))
            paint_static_layer(painter, view, layer)
        painter.end()
        self._layer_cache[key] = pixmap
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        lay = self.layout_now()
        previous = self._previous if self._show_previous else {}
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._static_layer(UNDER, lay))
        for view in VIEW_ORDER:
            painter.setTransform(lay.transform(view))
            paint_marks(painter, view, self._marks, previous)
        painter.resetTransform()
        painter.drawPixmap(0, 0, self._static_layer(MID, lay))
        for view in VIEW_ORDER:
            painter.setTransform(lay.transform(view))
            paint_mark_outlines(painter, view, self._marks, previous, self._hover)
        painter.resetTransform()
        painter.drawPixmap(0, 0, self._static_layer(TOP, lay))
        for view in VIEW_ORDER:
            painter.setTransform(lay.transform(view))
            paint_focus(painter, view, hover=self._hover, selected=self._selected)
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        border = QPen(QColor(ms.SELECTION_STROKE if self.hasFocus() else themed("#d9dee2")), 1.0)
        painter.setPen(border)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()

    # ------------------------------------------------------------------------------ input

    def _set_hover(self, region_id: str | None) -> None:
        if region_id == self._hover:
            return
        self._hover = region_id
        if region_id is None:
            self.setToolTip("")
            self.unsetCursor()
        else:
            region = self._regions.get(region_id)
            mark = self._marks.get(region_id)
            text = region.label if mark is None else f"{region.label}\n{ms.mark_description(mark)}"
            self.setToolTip(text)
            if not self._read_only:
                self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hovered_changed.emit(region_id)
        self.update()

    def refresh_tooltip(self) -> None:
        """Re-read the hovered region's mark into the tooltip (after its mark changed)."""
        hover, self._hover = self._hover, None
        self._set_hover(hover)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        region_id = self.region_at_pos(event.position())
        self._set_hover(region_id if region_id in self._regions else None)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        self._set_hover(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._read_only:
            super().mousePressEvent(event)
            return
        region_id = self.region_at_pos(event.position())
        self.region_clicked.emit(region_id if region_id in self._regions else None)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key_handler(event):
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.update()
        super().focusOutEvent(event)
