"""``glutedesk bench --encrypted``: the same measurements on a copy of the clinic protected by a
passphrase, compared with the plain clinic measured alongside it (keys prefixed ``encrypted_``),
with the unlock (the key derivation and first read) timed on its own as ``unlock_ms``.

The plain benchmark runs first and its figures (issue #14's targets) are reported exactly as
without ``--encrypted``. Then both clinics are measured again **in the same time window,
alternately** (:mod:`glutedesk.bench.paired`): pairs of app launches, pairs of app sessions
(search, editor, timeline, report) and pairs of visit saves, each pair one plain and one
encrypted measurement back to back, the side that goes first alternating. Each ratio in
``encrypted_ratios`` is the median of the per-pair ratios (encrypted ÷ plain). Measured minutes
apart, as before, the comparison mostly measured the VM's speed drifting between the halves:
the same plain clinic measured twice that way gave "ratios" from 0.3× to 6.9× (an A/A check,
``scripts/bench_aa.py``; docs/benchmark.md, "Encrypted clinic"). What each figure times is
unchanged.

The encrypted start-up includes the unlock (the app reads ``GLUTEDESK_PASSPHRASE``);
``startup_ex_unlock_s`` takes off each encrypted launch an unlock timed in this process right
before it (``paired_unlock_ms``; ``unlock_ms`` is the median of the unlocks timed on their
own), so the 1.3× comparison is of the encryption's cost on reading and writing, not of the
deliberately slow key derivation.

Besides the ratios: ``encrypted_FIGURE`` is the encrypted side's median in the paired window,
``paired_plain`` the plain side's (beside the ratio; the ratio is not their quotient),
``encrypted_pairs`` every pair's two measurements, and ``encrypted_save_disk_reads`` how many
of each side's timed saves read pages from the disk rather than the page cache (a copy whose
pages are not cached saves slower whatever the cipher; docs/benchmark.md).
"""

from __future__ import annotations

import dataclasses
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from glutedesk.bench import runner
from glutedesk.bench.paired import ENCRYPTED, PLAIN, measure_two
from glutedesk.bench.runner import BenchOptions, Say

PASSPHRASE = "benchmark passphrase, not a secret"
COMPARED = ("startup_ex_unlock_s", "search_p50_ms", "save_ms", "timeline_ms", "report_s")
MAX_RATIO = 1.3
_DIGITS = {"startup_ex_unlock_s": 3, "search_p50_ms": 2, "save_ms": 2, "timeline_ms": 1}


def run_encrypted(options: BenchOptions, say: Say | None = None) -> dict[str, Any]:
    """Run the plain benchmark, then both clinics paired on a protected copy; return it all."""
    from glutedesk.storage import cipher, unlock
    from glutedesk.storage.protect import change_protection

    say = say or (lambda _line: None)
    folder = Path(options.db_dir) if options.db_dir else Path(tempfile.mkdtemp(prefix="gd-benc-"))
    plain_options = dataclasses.replace(options, db_dir=folder, keep=True)
    figures = runner.run_benchmark(plain_options, say)
    plain = Path(figures["database"])
    protected = folder / f"encrypted-{plain.name}"
    try:
        runner._remove_database(protected)
        shutil.copyfile(plain, protected)
        say("Protecting a copy of the clinic with a passphrase (SQLCipher 4)…")
        started = time.perf_counter()
        change_protection(protected, PASSPHRASE)
        figures["encrypt_s"] = round(time.perf_counter() - started, 1)
        unlocks = []
        for _ in range(max(3, options.repeat)):
            cipher.forget(protected)
            started = time.perf_counter()
            unlock.unlock(protected, PASSPHRASE)
            unlocks.append((time.perf_counter() - started) * 1000)
        figures["unlock_ms"] = round(statistics.median(unlocks), 1)
        env = runner.probe_environment(folder / "bytecode")
        envs = {PLAIN: env, ENCRYPTED: {**env, "GLUTEDESK_PASSPHRASE": PASSPHRASE}}
        paths = {PLAIN: plain, ENCRYPTED: protected}

        def unlock_s() -> float:
            cipher.forget(protected)
            started = time.perf_counter()
            unlock.unlock(protected, PASSPHRASE)
            return time.perf_counter() - started

        both = measure_two(paths, envs, options, say, unlock=unlock_s)
        figures.update(compared_figures(both))
        figures["startup_ex_unlock_s"] = figures["startup_app_s"]  # the plain run's, as before
        figures["encrypted_db_mb"] = round(protected.stat().st_size / 2**20, 1)
    finally:
        if not options.keep:
            figures["database"] = None
            for path in (plain, protected):
                runner._remove_database(path)
            for side in (".key", ".audit-head"):
                Path(f"{protected}{side}").unlink(missing_ok=True)
            if not options.db_dir:
                shutil.rmtree(folder, ignore_errors=True)
    return figures


