"""Why a save on the protected clinic costs more: the same saves on several files, interleaved.

Issue #17 item 7, third round (docs/benchmark.md, "Encrypted saves: where the extra time goes").
From one plain clinic BUILT (a file the benchmark built and has used since) this makes, in
FOLDER (kept between runs, so a second run measures files that have already taken saves):

  copy        a byte-for-byte copy (``shutil.copyfile``, as ``bench --encrypted`` copies)
  copy2       a second such copy (copy2 ÷ copy is an A/A pair: two identical fresh files)
  vacuum      ``VACUUM INTO``: every b-tree packed full, as ``sqlcipher_export`` packs
  asused      the clinic re-written by ``protect.rewrite`` with no key: the protection's own
              route (``export_as_used``) to a *plain* file, opened with Python's ``sqlite3``
  asused-sc   a byte-for-byte copy of ``asused`` opened with ``sqlcipher3`` without a key
              (SQLCipher's SQLite 3.53, its ``fsync``, no cipher): the library, not the cipher
  asused-raw  the same, but the bare ``sqlcipher3`` connection, without GluteDesk's
              ``CipherConnection`` (which turns its errors into ``sqlite3`` ones)
  encrypted   the clinic re-written by ``protect.rewrite`` under a key: what
              ``change_protection`` (and so ``bench --encrypted``) makes

Then it saves a visit on every file in turn, ROUNDS rounds (the order rotating each round),
each save as the benchmark's (``Clinic.save_visit`` of a long client's latest visit, new id,
``synchronous=FULL``), and records per save: clock time, process CPU time (user+sys), pages
written (bytes written ÷ 4,120, a WAL frame; a checkpoint's pages count too, hence medians),
and from ``/proc/self/io`` the read calls and the bytes read from the disk itself (not the page
cache). Prints per file the medians, the median of the per-round ratios to BUILT's save, the
same for saves 1–10 and the last ten (does a fresh file's extra cost fade?), and how many saves
read the disk ("cold"); every save goes to FOLDER/saves-<time>.json. The saved visits are kept
unless --delete (so the files go on ageing as use ages them).

Run: .venv/bin/python scripts/encrypted_save_files.py BUILT FOLDER [--rounds N] [--delete]
         [--only a,b,...] [--cache warm|cold]
     (warm: every file read whole first; cold: every file dropped from the page cache first;
     a second run reuses the files in FOLDER: remove FOLDER to start over)
     .venv/bin/python scripts/encrypted_save_files.py --fill FILE...   (dbstat: leaf fill)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FRAME = 4096 + 24
PASSPHRASE = "save files probe, not a secret"
NAMES = ("built", "copy", "copy2", "vacuum", "asused", "asused-sc", "asused-raw", "encrypted")


def _io() -> dict[str, int]:
    with open("/proc/self/io", encoding="ascii") as handle:
        return {k: int(v) for k, v in (line.split(": ") for line in handle)}


def make_files(built: Path, folder: Path) -> dict[str, Path]:
    """The files to compare (made once; reused by later runs)."""
    from glutedesk.storage import cipher
    from glutedesk.storage.protect import rewrite

    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.sqlite3" for name in NAMES}
    paths["built"] = built
    made: dict[str, Callable[[Path], None]] = {
        "copy": lambda p: shutil.copyfile(built, p),
        "copy2": lambda p: shutil.copyfile(built, p),
        "vacuum": lambda p: _vacuum_into(built, p),
        "asused": lambda p: rewrite(built, p, None, None),
        "asused-sc": lambda p: shutil.copyfile(paths["asused"], p),
        "asused-raw": lambda p: shutil.copyfile(paths["asused"], p),
        "encrypted": lambda p: _protect(built, p),
    }
    for name, make in made.items():
        if not paths[name].exists():
            started = time.perf_counter()
            make(paths[name])
            print(f"made {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    key_file = folder / "encrypted.key-hex"
    salt = cipher.file_salt(paths["encrypted"])
    assert salt is not None
    cipher.remember(paths["encrypted"], cipher.derive_key(PASSPHRASE, salt))
    key_file.write_text(salt.hex())
    return paths


def set_cache(paths: dict[str, Path], how: str) -> None:
    """Read every file whole into the page cache (``warm``) or drop it from there (``cold``).

    Done before any connection of this process opens the files (closing a handle on a file
    SQLite holds would drop its locks).
    """
    for path in paths.values():
        fd = os.open(path, os.O_RDONLY)
        try:
            if how == "warm":
                while os.read(fd, 1 << 20):
                    pass
            else:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def resident_mb(path: Path) -> float:
    """How much of ``path`` is in the page cache (``fincore``), in MB; -1 if unknown."""
    try:
        out = subprocess.run(
            ["fincore", "--bytes", "--noheadings", "--output", "RES", str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return int(out.strip()) / 2**20
    except (OSError, ValueError, subprocess.CalledProcessError):
        return -1.0


def _vacuum_into(source: Path, target: Path) -> None:
    conn = sqlite3.connect(source)
    try:
        conn.execute("VACUUM INTO ?", (str(target),))
    finally:
        conn.close()


def _protect(source: Path, target: Path) -> None:
    from glutedesk.storage import cipher
    from glutedesk.storage.protect import rewrite

    rewrite(source, target, None, cipher.derive_key(PASSPHRASE, cipher.new_salt()))


def _open_with_sqlcipher(path: Path, *, wrapped: bool = True) -> Any:
    """Open the plain clinic at ``path`` through sqlcipher3 (no key) instead of sqlite3."""
    import sqlcipher3  # type: ignore[import-untyped]

    from glutedesk.storage import cipher
    from glutedesk.storage.cipher_connection import CipherConnection
    from glutedesk.storage.clinic import Clinic

    real = cipher.connect

    def connect(database: Any, **kwargs: Any) -> Any:
        if Path(str(database)) == path:
            raw = sqlcipher3.connect(str(database), **kwargs)
            return CipherConnection(raw, None) if wrapped else raw  # type: ignore[arg-type]
        return real(database, **kwargs)

    cipher.connect = connect  # type: ignore[assignment]
    try:
        return Clinic.open(path)
    finally:
        cipher.connect = real  # type: ignore[assignment]


def run(paths: dict[str, Path], rounds: int, delete: bool) -> dict[str, list[dict[str, float]]]:
    """``rounds`` saves on every file, interleaved; every save's figures, by file."""
    from glutedesk.bench.runner import BenchOptions, fresh_visit, save_template
    from glutedesk.storage.clinic import Clinic

    template = save_template(BenchOptions())
    opened = {
        "asused-sc": lambda p: _open_with_sqlcipher(p),
        "asused-raw": lambda p: _open_with_sqlcipher(p, wrapped=False),
    }
    clinics = {name: opened.get(name, Clinic.open)(p) for name, p in paths.items()}
    libs = {name: type(c.db.conn).__module__.split(".")[0] for name, c in clinics.items()}
    print(f"libraries: {libs}", file=sys.stderr)
    names = list(paths)
    saves: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    saved: dict[str, list[str]] = {name: [] for name in names}
    try:
        for clinic in clinics.values():  # warms the statement cache; not counted
            visit = fresh_visit(template)
            clinic.save_visit(visit)
            clinic.delete_visit(visit.id)
        for r in range(rounds):
            for i in range(len(names)):
                name = names[(r + i) % len(names)]
                visit = fresh_visit(template)
                before = _io()
                u0 = resource.getrusage(resource.RUSAGE_SELF)
                c0, t0 = time.process_time(), time.perf_counter()
                clinics[name].save_visit(visit)
                t1, c1 = time.perf_counter(), time.process_time()
                after, u1 = _io(), resource.getrusage(resource.RUSAGE_SELF)
                saved[name].append(visit.id)
                saves[name].append(
                    {
                        "round": r,
                        "ms": (t1 - t0) * 1000,
                        "cpu_ms": (c1 - c0) * 1000,
                        # sampled by the kernel at ticks: only their sums over many saves mean
                        # anything
                        "sys_ms": (u1.ru_stime - u0.ru_stime) * 1000,
                        # bytes written: WAL frames, plus the audit anchor's ~130 bytes
                        "frames": (after["wchar"] - before["wchar"]) // FRAME,
                        "reads": after["syscr"] - before["syscr"],
                        "writes": after["syscw"] - before["syscw"],
                        "disk_read_kb": (after["read_bytes"] - before["read_bytes"]) / 1024,
                    }
                )
        if delete:
            for name, ids in saved.items():
                for visit_id in ids:
                    clinics[name].delete_visit(visit_id)
    finally:
        for clinic in clinics.values():
            clinic.close()
    return saves


