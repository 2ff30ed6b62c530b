"""Opening a GluteDesk database safely.

Every connection gets the same settings (WAL, ``synchronous=FULL``, foreign keys on, a busy
timeout, the GluteDesk ``application_id``). Before anything is written, the file is inspected
through a read-only connection: a file from a newer GluteDesk, a damaged file or somebody
else's SQLite file is refused and left exactly as it was.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.storage import (
    cipher,
    migration_corrections,  # noqa: F401  (registers 0007)
    migration_insights,  # noqa: F401  (registers 0008)
    migration_summary,  # noqa: F401  (registers 0009)
    migration_summary_scores,  # noqa: F401  (registers 0010)
)
from glutedesk.storage.migrations import MIGRATION_SET, MIGRATIONS, known_migrations
from glutedesk.storage.private_files import tighten_clinic
from glutedesk.storage.readonly import connect_read_only, read_only_reason

if TYPE_CHECKING:
    from sqlite_utils import Database

    from glutedesk.storage.reader import Reader

APPLICATION_ID = 0x474C5544  # "GLUD"
BUSY_TIMEOUT_MS = 5000


class StorageError(Exception):
    """A database problem the therapist can act on; ``str()`` is a clear one-line message."""


class MissingDatabaseError(StorageError):
    """There is no database at the path, and this command does not create one."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"No GluteDesk database at {path}; nothing was created. Check the path (--db), or "
            "start the app to create a new clinic there."
        )
        self.path = Path(path)


class UnknownMigrationError(StorageError):
    """The file was written by a newer GluteDesk (it lists migrations this version lacks)."""


class NotAGluteDeskDatabase(StorageError):
    """The file is not a GluteDesk database (another program's SQLite file, or not SQLite)."""


class CorruptDatabaseError(StorageError):
    """SQLite reports the file as damaged."""


class ReadOnlyDatabaseError(StorageError):
    """The database cannot be written (read-only file or folder)."""


@dataclass(frozen=True)
class DatabaseInfo:
    """What a read-only look at a database file found."""

    exists: bool
    applied_migrations: tuple[str, ...]
    application_id: int


def default_db_path() -> Path:
    """Return the default database path in the user's data directory (not created here)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("GluteDesk", appauthor=False)) / "glutedesk.sqlite3"


def inspect_database(path: Path) -> DatabaseInfo:
    """Look at ``path`` through a read-only connection and report what it holds.

    Raises :class:`NotAGluteDeskDatabase`, :class:`CorruptDatabaseError` or
    :class:`UnknownMigrationError`; never writes to the file.
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return DatabaseInfo(exists=False, applied_migrations=(), application_id=0)
    try:
        # Read with its -wal, creating nothing beside it: a refused file is left as it was.
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        raise CorruptDatabaseError(f"Cannot open {path}: {exc}") from None
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) and _header_wiped(path):
                raise CorruptDatabaseError(
                    f"{path} is damaged: its first page has been wiped (the header is all zeros)."
                ) from None
            if "not a database" in str(exc) and cipher.file_salt(path) is not None:
                cipher.forget(path)
                raise StorageError(
                    f"{path} is protected by a passphrase (it was protected after it was "
                    "opened here); open it again to give the passphrase."
                ) from None
            if "not a database" in str(exc):
                raise NotAGluteDeskDatabase(
                    f"{path} is not a GluteDesk database (not an SQLite file)."
                ) from None
            raise CorruptDatabaseError(f"{path} is damaged: {exc}") from None
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
            raise NotAGluteDeskDatabase(
                f"{path} is an SQLite file from another program, not a GluteDesk database."
            )
        applied: tuple[str, ...] = ()
        if "_sqlite_migrations" in tables:
            applied = tuple(
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                    [MIGRATION_SET],
                )
            )
        known = set(known_migrations())
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise UnknownMigrationError(
                f"{path} was saved by a newer version of GluteDesk (it has schema change "
                f"{unknown[0]!r}, which this version does not know). Update GluteDesk to open "
                "it; the file has not been changed."
            )
        return DatabaseInfo(exists=True, applied_migrations=applied, application_id=app_id)
    finally:
        conn.close()


def _header_wiped(path: Path) -> bool:
    # Only reached when SQLite has already refused the file, so no connection of this process
    # has it open (closing a plain file handle would drop that connection's locks).
    try:
        with Path(path).open("rb") as f:
            header = f.read(100)
    except OSError:
        return False
    return len(header) == 100 and not header.strip(b"\x00")


