"""The one error the document builders raise, importable without reportlab or matplotlib."""

from __future__ import annotations


class ReportError(Exception):
    """A document cannot be made; the message says why in plain words."""


class RecordNotFound(ReportError, LookupError):
    """The client or visit a document was asked for does not exist."""
