"""The clinic door's verbs for the benchmark's clinics: bulk writing and figures.

A mixin of :class:`glutedesk.storage.clinic.Clinic`, kept apart as
:mod:`glutedesk.storage.clinic_protection` is, so the door stays one screen of verbs per concern.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

    from glutedesk.storage.clinic_stats import ClinicStats


class BenchmarkVerbs:
    """Bulk loading and figures; the class using it provides ``_db``."""

    _db: Database

    def stats(self) -> ClinicStats:
        """How many clients and visits the clinic holds, and whether saves are durable."""
        from glutedesk.storage.clinic_stats import clinic_stats

        return clinic_stats(self._db)

    def sample_client_names(self, count: int) -> list[str]:
        """``count`` client names spread evenly through the clinic (searches to type)."""
        from glutedesk.storage.clients import sample_client_names

        return sample_client_names(self._db, count)

    def bulk_loading(self) -> AbstractContextManager[None]:
        """A block in which bulk inserts run fast (a half-built clinic is thrown away)."""
        from glutedesk.storage import bulk_insert

        return bulk_insert.bulk_loading(self._db)

    def insert_rows(self, rows: dict[str, list[tuple[Any, ...]]]) -> int:
        """Insert mapped rows (parents' tables first) in one transaction; return how many."""
        from glutedesk.storage import bulk_insert

        return bulk_insert.insert_rows(self._db, rows)
