"""The About window: version, what GluteDesk is, and the third-party components it ships."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from glutedesk import __version__
from glutedesk.third_party import COMPONENTS, QT_LGPL_NOTE, RUNTIME, installed_version
from glutedesk.ui.window_fit import fit_window


def about_html() -> str:
    """Rich text for Help ▸ About: the app, then every bundled component with its licence."""
    rows = "".join(
        f"<tr><td>{html.escape(c.name)}</td><td>{html.escape(installed_version(c))}</td>"
        f"<td>{html.escape(c.licence)}</td></tr>"
        for c in COMPONENTS
    )
    rows += "".join(
        f"<tr><td>{html.escape(name)}</td><td></td><td>{html.escape(licence)}</td></tr>"
        for name, licence, _url in RUNTIME
    )
    return (
        f"<h3>GluteDesk {html.escape(__version__)}</h3>"
        "<p>Clinical records for sports and remedial massage therapists: clients, "
        "glute strength tests, pain maps and progress.</p>"
        "<p>GluteDesk works offline. Your records stay in one file on this computer.</p>"
        "<p><b>Third-party components</b></p>"
        "<table cellspacing='0' cellpadding='2'>"
        "<tr><th align='left'>Component</th><th align='left'>Version</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>"
        f"<p>{html.escape(QT_LGPL_NOTE)}</p>"
    )


def about_box(parent: QWidget | None) -> QDialog:
    """The About window: the text scrolls, so it fits a small laptop screen."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("About GluteDesk")
    dialog.setObjectName("about_dialog")
    icon = QLabel()
    icon.setPixmap(QApplication.windowIcon().pixmap(64, 64))
    icon.setAlignment(Qt.AlignmentFlag.AlignTop)
    text = QTextBrowser()
    text.setObjectName("about_text")
    text.setOpenExternalLinks(True)
    text.setHtml(about_html())
    text.setMinimumSize(460, 360)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.accepted.connect(dialog.accept)
    row = QHBoxLayout()
    row.addWidget(icon)
    row.addWidget(text, 1)
    layout = QVBoxLayout(dialog)
    layout.addLayout(row, 1)
    layout.addWidget(buttons)
    fit_window(dialog, 600, 520)
    return dialog
