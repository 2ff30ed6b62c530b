"""A clinic created for a command that is then refused leaves nothing behind.

``glutedesk import`` and ``glutedesk demo`` create the clinic when the path names none (the
records need somewhere to go). When the command is then refused (an invalid record, too little
room, too few demo clients), the new file, what SQLite and GluteDesk keep beside it (``-wal``,
``-shm``, ``.audit-head``, the drafts and backup folders) and the folders made for it are removed
again: the disk is as it was before the command. A path that held anything is never touched.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def removed_if_refused(path: Path) -> Iterator[None]:
    """Run the body; if it raises and ``path`` named nothing before, remove what it created.

    The body must open *and close* the clinic (the files are removed after it is closed). A
    clinic that another process has open, or that holds a client, is left as it is.
    """
    path = Path(path)
    if path.exists() or path.is_symlink():
        yield
        return
    made_folders = _missing_folders(path.parent)
    before = set() if made_folders else _belonging(path)
    try:
        yield
    except BaseException:
        with contextlib.suppress(OSError):
            _remove_new(path, before, made_folders)
        raise


def _missing_folders(folder: Path) -> list[Path]:
    """The folders from ``folder`` up that do not exist yet, innermost first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _belonging(path: Path) -> set[Path]:
    """What lies beside ``path`` under a name that belongs to a clinic there."""
    backups = f"{path.stem}-backups"
    with contextlib.suppress(OSError):
        return {
            p for p in path.parent.iterdir() if p.name.startswith(path.name) or p.name == backups
        }
    return set()


def _remove_new(path: Path, before: set[Path], made_folders: list[Path]) -> None:
    if not path.is_file() or path.is_symlink() or not _unused_and_empty(path):
        return
    for item in sorted(_belonging(path) - before):
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item)
        else:
            item.unlink()
    for folder in made_folders:  # innermost first; only while empty
        folder.rmdir()


def _unused_and_empty(path: Path) -> bool:
    """Whether no connection has ``path`` open (its ``-wal`` is gone) and it holds no client."""
    if path.with_name(path.name + "-wal").exists():
        return False
    try:
        # immutable: the closed file is read as it is, nothing is created beside it
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    except sqlite3.Error:
        return False
    try:
        return conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    except sqlite3.Error:
        return False
    finally:
        conn.close()
