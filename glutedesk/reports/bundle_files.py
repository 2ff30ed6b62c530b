"""Writing a folder of files that hold client data: owner-only, and whole or not at all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def replace_folder(work: Path, folder: Path) -> None:
    """Rename the finished ``work`` folder to ``folder``, replacing an older bundle there."""
    old = None
    if folder.exists() or folder.is_symlink():
        old = folder.with_name(f".{folder.name}-replaced-{os.getpid()}")
        os.replace(folder, old)
    try:
        os.replace(work, folder)
    except OSError:
        if old is not None:
            os.replace(old, folder)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` to a new owner-only (0600) file at ``path``."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(handle, "w", encoding="utf-8") as file:
        file.write(text)
