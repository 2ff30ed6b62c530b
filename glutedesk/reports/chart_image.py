"""A matplotlib chart on a PDF page: drawn once at print resolution, embedded as it is.

The rendered pixels go into the PDF as an opaque RGB image, compressed once. The usual
hand-over, a PNG, costs about 0.15 s a chart at 300 dpi: matplotlib encodes it, reportlab
decodes it again and, because a PNG from matplotlib has an alpha channel, embeds a second,
all-opaque mask image beside the chart. ``canvas.drawImage`` would then hash every pixel to
name the image and compress them again at zlib's default level. The page looks the same
either way: the image holds the same pixels.
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.platypus import Flowable

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHART_DPI = 300
# Level 1: a chart is mostly flat colour, so this is about 1.3 times the size of the default
# level's output (some 60-180 KB a chart) in half the time.
ZLIB_LEVEL = 1


class ChartImage(Flowable):
    """A chart's pixels placed ``width`` × ``height`` points on the page.

    ``stream`` is the chart's opaque RGB pixels, ``size`` (columns, rows) of them, already
    Flate-compressed (:func:`chart_image`); :meth:`draw` embeds them as they are.
    """

    def __init__(self, stream: bytes, size: tuple[int, int], width: float, height: float) -> None:
        super().__init__()
        self.stream = stream
        self.size = size
        self.width = width
        self.height = height
        self.hAlign = "LEFT"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        # As canvas.drawImage places an image, without its work on the raw pixels.
        canvas: Any = self.canv  # _doc and _currentPageHasImages are not in reportlab's stubs
        name = "GDChart" + hashlib.md5(self.stream, usedforsecurity=False).hexdigest()
        document = canvas._doc
        if document.getXObjectName(name) not in document.idToObject:
            document.addForm(name, _FlateRGBImage(name, self.stream, self.size))
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.scale(self.width, self.height)
        canvas.doForm(name)
        canvas.restoreState()


class _FlateRGBImage(PDFImageXObject):
    """An image XObject of opaque RGB pixels whose stream is already Flate-compressed."""

    def __init__(self, name: str, stream: bytes, size: tuple[int, int]) -> None:
        super().__init__(name)
        self.width, self.height = size
        self.bitsPerComponent = 8
        self.colorSpace = "DeviceRGB"
        self.streamContent = stream  # type: ignore[assignment]  # bytes, as reportlab's loaders set
        self._filters = ("FlateDecode",)


def chart_image(fig: Figure, width: float, *, dpi: int = CHART_DPI) -> ChartImage:
    """Return ``fig`` drawn at ``dpi`` as a flowable ``width`` points wide (aspect kept)."""
    from PIL import Image

    _leave_empty_labels_in_place(fig)
    screen_dpi = fig.dpi
    fig.set_dpi(dpi)
    try:
        with _RENDERERS.lock:
            renderer = _RENDERERS.renderer(fig)
            fig.draw(renderer)
            size = (int(renderer.width), int(renderer.height))
            rgba = Image.frombuffer("RGBA", size, renderer.buffer_rgba(), "raw", "RGBA", 0, 1)
            stream = zlib.compress(rgba.convert("RGB").tobytes(), ZLIB_LEVEL)
    finally:
        fig.set_dpi(screen_dpi)
    fig_width, fig_height = fig.get_size_inches()
    return ChartImage(stream, size, width, width * fig_height / fig_width)


def _leave_empty_labels_in_place(fig: Figure) -> None:
    """Fix where an axis without a label would put it, so drawing does not measure all the
    tick labels to move nothing away from them (an empty label draws nothing)."""
    for ax in fig.axes:
        if not ax.xaxis.label.get_text():
            ax.xaxis.set_label_coords(0.5, 0.0)
        if not ax.yaxis.label.get_text():
            ax.yaxis.set_label_coords(0.0, 0.5)


class _Renderers:
    """Agg renderers kept for the next chart of the same size.

    matplotlib caches the measurements of each text (tick labels, titles, legends) per
    renderer, and every new canvas makes a new renderer, so each chart measured all its text
    again: about a fifth of drawing a chart. The few sizes the reports use (a
    7.2 × 2.9 in chart at 300 dpi is 7.5 MB of pixels) are kept; one thread draws at a time.
    """

    KEPT = 2

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._by_size: OrderedDict[tuple[float, float, float], Any] = OrderedDict()

    def renderer(self, fig: Figure) -> Any:
        """A cleared Agg renderer of ``fig``'s size, with ``fig`` on an Agg canvas (hold
        :attr:`lock`)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

        FigureCanvasAgg(fig)  # what fig.canvas answers while it is drawn
        width, height = fig.bbox.size
        key = (width, height, fig.dpi)
        renderer = self._by_size.pop(key, None)
        if renderer is None:
            renderer = RendererAgg(width, height, fig.dpi)
        self._by_size[key] = renderer
        while len(self._by_size) > self.KEPT:
            self._by_size.popitem(last=False)
        renderer.clear()
        return renderer


_RENDERERS = _Renderers()
