"""Load what the first visit editor and the first chart need, in the background, without
getting in the way of the therapist.

The first visit editor of a session used to wait for its modules and the clinical catalogue,
and the first Timeline about a second for matplotlib (its modules, its font list, its Qt
canvas). So as soon as the main window is up and complete, a background thread loads, in
this order (see ``STEPS``):

1. the visit editor's modules, the clinical catalogue and the body regions (Ctrl+N is the
   likeliest next step; the editor needs nothing of matplotlib);
2. matplotlib, the Timeline's Qt canvas and the report charts, then one small throw-away
   figure drawn off screen (Agg only: no widget or pixmap is made outside the GUI thread);
3. one pass of Python's cycle collector, after which everything loaded so far is frozen
   (``gc.freeze``), so that later full passes skip it; undone (:func:`thaw`) when the
   application's event loop ends.

When the app closes, :func:`stop_warm_up` stops a warm-up still running at its next module
and waits for its thread to end. Left running, the daemon thread could be inside Qt's or
matplotlib's C++ code when Python exits: Python then ends it with ``pthread_exit``, whose
unwinding through C++ code that may not throw aborts the whole process ("terminate called
without an active exception", exit status -6, seen once as the app closed).

Python runs one thread at a time, and a thread importing matplotlib takes the interpreter
from the GUI thread every few milliseconds: an editor opened while it ran took two to four
times as long. So the warm-up *yields*: what the therapist waits for holds it
(:func:`hold_warm_up`, :func:`holding_warm_up`): the visit editor from the moment it is
asked for until it has been painted, each search of the client list while it runs. The
thread then waits before its next module, without the interpreter, until the hold is
released and its quiet time has passed.

The thread notices a hold at every module it starts to import (Python's ``import`` audit
event, where it holds no import lock), so it stops within one module's body, a few
milliseconds. It does not wait while another thread needs a module it is in the middle of
importing (that thread would wait for it: it goes on at once), nor for a hold forgotten
(one ends by itself after ``MAX_HOLD_S``). A chart opened before the warm-up is over makes
the GUI thread finish the same imports itself, as it would without a warm-up.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import sys
import threading
import time
from collections.abc import Callable, Iterable
from importlib import _bootstrap
from typing import ParamSpec, TypeVar

QUIET_S = 0.5  # by default the warm-up waits this long after the work it yielded to
MAX_HOLD_S = 5.0  # a hold never released ends by itself
_POLL_S = 0.02  # how often a waiting warm-up looks whether another thread needs its import
THREAD_NAME = "glutedesk-warm-up"

P = ParamSpec("P")
R = TypeVar("R")


class _Gate:
    """Whether the warm-up may go on: not while held, nor for the quiet time after."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._holds: dict[int, float] = {}  # hold number: when it ends by itself
        self._next = 0
        self._quiet_until = 0.0

    def hold(self, quiet_s: float) -> Callable[[], None]:
        with self._changed:
            self._next += 1
            number = self._next
            self._holds[number] = time.monotonic() + MAX_HOLD_S

        def release() -> None:
            with self._changed:
                if self._holds.pop(number, None) is not None:
                    self._quiet_until = max(self._quiet_until, time.monotonic() + quiet_s)
                    self._changed.notify_all()

        return release

    def closed_for(self) -> float:
        """Seconds the warm-up must still wait at least (0.0: it may go on now)."""
        with self._changed:
            now = time.monotonic()
            for number, ends in list(self._holds.items()):
                if ends <= now:  # forgotten: it ends as if released then
                    del self._holds[number]
                    self._quiet_until = max(self._quiet_until, ends + QUIET_S)
            if self._holds:
                return min(self._holds.values()) - now
            return max(0.0, self._quiet_until - now)

    def wake(self) -> None:
        """Wake a waiting warm-up at once (it then sees whether it is being stopped)."""
        with self._changed:
            self._changed.notify_all()

    def wait(self) -> None:
        """Block the calling thread, without the interpreter lock, until the gate opens or
        another thread waits for a module this one is importing."""
        while (
            (left := self.closed_for()) > 0.0
            and not _stopping.is_set()
            and not _needed_by_another_thread()
        ):
            with self._changed:
                self._changed.wait(min(left, _POLL_S))


_gate = _Gate()
_started = threading.Event()
_stopping = threading.Event()
_thread: threading.Thread | None = None
_yielding: int | None = None  # the id of the thread running warm-up steps, while it runs
_hook_added = False
_hook_lock = threading.Lock()
_settle_lock = threading.Lock()
_settle_allowed = False  # only while the app's event loop runs (see schedule_warm_up)
_frozen = False


def hold_warm_up(quiet_s: float = QUIET_S) -> Callable[[], None]:
    """Ask the background warm-up to keep out of the way; return the function that releases it.

    Call it where the therapist waits for the GUI thread. Until the release, and ``quiet_s``
    after it, the warm-up stops at its next module. Safe from any thread, with or without a
    warm-up running; releasing twice does nothing.
    """
    return _gate.hold(quiet_s)


