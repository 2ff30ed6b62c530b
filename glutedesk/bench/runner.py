"""Build a large clinic and measure GluteDesk on it; see docs/benchmark.md for the method.

Every figure comes from one run on one machine: start-up is timed against a bare Qt window and
the progress report against a one-chart PDF in the same run, so the ratios hold across
machines while the absolute times do not. Each figure is the median of several repetitions.
The app is measured in fresh processes (:mod:`glutedesk.ui.bench_probe`), never in this one,
which has built the clinic and holds its memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glutedesk.bench.insights import measure_insights
from glutedesk.bench.session import percentile, session_figures  # noqa: F401 (percentile: re-exported)
from glutedesk.bench.targets import TARGETS, check
from glutedesk.ui import bench_probe as probe
from glutedesk.ui.bench_probe import PAINTED, RESULT

if TYPE_CHECKING:
    from glutedesk.domain.models import Visit
    from glutedesk.storage.clinic import Clinic

# Run as a script, not with -m: see the probe's docstring (-m would load sqlite-utils into
# the bare window and flatter the start-up ratio).
PROBE = Path(probe.__file__).resolve()
Say = Callable[[str], None]


class BenchError(RuntimeError):
    """The benchmark could not run (a probe failed or timed out); ``str()`` says why."""


@dataclass(frozen=True)
class BenchOptions:
    """What to build and how many times to repeat each measurement."""

    clients: int = 10_000
    visits: int = 200_000
    seed: int = 2026
    repeat: int = 5
    search_names: int = 40
    db_dir: Path | None = None
    keep: bool = False
    timeout_s: float = 180.0


def run_benchmark(options: BenchOptions = BenchOptions(), say: Say | None = None) -> dict[str, Any]:
    """Build (or reuse) the clinic, take every measurement, and return the figures.

    The returned dict holds every target's key (see :data:`TARGETS`) as a number, the raw
    context (``build_s``, ``clients``, ``visits``, ``db_mb``…) and ``targets``: each target's
    limit and whether it was met. ``say`` receives progress lines (for stderr).
    """
    say = say or (lambda _line: None)
    started = time.perf_counter()
    folder = Path(options.db_dir) if options.db_dir else Path(tempfile.mkdtemp(prefix="gd-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / f"bench-{options.clients}c-{options.visits}v-seed{options.seed}.sqlite3"
    try:
        figures: dict[str, Any] = {}
        figures.update(_clinic(db_path, options, say))
        long_ids: list[str] = figures.pop("long_ids")
        env = probe_environment(folder / "bytecode")
        figures.update(_startup(db_path, options, env, say))
        figures.update(_session(db_path, long_ids, options, env, say))
        figures.update(_save(db_path, options, say))
        figures.update(measure_insights(db_path, options.repeat, say))
    finally:
        if not options.keep:
            _remove_database(db_path)
            if options.db_dir:
                shutil.rmtree(folder / "bytecode", ignore_errors=True)
            else:
                shutil.rmtree(folder, ignore_errors=True)
    figures["database"] = str(db_path) if options.keep else None
    figures["repeat"] = options.repeat
    figures["qt_platform"] = env.get("QT_QPA_PLATFORM", "")
    figures["python"] = platform.python_version()
    figures["machine"] = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
    figures["total_s"] = round(time.perf_counter() - started, 1)
    figures["targets"] = check(figures)
    figures["all_met"] = all(t["met"] for t in figures["targets"].values())
    return figures


def probe_environment(bytecode_dir: Path | None = None) -> dict[str, str]:
    """The environment for probes: on a Linux machine with no display, Qt's offscreen platform.

    With ``bytecode_dir``, Python keeps compiled bytecode there (``PYTHONPYCACHEPREFIX``), so
    after the first, uncounted launch the app starts as an installed copy does, from cached
    bytecode, even where ``PYTHONDONTWRITEBYTECODE`` is set or the source tree is read-only.
    """
    env = dict(os.environ)
    if bytecode_dir is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode_dir)
    headless = sys.platform.startswith("linux") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    )
    if headless:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


# The clinic ---------------------------------------------------------------------------------


def _clinic(db_path: Path, options: BenchOptions, say: Say) -> dict[str, Any]:
    from glutedesk.samples.large import LargeClinicPlan, build_large_clinic
    from glutedesk.storage.clinic import Clinic

    plan = LargeClinicPlan(n_clients=options.clients, n_visits=options.visits, seed=options.seed)
    long_ids = [plan.client_ids[i] for i in plan.long_indices]
    reused = _matches(db_path, options)
    build_s = 0.0
    if reused:
        say(f"Reusing the clinic in {db_path}")
    else:
        _remove_database(db_path)
        say(f"Building a clinic of {options.clients:,} clients and {options.visits:,} visits…")
        clinic = Clinic.open(db_path)
        try:
            shown = [-1]

            def progress(done: int, total: int) -> None:
                tenth = done * 10 // total
                if tenth != shown[0]:
                    shown[0] = tenth
                    say(f"  {done:,} of {total:,} visits written")

            summary = build_large_clinic(clinic, plan, progress=progress)
        finally:
            clinic.close()
        build_s = summary.seconds
        say(f"  built in {build_s:.0f} s")
    return {
        "build_s": round(build_s, 1),
        "reused_clinic": reused,
        "clients": options.clients,
        "visits": options.visits,
        "long_client_visits": plan.long_visits,
        "db_mb": round(db_path.stat().st_size / 2**20, 1),
        "long_ids": long_ids,
    }


def _matches(db_path: Path, options: BenchOptions) -> bool:
    """True when ``db_path`` holds a clinic built for these options (kept by ``--keep``)."""
    if not db_path.exists():
        return False
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import StorageError

    try:
        clinic = Clinic.open(db_path, create=False)
    except StorageError:
        return False
    try:
        stats = clinic.stats()
    finally:
        clinic.close()
    return stats.clients == options.clients and stats.visits == options.visits


def _remove_database(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


# Probes -------------------------------------------------------------------------------------


def launch(
    args: Sequence[str], env: dict[str, str], *, timeout_s: float, until: str = PAINTED
) -> tuple[float, list[str]]:
    """Start a probe; return the seconds from launch to its ``PAINTED`` line, and its output.

    Reads on until a line starting with ``until``. Raises :class:`BenchError` (with the end of
    the probe's stderr) when the probe exits or times out first.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(PROBE), *args],
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
            text=True,
            encoding="utf-8",
        )
        watchdog = threading.Timer(timeout_s, process.kill)
        watchdog.start()
        painted: float | None = None
        lines: list[str] = []
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if painted is None and line.startswith(PAINTED):
                    painted = time.perf_counter() - started
                lines.append(line.rstrip("\n"))
                if line.startswith(until):
                    break
            process.stdout.close()
            process.wait()
        finally:
            watchdog.cancel()
        if painted is None or not any(line.startswith(until) for line in lines):
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-12:]
            raise BenchError(
                f"the {args[0]} probe ended without {until.strip()!r} (exit status "
                f"{process.returncode}):\n" + "\n".join(tail)
            )
        return painted, lines


