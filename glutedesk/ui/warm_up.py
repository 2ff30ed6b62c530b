"""Load what the first visit editor and the first chart need, in the background, once the
window is up.

The first visit editor of a session used to wait for its modules and the clinical catalogue,
and the first Timeline 0.6–1.1 s for matplotlib (its modules, its font list, its Qt canvas).
1.5 s after the main window is shown, a background thread imports the editor's modules and
reads the catalogue and body regions, then imports matplotlib and draws one small throw-away
figure off screen (Agg only: no widget or pixmap is made outside the GUI thread). Should the
therapist open either sooner, the GUI thread waits for, or finishes, the same imports as
before.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer

WARM_UP_DELAY_MS = 1500

_started = threading.Event()


def schedule_warm_up(delay_ms: int = WARM_UP_DELAY_MS) -> None:
    """Start the background warm-up ``delay_ms`` after the event loop runs (once a process)."""
    QTimer.singleShot(delay_ms, start_warm_up)


def start_warm_up() -> threading.Thread | None:
    """Start the warm-up thread now; None when it already ran in this process."""
    if _started.is_set():
        return None
    _started.set()
    thread = threading.Thread(target=_warm_up, name="glutedesk-warm-up", daemon=True)
    thread.start()
    return thread


def _warm_up() -> None:
    try:
        # The visit editor first (Ctrl+N is the likeliest next step): its modules and the
        # clinical catalogue it reads.
        from glutedesk.domain.catalogue import load_catalogue
        from glutedesk.domain.regions import load_regions
        from glutedesk.ui.visit_editor import editor  # noqa: F401

        load_catalogue()
        load_regions()
        import matplotlib.backends.backend_qtagg  # noqa: F401  (the Timeline's canvas)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from glutedesk.reports import charts  # noqa: F401

        figure = Figure(figsize=(2, 1))
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.plot([0, 1], [0, 1], marker="o")
        axes.set_title("warm-up", loc="left", y=1.0)
        figure.canvas.draw()  # loads the fonts and their glyphs once
    except Exception:  # a failed warm-up costs nothing: the chart loads when first shown
        return
