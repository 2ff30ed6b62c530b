"""sqlite-utils, imported the first time storage needs it: never before the first window.

Import ``Database`` and ``Migrations`` from here, not from ``sqlite_utils``, where they are
needed at run time (elsewhere ``sqlite_utils`` is named only for type checking). The first
window reads its clients through the plain connection (see :mod:`glutedesk.storage.clinic`);
sqlite-utils (with click, dateutil and pluggy, about 60 ms) loads when a save, a migration or
any other verb first needs it.

sqlite-utils imports numpy when it is installed (matplotlib brings it in) only to map numpy
values to column types when it creates tables from data. GluteDesk defines its schema in
explicit SQL and never stores numpy values, and the import costs about 0.1 s, so numpy is
hidden from sqlite-utils while it is first imported. It is hidden from this thread only: the
app's warm-up imports matplotlib (and numpy with it) on another thread at the same time, and
hiding numpy from the whole process (``sys.modules["numpy"] = None``) made that import fail.
"""

from __future__ import annotations

import sys
import threading
from importlib.machinery import ModuleSpec
from typing import Any


class _NoNumpyHere:
    """Refuses ``import numpy`` to the one thread that is importing sqlite-utils."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if name == "numpy" and threading.get_ident() == self.thread:
            raise ModuleNotFoundError("numpy is not needed by sqlite-utils here", name=name)
        return None  # every other import, and numpy on other threads, as usual


if "sqlite_utils" not in sys.modules:
    _hider = _NoNumpyHere()
    sys.meta_path.insert(0, _hider)
    try:
        import sqlite_utils  # noqa: F401
    finally:
        sys.meta_path.remove(_hider)

from sqlite_utils import Database, Migrations  # noqa: E402  (after numpy is hidden)

__all__ = ["Database", "Migrations"]
