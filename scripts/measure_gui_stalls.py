"""How long each thing a therapist does keeps the window from answering, on the large clinic.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/measure_gui_stalls.py \
        [--source /tmp/speed-bench/bench-10000c-200000v-seed2026.sqlite3] [--work DIR]

The clinic is copied into a temporary folder first (the kept benchmark clinic is never
written). The real window is opened on the copy as the app opens it
(:func:`glutedesk.ui.window_assembly.open_main_window`), and each action of the table in
``docs/benchmark.md`` ("Nothing blocks the window without saying so") is done in turn through
the window's own actions, while a 10 ms ``QTimer`` heartbeat ticks on the GUI thread. For each
action the table gives the longest gap between two heartbeats (the longest time the window
could not answer: a click, a repaint), how long the whole action took, and what showed that
it was busy: a wait cursor, a progress dialog (seen being shown), a status-bar note.

The only things scripted are the therapist's answers (the folder chosen, "Cancel" in the
restore confirmation, closing the preview): every action runs the app's own code. The actions
are the same on every run; the times vary with the machine's load (2 shared cores here).
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SOURCE = Path("/tmp/speed-bench/bench-10000c-200000v-seed2026.sqlite3")
HEARTBEAT_MS = 10
LIMIT_MS = 100  # anything longer needs a busy indicator (issue 14)


@dataclass
class Measured:
    """One action: its longest heartbeat gap, its duration and the indicators seen."""

    action: str
    gap_ms: float
    total_ms: float
    cpu_ms: float  # the GUI thread's CPU time in the whole action (load does not inflate it)
    shown: set[str] = field(default_factory=set)

    def verdict(self) -> str:
        if self.gap_ms <= LIMIT_MS or self.shown:
            return "ok"
        if self.cpu_ms <= LIMIT_MS:  # the whole action's CPU: the stall is the machine's load
            return "ok when quiet"
        return "BLOCKS"


class Heartbeat(QObject):
    """A 10 ms timer on the GUI thread and a spy for busy indicators being shown."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.ticks: list[float] = []
        self.shown: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        app.installEventFilter(self)
        real = QApplication.setOverrideCursor

        def override(cursor) -> None:
            if cursor.shape() == Qt.CursorShape.WaitCursor:
                self.shown.add("wait cursor")
            real(cursor)

        QApplication.setOverrideCursor = staticmethod(override)  # type: ignore[method-assign]
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QProgressDialog):
            self.shown.add("progress dialog")
        return False

    def measure(self, action: str, run: Callable[[], object]) -> Measured:
        """Run ``run`` (which returns once the action is over) and measure the gaps."""
        pump(0.05)
        self.ticks.clear()
        self.shown.clear()
        cpu = time.thread_time()
        started = time.perf_counter()
        run()
        ended = time.perf_counter()
        cpu = time.thread_time() - cpu
        marks = [started, *[t for t in self.ticks if started <= t <= ended], ended]
        gap = max(b - a for a, b in itertools.pairwise(marks))
        result = Measured(action, gap * 1000, (ended - started) * 1000, cpu * 1000, set(self.shown))
        print(f"  {action}: longest gap {result.gap_ms:.0f} ms", file=sys.stderr, flush=True)
        return result


