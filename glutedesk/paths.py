"""The one place that finds GluteDesk's data folders (``resources/`` and ``diagrams/``).

In a checkout they sit at the top of the repository; in an installed wheel hatch copies them to
``glutedesk/_data/``; in the self-contained app built by PyInstaller (``make bundle``) the spec
puts them in ``glutedesk/_data/`` under the bundle's own folder (``sys._MEIPASS``). Everything
else asks this module, so all three layouts behave the same.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _data_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set only inside the PyInstaller-built app
    if getattr(sys, "frozen", False) and bundle:
        frozen = Path(bundle) / "glutedesk" / "_data"
        if (frozen / "resources").is_dir():
            return frozen
    installed = _PACKAGE_DIR / "_data"
    if (installed / "resources").is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent
    if (checkout / "resources").is_dir():
        return checkout
    raise FileNotFoundError(
        f"GluteDesk's data folders were not found next to {_PACKAGE_DIR}; reinstall the package."
    )


def resources_dir() -> Path:
    """Return the folder holding the clinical catalogues, fonts and icons."""
    return _data_root() / "resources"


def diagrams_dir() -> Path:
    """Return the folder holding the body-diagram SVGs and their region manifest."""
    return _data_root() / "diagrams"


def resource(name: str) -> Path:
    """Return the path of one file in ``resources/`` (it need not exist)."""
    return resources_dir() / name


def diagram(name: str) -> Path:
    """Return the path of one file in ``diagrams/`` (it need not exist)."""
    return diagrams_dir() / name
