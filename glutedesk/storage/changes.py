"""The record every write returns, so screens refresh only what a save touched."""

from __future__ import annotations

from dataclasses import dataclass

from glutedesk.domain.ids import ClientId, VisitId


@dataclass(frozen=True)
class Changes:
    """What a write touched: client and visit ids (created, updated or deleted)."""

    clients: frozenset[ClientId] = frozenset()
    visits: frozenset[VisitId] = frozenset()

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.clients | other.clients, self.visits | other.visits)

    @property
    def empty(self) -> bool:
        return not (self.clients or self.visits)
