"""``glutedesk backup`` and ``glutedesk restore``: verified copies through SQLite's backup API."""

from __future__ import annotations

from pathlib import Path

import click

from glutedesk.cli import Refused, _db_path, cli, db_option, opened


@cli.command("backup")
@db_option
@click.option(
    "--to",
    "to_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The folder for the backup (default: <database name>-backups beside the database).",
)
@click.option("--keep", type=click.IntRange(1, 3650), default=None, help="Rotate: keep N days.")
@click.pass_context
def backup_cmd(ctx: click.Context, db: Path | None, to_dir: Path | None, keep: int | None) -> None:
    """Back up the database (a verified copy made with SQLite's backup API)."""
    from glutedesk.storage.backup import (
        backup_database,
        backup_stem,
        default_backup_dir,
        rotate_backups,
        verify_backup,
    )

    path = _db_path(db or ctx.obj.get("db"))
    folder = to_dir or default_backup_dir(path)
    with opened(path, create=False, reading=True, logged="backup") as database:
        made = backup_database(database, folder)
    check = verify_backup(made)
    removed = rotate_backups(folder, backup_stem(path), keep) if keep else []
    counts = check.counts
    click.echo(
        f"Backed up to {made} (verified: {counts.get('clients', 0)} clients, "
        f"{counts.get('visits', 0)} visits)"
    )
    if removed:
        click.echo(f"Removed {len(removed)} older backup(s), keeping {keep} day(s).")


@cli.command("restore")
@db_option
@click.argument("backup", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def restore_cmd(ctx: click.Context, db: Path | None, backup: Path, yes: bool) -> None:
    """Replace the database with a backup (the current file is kept, moved aside)."""
    from glutedesk.storage.backup import BackupError, restore_database, verify_backup
    from glutedesk.storage.database import StorageError
    from glutedesk.storage.startup import database_in_use

    path = _db_path(db or ctx.obj.get("db"))
    holder = database_in_use(path)
    if holder is not None:
        raise Refused(f"GluteDesk (process {holder}) has {path} open; close it first.")
    check = verify_backup(backup)
    if not check.ok:
        raise Refused(
            f"{backup.name} cannot be restored: {check.problems[0]}. Nothing was changed."
        )
    if not yes:
        click.confirm(
            f"Replace {path} with {backup.name} ({check.counts.get('clients', 0)} clients, "
            f"{check.counts.get('visits', 0)} visits)? The current file is kept beside it",
            abort=True,
        )
    try:
        result = restore_database(path, backup)
    except (BackupError, StorageError) as exc:
        raise Refused(str(exc)) from None
    click.echo(f"Restored {path} from {backup.name}.")
    if result.moved_aside:
        click.echo(f"The replaced file is kept as {result.moved_aside[0]}")