def _med(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def _ratio(rows: list[dict[str, float]], ref: list[dict[str, float]], key: str) -> float:
    return statistics.median(a[key] / b[key] for a, b in zip(rows, ref, strict=True))


def report(saves: dict[str, list[dict[str, float]]]) -> None:
    """Per file: medians, per-round ratios to ``built`` (or the first file), first/last ten."""
    ref_name = "built" if "built" in saves else next(iter(saves))
    ref = saves[ref_name]
    print(
        f"{'file':<10} {'ms':>6} {'cpu ms':>7} {'frames':>7} {'reads':>6} {'disk KB':>8} "
        f"{'ms ×':>6} {'cpu ×':>6}   {'1-10 cpu':>8} {'last10 cpu':>10} {'1-10 fr':>7} "
        f"{'last10 fr':>9} {'sys %':>6} {'cold':>5}"
    )
    for name, rows in saves.items():
        head, tail = rows[:10], rows[-10:]
        print(
            f"{name:<10} {_med(rows, 'ms'):>6.2f} {_med(rows, 'cpu_ms'):>7.2f} "
            f"{_med(rows, 'frames'):>7.1f} {_med(rows, 'reads'):>6.0f} "
            f"{sum(r['disk_read_kb'] for r in rows):>8.0f} "
            f"{_ratio(rows, ref, 'ms'):>6.2f} {_ratio(rows, ref, 'cpu_ms'):>6.2f}   "
            f"{_med(head, 'cpu_ms'):>8.2f} {_med(tail, 'cpu_ms'):>10.2f} "
            f"{_med(head, 'frames'):>7.1f} "
            f"{_med(tail, 'frames'):>9.1f} "
            f"{100 * sum(r['sys_ms'] for r in rows) / sum(r['cpu_ms'] for r in rows):>6.0f} "
            f"{sum(1 for r in rows if r['disk_read_kb'] > 0):>5}"
        )


def fill(path: Path) -> None:
    """Pages and how full the leaves are (dbstat, Python's sqlite3) of the visit-keyed b-trees."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT name, count(*), sum(pgsize - unused) * 1.0 / sum(pgsize) FROM dbstat "
            "WHERE pagetype = 'leaf' GROUP BY name ORDER BY count(*) DESC"
        ).fetchall()
        total = conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()
    print(f"{path.name}: {total} pages")
    for name, pages, used in rows[:14]:
        print(f"  {name:<44} {pages:>7} leaf pages, {used * 100:5.1f} % full")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("built", type=Path, nargs="?")
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--delete", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--fill", type=Path, nargs="*")
    parser.add_argument("--cache", choices=("warm", "cold", "as-is"), default="as-is")
    args = parser.parse_args(argv)
    if args.fill:
        for path in args.fill:
            fill(path)
        return 0
    paths = make_files(args.built, args.folder)
    if args.only:
        paths = {n: paths[n] for n in args.only.split(",")}
    if args.cache != "as-is":
        set_cache(paths, args.cache)
    print("resident MB: " + ", ".join(f"{n} {resident_mb(p):.0f}" for n, p in paths.items()))
    load = os.getloadavg()[0]
    started = time.strftime("%H:%M:%S")
    saves = run(paths, args.rounds, args.delete)
    print(
        f"{args.rounds} rounds at {started} (cache {args.cache}), "
        f"load {load:.2f} → {os.getloadavg()[0]:.2f}"
    )
    report(saves)
    out = args.folder / f"saves-{started.replace(':', '')}.json"
    out.write_text(json.dumps({"load": [load, os.getloadavg()[0]], "saves": saves}))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main(sys.argv[1:]))