def _startup(db_path: Path, options: BenchOptions, env: dict[str, str], say: Say) -> dict:
    say(f"Timing start-up: {options.repeat} launches of the app and of a bare Qt window…")
    kinds = {"bare": ["bare"], "libraries": ["libraries"], "app": ["app", str(db_path)]}
    for args in kinds.values():  # warm the disk cache; not counted
        launch(args, env, timeout_s=options.timeout_s)
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(options.repeat):
        for kind, args in kinds.items():  # alternate, so all see the same machine load
            times[kind].append(launch(args, env, timeout_s=options.timeout_s)[0])
    app = statistics.median(times["app"])
    bare = statistics.median(times["bare"])
    libraries = statistics.median(times["libraries"])
    return {
        "startup_ratio": round(app / bare, 2),
        "startup_app_s": round(app, 3),
        "startup_bare_s": round(bare, 3),
        # Context, not a target: the bare window plus importing click and sqlite-utils.
        "startup_floor_ratio": round(libraries / bare, 2),
        "startup_libraries_s": round(libraries, 3),
    }


def _session(
    db_path: Path, long_ids: list[str], options: BenchOptions, env: dict[str, str], say: Say
) -> dict[str, Any]:
    say(
        f"Timing search ({options.search_names} names typed), the visit editor, timeline and "
        "progress report inside the app…"
    )
    return session_figures(session_timings(db_path, long_ids, options, env))


