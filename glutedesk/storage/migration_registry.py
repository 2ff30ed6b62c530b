"""The schema's migrations, registered without importing sqlite-utils.

:class:`MigrationRegistry` takes steps as sqlite-utils' ``Migrations`` does
(``@MIGRATIONS(name="0001_initial")``) but only keeps them; the ``Migrations`` that applies
them is built, with the same steps in the same order, the first time a database is migrated.
:meth:`MigrationRegistry.up_to_date` tells through a plain connection whether applying would
change nothing, so opening an up-to-date clinic does not need sqlite-utils at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

Step = Callable[["Database"], None]
TABLE = "_sqlite_migrations"  # sqlite-utils' name for the record of applied migrations


class MigrationRegistry:
    """One named set of migrations, in the order they were registered."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._steps: list[tuple[str, Step]] = []
        self._built: Migrations | None = None

    def __call__(self, *, name: str) -> Callable[[Step], Step]:
        """Register the decorated function as the migration ``name`` (after the others)."""

        def register(step: Step) -> Step:
            if any(known == name for known, _ in self._steps):
                raise ValueError(f"Migration {name!r} is already registered in {self.name!r}")
            if self._built is not None:
                raise RuntimeError(f"Migration {name!r} registered after migrating began")
            self._steps.append((name, step))
            return step

        return register

    def names(self) -> tuple[str, ...]:
        """The names of the registered migrations, in order."""
        return tuple(name for name, _ in self._steps)

    def apply(self, db: Database, *, stop_before: str | Iterable[str] | None = None) -> None:
        """Apply the pending migrations to ``db`` (sqlite-utils' ``Migrations.apply``)."""
        self._migrations().apply(db, stop_before=stop_before)

    def up_to_date(self, conn: sqlite3.Connection) -> bool:
        """Whether every migration is applied on ``conn``'s database, in order, and its record
        has the shape sqlite-utils gives it: then :meth:`apply` would change nothing."""
        keys = conn.execute(
            "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", [TABLE]
        ).fetchall()
        if [row[0] for row in keys] != ["id"]:
            return False
        applied = conn.execute(
            f"SELECT name FROM {TABLE} WHERE migration_set = ? ORDER BY rowid", [self.name]
        ).fetchall()
        return tuple(row[0] for row in applied) == self.names()

    def _migrations(self) -> Migrations:
        if self._built is None:
            from glutedesk.storage.sqlite_utils_loader import Migrations

            built = Migrations(self.name)
            for name, step in self._steps:
                built(name=name)(step)
            self._built = built
        return self._built


MIGRATION_SET = "glutedesk"
MIGRATIONS = MigrationRegistry(MIGRATION_SET)
"""GluteDesk's schema: the steps are registered in :mod:`glutedesk.storage.migrations`."""


def known_migrations() -> tuple[str, ...]:
    """Return the names of the migrations this version of GluteDesk knows, in order."""
    return MIGRATIONS.names()
