"""The clinic door's verbs for protection: the passphrase and the lock screen.

A mixin of :class:`glutedesk.storage.clinic.Clinic` (docs/design/0007-encryption.md), kept
apart so the door stays one screen of verbs per concern.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.storage import cipher, database
from glutedesk.storage.deferred import deferred

if TYPE_CHECKING:  # imported when first used: opening a clinic needs none of them
    import sqlite3

    from sqlite_utils import Database

    from glutedesk.storage import lock_settings, protect, unlock
    from glutedesk.storage.protect import ProtectResult
else:
    lock_settings, protect, unlock = deferred("lock_settings", "protect", "unlock")


class ProtectionVerbs:
    """Passphrase and lock-screen verbs; the class using it provides ``path``, ``_db`` and
    ``_conn`` (the plain connection: the lock screen's reads need no sqlite-utils)."""

    _db: Database
    _conn: sqlite3.Connection

    @property
    def path(self) -> Path | None:  # pragma: no cover - provided by Clinic
        raise NotImplementedError

    @property
    def protected(self) -> bool:
        """Whether the clinic's files are encrypted with a passphrase."""
        path = self.path
        return path is not None and cipher.key_for(path) is not None

    def change_passphrase(self, new: str | None) -> ProtectResult:
        """Set, change or (with None) remove the passphrase; the Clinic stays usable.

        Its connection is closed while the file is re-written and opened again afterwards.
        """
        path = self.path
        if path is None:
            raise database.StorageError("An in-memory clinic has no file to protect.")
        self._db.conn.close()
        try:
            return protect.change_protection(path, new)
        finally:
            self._db = database.open_database(path, create=False)

    def remove_backups(self, backups: list[Path]) -> list[tuple[Path, bool]]:
        """Delete backups that could not be encrypted, as the therapist confirmed."""
        from glutedesk.storage.protect_backups import remove_backups

        return remove_backups(backups)

    def check_passphrase(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is this clinic's (waits longer after repeated failures)."""
        path = self.path
        if path is None or not self.protected:
            return False
        try:
            unlock.unlock(path, passphrase)
        except database.StorageError:
            return False
        return True

    def lock_minutes(self) -> int:
        """Minutes without input before the window locks (0: only on demand)."""
        return lock_settings.idle_minutes(self._conn)

    def set_lock_minutes(self, minutes: int) -> None:
        """Store the minutes without input before the window locks."""
        lock_settings.set_idle_minutes(self._db, minutes)

    def has_pin(self) -> bool:
        """Whether a lock-screen PIN is set."""
        return lock_settings.has_pin(self._conn)

    def set_pin(self, pin: str | None) -> None:
        """Set or remove the lock-screen PIN."""
        lock_settings.set_pin(self._db, pin)

    def pin_matches(self, pin: str) -> bool:
        """Whether ``pin`` is the lock-screen PIN."""
        return lock_settings.pin_matches(self._conn, pin)
