"""Two sides measured in the same time window, alternately, and compared pair by pair.

``glutedesk bench --encrypted`` compares a plain clinic with the same clinic protected by a
passphrase. Measured one after the other, minutes apart, the comparison mostly measured the
machine: the same plain clinic measured twice that way gave "ratios" from 0.3× to 6.9× (A/A
runs in docs/benchmark.md), because the VM's speed drifts between the two halves. Here every
repetition is a *pair*, one measurement of each side taken back to back, and the pairs
alternate which side goes first (plain–encrypted, then encrypted–plain, …: an ABBA order, so a
side never always runs on the cache or the CPU the other has just warmed, and a steady drift
across the window falls equally on both).

What a pair is, per figure: start-up, one app launch of each side; search p50, one app session
of each side (the p50 over that session's keystrokes); timeline and report, the same warm
repetition (the same long client) in the two sessions of a session pair; save, one
``save_visit`` on each clinic, both open in this process.

The ratio of a figure is the **median of the per-pair ratios** (encrypted ÷ plain of each pair),
not the ratio of the two sides' medians: a pair's two measurements are seconds apart and share
the machine's speed at that moment, so each per-pair ratio cancels the drift, and the median
then drops the pair a burst of background load hit on one side only. The ratio of medians
would mix measurements from different moments again. (Pairing the timeline's repetitions
client by client also keeps the mix of clients with and without dynamometer readings, which
take 1.5–2× longer to chart, out of the ratio.)
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from glutedesk.bench import runner
from glutedesk.bench.runner import BenchOptions, Say
from glutedesk.bench.session import session_figures

PLAIN = "plain"
ENCRYPTED = "encrypted"
SIDES = (PLAIN, ENCRYPTED)
T = TypeVar("T")
IO_COUNTERS = Path("/proc/self/io")  # Linux: this process's I/O counters


def order(pairs: int) -> list[tuple[str, str]]:
    """The sides in the order they are measured: pair 0 plain first, pair 1 encrypted first…"""
    return [(PLAIN, ENCRYPTED) if i % 2 == 0 else (ENCRYPTED, PLAIN) for i in range(pairs)]


def measure_pairs(pairs: int, measure: Callable[[str], T]) -> dict[str, list[T]]:
    """Call ``measure(side)`` for both sides ``pairs`` times in :func:`order`.

    Returns each side's results in pair order: ``result[PLAIN][i]`` and
    ``result[ENCRYPTED][i]`` were measured back to back.
    """
    results: dict[str, list[T]] = {side: [] for side in SIDES}
    for first, second in order(pairs):
        results[first].append(measure(first))
        results[second].append(measure(second))
    return results


@dataclass(frozen=True)
class Paired:
    """One figure's measurements, ``plain[i]`` and ``encrypted[i]`` taken as pair ``i``."""

    plain: tuple[float, ...]
    encrypted: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.plain) != len(self.encrypted):
            raise ValueError(
                f"unpaired measurements: {len(self.plain)} plain, {len(self.encrypted)} encrypted"
            )
        if not self.plain:
            raise ValueError("no pairs measured")
        if min(self.plain) <= 0:
            raise ValueError("a plain measurement of zero or less cannot divide")

    @classmethod
    def of(cls, plain: Sequence[float], encrypted: Sequence[float]) -> Paired:
        """The pairs from the two sides' lists (same length, same order)."""
        return cls(tuple(plain), tuple(encrypted))

    def ratios(self) -> list[float]:
        """Encrypted ÷ plain for each pair."""
        return [e / p for p, e in zip(self.plain, self.encrypted, strict=True)]

    def ratio(self) -> float:
        """The median of the per-pair ratios: the figure compared with the 1.3× limit."""
        return statistics.median(self.ratios())

    def medians(self) -> tuple[float, float]:
        """Each side's median (what is shown beside the ratio; not what it is computed from)."""
        return statistics.median(self.plain), statistics.median(self.encrypted)

    def as_json(self, digits: int = 4) -> dict[str, list[float]]:
        """The raw pairs for the JSON report."""
        return {
            PLAIN: [round(v, digits) for v in self.plain],
            ENCRYPTED: [round(v, digits) for v in self.encrypted],
        }


# Measuring two clinics --------------------------------------------------------------------