def holding_warm_up(quiet_s: float = QUIET_S) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a function to hold the warm-up while it runs (see :func:`hold_warm_up`)."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def held(*args: P.args, **kwargs: P.kwargs) -> R:
            release = _gate.hold(quiet_s)
            try:
                return function(*args, **kwargs)
            finally:
                release()

        return held

    return decorate


def schedule_warm_up() -> threading.Thread | None:
    """Start the warm-up now that the main window is up and complete (once a process).

    Started this way, the warm-up also settles memory at its end (step 3), for as long as
    the application's event loop runs: when it ends, :func:`thaw` undoes the freeze.
    """
    global _settle_allowed
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if _started.is_set() or app is None:
        return start_warm_up()
    with _settle_lock:
        _settle_allowed = True
    app.aboutToQuit.connect(thaw)
    return start_warm_up()


def thaw() -> None:
    """Give everything frozen back to the collector, and freeze nothing more."""
    global _settle_allowed, _frozen
    with _settle_lock:
        _settle_allowed = False
        if _frozen:
            gc.unfreeze()
            _frozen = False


def start_warm_up() -> threading.Thread | None:
    """Start the warm-up thread now; None when it already ran in this process."""
    global _thread
    if _started.is_set():
        return None
    _started.set()
    _thread = threading.Thread(target=run_steps, args=(STEPS,), name=THREAD_NAME, daemon=True)
    _thread.start()
    return _thread


class _Stopped(Exception):
    """Raised in the warm-up thread at its next module once the app is closing."""


def stop_warm_up(timeout_s: float = 10.0) -> bool:
    """Stop a running warm-up at its next module and wait up to ``timeout_s`` for its thread
    to end; True when no warm-up thread is left running. Call it as the app closes."""
    _stopping.set()
    _gate.wake()
    thread = _thread
    if thread is None or thread is threading.current_thread():
        return True
    thread.join(timeout_s)
    return not thread.is_alive()


def run_steps(steps: Iterable[Callable[[], object]]) -> None:
    """Run ``steps`` in the calling thread, in order, giving way to holds before each step
    and before each module the steps import.

    A step that fails is skipped: the GUI thread loads the same when it needs it.
    """
    global _yielding
    _add_import_hook()
    _yielding = threading.get_ident()
    try:
        for step in steps:
            _gate.wait()
            if _stopping.is_set():
                return
            try:
                step()
            except Exception:  # a failed warm-up costs nothing: it loads when first needed
                continue
    finally:
        _yielding = None


def _editor_modules() -> None:
    from glutedesk.ui.visit_editor import editor  # noqa: F401


def _catalogue() -> None:
    from glutedesk.domain.catalogue import load_catalogue
    from glutedesk.domain.regions import load_regions

    load_catalogue()
    load_regions()


def _chart_modules() -> None:
    import matplotlib.backends.backend_qtagg  # the Timeline's canvas
    import matplotlib.figure  # noqa: F401

    from glutedesk.reports import charts  # noqa: F401


def _first_figure() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.plot([0, 1], [0, 1], marker="o")
    axes.set_title("warm-up", loc="left", y=1.0)
    figure.canvas.draw()  # loads the fonts and their glyphs once


def _settle_memory() -> None:
    # What start-up and the warm-up loaded (modules, classes, the client list) lives as long
    # as the window; frozen, it is no longer walked by every full pass of the collector (one
    # took 50-70 ms on the large clinic, landing on the first timeline). The throw-away
    # figure's cycles are collected first, so they are not kept.
    global _frozen
    with _settle_lock:
        if _settle_allowed and not _frozen:
            gc.collect()
            gc.freeze()
            _frozen = True


STEPS: tuple[Callable[[], object], ...] = (
    _editor_modules,
    _catalogue,
    _chart_modules,
    _first_figure,
    _settle_memory,
)


def _add_import_hook() -> None:
    # An audit hook cannot be removed: it stays, and does nothing while no warm-up runs.
    global _hook_added
    with _hook_lock:
        if not _hook_added:
            sys.addaudithook(_on_audit)
            _hook_added = True


def _on_audit(event: str, _args: tuple) -> None:
    # "import" comes before a module not yet loaded is looked for: the importing thread then
    # holds the locks of the modules it is in the middle of, but not Python's import lock.
    if event == "import" and _yielding is not None and threading.get_ident() == _yielding:
        with contextlib.suppress(Exception):  # the gate never fails an import
            _gate.wait()
        if _stopping.is_set():  # the app is closing: this import fails and the step ends
            raise _Stopped("the app is closing")


def _needed_by_another_thread() -> bool:
    """Whether another thread waits for a module the calling thread is importing."""
    me = threading.get_ident()
    try:
        waiting = list(getattr(_bootstrap, "_blocking_on", {}).values())
        for waited in waiting:  # a module lock (Python 3.11) or a list of them (3.12 on)
            locks = waited if isinstance(waited, list) else [waited]
            if any(getattr(lock, "owner", None) == me for lock in locks):
                return True
    except Exception:  # internals not as expected: never keep another thread waiting
        return True
    return False