def pump(seconds: float) -> None:
    """Let the event loop run for ``seconds``."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.002)


def wait_until(condition: Callable[[], object], timeout_s: float = 300.0) -> None:
    """Run the event loop until ``condition()`` is true."""
    end = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the action did not finish")
        QApplication.processEvents()
        time.sleep(0.002)


def later(ms: int, call: Callable[[], object]) -> None:
    QTimer.singleShot(ms, call)


def answer_dialogs(folder: Path) -> list[str]:
    """Script the therapist's answers; return the list the answers are noted in."""
    from glutedesk.ui import backup_actions, report_actions
    from glutedesk.ui.clinic_jobs import actions as jobs
    from glutedesk.ui.visit_editor.dialogs import UnsavedChangesDialog

    said: list[str] = []

    def note(name: str, value: object = None) -> Callable[..., object]:
        return classmethod(lambda cls, *args, **kwargs: said.append(name) or value)

    backup_actions.BackupFolderDialog.ask = note("folder", folder / "manual")
    backup_actions.InfoMessage.ask = note("info")
    backup_actions.ConfirmRestore.ask = note("confirm restore: Cancel", False)
    backup_actions.RestoreFileDialog.ask = classmethod(
        lambda cls, parent, start: next(iter(sorted((folder / "manual").glob("*.sqlite3"))))
    )
    report_actions.SavePdfDialog.ask = classmethod(lambda cls, p, s: folder / "report.pdf")
    jobs.ExportScopeDialog.ask = note("scope: the selected client", "client")
    jobs.ExportFileDialog.ask = classmethod(lambda cls, p, s: folder / "export.json")
    jobs.ResultMessage.ask = note("result")
    jobs.CheckResultDialog.ask = note("check result")
    UnsavedChangesDialog.ask = note("discard", "discard")
    return said


def _new_editor(widget: QObject, before: set) -> bool:
    return widget not in before and type(widget).__name__ == "VisitEditor" and widget.isVisible()


def close_visible(kind: str) -> Callable[[], None]:
    """Close the visible top-level window whose class is named ``kind`` (the therapist's click)."""

    def close() -> None:
        for widget in QApplication.topLevelWidgets():
            if type(widget).__name__ == kind and widget.isVisible():
                widget.close()
                return
        later(100, close)

    return close


