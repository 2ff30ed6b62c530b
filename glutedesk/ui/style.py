"""GluteDesk's look: calm neutral greys, one deep-teal accent, readable type, light or dark.

The stylesheet is a Python string (not a resource file) so the look ships with the code and
start-up reads no extra files. Widgets opt into the special styles by ``objectName`` or by a
``role`` dynamic property (for example ``label.setProperty("role", "muted")``).

Light and dark: every colour is a pair (:data:`LIGHT`, :data:`DARK`). :func:`apply_style`
follows the system's colour scheme (or ``GLUTEDESK_THEME=light|dark``), gives the application
the matching :class:`QPalette` (so every standard widget Fusion draws, such as tick boxes, date
and number fields and tabs, uses the pair) and builds the stylesheet from the same pair.
Module constants (``TEXT``, ``MUTED``...) then hold the chosen theme's values, and
:func:`themed` turns a widget's own light-theme stylesheet into the chosen theme's.
"""

from __future__ import annotations

import os
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from glutedesk.paths import resource
from glutedesk.ui.accessibility import NamingStyle

THEME_ENV = "GLUTEDESK_THEME"

# role: (light, dark). Text pairs keep at least 4.5:1 against their background in both.
from glutedesk.ui.style_colours import PAIRS, palette  # noqa: E402  (the colour table, one pair a role)

LIGHT = {role: pair[0] for role, pair in PAIRS.items()}
DARK = {role: pair[1] for role, pair in PAIRS.items()}

ACCENT = LIGHT["ACCENT"]
ACCENT_DARK = LIGHT["ACCENT_DARK"]
ACCENT_TINT = LIGHT["ACCENT_TINT"]
TEXT = LIGHT["TEXT"]
MUTED = LIGHT["MUTED"]
WINDOW = LIGHT["WINDOW"]
SURFACE = LIGHT["SURFACE"]
BORDER = LIGHT["BORDER"]
ALERT = LIGHT["ALERT"]
WARNING_TEXT = LIGHT["WARNING_TEXT"]
_current: dict[str, str] = dict(LIGHT)

BASE_POINT_SIZE = 10

_TEMPLATE = """
QMainWindow, QDialog {{
    background: {WINDOW};
}}
QWidget {{
    color: {TEXT};
}}
QToolTip {{
    color: {TEXT};
    background: {SURFACE};
    border: 1px solid {BORDER};
    padding: 4px 6px;
}}

/* Menus and status bar */
QMenuBar {{
    background: {SURFACE};
    border-bottom: 1px solid {BORDER};
    padding: 2px 4px;
}}
QMenuBar::item {{
    padding: 4px 10px;
    border-radius: 4px;
    background: transparent;
}}
QMenuBar::item:selected {{
    background: {ACCENT_TINT};
}}
QMenu {{
    background: {SURFACE};
    border: 1px solid {BORDER};
    padding: 4px;
}}
QMenu::item {{
    padding: 5px 24px 5px 14px;
    border-radius: 4px;
}}
QMenu::item:selected {{
    background: {ACCENT_TINT};
    color: {TEXT};
}}
QMenu::separator {{
    height: 1px;
    background: {BORDER};
    margin: 4px 6px;
}}
QStatusBar {{
    background: {SURFACE};
    border-top: 1px solid {BORDER};
    color: {MUTED};
}}
QStatusBar QLabel {{
    color: {MUTED};
    padding: 2px 6px;
}}

/* Panels */
QSplitter::handle {{
    background: {WINDOW};
}}
QWidget#clientListPanel {{
    background: {SURFACE};
    border-right: 1px solid {BORDER};
}}
QScrollArea, QScrollArea > QWidget > QWidget#detailsPage {{
    background: {WINDOW};
    border: none;
}}
QFrame#card {{
    background: {SURFACE};
    border: 1px solid {BORDER};
    border-radius: 8px;
}}
QFrame#card QLabel {{
    background: transparent;
}}

/* Type */
QLabel#panelTitle {{
    font-size: 13pt;
    font-weight: 600;
}}
QLabel#clientName {{
    font-size: 18pt;
    font-weight: 600;
    color: {TEXT};
}}
QLabel#clientSubtitle {{
    font-size: 11pt;
    color: {MUTED};
}}
QLabel#cardTitle {{
    font-size: 10pt;
    font-weight: 600;
    color: {ACCENT_DARK};
}}
QLabel[role="fieldLabel"] {{
    color: {MUTED};
}}
QLabel[role="muted"] {{
    color: {MUTED};
}}
QLabel[role="given"] {{
    color: {ACCENT_DARK};
    font-weight: 600;
}}
QLabel[role="declined"] {{
    color: {ALERT};
    font-weight: 600;
}}
QLabel#emptyState {{
    color: {MUTED};
    font-size: 12pt;
}}
QLabel#noMatches {{
    color: {MUTED};
    padding: 12px;
}}

/* Inputs */
QLineEdit {{
    background: {SURFACE};
    border: 1px solid {INPUT_BORDER};
    border-radius: 6px;
    padding: 6px 10px;
    selection-background-color: {ACCENT};
    placeholder-text-color: {MUTED};
}}
QLineEdit:focus {{
    border: 1px solid {ACCENT};
}}
QPushButton {{
    background: {SURFACE};
    border: 1px solid {INPUT_BORDER};
    border-radius: 6px;
    padding: 6px 14px;
}}
QPushButton:hover {{
    border-color: {ACCENT};
}}
QPushButton:default {{
    background: {ACCENT};
    border-color: {ACCENT};
    color: {ON_ACCENT};
}}
QPushButton:disabled, QPushButton:default:disabled {{
    background: {DISABLED_BG};
    border-color: {DISABLED_BORDER};
    color: {DISABLED_TEXT};
}}

/* Tables */
QTableView {{
    background: {SURFACE};
    alternate-background-color: {ALT_ROW};
    border: none;
    gridline-color: transparent;
    selection-background-color: {ACCENT_TINT};
    selection-color: {TEXT};
    outline: 0;
}}
QTableView:focus {{
    selection-background-color: {ACCENT};
    selection-color: {ON_ACCENT};
}}
QTableView::item {{
    padding: 0px 8px;
    border: none;
}}
QHeaderView {{
    background: {SURFACE};
}}
QHeaderView::section {{
    background: {SURFACE};
    color: {MUTED};
    font-weight: 600;
    border: none;
    border-bottom: 1px solid {BORDER};
    padding: 6px 8px;
}}
QScrollBar:vertical {{
    background: transparent;
    width: 12px;
    margin: 2px;
}}
QScrollBar::handle:vertical {{
    background: {INPUT_BORDER};
    border-radius: 4px;
    min-height: 32px;
}}
QScrollBar::handle:vertical:hover {{
    background: {HANDLE_HOVER};
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{
    height: 0px;
}}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{
    background: transparent;
}}
QTableView#visitTable {{
    border-top: 1px solid {BORDER};
    border-radius: 0px;
}}
"""


