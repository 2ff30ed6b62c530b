"""Export a whole clinic, import it into an empty database, export again: does it all come back?

Runs the real ``glutedesk export`` and ``glutedesk import`` processes and prints, per step, the
file's size, the CPU time and the peak memory (from the process's own resource usage, so the
load of a shared machine changes the wall time only), then compares the two exports record by
record (read a record at a time, so the comparison itself stays small) and byte for byte:

    .venv/bin/python scripts/export_round_trip.py --db /tmp/mine/bench-10000c.sqlite3

The clinic is only read (its export is logged in its audit trail, so use a copy of a kept one).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, float, float, str]:
    """Run ``glutedesk args``; return exit status, CPU seconds, peak MB and its last line."""
    process = subprocess.Popen(
        [sys.executable, "-m", "glutedesk", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    out = process.stdout.read() if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    lines = out.strip().splitlines()
    cpu = usage.ru_utime + usage.ru_stime
    last = lines[-1] if lines else ""
    return os.waitstatus_to_exitcode(status), cpu, usage.ru_maxrss / 1024, last


def same_records(first: Path, second: Path) -> tuple[bool, int]:
    """Whether two exports hold the same records (``exported_at`` aside), and how many."""
    from glutedesk.storage.export_stream import ExportReader

    count = 0
    with ExportReader(first) as a, ExportReader(second) as b:
        for left, right in zip(a, b, strict=True):
            if left.key == "exported_at":
                continue
            if (left.key, left.index, left.value) != (right.key, right.index, right.value):
                print(f"differs at {left.where}", file=sys.stderr)
                return False, count
            count += left.index is not None
    return True, count


def same_bytes(first: Path, second: Path) -> bool:
    """Whether two exports are the same file byte for byte, their ``exported_at`` line aside."""
    import re

    stamp = re.compile(rb'\n "exported_at": "[^"]*",')
    with open(first, "rb") as a, open(second, "rb") as b:
        heads = []
        for handle in (a, b):
            head = handle.read(4096)
            found = stamp.search(head)
            if found is None:
                return False
            heads.append(head[: found.start()])
            handle.seek(found.end())
        if heads[0] != heads[1]:
            return False
        while True:
            left, right = a.read(1 << 20), b.read(1 << 20)
            if left != right:
                return False
            if not left:
                return True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=None, help="folder for the files made")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="round-trip-"))
    work.mkdir(parents=True, exist_ok=True)
    first, copy, second = work / "first.json", work / "copy.sqlite3", work / "second.json"
    for stale in work.glob("copy.sqlite3*"):
        stale.unlink()
    steps = [
        ("export the clinic", ("export", "--db", str(args.db), "--out", str(first)), first),
        ("import into an empty file", ("import", str(first), "--db", str(copy)), copy),
        ("export the imported copy", ("export", "--db", str(copy), "--out", str(second)), second),
    ]
    print(f"{'step':<28} {'exit':>4} {'file MB':>9} {'CPU s':>8} {'peak MB':>8}  output")
    for name, command, made in steps:
        code, cpu, peak, line = run(*command)
        size = made.stat().st_size / 1e6 if made.exists() else 0.0
        print(f"{name:<28} {code:>4} {size:>9,.1f} {cpu:>8.1f} {peak:>8,.0f}  {line}")
        if code != 0:
            return 1
    same, records = same_records(first, second)
    print(f"\nsame records in both exports: {'yes' if same else 'NO'} ({records:,} records)")
    identical = same_bytes(first, second)
    print(f"the same bytes (exported_at aside): {'yes' if identical else 'NO'}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if same and identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
