"""GluteDesk storage layer: the SQLite file, through sqlite-utils and the standard ``sqlite3``.

Importing the package loads nothing else: sqlite-utils is imported by
:mod:`glutedesk.storage.sqlite_utils_loader` when a verb first needs it, after the first window
has been painted (its reads go through the plain connection).
"""