def open_database(
    path: Path | str, *, create: bool = True, passphrase: str | None = None
) -> Database:
    """Open (creating if allowed) the GluteDesk database at ``path``, migrated and configured.

    The file is inspected read-only first (see :func:`inspect_database`), so a refused file is
    left byte-for-byte unchanged. A clinic protected by a passphrase needs ``passphrase``
    unless this process has already unlocked it (:mod:`glutedesk.storage.unlock`). Returns a
    sqlite-utils ``Database``.
    """
    conn, db = open_connection(path, create=create, passphrase=passphrase)
    return db if db is not None else wrap_connection(conn)


def needs_update(path: Path | str) -> bool:
    """Whether the clinic at ``path`` exists and lacks migrations that opening it applies
    (read-only look; False when it cannot tell: opening it says why)."""
    try:
        applied = inspect_database(Path(path)).applied_migrations
    except StorageError:
        return False
    return bool(applied) and applied != known_migrations()


def update_database(path: Path | str) -> None:
    """Apply the migrations the clinic at ``path`` lacks, as opening it does, and close it;
    a failure raises :class:`StorageError`."""
    try:
        open_database(path, create=False).close()
    except sqlite3.Error as exc:
        raise StorageError(f"Cannot update {path}: {exc}") from None


def open_connection(
    path: Path | str, *, create: bool = True, passphrase: str | None = None
) -> tuple[sqlite3.Connection, Database | None]:
    """Open the database at ``path`` exactly as :func:`open_database` does, without
    sqlite-utils when it can: its connection, and the ``Database`` only if one was needed.

    A clinic whose migrations are all applied is only configured (sqlite-utils is not
    imported); one that needs migrating is wrapped and migrated, and that ``Database`` is
    returned too (it must be the one used: it set the connection's recursive triggers).
    """
    from glutedesk.storage.restore_journal import recover_leftovers

    path = Path(path)
    _unlock_if_protected(path, passphrase, settle=True)
    recover_leftovers(path)  # an interrupted restore is finished first; leftovers cleaned
    _finish_passphrase_change(path)
    info = inspect_database(path)
    if not info.exists and not create:
        raise MissingDatabaseError(path)
    if not info.exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot create the folder for {path}: {exc.strerror}") from None
    try:
        conn = cipher.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StorageError(f"Cannot open {path}: {exc}") from None
    if cipher.key_for(path) is None:
        cipher.remember_plain(path)
    db = None
    try:
        _configure(conn)
        tighten_clinic(path)
        if not MIGRATIONS.up_to_date(conn):
            db = wrap_connection(conn)
            MIGRATIONS.apply(db)
    except sqlite3.OperationalError as exc:
        conn.close()
        reason = read_only_reason(path)
        if reason or "readonly" in str(exc) or "read-only" in str(exc):
            message = f"{path} is read-only: GluteDesk cannot save to it"
            text = f"{message} ({reason})." if reason else f"{message}."
            raise ReadOnlyDatabaseError(text) from None
        from glutedesk.storage.errors import storage_error_for

        clear = storage_error_for(exc, "open the database", path=path)
        if clear is not None:
            raise clear from None
        raise StorageError(f"Cannot prepare {path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CorruptDatabaseError(f"{path} is damaged: {exc}") from None
    _opened_paths.add(path.resolve())
    return conn, db


_opened_paths: set[Path] = set()  # where the databases this process opened live


def _unlock_if_protected(path: Path, passphrase: str | None, *, settle: bool) -> None:
    from glutedesk.storage import unlock

    if cipher.key_for(path) is not None or (passphrase is None and cipher.known_plain(path)):
        return  # already open in this process: its header is not read again (SQLite's locks)
    if settle:
        unlock.settle_leftovers(path)
    if not unlock.is_protected(path):
        return
    if passphrase is None:
        raise unlock.PassphraseRequiredError(
            f"{path} is protected by a passphrase: give it (GLUTEDESK_PASSPHRASE, or type it "
            "when asked)."
        )
    unlock.unlock(path, passphrase)


def _finish_passphrase_change(path: Path) -> None:
    # A change stopped between the clinic's rename and its backups: finish it (the backups'
    # old key is in its journal). If that fails the journal stays for the next open.
    from glutedesk.storage.protect import finish_interrupted_change

    with contextlib.suppress(OSError, sqlite3.Error, StorageError):
        finish_interrupted_change(path)


def opened_paths() -> frozenset[Path]:
    """Return the files of every database this process has opened (to judge a full disk)."""
    return frozenset(_opened_paths)


def open_read_only(path: Path | str, *, passphrase: str | None = None) -> Database:
    """Open the GluteDesk database at ``path`` for reading only.

    Nothing is written to the file or created beside it (see :mod:`glutedesk.storage.readonly`);
    the connection also refuses writes (``query_only``), so a save fails cleanly with
    :class:`ReadOnlyDatabaseError` and audit entries are not attempted. A file whose schema
    is older than this GluteDesk's cannot be updated and is refused.
    """
    path = Path(path)
    _unlock_if_protected(path, passphrase, settle=False)
    info = inspect_database(path)
    if not info.exists:
        raise MissingDatabaseError(path)
    if info.applied_migrations != known_migrations():
        raise ReadOnlyDatabaseError(
            f"{path} was saved by an older GluteDesk and needs updating, which cannot be done "
            "while it is read-only. Copy it somewhere writable first."
        )
    try:
        conn = connect_read_only(path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(f"{path} cannot be read: {exc}") from None
    db = wrap_connection(conn)
    _opened_paths.add(path.resolve())
    return db


def open_for_reading(
    path: Path | str, *, passphrase: str | None = None
) -> tuple[Database, str | None]:
    """Open an existing database for a command that only reads it (or copies it).

    Returns the database and None when it can be written as usual, or a database opened with
    :func:`open_read_only` and the reason it cannot be written (a read-only file, folder or
    drive, or a full disk). Never creates a database: a missing file raises :class:`StorageError`.
    """
    from glutedesk.storage.errors import DiskFullError

    path = Path(path)
    reason = read_only_reason(path)
    if reason is None:
        try:
            return open_database(path, create=False, passphrase=passphrase), None
        except ReadOnlyDatabaseError as exc:
            reason = str(exc)
        except DiskFullError:
            # Reading needs no room: the records can still be checked, exported, backed up
            # elsewhere, which is what a full disk calls for.
            reason = "the disk is full, so nothing can be saved to it"
    return open_read_only(path, passphrase=passphrase), reason


def is_read_only(db: Reader) -> bool:
    """Whether ``db``'s connection refuses writes (opened read-only, or saving switched off)."""
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def open_memory_database() -> Database:
    """Return a migrated in-memory database (for tests and throwaway work)."""
    db = wrap_connection(sqlite3.connect(":memory:"))
    configure_connection(db, wal=False)
    MIGRATIONS.apply(db)
    return db


def wrap_connection(conn: sqlite3.Connection) -> Database:
    """Return a sqlite-utils ``Database`` over ``conn``, without sqlite-utils plugins.

    Plugins installed in the same Python environment could otherwise register SQL functions
    on the clinic's connection; GluteDesk's connection settings are its own. Skipping the
    plugin search also saves scanning every installed package at each start (about 13 ms).
    """
    from glutedesk.storage.anchored_database import AnchoredDatabase  # loads sqlite-utils

    return AnchoredDatabase(conn, execute_plugins=False)


def configure_connection(db: Database, *, wal: bool = True) -> None:
    """Apply GluteDesk's connection settings and check the ones SQLite may silently ignore."""
    _configure(db.conn, wal=wal)


def _configure(conn: sqlite3.Connection, *, wal: bool = True) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if wal:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StorageError(
                f"The database could not switch to safe write-ahead logging (mode {mode!r}); "
                "is it on a network drive?"
            )
    conn.execute("PRAGMA synchronous = FULL")
    if sys.platform == "darwin":
        conn.execute("PRAGMA fullfsync = ON")
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def connection_settings(db: Database) -> dict[str, object]:
    """Return the live values of the safety pragmas (for checks and tests)."""
    conn = db.conn
    return {
        "journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
        "synchronous": conn.execute("PRAGMA synchronous").fetchone()[0],
        "foreign_keys": conn.execute("PRAGMA foreign_keys").fetchone()[0],
        "busy_timeout": conn.execute("PRAGMA busy_timeout").fetchone()[0],
        "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
    }


def switch_off_saving(db: Database) -> None:
    """Make ``db`` refuse every write from now on (``query_only``), e.g. once damage is found."""
    db.conn.execute("PRAGMA query_only = ON")