def compared_figures(both: dict[str, Any]) -> dict[str, Any]:
    """The JSON keys of the comparison, from :func:`glutedesk.bench.paired.measure_two`."""
    out: dict[str, Any] = {}
    for key, value in both["sessions"][ENCRYPTED].items():
        out[f"encrypted_{key}"] = round(value, 3)
    out["encrypted_startup_app_s"] = round(both["startup_app_s"][ENCRYPTED], 3)
    out["paired_unlock_ms"] = [round(u * 1000, 1) for u in both["unlocks_s"]]
    out["encrypted_save_durable"] = both["save_durable"]
    out["encrypted_save_disk_reads"] = disk_reads_summary(both.get("save_disk_reads"))
    pairs = both["pairs"]
    out["paired_plain"] = {}
    for key in COMPARED:
        plain, enc = pairs[key].medians()
        digits = _DIGITS.get(key, 3)
        out[f"encrypted_{key}"] = round(enc, digits)
        out["paired_plain"][key] = round(plain, digits)
    out["encrypted_ratios"] = {key: round(pairs[key].ratio(), 2) for key in COMPARED}
    out["encrypted_pairs"] = {key: pairs[key].as_json() for key in COMPARED}
    out["encrypted_ratio_method"] = "median of per-pair ratios, sides alternated (ABBA)"
    out["encrypted_within"] = all(r <= MAX_RATIO for r in out["encrypted_ratios"].values())
    return out


def disk_reads_summary(reads: dict[str, list[int]] | None) -> dict[str, Any] | None:
    """Per side, how many of the timed saves read pages from the disk (not the page cache),
    and how much; None where the system does not count it."""
    if not reads or any(not reads.get(side) for side in (PLAIN, ENCRYPTED)):
        return None
    return {
        side: {
            "saves": sum(1 for n in reads[side] if n > 0),
            "of": len(reads[side]),
            "kb": round(sum(reads[side]) / 1024, 1),
        }
        for side in (PLAIN, ENCRYPTED)
    }


def format_encrypted(figures: dict[str, Any]) -> str:
    """The plain and encrypted figures side by side."""
    lines = [
        "",
        "Plain clinic vs the same clinic protected by a passphrase (SQLCipher 4), measured",
        "alternately in the same minutes (medians; ratio = median of the per-pair ratios):",
        "",
    ]
    for key in COMPARED:
        plain, enc = figures["paired_plain"][key], figures[f"encrypted_{key}"]
        ratio = figures["encrypted_ratios"][key]
        mark = "ok" if ratio <= MAX_RATIO else "OVER 1.3×"
        lines.append(f"  {key:<22} {plain:>10g} {enc:>10g}  {ratio:>5.2f}×  {mark}")
    lines.append(
        f"  unlock (key derivation, PBKDF2-HMAC-SHA512 256,000 rounds): {figures['unlock_ms']} ms; "
        f"start-up with it {figures['encrypted_startup_app_s']} s; "
        f"protecting the clinic took {figures['encrypt_s']} s"
    )
    reads = figures.get("encrypted_save_disk_reads")
    if reads:
        plain, enc = reads[PLAIN], reads[ENCRYPTED]
        lines.append(
            f"  saves that read the disk, not the page cache: plain {plain['saves']} of "
            f"{plain['of']} ({plain['kb']:g} KB), encrypted {enc['saves']} of {enc['of']} "
            f"({enc['kb']:g} KB) (such saves are slower whatever the cipher)"
        )
    return "\n".join(lines)
