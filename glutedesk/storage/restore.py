"""Restoring a backup over the database, journalled so no interruption can strand the clinic.

The backup is checked first (and its fingerprint compared); a damaged, foreign, newer or changed
backup is refused before the live file is touched. It is then copied with the backup API beside
the live file and checked again. Only then do the file moves happen, each named beforehand in
the restore journal (:mod:`glutedesk.storage.restore_journal`), so a restore killed at any step
is finished on the next start; the old clinic is kept whole as ``<name>.replaced-<time>``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from glutedesk.storage import cipher
from glutedesk.storage.backup import BackupError, Progress, copy_database, os_error
from glutedesk.storage.backup_check import verify_backup
from glutedesk.storage.backup_files import (
    SIDE_FILES,
    aside_name,
    fsync_file,
    remove_quietly,
)
from glutedesk.storage.fingerprint import fingerprint_status, fingerprint_warning
from glutedesk.storage.restore_journal import (
    RestorePlan,
    copy_path,
    finish_restore,
    journal_path,
    ready,
    recover_leftovers,
    restore_lock,
    write_journal,
)


class BackupChanged(BackupError):
    """The backup's bytes differ from the fingerprint GluteDesk recorded when it wrote it."""


@dataclass(frozen=True)
class RestoreResult:
    """What :func:`restore_database` did: the backup used and where the old files went."""

    restored_from: Path
    moved_aside: tuple[Path, ...]
    counts: dict[str, int]


def restore_database(
    db_path: Path,
    backup: Path,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    accept_changed: bool = False,
) -> RestoreResult:
    """Replace the database at ``db_path`` with the backup ``backup``.

    The backup is verified first; a damaged, foreign or newer backup raises
    :class:`BackupError`, and one whose bytes changed since GluteDesk wrote it raises
    :class:`BackupChanged` unless ``accept_changed``, before the live file is touched. The
    backup is copied with the backup API beside the live file and checked again; then, as the
    journal names them, the live file (with its ``-wal``/``-shm``) is moved aside to
    ``<name>.replaced-<time>``, the copy renamed into its place and the restore logged in the
    restored audit trail. The database must not be open anywhere while this runs.
    """
    db_path, backup = Path(db_path), Path(backup)
    check = verify_backup(backup)
    if not check.ok:
        raise BackupError(
            f"{backup.name} cannot be restored: {check.problems[0]}. Your database has not "
            "been changed."
        )
    if not accept_changed and fingerprint_status(backup) == "changed":
        raise BackupChanged(
            f"{fingerprint_warning(backup, 'changed')} Your database has not been changed."
        )
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error("restore", db_path, exc) from None
    recover_leftovers(db_path)
    with restore_lock(db_path) as free:
        if not free:
            raise BackupError("Another GluteDesk is restoring into this folder; try again soon.")
        plan = RestorePlan(
            database=db_path.name,
            copy=copy_path(db_path).name,
            aside=aside_name(db_path, "replaced", now).name,
            backup=backup.name,
            backup_last_audit_id=check.last_audit_id,
        )
        copy = copy_path(db_path)
        try:
            write_journal(db_path, plan)
            _write_copy(backup, copy, progress)
            copied = verify_backup(copy, expected_counts=check.counts)
            if not copied.ok:
                raise BackupError(f"The restored copy failed its check ({copied.problems[0]}).")
            fsync_file(copy)
            write_journal(db_path, ready(plan))
        except BaseException as exc:
            for suffix in ("", *SIDE_FILES):
                remove_quietly(copy.with_name(copy.name + suffix))
            remove_quietly(journal_path(db_path))
            if isinstance(exc, OSError):
                raise os_error("restore", db_path, exc) from None
            raise
        try:
            moved = finish_restore(db_path, ready(plan))
        except OSError as exc:
            raise BackupError(
                f"The restore stopped part-way ({exc.strerror or exc}); it will be finished "
                "the next time GluteDesk opens this database."
            ) from None
    return RestoreResult(backup, moved, check.counts)


def _write_copy(backup: Path, copy: Path, progress: Progress | None) -> None:
    source = cipher.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        copy_database(source, copy, progress, read_counts=False)
    finally:
        source.close()
