"""The measured process: ``python .../glutedesk/ui/bench_probe.py MODE [DB] [CONFIG]``.

``bare`` shows an empty ``QMainWindow``; ``libraries`` shows the same window after importing
click and sqlite-utils (the floor no GluteDesk start-up can beat); ``app`` starts GluteDesk
exactly as the ``glutedesk`` command does, on ``DB``. Each prints ``PAINTED`` on stdout right
after its main window's first paint, and exits at once. For the app, the paint counts only
once the client list shows clients: a window painted empty and filled later has not started.

``modules`` starts the app as ``app`` does and, at the first paint, prints
``MODULES [...]`` (every module imported by then) before ``PAINTED``: the tests use it to keep
what start-up loads lean. ``settled`` prints ``PAINTED`` at the first paint and, ``MS``
milliseconds of the running app later, ``MODULES [...]``: what the work just after the paint
loaded (a first Ctrl+N would wait for it).

``session`` starts the app the same way and then, in the running app, times typing names into
the client search, opening the visit editor (:mod:`glutedesk.ui.bench_editor`), opening long
timelines and building progress reports, and prints
``RESULT {json}`` with those timings and the process's peak memory.

Only the standard library is imported before the mode is known, so the bare window and the app
pay the same interpreter start-up. That is why the runner starts this file as a script: with
``-m``, Python would first import the packages above it (``glutedesk`` and ``glutedesk.ui``),
and whatever they load the bare window would carry too.
"""

from __future__ import annotations

import contextlib
import json
import os
import runpy
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

PAINTED = "PAINTED"
RESULT = "RESULT "
MODULES = "MODULES "


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux, macOS and Windows)."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [
                ("cb", wintypes.DWORD),
                ("PageFaultCount", wintypes.DWORD),
                ("PeakWorkingSetSize", ctypes.c_size_t),
                ("WorkingSetSize", ctypes.c_size_t),
                ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                ("PagefileUsage", ctypes.c_size_t),
                ("PeakPagefileUsage", ctypes.c_size_t),
            ]

        counters = Counters()
        counters.cb = ctypes.sizeof(Counters)
        process = ctypes.windll.kernel32.GetCurrentProcess()  # type: ignore[attr-defined]
        ctypes.windll.psapi.GetProcessMemoryInfo(  # type: ignore[attr-defined]
            process, ctypes.byref(counters), counters.cb
        )
        return counters.PeakWorkingSetSize / 2**20
    status = Path("/proc/self/status")
    if status.exists():  # Linux: ru_maxrss would keep the launching process's peak across exec
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 2**10
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes vs KiB


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _finish(line: str | None = None) -> None:
    """Print ``line`` and leave at once: closing down is not part of what is measured."""
    if line is not None:
        _say(line)
    sys.stderr.flush()
    os._exit(0)


def _application():
    """Create the QApplication and call back after the first paint of a main window."""
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    return app, watch_first_paint(app)


def watch_first_paint(app):
    """Watch for the first paint of a main window showing content; return the watcher.

    Its ``callbacks`` are called with the window once that paint is over. The watcher is an
    application-wide event filter only until the first event reaching a ``QMainWindow`` (its
    first child added, at the latest its polish or show); it then watches that window alone.
    A Python filter left on the whole application would weigh on what it measures: PySide6
    wraps every object and event it passes to Python, and the app has far more of them than
    the bare window.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.callbacks: list = []
            self.window: QMainWindow | None = None
            self.app_wide = True
            self.moves = True  # False: application-wide until the paint (the instrument before)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if self.window is not None:
                return False
            if self.app_wide:
                if not isinstance(watched, QMainWindow):
                    return False
                if self.moves:
                    app.removeEventFilter(self)
                    self.app_wide = False
            if event.type() == QEvent.Type.Paint and _shows_content(watched):
                self.window = watched
                # The children paint in the same pass; report once it is over.
                QTimer.singleShot(0, self._painted)
            elif not self.app_wide:
                # Stay the window's latest filter, the first it calls (as an application-wide
                # filter is): the report is then queued before the app's own after-paint work.
                watched.removeEventFilter(self)
                watched.installEventFilter(self)
            return False

        def _painted(self) -> None:
            app.removeEventFilter(self)
            if self.window is not None:
                self.window.removeEventFilter(self)
            for callback in self.callbacks:
                callback(self.window)

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    return watcher


def _shows_content(window) -> bool:
    """True for a bare window, and for GluteDesk's once its client list has rows."""
    client_list = getattr(window, "client_list", None)
    if client_list is None:
        return True
    return client_list.model.rowCount() > 0