def run(source: Path, work: Path) -> list[Measured]:
    from glutedesk.samples.large import LargeClinicPlan
    from glutedesk.storage.clinic import Clinic
    from glutedesk.ui.auto_backup import backup_on_close
    from glutedesk.ui.first_paint import first_paint_done
    from glutedesk.ui.startup_dialogs import prepare_database
    from glutedesk.ui.style import apply_style
    from glutedesk.ui.warm_up import schedule_warm_up
    from glutedesk.ui.window_assembly import open_main_window

    db_path = work / "clinic.sqlite3"
    print(f"Copying {source.name} to {work}…", file=sys.stderr, flush=True)
    shutil.copyfile(source, db_path)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)
    beat = Heartbeat(app)
    said = answer_dialogs(work)
    plan = LargeClinicPlan(n_clients=10_000, n_visits=200_000, seed=2026)
    long_id = plan.client_ids[plan.long_indices[0]]
    results: list[Measured] = []
    results.append(
        beat.measure(
            "a full check before the window (rare)",
            lambda: prepare_database(db_path, full=True),
        )
    )
    clinic = Clinic.open(db_path)
    holder: list = []

    def open_window() -> None:
        holder.append(open_main_window(clinic, db_path))
        wait_until(lambda: first_paint_done(holder[0]))
        schedule_warm_up()  # as the app does once its window is up (ui/app.py)
        pump(0.3)  # the rest of the list, the menus' actions

    results.append(beat.measure("open GluteDesk on the clinic (until complete)", open_window))
    window = holder[0]
    window.resize(1280, 800)
    from glutedesk.ui.integrity_watch import watch_integrity

    def integrity() -> None:
        watch = watch_integrity(window, clinic, db_path, window.backup_actions)
        wait_until(lambda: watch.done)

    results.append(beat.measure("the full integrity check at start", integrity))
    search = window.client_list.view.search_edit

    def type_search() -> None:
        for char in "Hughes":
            QTest.keyClick(search, char)
            pump(0.2)
        wait_until(lambda: not window.client_list.search_timer.isActive())
        pump(0.2)
        search.clear()
        pump(0.4)

    results.append(beat.measure("type in the client search (6 keys, then clear)", type_search))

    def select() -> None:
        window.client_list.select_client(long_id)
        pump(0.05)

    results.append(beat.measure("select a client (100 visits)", select))
    editors: list = []

    def new_visit() -> None:
        before = set(QApplication.topLevelWidgets())
        window.new_visit_action.trigger()
        wait_until(lambda: [w for w in QApplication.topLevelWidgets() if _new_editor(w, before)])
        editors.extend(w for w in QApplication.topLevelWidgets() if _new_editor(w, before))
        pump(0.1)

    results.append(beat.measure("New visit (Ctrl+N) opens the editor", new_visit))
    editor = editors[0]

    def section(row: int) -> Callable[[], None]:
        def show() -> None:
            editor.nav.setCurrentRow(row)
            pump(0.05)

        return show

    for row in range(1, editor.nav.count()):  # the first is shown with the editor
        name = editor.nav.item(row).text()
        results.append(beat.measure(f"editor section {name!r}, first showing", section(row)))

    def save_and_close() -> None:
        editor.save()
        pump(0.05)
        editor.close()
        pump(0.1)

    results.append(beat.measure("save the visit and close the editor", save_and_close))

    def timeline() -> None:
        window.record_tabs.setCurrentIndex(1)
        pump(0.1)

    results.append(beat.measure("open the Timeline tab (first time)", timeline))
    window.record_tabs.setCurrentIndex(0)
    pump(0.1)
    window.client_list.select_client(plan.client_ids[plan.long_indices[1]])
    pump(0.1)
    results.append(beat.measure("open the Timeline tab (another 100-visit client)", timeline))
    window.record_tabs.setCurrentIndex(0)

    def report_preview() -> None:
        later(0, close_visible("PrintPreview"))
        window.reports.start("progress", "preview")
        wait_until(lambda: not window.reports.busy)
        pump(0.5)

    def report_save() -> None:
        window.reports.start("progress", "save")
        wait_until(lambda: not window.reports.busy)
        pump(0.1)

    results.append(beat.measure("preview the progress report", report_preview))
    results.append(beat.measure("save the progress report as PDF", report_save))
    actions = window.backup_actions

    def auto() -> None:  # a visit was saved and no backup exists yet today: one is due
        done: list = []
        actions.auto.finished.connect(done.append)
        actions.auto_backup()
        wait_until(lambda: done)

    results.append(beat.measure("the hourly automatic backup", auto))
    results.append(beat.measure("Back up now", actions.back_up_now))
    results.append(
        beat.measure("Restore from backup: checking it (then Cancel)", actions.restore_from_backup)
    )

    def tools(run_action: Callable[[], object]) -> Callable[[], None]:
        from glutedesk.ui.clinic_jobs.runner import jobs_running

        def go() -> None:
            run_action()
            wait_until(lambda: jobs_running() == 0)
            pump(0.05)

        return go

    jobs = window.clinic_jobs
    results.append(
        beat.measure("Tools ▸ Export the selected client (child process)", tools(jobs.export))
    )
    results.append(beat.measure("Tools ▸ Check (child process)", tools(jobs.check)))

    def close_window() -> None:
        window.close()
        pump(0.05)

    results.append(beat.measure("close the window", close_window))
    results.append(
        beat.measure(
            "the backup on closing (after the window has gone)",
            lambda: backup_on_close(clinic, db_path),
        )
    )
    clinic.close()
    print(f"(answers scripted: {', '.join(said)})", file=sys.stderr)
    return results


def table(results: list[Measured]) -> str:
    lines = [
        "| what the therapist does | longest stall | whole action | GUI-thread CPU | shown how "
        "| verdict |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in results:
        shown = ", ".join(sorted(r.shown)) or "—"
        lines.append(
            f"| {r.action} | {r.gap_ms:.0f} ms | {r.total_ms:.0f} ms | {r.cpu_ms:.0f} ms "
            f"| {shown} | {r.verdict()} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    if not args.source.is_file():
        print(f"measure_gui_stalls: no clinic at {args.source}", file=sys.stderr)
        return 1
    if args.work is not None and args.work.exists() and any(args.work.iterdir()):
        print(f"measure_gui_stalls: {args.work} is not empty", file=sys.stderr)
        return 1
    work = args.work or Path(tempfile.mkdtemp(prefix="glutedesk-stalls-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = run(args.source, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    gaps = [r.gap_ms for r in results]
    print(f"\nmedian longest stall {statistics.median(gaps):.0f} ms over {len(gaps)} actions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
