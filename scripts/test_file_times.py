"""Per-file totals of a pytest run, from its JUnit XML: where the suite's time goes.

    .venv/bin/python -m pytest --junitxml=run.xml ...
    .venv/bin/python scripts/test_file_times.py run.xml [other.xml] [--top 40]

Each file's tests' times added up (setup, call and teardown: pytest's JUnit timing), sorted
by the first run's total. With a second XML, each file's total in both runs side by side.
The times are wall time in the worker that ran the file.
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path


def file_totals(xml: Path) -> tuple[Counter[str], Counter[str]]:
    """(seconds per test file, tests per file) of one JUnit XML report."""
    seconds: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for case in ET.parse(xml).getroot().iter("testcase"):
        name = case.get("classname", "").split(".")
        parts = []  # tests.core.test_x.TestClass -> tests/core/test_x.py
        for part in name:
            parts.append(part)
            if part.startswith("test_"):
                break
        path = "/".join(parts) + ".py"
        seconds[path] += float(case.get("time", 0))
        counts[path] += 1
    return seconds, counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", type=Path, nargs="+")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    runs = [file_totals(x) for x in args.xml]
    first, counts = runs[0]
    header = f"{'file':<52}{'tests':>6}" + "".join(f"{x.stem[:12]:>14}" for x in args.xml)
    print(header)
    for path, _total in first.most_common(args.top):
        row = "".join(f"{run[0].get(path, 0.0):>14.1f}" for run in runs)
        print(f"{path:<52}{counts[path]:>6}{row}")
    totals = "".join(f"{sum(run[0].values()):>14.1f}" for run in runs)
    print(f"{'all files':<52}{sum(counts.values()):>6}{totals}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
