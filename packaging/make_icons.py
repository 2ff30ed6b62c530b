"""Rasterise the app icon (resources/glutedesk.svg) into PNGs, a Windows .ico and a macOS .icns.

Run by every build (``make bundle``, packaging/build_windows.ps1, packaging/build_macos.sh) with
the build's own Python, so the same code makes the icons on Linux, Windows and macOS: Qt's
QSvgRenderer draws the SVG, Pillow writes the .ico and .icns. Prints one line per file.

    python packaging/make_icons.py [OUT_DIR]      (default: build/icons)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "glutedesk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_pngs(out: Path) -> dict[int, Path]:
    """Draw the SVG at each size with Qt (no window system needed) and save PNGs."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {SVG} is not a valid SVG")
    files = {}
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out / f"glutedesk-{size}.png"
        if not image.save(str(path)):
            raise SystemExit(f"make_icons: could not write {path}")
        files[size] = path
    return files


def write_ico_icns(pngs: dict[int, Path], out: Path) -> tuple[Path, Path]:
    """Pack the PNGs into a multi-size .ico (Windows) and .icns (macOS) with Pillow."""
    from PIL import Image

    images = {size: Image.open(path).convert("RGBA") for size, path in pngs.items()}
    ico = out / "glutedesk.ico"
    images[256].save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    icns = out / "glutedesk.icns"
    big = images[1024]
    big.save(icns, format="ICNS", append_images=[images[s] for s in (16, 32, 64, 128, 256, 512)])
    return ico, icns


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    pngs = render_pngs(out)
    ico, icns = write_ico_icns(pngs, out)
    for path in [*pngs.values(), ico, icns]:
        print(f"{path.stat().st_size:>9,} B  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
