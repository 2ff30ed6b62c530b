"""Errors shared by the domain layer."""

from __future__ import annotations


class CatalogueError(ValueError):
    """A catalogue or manifest file is malformed; the message names the file and entry."""
