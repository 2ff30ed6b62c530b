"""sqlite-utils, imported the first time storage needs it: never before the first window.

Import ``Database`` and ``Migrations`` from here, not from ``sqlite_utils``, where they are
needed at run time (elsewhere ``sqlite_utils`` is named only for type checking). The first
window reads its clients through the plain connection (see :mod:`glutedesk.storage.clinic`);
sqlite-utils (with click, dateutil and pluggy, about 60 ms) loads when a save, a migration or
any other verb first needs it.

sqlite-utils imports numpy when it is installed (matplotlib brings it in) only to map numpy
values to column types when it creates tables from data. GluteDesk defines its schema in
explicit SQL and never stores numpy values, and the import costs about 0.1 s, so numpy is
hidden from sqlite-utils while it is first imported. numpy itself is untouched: matplotlib
imports it normally when a chart is first drawn.
"""

from __future__ import annotations

import sys

if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` fail
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]

from sqlite_utils import Database, Migrations

__all__ = ["Database", "Migrations"]
