"""The third-party components GluteDesk ships with, and their licences (Help ▸ About).

One list for three readers: the About box shows it, the PyInstaller spec copies each one's
package metadata (with its licence files) into the self-contained app, and a test checks that
every package in requirements.lock is named here, so a new dependency cannot ship unlisted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    """One bundled distribution: its PyPI name, what it is, its licence and where it lives."""

    distribution: str
    name: str
    licence: str
    url: str


COMPONENTS: tuple[Component, ...] = (
    Component(
        "pyside6-essentials",
        "Qt 6 and Qt for Python (PySide6)",
        "LGPL-3.0-only",
        "https://www.qt.io/qt-for-python",
    ),
    Component("shiboken6", "Shiboken6 (PySide6 bindings)", "LGPL-3.0-only", "https://www.qt.io/"),
    Component(
        "matplotlib", "Matplotlib", "Matplotlib licence (PSF-based)", "https://matplotlib.org/"
    ),
    Component("numpy", "NumPy", "BSD-3-Clause (and 0BSD, MIT, Zlib, CC0)", "https://numpy.org/"),
    Component("pillow", "Pillow", "MIT-CMU", "https://python-pillow.github.io/"),
    Component("contourpy", "ContourPy", "BSD-3-Clause", "https://github.com/contourpy/contourpy"),
    Component("cycler", "Cycler", "BSD-3-Clause", "https://github.com/matplotlib/cycler"),
    Component("fonttools", "fontTools", "MIT", "https://github.com/fonttools/fonttools"),
    Component("kiwisolver", "Kiwi solver", "BSD-3-Clause", "https://github.com/nucleic/kiwi"),
    Component("pyparsing", "pyparsing", "MIT", "https://github.com/pyparsing/pyparsing"),
    Component(
        "python-dateutil", "dateutil", "BSD-3-Clause", "https://github.com/dateutil/dateutil"
    ),
    Component("packaging", "packaging", "Apache-2.0 OR BSD-2-Clause", "https://packaging.pypa.io/"),
    Component("reportlab", "ReportLab Toolkit", "BSD-3-Clause", "https://www.reportlab.com/"),
    Component("rl-accel", "ReportLab accelerator", "BSD-3-Clause", "https://www.reportlab.com/"),
    Component("sqlite-utils", "sqlite-utils", "Apache-2.0", "https://sqlite-utils.datasette.io/"),
    Component(
        "sqlcipher3",
        "sqlcipher3 with SQLCipher 4 (community edition)",
        "Zlib AND BSD-3-Clause",
        "https://github.com/coleifer/sqlcipher3",
    ),
    Component("sqlite-fts4", "sqlite-fts4", "Apache-2.0", "https://github.com/simonw/sqlite-fts4"),
    Component("click", "Click", "BSD-3-Clause", "https://click.palletsprojects.com/"),
    Component(
        "click-default-group",
        "click-default-group",
        "Public domain (Unlicense)",
        "https://github.com/click-contrib/click-default-group",
    ),
    Component("platformdirs", "platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    Component("pluggy", "pluggy", "MIT", "https://github.com/pytest-dev/pluggy"),
    Component("tabulate", "tabulate", "MIT", "https://github.com/astanin/python-tabulate"),
    Component(
        "charset-normalizer",
        "charset-normalizer",
        "MIT",
        "https://github.com/jawah/charset_normalizer",
    ),
    Component("tzdata", "tzdata", "Apache-2.0", "https://github.com/python/tzdata"),
    Component(
        "python-bidi",
        "python-bidi (right-to-left text order)",
        "LGPL-3.0 (a separate, replaceable extension module)",
        "https://github.com/MeirKriheli/python-bidi",
    ),
    Component(
        "arabic-reshaper",
        "arabic-reshaper (joined Arabic and Urdu letters)",
        "MIT",
        "https://github.com/mpcabd/python-arabic-reshaper",
    ),
    Component(
        "pypdfium2",
        "pypdfium2 and PDFium (print preview and printing)",
        "Apache-2.0 OR BSD-3-Clause (PDFium: BSD-3-Clause, with Apache-2.0 and MIT parts)",
        "https://github.com/pypdfium2-team/pypdfium2",
    ),
)

# Not Python packages: shipped inside the app by the Python runtime it is built with, and the
# fonts the printed documents fall back to (resources/fonts, with their licence texts).
RUNTIME = (
    ("Python 3.11 runtime", "PSF-2.0", "https://www.python.org/"),
    ("SQLite", "Public domain", "https://sqlite.org/"),
    ("OpenSSL (via Python)", "Apache-2.0", "https://www.openssl.org/"),
    (
        "Droid Sans Fallback font (Chinese, Japanese)",
        "Apache-2.0",
        "https://android.googlesource.com/platform/frameworks/base/+/master/data/fonts/",
    ),
    ("Lateef font (Urdu letters)", "SIL OFL 1.1", "https://software.sil.org/lateef/"),
)

# Packaging tools that are installed with the app but are not part of it.
NOT_SHIPPED = frozenset({"pip", "setuptools", "wheel"})

QT_LGPL_NOTE = (
    "Qt is used under the GNU LGPL version 3. GluteDesk links to Qt dynamically: Qt's "
    "libraries are separate shared files inside the app folder (PySide6/Qt/lib, or "
    "Frameworks in the macOS app), so you may replace them with your own build of the same "
    "Qt version. The LGPL and GPL texts are in the app's licenses folder. Qt's source code: "
    "https://download.qt.io/official_releases/qt/ and PySide6's: "
    "https://code.qt.io/cgit/pyside/pyside-setup.git/. We will also send the source of the "
    "exact Qt and PySide6 versions on request."
)


def installed_version(component: Component) -> str:
    """The version of ``component`` actually installed (or bundled), or ``"?"``."""
    from importlib.metadata import PackageNotFoundError, version  # only the About box asks

    try:
        return version(component.distribution)
    except PackageNotFoundError:
        return "?"


BUNDLED_DISTRIBUTIONS = tuple(c.distribution for c in COMPONENTS)
