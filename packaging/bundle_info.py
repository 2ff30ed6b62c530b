"""Fill the platform metadata templates with the one version number (glutedesk/__init__.py).

Used by packaging/glutedesk.spec at build time: the Windows version resource and the macOS
Info.plist. ``python packaging/bundle_info.py`` prints what they would contain; with
``--version`` just the version (the build scripts name their files with it).
"""

from __future__ import annotations

import plistlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def project_version() -> str:
    """The version in glutedesk/__init__.py: the only place it is written."""
    text = (ROOT / "glutedesk" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE).group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``"1.2.3"`` -> ``(1, 2, 3, 0)``: Windows wants four numbers."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    return tuple([*numbers, 0, 0, 0, 0][:4])  # type: ignore[return-value]


def write_windows_version_file(version: str, out: Path) -> str:
    """Write PyInstaller's version resource for ``version``; return its path."""
    text = (HERE / "windows" / "version_info.txt").read_text(encoding="utf-8")
    text = text.replace("@VERSION_TUPLE@", repr(version_tuple(version)))
    text = text.replace("@VERSION@", version)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return str(out)


def info_plist(version: str) -> dict:
    """The macOS Info.plist keys with ``version`` filled in."""
    text = (HERE / "macos" / "Info.plist").read_text(encoding="utf-8")
    return plistlib.loads(text.replace("@VERSION@", version).encode("utf-8"))


if __name__ == "__main__":
    v = project_version()
    if sys.argv[1:] == ["--version"]:
        print(v)
        sys.exit(0)
    print(f"version {v}  windows {version_tuple(v)}")
    print(info_plist(v))
    sys.exit(0)
