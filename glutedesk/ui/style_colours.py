"""GluteDesk's colours: each role as a (light, dark) pair, both readable on their background,
and the Qt palette a theme's colours make. :mod:`glutedesk.ui.style` builds the stylesheet.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

PAIRS: dict[str, tuple[str, str]] = {
    "ACCENT": ("#1f6f78", "#24808a"),  # white text on it, and a visible outline
    "ACCENT_DARK": ("#185a62", "#7fd0d8"),  # accent text and headings
    "ACCENT_TINT": ("#dbecee", "#1d4a50"),  # selection and hover backgrounds
    "TEXT": ("#1f2a30", "#e4e8eb"),
    "MUTED": ("#5b6770", "#a7b1b8"),
    "WINDOW": ("#f3f4f5", "#1c2124"),
    "SURFACE": ("#ffffff", "#262c30"),
    "BORDER": ("#d9dee2", "#3c454b"),
    "ALERT": ("#a3312a", "#ff8f85"),
    "INPUT_BORDER": ("#c4cbd0", "#56616a"),
    "DISABLED_BG": ("#eceff1", "#2b3135"),
    "DISABLED_BORDER": ("#d5dadd", "#394146"),
    "DISABLED_TEXT": ("#98a2a8", "#77828a"),
    "ALT_ROW": ("#f8f9fa", "#2b3236"),
    "HANDLE_HOVER": ("#a9b2b8", "#6c7780"),
    "WARNING_TEXT": ("#8a5a00", "#f0c36a"),
    "WARNING_STRONG": ("#8a1c00", "#ffb199"),
    "URGENT": ("#b35c00", "#ffb066"),
    "NOTE_BG": ("#fff4d1", "#3d3414"),  # changed fields, reminders
    "NOTE_BORDER": ("#d9a520", "#a88220"),
    "BANNER_BG": ("#fff4ce", "#3d3414"),
    "BANNER_TEXT": ("#4a3500", "#f3dc9a"),
    "BANNER_BORDER": ("#e0c36a", "#8a7230"),
    "ERROR_BG": ("#fdf1ef", "#3d2220"),
    "ERROR_BORDER": ("#e3b3ad", "#7a3d38"),
    "ERROR_BANNER_BG": ("#fbeceb", "#3d2220"),
    "ERROR_BANNER_BORDER": ("#e3b4b0", "#7a3d38"),
    "AMEND_BG": ("#fbf3e8", "#352a1c"),
    "AMEND_BORDER": ("#b5742a", "#c98e4a"),
    "ON_ACCENT": ("#ffffff", "#ffffff"),
}

# Each (text, background) pair the screens put text on: every one must be readable in both
# themes (tests/ui/test_dark_mode.py checks it; scripts/theme_contrast.py prints the ratios).
TEXT_ON_BACKGROUND: tuple[tuple[str, str], ...] = (
    ("TEXT", "WINDOW"),
    ("TEXT", "SURFACE"),
    ("MUTED", "WINDOW"),
    ("MUTED", "SURFACE"),
    ("ACCENT_DARK", "SURFACE"),
    ("ALERT", "SURFACE"),
    ("WARNING_TEXT", "SURFACE"),
    ("BANNER_TEXT", "BANNER_BG"),
    ("ON_ACCENT", "ACCENT"),
    ("TEXT", "ACCENT_TINT"),
    ("TEXT", "NOTE_BG"),
)


def palette(colours: dict[str, str]) -> QPalette:
    """A Fusion palette in ``colours``, for the widgets the stylesheet does not style."""
    pal = QPalette()
    c = {role: QColor(value) for role, value in colours.items()}
    roles = {
        QPalette.ColorRole.Window: c["WINDOW"],
        QPalette.ColorRole.WindowText: c["TEXT"],
        QPalette.ColorRole.Base: c["SURFACE"],
        QPalette.ColorRole.AlternateBase: c["ALT_ROW"],
        QPalette.ColorRole.Text: c["TEXT"],
        QPalette.ColorRole.Button: c["SURFACE"],
        QPalette.ColorRole.ButtonText: c["TEXT"],
        QPalette.ColorRole.BrightText: c["ALERT"],
        QPalette.ColorRole.Highlight: c["ACCENT"],
        QPalette.ColorRole.HighlightedText: c["ON_ACCENT"],
        QPalette.ColorRole.ToolTipBase: c["SURFACE"],
        QPalette.ColorRole.ToolTipText: c["TEXT"],
        QPalette.ColorRole.PlaceholderText: c["MUTED"],
        QPalette.ColorRole.Link: c["ACCENT_DARK"],
        QPalette.ColorRole.LinkVisited: c["ACCENT_DARK"],
        QPalette.ColorRole.Light: c["SURFACE"],
        QPalette.ColorRole.Midlight: c["BORDER"],
        QPalette.ColorRole.Mid: c["INPUT_BORDER"],
        QPalette.ColorRole.Dark: c["INPUT_BORDER"],
        QPalette.ColorRole.Shadow: QColor("#000000"),
    }
    for role, colour in roles.items():
        pal.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, c["DISABLED_TEXT"])
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, c["DISABLED_BG"])
    return pal
