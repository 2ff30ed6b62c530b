"""The About box's text: version, what GluteDesk is, and the third-party components it ships."""

from __future__ import annotations

import html

from glutedesk import __version__
from glutedesk.third_party import COMPONENTS, QT_LGPL_NOTE, RUNTIME, installed_version


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
