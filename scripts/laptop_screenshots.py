"""Screenshots of every GluteDesk window on a laptop-sized screen (docs/screenshots/laptop/).

Starts a virtual X screen (Xvfb, with openbox for real title bars) of the given size, fills a
demo clinic, opens each window as the therapist would see it (real widgets, the app's style),
saves a PNG of the whole screen per window and prints a table: name, window size and position,
whether it fits the screen. Needs Xvfb and openbox (and ImageMagick's convert to keep PNGs small).

    .venv/bin/python scripts/laptop_screenshots.py --size 1366x768
    .venv/bin/python scripts/laptop_screenshots.py --size 1920x1080 --scale 1.5 --only main,editor
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots" / "laptop"
MAX_BYTES = 200_000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--scale", default="")
    parser.add_argument("--only", default="")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--inner", action="store_true")
    args = parser.parse_args()
    if args.inner:
        from scripts.laptop_shots_inner import run  # Qt only inside the virtual screen

        return run(args.size, args.scale, args.only, args.out)
    return _outer(args)


def _outer(args: argparse.Namespace) -> int:
    display = f":{150 + os.getpid() % 50}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", f"{args.size}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    home = tempfile.mkdtemp(prefix="laptop-shots-")
    env["HOME"] = home
    env.pop("QT_SCALE_FACTOR", None)
    if args.scale:
        env["QT_SCALE_FACTOR"] = args.scale
    wm = None
    try:
        time.sleep(1)
        if shutil.which("openbox"):
            wm = subprocess.Popen(
                ["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(0.5)
        command = [sys.executable, "-m", "scripts.laptop_screenshots", "--inner"]
        command += ["--size", args.size, "--scale", args.scale, "--only", args.only]
        command += ["--out", str(args.out)]
        return subprocess.call(command, env=env, cwd=ROOT)
    finally:
        for process in (wm, xvfb):
            if process is not None:
                process.terminate()
                process.wait()
        shutil.rmtree(home, ignore_errors=True)


def shrink(png: Path) -> int:
    """Keep ``png`` under 200 KB (a 256-colour palette if needed); return its size."""
    if png.stat().st_size > MAX_BYTES and shutil.which("convert"):
        subprocess.run(
            ["convert", str(png), "-colors", "256", "-define", "png:compression-level=9", str(png)],
            check=False,
        )
    return png.stat().st_size


if __name__ == "__main__":
    raise SystemExit(main())