def session_timings(
    db_path: Path, long_ids: list[str], options: BenchOptions, env: dict[str, str]
) -> dict[str, Any]:
    """One app session's raw timings (lists of seconds, as the probe's ``RESULT`` gives them)."""
    config = {
        "long_ids": long_ids,
        "search_names": options.search_names,
        "timeline_reps": options.repeat,
        "editor_reps": options.repeat,
        "report_reps": options.repeat,
    }
    args = ["session", str(db_path), json.dumps(config)]
    _painted, lines = launch(args, env, timeout_s=options.timeout_s * 3, until=RESULT)
    raw = json.loads(lines[-1][len(RESULT) :])
    if "error" in raw:
        raise BenchError("the app session failed:\n" + raw["error"])
    return raw


# Saving -------------------------------------------------------------------------------------


def _save(db_path: Path, options: BenchOptions, say: Say) -> dict[str, Any]:
    """Save new visits for a long client through the Clinic's ``save_visit`` (WAL,
    synchronous=FULL), as the visit editor saves."""
    from glutedesk.storage.clinic import Clinic

    reps = max(3, options.repeat * 2)
    say(f"Timing {reps} visit saves…")
    clinic = Clinic.open(db_path)
    try:
        durable = clinic.stats().durable
        saves = TimedSaves(clinic, save_template(options))
        saves()  # the first warms the statement cache; not counted
        times = [saves() for _ in range(reps)]
        saves.remove_saved()
    finally:
        clinic.close()
    return {"save_ms": round(statistics.median(times) * 1000, 2), "save_durable": durable}


def save_template(options: BenchOptions) -> Visit:
    """The visit each timed save copies: a long client's latest."""
    from glutedesk.samples.large import LargeClinicPlan

    plan = LargeClinicPlan(n_clients=options.clients, n_visits=options.visits, seed=options.seed)
    return plan.visits(plan.long_indices[0])[-1]


class TimedSaves:
    """Each call saves a :func:`fresh_visit` of ``template`` on ``clinic`` and returns how long
    ``save_visit`` took (seconds); :meth:`remove_saved` takes them out again, so a kept clinic
    is left as it was built."""

    def __init__(self, clinic: Clinic, template: Visit) -> None:
        self._clinic = clinic
        self._template = template
        self._saved: list[str] = []

    def __call__(self) -> float:
        visit = fresh_visit(self._template)
        started = time.perf_counter()
        self._clinic.save_visit(visit)
        elapsed = time.perf_counter() - started
        self._saved.append(visit.id)
        return elapsed

    def remove_saved(self) -> None:
        """Delete every visit saved so far."""
        for visit_id in self._saved:
            self._clinic.delete_visit(visit_id)
        self._saved.clear()


def fresh_visit(template: Visit) -> Visit:
    """A new visit like ``template``, dated today: what each timed save stores."""
    from glutedesk.domain.ids import new_visit_id

    return dataclasses.replace(
        template,
        id=new_visit_id(),
        visit_date=dt.date.today(),
        next_visit=None,
        created_at=None,
        updated_at=None,
    )


def format_report(figures: dict[str, Any]) -> str:
    """The figures as a plain-text table with each target and whether it was met."""
    lines = [
        f"GluteDesk benchmark: {figures['clients']:,} clients, {figures['visits']:,} visits "
        f"({figures['db_mb']:,} MB), median of {figures['repeat']} repetitions",
        "",
    ]
    width = max(len(t.label) for t in TARGETS)
    for target in TARGETS:
        value = figures.get(target.key)
        met = figures["targets"][target.key]["met"]
        unit = target.unit
        shown = f"{value:g} {unit}" if isinstance(value, int | float) else "—"
        limit = f"≤ {target.limit:g} {unit}"
        lines.append(
            f"  {target.label:<{width}}  {shown:>10}  {limit:>10}  {'ok' if met else 'MISSED'}"
        )
    lines += [
        "",
        f"  start-up {figures['startup_app_s']} s (bare Qt window {figures['startup_bare_s']} s; "
        f"with click and sqlite-utils imported {figures['startup_libraries_s']} s, "
        f"{figures['startup_floor_ratio']}×); "
        f"report {figures['report_s']} s (one-chart PDF {figures['report_baseline_s']} s, "
        f"{figures['report_pages']} pages); search p50 {figures['search_p50_ms']} ms over "
        f"{figures['searches']} keystrokes",
        f"  clinic built in {figures['build_s']} s; whole run {figures['total_s']} s",
    ]
    return "\n".join(lines)
