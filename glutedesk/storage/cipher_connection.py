"""An SQLCipher connection that behaves like an ``sqlite3`` one to the rest of ``storage``.

``sqlcipher3`` is a copy of Python's ``sqlite3`` module built against SQLCipher, with its own
exception classes. Every rule in ``storage`` (and in sqlite-utils) catches ``sqlite3`` errors,
so :class:`CipherConnection` and :class:`CipherCursor` pass every call through and raise the
``sqlite3`` exception of the same name (message, ``sqlite_errorcode`` and ``sqlite_errorname``
kept). Nothing else changes: the same SQL runs on both engines.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any, Literal

from glutedesk.storage.cipher import FileKey

_NAMES = (
    "IntegrityError",
    "OperationalError",
    "ProgrammingError",
    "NotSupportedError",
    "DataError",
    "InternalError",
    "InterfaceError",
    "DatabaseError",
    "Warning",
    "Error",
)


def as_sqlite3_error(exc: BaseException) -> BaseException:
    """The ``sqlite3`` exception matching an ``sqlcipher3`` one (others are returned as is)."""
    if type(exc).__module__.split(".")[0] != "sqlcipher3":
        return exc
    for name in _NAMES:
        if type(exc).__name__ == name:
            new = getattr(sqlite3, name)(*exc.args)
            for attr in ("sqlite_errorcode", "sqlite_errorname"):
                if hasattr(exc, attr):
                    setattr(new, attr, getattr(exc, attr))
            return new
    return exc


class _Translated:
    # A plain class, not @contextmanager: it wraps every statement of a protected clinic, and
    # a generator-based context manager costs several times more per use.
    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> Literal[False]:
        if not isinstance(exc, Exception):
            return False
        new = as_sqlite3_error(exc)
        if new is exc:
            return False
        raise new from None


_TRANSLATED = _Translated()


def translated() -> _Translated:
    """Re-raise ``sqlcipher3`` errors inside the block as their ``sqlite3`` equivalents."""
    return _TRANSLATED


def _rows(raw: Any) -> Iterator[Any]:
    with translated():
        yield from raw


class CipherCursor:
    """A cursor of a :class:`CipherConnection`."""

    def __init__(self, raw: Any, connection: CipherConnection) -> None:
        self._raw = raw
        self.connection = connection

    def execute(self, sql: str, parameters: Any = ()) -> CipherCursor:
        with translated():
            self._raw.execute(sql, parameters)
        return self

    def executemany(self, sql: str, seq: Any) -> CipherCursor:
        with translated():
            self._raw.executemany(sql, seq)
        return self

    def executescript(self, script: str) -> CipherCursor:
        with translated():
            self._raw.executescript(script)
        return self

    def fetchone(self) -> Any:
        with translated():
            return self._raw.fetchone()

    def fetchmany(self, size: int | None = None) -> list[Any]:
        with translated():
            return self._raw.fetchmany(size) if size is not None else self._raw.fetchmany()

    def fetchall(self) -> list[Any]:
        with translated():
            return self._raw.fetchall()

    def __iter__(self) -> Iterator[Any]:
        # One translated block around the whole loop, not one per row (a 100-visit timeline
        # reads thousands of rows).
        return _rows(self._raw)

    def __next__(self) -> Any:
        with translated():
            return next(self._raw)

    def close(self) -> None:
        self._raw.close()

    def __getattr__(self, name: str) -> Any:  # description, lastrowid, rowcount, arraysize…
        return getattr(self._raw, name)


class CipherConnection:
    """An open SQLCipher connection with ``sqlite3``'s interface and its file key."""

    def __init__(self, raw: Any, key: FileKey) -> None:
        self._raw = raw
        self.file_key = key

    @property
    def raw(self) -> Any:
        """The ``sqlcipher3`` connection (for the backup API between two such connections)."""
        return self._raw

    def cursor(self) -> CipherCursor:
        return CipherCursor(self._raw.cursor(), self)

    def execute(self, sql: str, parameters: Any = ()) -> CipherCursor:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq: Any) -> CipherCursor:
        return self.cursor().executemany(sql, seq)

    def executescript(self, script: str) -> CipherCursor:
        return self.cursor().executescript(script)

    def commit(self) -> None:
        with translated():
            self._raw.commit()

    def rollback(self) -> None:
        with translated():
            self._raw.rollback()

    def close(self) -> None:
        with translated():
            self._raw.close()

    def backup(self, target: Any, **kwargs: Any) -> None:
        with translated():
            self._raw.backup(getattr(target, "raw", target), **kwargs)

    def __enter__(self) -> CipherConnection:
        self._raw.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        with translated():
            return self._raw.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:  # in_transaction, total_changes, create_function…
        return getattr(self._raw, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("_raw", "file_key"):
            object.__setattr__(self, name, value)
        else:  # isolation_level, row_factory, text_factory
            setattr(self._raw, name, value)
