"""``glutedesk backup`` and ``glutedesk restore``: verified copies through SQLite's backup API.

A backup made with ``glutedesk backup`` is a manual backup (``…-manual.sqlite3``), which
automatic rotation never deletes, unless ``--automatic`` is given (for scheduled backups).
``--second-place DIR`` chooses the second backup place once (a USB stick or another disk); every
backup then also goes there when it is reachable. ``glutedesk restore`` warns when a backup's
bytes changed since GluteDesk wrote it (or it has no fingerprint); with ``--yes`` a changed
backup is still refused unless ``--accept-changed`` is given too.
"""

from __future__ import annotations

from pathlib import Path

import click

from glutedesk.cli import Refused, _db_path, cli, db_option, opened
from glutedesk.domain.counts import plural, record_counts


@cli.command("backup")
@db_option
@click.option(
    "--to",
    "to_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The folder for the backup (default: <database name>-backups beside the database).",
)
@click.option(
    "--keep",
    type=click.IntRange(1, 3650),
    default=None,
    help="Rotate: keep N days of automatic backups.",
)
@click.option(
    "--automatic",
    is_flag=True,
    help="Make an automatic backup (rotated like the app's) instead of a manual one.",
)
@click.option(
    "--second-place",
    "second",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Choose the second backup place (a USB stick or another disk; it must exist).",
)
@click.option("--no-second-place", is_flag=True, help="Forget the second backup place.")
@click.pass_context
def backup_cmd(
    ctx: click.Context,
    db: Path | None,
    to_dir: Path | None,
    keep: int | None,
    automatic: bool,
    second: Path | None,
    no_second_place: bool,
) -> None:
    """Back up the database (a verified copy made with SQLite's backup API)."""
    from glutedesk.storage.backup import (
        backup_stem,
        default_backup_dir,
        rotate_backups,
    )
    from glutedesk.storage.second_place import same_disk_warning

    if second is not None and no_second_place:
        raise Refused("Give either --second-place DIR or --no-second-place, not both.")
    path = _db_path(db or ctx.obj.get("db"))
    folder = to_dir or default_backup_dir(path)
    choosing = no_second_place or second is not None  # that writes a setting: open for writing
    with opened(path, create=False, reading=not choosing, logged="backup") as clinic:
        if no_second_place:
            clinic.set_second_place(None)
            click.echo("The second backup place is forgotten; backups go to one place only.")
        if second is not None:
            try:
                clinic.set_second_place(second)
            except ValueError as exc:
                raise Refused(str(exc)) from None
            click.echo(f"Second backup place: {second.expanduser().absolute()}")
            same = same_disk_warning(path, second)
            if same:
                click.echo(f"Warning: {same}")
        outcome = clinic.back_up(folder, manual=not automatic)
        warning = clinic.second_place_warning()
    removed = rotate_backups(folder, backup_stem(path), keep) if keep else []
    counts = outcome.check.counts
    click.echo(f"Backed up to {outcome.path} (verified: {record_counts(counts, ', ')})")
    if not automatic:
        click.echo("This is a manual backup: automatic rotation never deletes it.")
    if outcome.second is not None:
        if outcome.second.copied is not None:
            click.echo(f"Also copied to the second place, checked: {outcome.second.copied}")
        else:
            click.echo(f"Not copied to the second place: {outcome.second.problem}")
    if removed:
        click.echo(
            f"Removed {plural(len(removed), 'older automatic backup')}, "
            f"keeping {plural(keep, 'day')}."
        )
    if warning:
        click.echo(f"Warning: {warning}")


@cli.command("restore")
@db_option
@click.argument("backup", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--accept-changed",
    is_flag=True,
    help="With --yes: restore even a backup whose bytes changed since GluteDesk wrote it.",
)
@click.pass_context
def restore_cmd(
    ctx: click.Context, db: Path | None, backup: Path, yes: bool, accept_changed: bool
) -> None:
    """Replace the database with a backup (the current file is kept, moved aside)."""
    from glutedesk.storage.backup import BackupError, restore_database, verify_backup
    from glutedesk.storage.database import StorageError
    from glutedesk.storage.fingerprint import fingerprint_status, fingerprint_warning
    from glutedesk.storage.lock_file import database_in_use

    path = _db_path(db or ctx.obj.get("db"))
    holder = database_in_use(path)
    if holder is not None:
        raise Refused(f"GluteDesk (process {holder}) has {path} open; close it first.")
    from glutedesk.cli.passphrase import unlock_for_cli

    unlock_for_cli(backup)
    check = verify_backup(backup)
    if not check.ok:
        raise Refused(
            f"{backup.name} cannot be restored: {check.problems[0]}. Nothing was changed."
        )
    status = fingerprint_status(backup)
    warning = fingerprint_warning(backup, status)
    if warning:
        click.echo(f"Warning: {warning}", err=True)
    if status == "changed" and yes and not accept_changed:
        raise Refused(
            f"{backup.name} changed since GluteDesk wrote it; to restore it anyway add "
            "--accept-changed. Nothing was changed."
        )
    if not yes:
        question = (
            f"Replace {path} with {backup.name} ({record_counts(check.counts, ', ')})? "
            "The current file is kept beside it"
        )
        if warning:
            question = f"Restore {backup.name} anyway, replacing {path}? The current file is kept"
        click.confirm(question, abort=True, default=False)
    try:
        result = restore_database(path, backup, accept_changed=status == "changed")
    except (BackupError, StorageError) as exc:
        raise Refused(str(exc)) from None
    click.echo(f"Restored {path} from {backup.name}.")
    if result.moved_aside:
        click.echo(f"The replaced file is kept as {result.moved_aside[0]}")
