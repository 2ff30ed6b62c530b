"""GluteDesk's look: calm neutral greys, one deep-teal accent, readable type.

The stylesheet is a Python string (not a resource file) so the look ships with the code and
start-up reads no extra files. Widgets opt into the special styles by ``objectName`` or by a
``role`` dynamic property (for example ``label.setProperty("role", "muted")``).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from glutedesk.paths import resource

ACCENT = "#1f6f78"
ACCENT_DARK = "#185a62"
ACCENT_TINT = "#dbecee"
TEXT = "#1f2a30"
MUTED = "#5b6770"
WINDOW = "#f3f4f5"
SURFACE = "#ffffff"
BORDER = "#d9dee2"
ALERT = "#a3312a"

BASE_POINT_SIZE = 10

STYLESHEET = f"""
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
    border: 1px solid #c4cbd0;
    border-radius: 6px;
    padding: 6px 10px;
    selection-background-color: {ACCENT};
}}
QLineEdit:focus {{
    border: 1px solid {ACCENT};
}}
QPushButton {{
    background: {SURFACE};
    border: 1px solid #c4cbd0;
    border-radius: 6px;
    padding: 6px 14px;
}}
QPushButton:hover {{
    border-color: {ACCENT};
}}
QPushButton:default {{
    background: {ACCENT};
    border-color: {ACCENT};
    color: white;
}}
QPushButton:disabled, QPushButton:default:disabled {{
    background: #eceff1;
    border-color: #d5dadd;
    color: #98a2a8;
}}

/* Tables */
QTableView {{
    background: {SURFACE};
    alternate-background-color: #f8f9fa;
    border: none;
    gridline-color: transparent;
    selection-background-color: {ACCENT_TINT};
    selection-color: {TEXT};
    outline: 0;
}}
QTableView:focus {{
    selection-background-color: {ACCENT};
    selection-color: white;
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
    background: #c4cbd0;
    border-radius: 4px;
    min-height: 32px;
}}
QScrollBar::handle:vertical:hover {{
    background: #a9b2b8;
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


def apply_style(app: QApplication) -> None:
    """Give ``app`` GluteDesk's icon, font size and stylesheet."""
    app.setWindowIcon(QIcon(str(resource("glutedesk.svg"))))  # every window and dialog
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
