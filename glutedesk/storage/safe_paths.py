"""Read an input file and write an output file safely: regular files only, whole or not at all.

An input path may name anything: a named pipe (reading it waits for a writer forever), a device
(``/dev/zero`` never ends), a folder, a file of gigabytes. :func:`read_regular_file` reads only a
regular file no larger than a limit, and never blocks on opening. An output path may name a
symbolic link or a device that writing would follow or replace; :func:`write_file_atomically`
writes only to a new name or an existing regular file, through a temporary file in the same
folder renamed into place, so a failure leaves nothing partial. Every refusal is a one-line
:class:`PathRefused` naming the path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from glutedesk.storage.backup_files import fsync_dir

_CHUNK = 1 << 20


class PathRefused(ValueError):
    """A path is not something GluteDesk will read or write; ``str()`` says why, in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


def one_line(text: str, limit: int = 400) -> str:
    """``text`` shortened to ``limit`` characters, control characters shown escaped.

    Messages quote file names and values from files; a line break or a terminal escape in one
    must not break the one-line message or reach the terminal.
    """
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def describe_kind(mode: int) -> str:
    """Return what a file of this ``st_mode`` is, in words ("a folder", "a named pipe"...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISREG(mode):
        return "a file"
    return "not a regular file"


def open_regular_file(path: Path, *, limit: int, what: str = "file") -> tuple[int, int]:
    """Open the regular file at ``path`` for reading; return its descriptor and size.

    Refuses (:class:`PathRefused`) what :func:`read_regular_file` refuses, without reading:
    opening never waits (a named pipe is refused), and a file larger than ``limit`` bytes is
    refused by its size. The caller closes the descriptor.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise PathRefused(_cannot_open(path, exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise PathRefused(f"{path} is {describe_kind(info.st_mode)}, not a {what}.")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise PathRefused(_cannot_open(path, exc)) from None
    try:
        info = os.fstat(fd)  # the path may have been swapped for something else since stat()
        if not stat.S_ISREG(info.st_mode):
            raise PathRefused(f"{path} is {describe_kind(info.st_mode)}, not a {what}.")
        if info.st_size > limit:
            raise PathRefused(_too_large(path, info.st_size, limit, what))
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def read_regular_file(path: Path, *, limit: int, what: str = "file") -> bytes:
    """Return the bytes of the regular file at ``path`` (symbolic links are followed).

    Refuses (:class:`PathRefused`) a missing or unreadable path, anything that is not a regular
    file, and a file larger than ``limit`` bytes, before reading more than ``limit + 1`` bytes.
    Opening never waits: a named pipe is refused, not read.
    """
    fd, _size = open_regular_file(path, limit=limit, what=what)
    try:
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            except OSError as exc:
                raise PathRefused(f"Cannot read {path}: {exc.strerror or exc}") from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # grew while being read, or a special file reporting size 0
            raise PathRefused(_too_large(path, size, limit, what, at_least=True))
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_output_file(path: Path) -> None:
    """Refuse (:class:`PathRefused`) an output path that is not a new name or a regular file.

    A symbolic link (even to a regular file), a device, a named pipe, a socket or a folder is
    refused, as is a path whose folder does not exist. Nothing is created.
    """
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        raise PathRefused(f"Cannot write {path}: {path.parent} is not a folder.") from None
    except OSError as exc:
        raise PathRefused(f"Cannot write {path}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise PathRefused(
            f"Cannot write {path}: it is a symbolic link; name the file itself or a new file."
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise PathRefused(
            f"Cannot write {path}: it is {describe_kind(info.st_mode)}, not a file; "
            "name a new file or an existing one to replace."
        )
    folder = path.parent
    try:
        folder_info = os.stat(folder)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise PathRefused(f"Cannot write {path}: the folder {folder} does not exist.") from None
        raise PathRefused(f"Cannot write {path}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(folder_info.st_mode):
        raise PathRefused(f"Cannot write {path}: {folder} is not a folder.")


def check_not_database(path: Path, database: Path) -> None:
    """Refuse (:class:`PathRefused`) an output path that is ``database`` or a file SQLite keeps
    beside it (``-wal``, ``-shm``, ``-journal``): writing there would replace the records."""
    path, database = Path(path), Path(database)
    for suffix in ("", "-wal", "-shm", "-journal"):
        kept = database.with_name(database.name + suffix)
        if _same_file(path, kept):
            raise PathRefused(
                f"Cannot write {path}: it is the database{' file ' + kept.name if suffix else ''}"
                f" ({database}); choose another name."
            )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return os.path.realpath(a) == os.path.realpath(b)


def check_output_folder(path: Path) -> None:
    """Refuse (:class:`PathRefused`) an output folder path that exists but is not a folder.

    A missing folder is fine (it will be created); a symbolic link to a folder is followed, but
    a link to nothing, a file, a device or a named pipe is refused.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise PathRefused(f"Cannot write to {path}: a symbolic link to nothing.") from None
        return
    except OSError as exc:
        raise PathRefused(f"Cannot write to {path}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise PathRefused(
            f"Cannot write to {path}: it is {describe_kind(info.st_mode)}, not a folder."
        )


def write_file_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or pieces of bytes written as they come) to ``path`` whole, or
    leave ``path`` as it was.

    The target is checked with :func:`check_output_file`; the bytes go to a temporary file in
    the same folder (created owner-only), are flushed to disk, and the temporary file is renamed
    over ``path``. On any failure (a full disk, say) the temporary file is removed and ``OSError``
    or :class:`PathRefused` is raised.
    """
    path = Path(path)
    check_output_file(path)
    fd, temp_name = tempfile.mkstemp(prefix=".glutedesk-", suffix=".partial", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in (data,) if isinstance(data, bytes) else data:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        check_output_file(path)  # again: the target may have changed while we wrote
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(path.parent)


def _cannot_open(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return f"No such file: {path}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Cannot read {path}: permission denied."
    if exc.errno == errno.ELOOP:
        return f"Cannot read {path}: a loop of symbolic links."
    return f"Cannot read {path}: {exc.strerror or exc}"


def _too_large(path: Path, size: int, limit: int, what: str, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"{path} is too large to be a {what} ({more}{size / 1e6:,.1f} MB; "
        f"the limit is {limit / 1e6:,.0f} MB)."
    )