def measure_two(
    paths: dict[str, Path],
    envs: dict[str, dict[str, str]],
    options: BenchOptions,
    say: Say,
    *,
    unlock: Callable[[], float] | None = None,
) -> dict[str, Any]:
    """Start-ups, app sessions and saves of both clinics, paired; the figures and the pairs.

    Each measurement is the plain benchmark's own (``runner.launch`` of the app, an app session
    with the same repetitions, one ``save_visit``); only their order changes. ``unlock``, when
    given, times one unlock (the key derivation, in seconds) in this process right before each
    encrypted launch, and that unlock is taken off that launch: timed once for all, minutes
    earlier, it drifted with the machine like any other figure. Returns ``pairs`` (figure →
    :class:`Paired`), ``sessions`` (side → that side's session figures, the median of each
    over its sessions), ``startup_app_s`` (each side's median launch), ``unlocks_s`` and
    ``save_disk_reads`` (side → bytes each timed save had read from the disk; empty lists
    where the system does not count them).
    """
    say(f"Timing start-up: {options.repeat} pairs of launches, plain and encrypted alternately…")

    def start_up(side: str) -> tuple[float, float]:
        unlock_s = unlock() if unlock is not None and side == ENCRYPTED else 0.0
        args = ["app", str(paths[side])]
        return runner.launch(args, envs[side], timeout_s=options.timeout_s)[0], unlock_s

    for side in SIDES:  # warm the disk cache; not counted
        start_up(side)
    startups = measure_pairs(options.repeat, start_up)
    session_pairs = options.repeat  # whole sessions run faster or slower: the median needs many
    say(f"Timing {session_pairs} pairs of app sessions (search, editor, timeline, report)…")
    long_ids = long_client_ids(options)
    raw = measure_pairs(
        session_pairs,
        lambda side: runner.session_timings(paths[side], long_ids, options, envs[side]),
    )
    sessions = {side: [session_figures(r) for r in raw[side]] for side in SIDES}
    saves, durable, disk_reads = _saves(paths, options, say)
    pairs = {
        "startup_ex_unlock_s": Paired.of(
            *([launch - unlock_s for launch, unlock_s in startups[side]] for side in SIDES)
        ),
        "search_p50_ms": Paired.of(
            *([s["search_p50_ms"] for s in sessions[side]] for side in SIDES)
        ),
        "save_ms": Paired.of(*([t * 1000 for t in saves[side]] for side in SIDES)),
        "timeline_ms": Paired.of(*(_warm_reps(raw[side], "timeline_s", 1000) for side in SIDES)),
        "report_s": Paired.of(*(_warm_reps(raw[side], "report_s", 1) for side in SIDES)),
    }
    return {
        "pairs": pairs,
        "startup_app_s": {side: statistics.median(t for t, _ in startups[side]) for side in SIDES},
        "unlocks_s": [u for _, u in startups[ENCRYPTED]],
        "sessions": {side: _medians(sessions[side]) for side in SIDES},
        "save_durable": durable,
        "save_disk_reads": disk_reads,
    }


def _saves(
    paths: dict[str, Path], options: BenchOptions, say: Say
) -> tuple[dict[str, list[float]], bool, dict[str, list[int]]]:
    """Pairs of visit saves, one on each clinic (both open), each timed as ``runner._save``
    times one; also the bytes each save had read from the disk (see :func:`disk_read_bytes`)."""
    from glutedesk.storage.clinic import Clinic

    # Three times the plain run's saves: a save takes about 2 ms, most of it waiting for the
    # disk to confirm one sync, whose latency varies the most of anything measured here.
    reps = max(3, options.repeat * 2) * 3
    say(f"Timing {reps} pairs of visit saves…")
    template = runner.save_template(options)
    clinics: dict[str, Clinic] = {}
    reads: dict[str, list[int]] = {side: [] for side in SIDES}
    try:
        for side in SIDES:
            clinics[side] = Clinic.open(paths[side])
        durable = all(clinic.stats().durable for clinic in clinics.values())
        saves = {side: runner.TimedSaves(clinic, template) for side, clinic in clinics.items()}
        for side in SIDES:  # the first warms the statement cache; not counted
            saves[side]()

        def save(side: str) -> float:
            before = disk_read_bytes()
            elapsed = saves[side]()  # the timed part, as before
            after = disk_read_bytes()
            if before is not None and after is not None:
                reads[side].append(after - before)
            return elapsed

        times = measure_pairs(reps, save)
        for timed in saves.values():  # leave the clinics as built (a kept one is reused)
            timed.remove_saved()
    finally:
        for clinic in clinics.values():
            clinic.close()
    return times, durable, reads


def disk_read_bytes() -> int | None:
    """Bytes this process has had read from the disk itself, not from the page cache (Linux's
    ``/proc/self/io``, ``read_bytes``); None where the system does not say.

    A save whose index pages are not in the page cache reads them from the disk, which costs
    clock and CPU time: a byte-for-byte copy whose pages had left the cache saved 1.6× slower
    than the same file cached (docs/benchmark.md, "Encrypted saves: where the extra time goes").
    Counting these reads per side tells that apart from the cipher's cost.
    """
    try:
        text = IO_COUNTERS.read_text(encoding="ascii")
    except OSError:
        return None
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "read_bytes":
            return int(value)
    return None


def _warm_reps(sessions: list[dict[str, Any]], key: str, scale: float) -> list[float]:
    """Every session's warm repetitions (after the first) of ``key``, session after session.

    Repetition ``i`` opens the same long client in every session, so the two sides' lists pair
    the same work, measured in the same pair of sessions.
    """
    return [t * scale for raw in sessions for t in raw[key][1:]]


def _medians(sessions: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure's median over one side's sessions."""
    return {
        key: statistics.median(s[key] for s in sessions)
        for key, value in sessions[0].items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


def long_client_ids(options: BenchOptions) -> list[str]:
    """The ids of the clinic's long clients (whose timelines and reports the session opens)."""
    from glutedesk.samples.large import LargeClinicPlan

    plan = LargeClinicPlan(n_clients=options.clients, n_visits=options.visits, seed=options.seed)
    return [plan.client_ids[i] for i in plan.long_indices]