def run_bare() -> None:
    from PySide6.QtWidgets import QMainWindow

    app, watcher = _application()
    watcher.callbacks.append(lambda _window: _finish(PAINTED))
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.resize(1280, 800)
    window.show()
    app.exec()


def run_libraries() -> None:
    """The bare window after importing what GluteDesk cannot start without: the floor.

    click parses the command line and sqlite-utils is the storage layer (loaded the way
    GluteDesk loads it, without numpy). No start-up of the app can be faster than this.
    """
    import click  # noqa: F401

    import glutedesk.storage.sqlite_utils_loader  # noqa: F401

    run_bare()


def run_app(
    db_path: str,
    session: dict[str, Any] | None = None,
    *,
    modules: bool = False,
    settle_ms: int | None = None,
) -> None:
    """Start GluteDesk through its own command line (``python -m glutedesk``)."""
    _app, watcher = _application()
    if modules:
        watcher.callbacks.append(lambda _window: _say(MODULES + json.dumps(sorted(sys.modules))))
    if settle_ms is not None:

        def settle(_window) -> None:
            _say(PAINTED)
            from PySide6.QtCore import QTimer

            listed = lambda: _finish(MODULES + json.dumps(sorted(sys.modules)))  # noqa: E731
            QTimer.singleShot(settle_ms, listed)

        watcher.callbacks.append(settle)
    elif session is None:
        watcher.callbacks.append(lambda _window: _finish(PAINTED))
    else:

        def start_session(window) -> None:
            _say(PAINTED)
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: _run_session(window, db_path, session))

        watcher.callbacks.append(start_session)
    # Exactly ``python -m glutedesk --db DB`` (run by name: the ui layer does not import cli).
    sys.argv = ["glutedesk", "--db", db_path]
    with contextlib.suppress(SystemExit):
        runpy.run_module("glutedesk", run_name="__main__", alter_sys=True)
    _finish()  # the app closed before painting: the runner reports the missing line


def _run_session(window, db_path: str, config: dict[str, Any]) -> None:
    try:
        result = session(window, Path(db_path), config)
    except Exception:
        result = {"error": traceback.format_exc()}
    result["peak_rss_mb"] = peak_rss_mb()
    _finish(RESULT + json.dumps(result))


def session(window, db_path: Path, config: dict[str, Any]) -> dict[str, Any]:
    """Time search, timeline and report inside the running app; return the raw timings."""
    from glutedesk.storage.clinic import Clinic

    clinic = Clinic.open(db_path, create=False)
    try:
        result: dict[str, Any] = {}
        result.update(_time_search(window, clinic, config))
        result.update(_time_editor(window, config))
        result.update(_time_timeline(clinic, config))
        result.update(_time_reports(clinic, config))
        return result
    finally:
        clinic.close()


def _time_search(window, clinic, config: dict[str, Any]) -> dict[str, Any]:
    """Type names one character at a time into the client list's search box."""
    names = clinic.sample_client_names(int(config["search_names"]))
    client_list = window.client_list
    search_edit = client_list.view.search_edit
    limit = int(config.get("search_limit", 1000))
    reloads: list[float] = []
    queries: list[float] = []
    for name in names:
        for end in range(1, len(name) + 1):
            prefix = name[:end]
            search_edit.setText(prefix)  # starts the debounce timer; the reload is timed below
            started = time.perf_counter()
            client_list.reload()
            reloads.append(time.perf_counter() - started)
            started = time.perf_counter()
            clinic.find_clients(prefix, limit=limit)
            queries.append(time.perf_counter() - started)
        search_edit.clear()
    client_list.search_timer.stop()
    return {"search_s": reloads, "search_query_s": queries, "search_names": names}