TAB_RULES = """
QTabBar::tab {{
    background: {WINDOW};
    color: {MUTED};
    padding: 6px 16px;
    border: none;
    border-bottom: 2px solid transparent;
}}
QTabBar::tab:selected {{
    color: {TEXT};
    border-bottom: 2px solid {ACCENT};
}}
QTabBar::tab:hover {{
    color: {TEXT};
}}
QComboBox QLineEdit, QAbstractSpinBox QLineEdit {{
    padding: 0px 2px;
    border: none;
    border-radius: 0px;
    background: transparent;
}}
QAbstractItemView QLineEdit {{
    padding: 0px 2px;
    border: 1px solid {ACCENT};
    border-radius: 0px;
    background: {SURFACE};
    color: {TEXT};
}}
QCheckBox, QRadioButton {{
    background: transparent;
}}
QCheckBox::indicator {{
    width: 14px;
    height: 14px;
    border: 1px solid {MUTED};
    border-radius: 3px;
    background: {SURFACE};
}}
QCheckBox::indicator:hover, QCheckBox::indicator:focus {{
    border-color: {ACCENT};
}}
QCheckBox::indicator:checked {{
    background: {ACCENT};
    border-color: {ACCENT};
    image: url({CHECK_IMAGE});
}}
QCheckBox::indicator:disabled {{
    background: {DISABLED_BG};
    border-color: {DISABLED_BORDER};
}}
QCheckBox::indicator:checked:disabled {{
    background: {DISABLED_TEXT};
}}
"""


def stylesheet(colours: dict[str, str]) -> str:
    """The application stylesheet in ``colours`` (:data:`LIGHT` or :data:`DARK`)."""
    return (_TEMPLATE + TAB_RULES).format_map(
        {**colours, "CHECK_IMAGE": resource("check.svg").as_posix()}
    )


STYLESHEET = stylesheet(LIGHT)


def system_is_dark(app: QGuiApplication) -> bool:
    """True when ``GLUTEDESK_THEME`` says dark, or (unset) the system's scheme is dark."""
    chosen = os.environ.get(THEME_ENV, "").strip().lower()
    if chosen in ("dark", "light"):
        return chosen == "dark"
    scheme = app.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    window = app.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def is_dark() -> bool:
    """True when the dark theme is in use."""
    return _current is DARK or _current == DARK


def current() -> dict[str, str]:
    """The colours in use: :data:`LIGHT` or :data:`DARK`."""
    return _current


def themed(css: str) -> str:
    """``css`` written with light-theme colours, in the theme in use (each pair swapped)."""
    if not is_dark():
        return css
    return _HEX.sub(lambda m: _SWAP.get(m.group(0).lower(), m.group(0)), css)


_SWAP: dict[str, str] = {}
for _light, _dark in PAIRS.values():
    _SWAP.setdefault(_light, _dark)  # "#ffffff" is the surface (white on accent stays)
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def use_theme(app: QApplication, dark: bool) -> None:
    """Give ``app`` the light or dark palette and stylesheet, and the module its colours."""
    global _current
    _current = DARK if dark else LIGHT
    globals().update({role: value for role, value in _current.items() if role in globals()})
    app.setPalette(palette(_current))
    app.setStyleSheet(stylesheet(_current))


def apply_style(app: QApplication, dark: bool | None = None) -> None:
    """Give ``app`` GluteDesk's icon, font size, palette and stylesheet.

    ``dark`` None follows :func:`system_is_dark` (read before the palette is replaced).
    """
    app.setWindowIcon(QIcon(str(resource("glutedesk.svg"))))  # every window and dialog
    if dark is None:
        dark = system_is_dark(app)
    app.setStyle(NamingStyle("Fusion"))  # Fusion, naming widgets once the names are installed
    font = QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    use_theme(app, dark)
