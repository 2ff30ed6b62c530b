"""Measure the body diagram's response to a click: mouse press -> marks updated -> repainted.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/measure_click.py [--clicks 100]

Each sample is one real click (QTest.mouseClick on the canvas, which runs the press handler:
hit-test, marking, list/inspector refresh) followed by a forced synchronous ``repaint()`` of
the canvas, timed with ``time.perf_counter``. Clicks go round every region of both views; the
marks are cleared whenever all are marked, so both "mark a new region" and "select a marked
region" clicks are measured. The target is under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from glutedesk.domain.diagram_geometry import load_view
from glutedesk.domain.polygons import area, interior_point
from glutedesk.ui.body_diagram import BodyDiagram
from glutedesk.ui.style import apply_style

TARGET_MS = 50.0


def _positions(diagram: BodyDiagram) -> list[tuple[str, QPoint]]:
    layout = diagram.canvas.layout_now()
    out = []
    for region in diagram.regions():
        geom = load_view(region.view)
        x, y = interior_point(max(geom.regions[region.id], key=area))
        pt = layout.to_widget(region.view, x, y)
        out.append((region.id, QPoint(round(pt.x()), round(pt.y()))))
    return out


def measure(clicks: int = 100, size: tuple[int, int] = (1200, 800)) -> list[float]:
    """Return the duration of each click + repaint, in milliseconds."""
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    diagram = BodyDiagram()
    diagram.resize(*size)
    diagram.show()
    app.processEvents()
    targets = _positions(diagram)
    canvas = diagram.canvas
    samples: list[float] = []
    for n in range(clicks + 5):  # the first five warm caches and are not counted
        region_id, pos = targets[(n * 7) % len(targets)]  # hop around both views
        if len(diagram.marks()) == len(targets):
            diagram.clear()
        start = time.perf_counter()
        QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        canvas.repaint()
        elapsed = (time.perf_counter() - start) * 1000
        if diagram.selected_region() != region_id:
            raise RuntimeError(
                f"click at {pos} selected {diagram.selected_region()}, not {region_id}"
            )
        if n >= 5:
            samples.append(elapsed)
        app.processEvents()
    diagram.close()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=100)
    args = parser.parse_args()
    samples = measure(args.clicks)
    ordered = sorted(samples)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    median = statistics.median(samples)
    print(
        f"body diagram click -> repaint over {len(samples)} clicks (1200x800, offscreen): "
        f"median {median:.1f} ms, 90th percentile {p90:.1f} ms, max {max(samples):.1f} ms "
        f"(target < {TARGET_MS:.0f} ms)"
    )
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
