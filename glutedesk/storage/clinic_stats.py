"""A clinic file in figures: how many clients and visits it holds and whether a save is durable.

The benchmark reports these beside its timings and uses them to tell whether a kept clinic is
the one it was asked to build; they are read here so that nothing outside storage counts rows
or reads a PRAGMA.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutedesk.storage.clients import count_clients
from glutedesk.storage.database import connection_settings
from glutedesk.storage.visit_loading import count_visits

if TYPE_CHECKING:
    from sqlite_utils import Database

_SYNCHRONOUS_FULL = 2


@dataclass(frozen=True)
class ClinicStats:
    """What :func:`clinic_stats` found."""

    clients: int
    visits: int
    journal_mode: str
    synchronous: int

    @property
    def durable(self) -> bool:
        """Whether a save has reached the disk when it returns (write-ahead log, FULL sync)."""
        return self.journal_mode.lower() == "wal" and self.synchronous == _SYNCHRONOUS_FULL


def clinic_stats(db: Database) -> ClinicStats:
    """Count the clinic's clients and visits and read its journal and sync settings."""
    settings = connection_settings(db)
    return ClinicStats(
        clients=count_clients(db),
        visits=count_visits(db),
        journal_mode=str(settings["journal_mode"]),
        synchronous=int(str(settings["synchronous"])),
    )
