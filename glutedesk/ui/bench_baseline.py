"""The yardstick for the report figure: one matplotlib chart on a one-page reportlab PDF.

The progress report is timed against this in the same run, so the ratio says how much more
the report costs than the least a charted PDF can cost on the same machine. The chart is a
``Figure`` without pyplot at the reports' 300 dpi, handed over the usual way (a PNG placed
with platypus), with nothing of GluteDesk in it. The reports themselves skip the PNG
(:func:`glutedesk.reports.pdf_common.figure_image`); the yardstick was left as defined.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

BASELINE_DPI = 300
POINTS = 100


def build_baseline_pdf(out: Path) -> Path:
    """Write a one-page A4 PDF with a heading and one two-line chart of ``POINTS`` points."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate

    figure = Figure(figsize=(6.7, 3.0), dpi=100, facecolor="white")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    xs = list(range(POINTS))
    ax.plot(xs, [3 + 2 * (1 - math.exp(-x / 25)) for x in xs], marker="o", markersize=3)
    ax.plot(xs, [3.3 + 1.6 * (1 - math.exp(-x / 30)) for x in xs], marker="s", markersize=3)
    ax.set_xlabel("Visit")
    ax.set_ylabel("Grade")
    ax.grid(True, alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=BASELINE_DPI, facecolor="white")
    buffer.seek(0)
    width = A4[0] - 36 * mm
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm)
    styles = getSampleStyleSheet()
    doc.build(
        [
            Paragraph("Baseline chart", styles["Heading1"]),
            Image(buffer, width=width, height=width * 3.0 / 6.7),
        ]
    )
    return out
