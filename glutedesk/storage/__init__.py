"""GluteDesk storage layer: the SQLite file, through sqlite-utils.

sqlite-utils imports numpy when it is installed (matplotlib brings it in) only to map numpy
values to column types when it creates tables from data. GluteDesk defines its schema in
explicit SQL and never stores numpy values, and the import costs about 0.1 s at every start
of the app, so numpy is hidden from sqlite-utils while it is first imported. numpy itself is
untouched: matplotlib imports it normally when a chart is first drawn.
"""

import sys

if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` fail
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]
