"""The restore journal: a restore interrupted at any step is finished (or undone) on the next start.

A restore writes ``<name>.restore-journal`` (flushed to disk, replaced whole) before it touches
anything, and again once the verified copy ``<name>.restoring`` is on disk, naming every move it
will make:

1. phase ``copying``: the copy is being written; the clinic is untouched.
2. phase ``ready``: the copy is complete and checked. Moves follow: the live file, then its
   ``-wal``, ``-shm`` and ``-journal`` to ``<name>.replaced-<time>``; then the copy to ``<name>``;
   then the restore is written to the restored clinic's audit trail; then the journal goes.

:func:`recover_leftovers` runs first thing whenever a database is opened (every command and the
app's start). A ``copying`` journal (or a copy without a journal) is removed: the clinic is as it
was. A ``ready`` journal is carried through to the end: the restored clinic, complete, with the
old one kept whole (its ``-wal`` beside it) as ``.replaced-<time>``. A database file is never
opened while its ``-wal`` sits under another name. While a restore runs, it holds a lock on the
database's folder, so a second GluteDesk waits instead of "recovering" a restore in progress.

Standard library only at import time, so :mod:`glutedesk.storage.database` can call it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from glutedesk.storage import cipher
from glutedesk.storage.backup_files import (
    SIDE_FILES,
    clean_stale_partials,
    default_backup_dir,
    fsync_dir,
    remove_quietly,
)
from glutedesk.storage.private_files import replace_whole

JOURNAL_SUFFIX = ".restore-journal"
COPY_SUFFIX = ".restoring"
FORMAT = "glutedesk-restore-journal"

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one GluteDesk at a time is assumed there
    fcntl = None  # type: ignore[assignment]  # callers check for None


@dataclass(frozen=True)
class RestorePlan:
    """One restore as the journal names it (file names are in the database's folder)."""

    database: str
    copy: str
    aside: str
    backup: str
    backup_last_audit_id: int
    phase: str = "copying"


def journal_path(db_path: Path) -> Path:
    """Return the restore journal of ``db_path``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + JOURNAL_SUFFIX)


def copy_path(db_path: Path) -> Path:
    """Return the name a restore writes its verified copy under."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + COPY_SUFFIX)


def write_journal(db_path: Path, plan: RestorePlan) -> None:
    """Write ``plan`` as the journal of ``db_path``: whole, owner-only and flushed to disk."""
    target = journal_path(db_path)
    data = json.dumps({"format": FORMAT, "version": 1, **asdict(plan)}, indent=1)
    replace_whole(target, data.encode("utf-8"), target.with_name(target.name + ".tmp"))
    fsync_dir(target.parent)


def read_journal(db_path: Path) -> RestorePlan | None:
    """Return the plan in ``db_path``'s journal; None if there is none or it is not whole.

    The journal is only ever replaced whole, so an unreadable one can only be a first journal
    cut short before the restore touched anything.
    """
    try:
        data = json.loads(journal_path(db_path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        return RestorePlan(
            database=str(data["database"]),
            copy=str(data["copy"]),
            aside=str(data["aside"]),
            backup=str(data["backup"]),
            backup_last_audit_id=int(data["backup_last_audit_id"]),
            phase=str(data["phase"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@contextlib.contextmanager
def restore_lock(db_path: Path) -> Iterator[bool]:
    """Hold the restore lock on ``db_path``'s folder; yields False if another process holds it."""
    folder = Path(db_path).parent
    if fcntl is None:
        yield True
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _leftovers(db_path: Path) -> list[Path]:
    journal = journal_path(db_path)
    found = [journal, journal.with_name(journal.name + ".tmp")]
    copy = copy_path(db_path)
    found += [copy.with_name(copy.name + s) for s in ("", *SIDE_FILES)]
    return [p for p in found if p.exists()]


def recover_leftovers(db_path: Path) -> list[str]:
    """Finish or undo an interrupted restore of ``db_path`` and remove leftovers; say what was done.

    Run before the database is opened. Raises ``StorageError`` while another GluteDesk is
    restoring this database, or if a journalled move cannot be made (nothing is opened then).
    """
    db_path = Path(db_path)
    notes: list[str] = []
    if not db_path.parent.is_dir():
        return notes
    if _leftovers(db_path):
        with restore_lock(db_path) as free:
            if not free:
                from glutedesk.storage.database import StorageError

                raise StorageError(
                    f"Another GluteDesk is restoring {db_path.name} right now; try again when "
                    "it has finished."
                )
            notes += _recover(db_path)
    for path in clean_stale_partials(default_backup_dir(db_path), db_path.stem):
        notes.append(f"Removed the half-written backup {path.name}.")
    return notes


def _recover(db_path: Path) -> list[str]:
    plan = read_journal(db_path)
    if plan is not None and plan.phase == "ready":
        try:
            finish_restore(db_path, plan)
        except OSError as exc:
            from glutedesk.storage.database import StorageError

            raise StorageError(
                f"An interrupted restore of {db_path.name} could not be finished "
                f"({exc.strerror or exc}); nothing has been opened. Free the disk or folder "
                "and start GluteDesk again."
            ) from None
        return [f"An interrupted restore from {plan.backup} was completed."]
    if plan is None and not db_path.exists() and copy_path(db_path).exists():
        return _finish_unjournalled(db_path)
    for path in _leftovers(db_path):
        remove_quietly(path)
    fsync_dir(db_path.parent)
    return ["An interrupted restore had not touched the database; its copy was removed."]


def _finish_unjournalled(db_path: Path) -> list[str]:
    """Finish a restore an older GluteDesk (without journals) left between its moves.

    It renamed ``.restoring`` only after checking it and after moving the live file aside, so
    with no database at its name the copy is the whole restored clinic. A ``-wal`` or ``-shm``
    still at the database's name belongs to the file it moved aside last: it joins it there.
    """
    folder = db_path.parent
    asides = sorted(
        p for p in folder.glob(f"{db_path.name}.replaced-*") if not p.name.endswith(SIDE_FILES)
    )
    strays = [db_path.with_name(db_path.name + s) for s in SIDE_FILES]
    if not asides and any(p.exists() for p in strays):
        from glutedesk.storage.database import StorageError

        # A log without its database file: never put another file beside it.
        raise StorageError(
            f"{db_path.name} is missing but its write-ahead log is still there; nothing has "
            f"been opened. Restore a backup or move {db_path.name}-wal away first."
        )
    for stray in strays:
        if stray.exists():
            aside = asides[-1]
            os.replace(stray, aside.with_name(aside.name + stray.name[len(db_path.name) :]))
    fsync_dir(folder)
    os.replace(copy_path(db_path), db_path)
    fsync_dir(folder)
    _anchor_restored(db_path)
    return ["An interrupted restore (by an older GluteDesk) was completed."]


def _anchor_restored(db_path: Path) -> None:
    """Anchor the restored clinic's audit head, so check does not read the swap as a cut trail."""

    from glutedesk.storage.audit_anchor import reanchor
    from glutedesk.storage.database import wrap_connection

    db = wrap_connection(cipher.connect(db_path))
    try:
        reanchor(db)
    finally:
        db.close()


def finish_restore(db_path: Path, plan: RestorePlan) -> tuple[Path, ...]:
    """Carry a ``ready`` restore through to the end; return the old clinic's files (moved aside).

    Every step checks what is already done, so it can run again after an interruption at any
    point. Used both by the restore itself and by :func:`recover_leftovers`.
    """
    folder = db_path.parent
    copy = folder / plan.copy
    aside = folder / plan.aside
    if copy.exists():
        # The copy is not in place yet: the old clinic (whatever of it is still at its name)
        # moves aside as a set, main file first, then its log files.
        for suffix in ("", *SIDE_FILES):
            source = db_path.with_name(db_path.name + suffix)
            if source.exists():
                os.replace(source, aside.with_name(aside.name + suffix))
        fsync_dir(folder)
        os.replace(copy, db_path)
        fsync_dir(folder)
    elif not db_path.exists():
        # The copy vanished before it was put in place: put the old clinic back whole.
        for suffix in ("", *SIDE_FILES):
            moved = aside.with_name(aside.name + suffix)
            if moved.exists():
                os.replace(moved, db_path.with_name(db_path.name + suffix))
        fsync_dir(folder)
        _drop_journal(db_path)
        return ()
    log_restore(db_path, plan)
    _drop_journal(db_path)
    return tuple(
        aside.with_name(aside.name + s)
        for s in ("", *SIDE_FILES)
        if aside.with_name(aside.name + s).exists()
    )


def _drop_journal(db_path: Path) -> None:
    remove_quietly(journal_path(db_path))
    fsync_dir(db_path.parent)


def log_restore(db_path: Path, plan: RestorePlan) -> None:
    """Write the restore to the restored clinic's audit trail, unless it is there already.

    The restored file holds the backup's audit entries up to ``backup_last_audit_id``; any entry
    after them was written by this restore (a second run must not log it twice).
    """
    from glutedesk.storage.audit import record_event
    from glutedesk.storage.database import configure_connection, wrap_connection
    from glutedesk.storage.migrations import MIGRATIONS

    conn = cipher.connect(str(db_path), timeout=5)
    db = wrap_connection(conn)
    try:
        configure_connection(db)
        MIGRATIONS.apply(db)
        last = db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        if last <= plan.backup_last_audit_id:
            record_event(db, "restore", detail=f"from {plan.backup}")
    finally:
        db.close()


def ready(plan: RestorePlan) -> RestorePlan:
    """Return ``plan`` marked as ready (its copy is complete and checked)."""
    return replace(plan, phase="ready")