def _time_editor(window, config: dict[str, Any]) -> dict[str, Any]:
    """Open the visit editor for a new visit on a long client, as Ctrl+N does."""
    from glutedesk.ui.bench_editor import time_editor

    return time_editor(window, config)


def _time_timeline(clinic, config: dict[str, Any]) -> dict[str, Any]:
    """Open long clients' timelines in a TimelineView until the strength chart is drawn."""
    from PySide6.QtWidgets import QApplication

    from glutedesk.ui.timeline import TimelineView

    view = TimelineView(clinic)
    view.resize(1000, 760)
    view.show()
    QApplication.processEvents()
    long_ids: list[str] = config["long_ids"]
    times: list[float] = []
    for rep in range(int(config["timeline_reps"]) + 1):  # the first also imports matplotlib
        client_id = long_ids[rep % len(long_ids)]
        started = time.perf_counter()
        view.set_client(client_id)
        _draw_charts(view)
        times.append(time.perf_counter() - started)
        _back_to_the_event_loop()
    visits = len(view.visits)
    view.close()
    view.deleteLater()
    QApplication.processEvents()
    return {"timeline_s": times, "timeline_visits": visits}


def _back_to_the_event_loop() -> None:
    """Do what returning to the event loop does between two clicks: run what is pending and
    delete what was scheduled for deletion (the replaced chart canvases)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _draw_charts(view) -> None:
    """Let the view paint, and make sure the visible chart's figure has been drawn."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    view.repaint()
    panel = view.panels.charts.currentWidget()
    canvas = getattr(panel, "canvas", None)
    if canvas is None:
        raise RuntimeError("the timeline did not show its chart")
    if canvas.figure.stale:  # not drawn by the paint: draw it now (and count it)
        canvas.draw()


def _time_reports(clinic, config: dict[str, Any]) -> dict[str, Any]:
    """Build the progress report for long clients, then the one-chart baseline PDF."""
    from glutedesk.reports.progress import build_progress_report
    from glutedesk.ui.bench_baseline import build_baseline_pdf

    out_dir = Path(tempfile.mkdtemp(prefix="glutedesk-bench-pdf-"))
    long_ids: list[str] = config["long_ids"]
    reports: list[float] = []
    pages = 0
    for rep in range(int(config["report_reps"]) + 1):  # the first also imports reportlab
        out = out_dir / f"progress-{rep}.pdf"
        started = time.perf_counter()
        build_progress_report(clinic, long_ids[rep % len(long_ids)], out)
        reports.append(time.perf_counter() - started)
        pages = _pages(out)
        _back_to_the_event_loop()
    baselines: list[float] = []
    for rep in range(int(config["report_reps"]) + 1):
        out = out_dir / f"baseline-{rep}.pdf"
        started = time.perf_counter()
        build_baseline_pdf(out)
        baselines.append(time.perf_counter() - started)
    for pdf in out_dir.glob("*.pdf"):
        pdf.unlink()
    out_dir.rmdir()
    return {"report_s": reports, "baseline_s": baselines, "report_pages": pages}


def _pages(pdf: Path) -> int:
    """Count the pages of a PDF written by reportlab (each page object says /Type /Page)."""
    data = pdf.read_bytes()
    return data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>")


def main(argv: list[str]) -> None:
    mode = argv[0] if argv else ""
    if mode == "bare":
        run_bare()
    elif mode == "libraries":
        run_libraries()
    elif mode == "app" and len(argv) == 2:
        run_app(argv[1])
    elif mode == "modules" and len(argv) == 2:
        run_app(argv[1], modules=True)
    elif mode == "settled" and len(argv) == 3:
        run_app(argv[1], settle_ms=int(argv[2]))
    elif mode == "session" and len(argv) == 3:
        run_app(argv[1], json.loads(argv[2]))
    else:
        sys.exit(
            "usage: python probe.py bare | libraries | app DB | modules DB | settled DB MS"
            " | session DB CONFIG"
        )


if __name__ == "__main__":
    # As a script, this file's folder is sys.path[0]; drop it so the modules beside it
    # (runner, targets…) cannot shadow anything the measured app imports.
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        del sys.path[0]
    main(sys.argv[1:])
