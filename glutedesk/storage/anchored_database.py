"""The sqlite-utils ``Database`` every GluteDesk connection is wrapped in (see
:mod:`glutedesk.storage.audit_anchor`); importing this module imports sqlite-utils."""

from __future__ import annotations

import contextlib
from collections.abc import Generator

from glutedesk.storage.audit_anchor import discard_pending, flush_anchor
from glutedesk.storage.sqlite_utils_loader import Database


class AnchoredDatabase(Database):
    """A sqlite-utils ``Database`` that anchors the audit head after each real commit."""

    @contextlib.contextmanager
    def atomic(self) -> Generator[Database, None, None]:
        """Like ``Database.atomic``; after the outermost block commits, anchor the audit head."""
        outermost = not self.conn.in_transaction
        try:
            with super().atomic():
                yield self
        except BaseException:
            if outermost:
                discard_pending(self)
            raise
        if outermost:
            flush_anchor(self)
