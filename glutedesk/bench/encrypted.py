"""``glutedesk bench --encrypted``: the same measurements on a copy of the clinic protected by a
passphrase, reported beside the plain clinic's (keys prefixed ``encrypted_``), with the unlock
(the key derivation and first read) timed on its own as ``unlock_ms``.

The encrypted start-up includes the unlock (the app reads ``GLUTEDESK_PASSPHRASE``);
``encrypted_startup_ex_unlock_s`` takes it out, so the 1.3× comparison is of the encryption's
cost on reading and writing, not of the deliberately slow key derivation.
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
from glutedesk.bench.runner import BenchOptions, Say

PASSPHRASE = "benchmark passphrase, not a secret"
COMPARED = ("startup_ex_unlock_s", "search_p50_ms", "save_ms", "timeline_ms", "report_s")
MAX_RATIO = 1.3


def run_encrypted(options: BenchOptions, say: Say | None = None) -> dict[str, Any]:
    """Run the plain benchmark, then the encrypted one on a protected copy; return both."""
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
        env["GLUTEDESK_PASSPHRASE"] = PASSPHRASE
        measured: dict[str, Any] = {}
        measured.update(runner._startup(protected, options, env, say))
        measured.update(runner._session(protected, _long_ids(options), options, env, say))
        measured.update(runner._save(protected, options, say))
        measured["startup_ex_unlock_s"] = round(
            measured["startup_app_s"] - figures["unlock_ms"] / 1000, 3
        )
        figures["startup_ex_unlock_s"] = figures["startup_app_s"]
        for key, value in measured.items():
            figures[f"encrypted_{key}"] = value
        figures["encrypted_db_mb"] = round(protected.stat().st_size / 2**20, 1)
        figures["encrypted_ratios"] = {
            key: round(figures[f"encrypted_{key}"] / figures[key], 2) for key in COMPARED
        }
        figures["encrypted_within"] = all(
            r <= MAX_RATIO for r in figures["encrypted_ratios"].values()
        )
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


def _long_ids(options: BenchOptions) -> list[str]:
    from glutedesk.samples.large import LargeClinicPlan

    plan = LargeClinicPlan(n_clients=options.clients, n_visits=options.visits, seed=options.seed)
    return [plan.client_ids[i] for i in plan.long_indices]


def format_encrypted(figures: dict[str, Any]) -> str:
    """The plain and encrypted figures side by side."""
    lines = ["", "Plain clinic vs the same clinic protected by a passphrase (SQLCipher 4):", ""]
    for key in COMPARED:
        plain, enc = figures[key], figures[f"encrypted_{key}"]
        ratio = figures["encrypted_ratios"][key]
        mark = "ok" if ratio <= MAX_RATIO else "OVER 1.3×"
        lines.append(f"  {key:<22} {plain:>10g} {enc:>10g}  {ratio:>5.2f}×  {mark}")
    lines.append(
        f"  unlock (key derivation, PBKDF2-HMAC-SHA512 256,000 rounds): {figures['unlock_ms']} ms; "
        f"start-up with it {figures['encrypted_startup_app_s']} s; "
        f"protecting the clinic took {figures['encrypt_s']} s"
    )
    return "\n".join(lines)
