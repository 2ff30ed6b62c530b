"""``glutedesk passphrase set|change|remove``: protect a clinic with a passphrase (SQLCipher 4).

The current passphrase comes from ``GLUTEDESK_PASSPHRASE`` and a new one from
``GLUTEDESK_NEW_PASSPHRASE`` when they are set (for scripts); otherwise they are asked on the
terminal (a new one twice). With neither, the command refuses in one line. Every other command
reads ``GLUTEDESK_PASSPHRASE`` or asks, through :func:`passphrase_for`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from glutedesk.cli import Refused, _db_path, cli, db_option
from glutedesk.domain.counts import plural

if TYPE_CHECKING:
    from glutedesk.storage.protect import ProtectResult

ENV_CURRENT = "GLUTEDESK_PASSPHRASE"
ENV_NEW = "GLUTEDESK_NEW_PASSPHRASE"
ENV_RECOVERY = "GLUTEDESK_RECOVERY_KEY"
MIN_LENGTH = 8


def _can_ask() -> bool:
    return sys.stdin.isatty()


def passphrase_for(path: Path) -> str | None:
    """The passphrase for the clinic at ``path`` if it is protected (None when it is plain).

    From ``GLUTEDESK_PASSPHRASE``, else asked once on the terminal; refuses in one line when
    neither is possible.
    """
    from glutedesk.storage.unlock import is_protected

    if not is_protected(path):
        return None
    given = os.environ.get(ENV_CURRENT)
    if given:
        return given
    if not _can_ask():
        raise Refused(
            f"{path} is protected by a passphrase: set {ENV_CURRENT} or run this command in a "
            "terminal to type it."
        )
    return str(click.prompt(f"Passphrase for {path.name}", hide_input=True, err=True))


def unlock_for_cli(path: Path) -> None:
    """Unlock a protected file (a clinic or a backup) for this command, or refuse in one line."""
    from glutedesk.storage.database import StorageError
    from glutedesk.storage.unlock import unlock

    passphrase = passphrase_for(path)
    if passphrase is None:
        return
    try:
        unlock(path, passphrase)
    except StorageError as exc:
        raise Refused(str(exc)) from None


def warn_plain_copy(written: Path) -> None:
    """Say that an export of a protected clinic is not encrypted; make it owner-only."""
    paths = [written, *written.rglob("*")] if written.is_dir() else [written]
    for path in paths:
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
    click.echo(
        f"glutedesk: note: {written} is NOT encrypted (exports leave the protected clinic); "
        "it is readable by your user only. Keep it safe and delete it when it is no longer "
        "needed.",
        err=True,
    )


def say_finished_change(path: Path) -> None:
    """Tell (on stderr) what finishing an interrupted passphrase change did at this open."""
    from glutedesk.storage.cipher import key_for
    from glutedesk.storage.protect import take_finished_change

    result = take_finished_change(path)
    if result is None:
        return
    for backup, why in result.backups_failed:
        click.echo(f"glutedesk: {_label(path, backup)}: NOT re-written ({why}).", err=True)
    for draft, why in result.drafts_failed:
        click.echo(f"glutedesk: draft {draft.name}: NOT re-written ({why}).", err=True)
    _say_second_place_unreached(result)
    protected = key_for(path) is not None  # known: the open file's header is not read again
    state = "under the new passphrase" if protected else "in the clear, as asked"
    left = len(result.unencrypted_left()) if protected else 0
    click.echo(
        "glutedesk: note: finished the passphrase change that was interrupted: "
        f"{plural(len(result.backups_rewritten), 'backup')} and "
        f"{plural(len(result.drafts_resealed), 'unsaved draft')} re-written {state}"
        + (f"; {plural(left, 'backup')} can still be read without it." if left else "."),
        err=True,
    )


def _new_passphrase() -> str:
    given = os.environ.get(ENV_NEW)
    if given is None:
        if not _can_ask():
            raise Refused(
                f"No new passphrase: set {ENV_NEW} or run this command in a terminal to type it."
            )
        given = str(
            click.prompt(
                "New passphrase", hide_input=True, confirmation_prompt="Repeat it", err=True
            )
        )
    if len(given) < MIN_LENGTH:
        raise Refused(f"The new passphrase is too short (at least {MIN_LENGTH} characters).")
    return given


def _unlock_current(path: Path, *, with_recovery: bool) -> None:
    from glutedesk.storage.database import StorageError
    from glutedesk.storage.unlock import is_protected, unlock_with_recovery

    if not is_protected(path):
        raise Refused(f"{path} is not protected by a passphrase; nothing was changed.")
    if not with_recovery:
        unlock_for_cli(path)
        return
    key = os.environ.get(ENV_RECOVERY)
    if not key:
        if not _can_ask():
            raise Refused(f"No recovery key: set {ENV_RECOVERY} or run this in a terminal.")
        key = str(click.prompt("Recovery key", err=True))
    try:
        unlock_with_recovery(path, key)
    except StorageError as exc:
        raise Refused(str(exc)) from None


def _existing(db: Path | None, ctx: click.Context) -> Path:
    from glutedesk.storage.lock_file import database_in_use

    path = _db_path(db or ctx.obj.get("db"))
    if not path.exists():
        raise Refused(f"No GluteDesk database at {path}; nothing was changed.")
    holder = database_in_use(path)
    if holder is not None:
        raise Refused(f"GluteDesk (process {holder}) has {path} open; close it first.")
    return path


def _apply(path: Path, new: str | None, *, remove_unencrypted: bool = False) -> None:
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import StorageError
    from glutedesk.storage.protect import change_protection

    try:
        Clinic.open(path, create=False).close()  # migrated and checked before re-writing
        say_finished_change(path)
        result = change_protection(path, new)
    except StorageError as exc:
        raise Refused(str(exc)) from None
    _say_backups(path, result, new is not None, remove_unencrypted)
    for draft, why in result.drafts_failed:
        click.echo(f"Draft {draft.name}: NOT re-written ({why}).", err=True)
    if result.drafts_resealed:
        click.echo(f"{plural(len(result.drafts_resealed), 'unsaved draft')} re-written.")
    if result.recovery_key:
        click.echo(
            "Recovery key (shown only now; print it or write it down and keep it away from "
            f"the laptop):\n\n    {result.recovery_key}\n\n"
            "If both the passphrase and the recovery key are lost, the records are lost."
        )


def _label(path: Path, backup: Path) -> str:
    from glutedesk.storage.backup_files import default_backup_dir

    if backup.parent == default_backup_dir(path):
        return f"Backup {backup.name}"
    return f"Second-place copy {backup.name} ({backup.parent})"


def _say_backups(path: Path, result: ProtectResult, protecting: bool, remove: bool) -> None:
    """One line per backup in both places, the removal of unencrypted ones if confirmed."""
    from glutedesk.storage.protect_backups import remove_backups

    state = "encrypted with the new passphrase" if protecting else "written without a passphrase"
    for backup in result.backups_rewritten:
        click.echo(f"{_label(path, backup)}: {state}.")
    for backup, why in result.backups_failed:
        click.echo(f"{_label(path, backup)}: NOT re-written ({why}).", err=True)
    _say_second_place_unreached(result)
    left = result.unencrypted_left() if protecting else []
    if left and not remove and _can_ask():
        remove = click.confirm(
            f"{plural(len(left), 'backup')} above could not be encrypted and can be read without "
            "the passphrase. Remove them?",
            default=False,
            err=True,
        )
    removed = remove_backups(left) if left and remove else []
    for backup, gone in removed:
        what = "removed (it could not be encrypted)" if gone else "could NOT be removed"
        click.echo(f"{_label(path, backup)}: {what}.", err=not gone)
    kept = len(left) - sum(1 for _b, gone in removed if gone)
    if kept:
        click.echo(
            f"glutedesk: {plural(kept, 'backup')} can still be read without the passphrase "
            "(listed above): delete them, or run with --remove-unencrypted.",
            err=True,
        )
    second = [b for b in result.backups_rewritten if _label(path, b).startswith("Second")]
    click.echo(
        f"Backups: {len(result.backups_rewritten)} re-written ({len(second)} at the second "
        f"place), {sum(1 for _b, gone in removed if gone)} removed, {kept} left readable."
    )


@cli.group("passphrase")
def passphrase_group() -> None:
    """Protect the clinic with a passphrase (encrypts the database, backups and drafts)."""


@passphrase_group.command("set")
@db_option
@click.option(
    "--remove-unencrypted",
    is_flag=True,
    help="Remove backups (here or at the second place) that cannot be encrypted, without asking.",
)
@click.pass_context
def set_cmd(ctx: click.Context, db: Path | None, remove_unencrypted: bool) -> None:
    """Protect an unprotected clinic with a new passphrase."""
    from glutedesk.storage.unlock import is_protected

    path = _existing(db, ctx)
    if is_protected(path):
        raise Refused(f"{path} is already protected; use 'glutedesk passphrase change'.")
    _apply(path, _new_passphrase(), remove_unencrypted=remove_unencrypted)
    click.echo(f"{path} is now protected by a passphrase.")


@passphrase_group.command("change")
@db_option
@click.option("--recovery-key", "recovery", is_flag=True, help="Unlock with the recovery key.")
@click.option(
    "--remove-unencrypted",
    is_flag=True,
    help="Remove backups (here or at the second place) that cannot be encrypted, without asking.",
)
@click.pass_context
def change_cmd(
    ctx: click.Context, db: Path | None, recovery: bool, remove_unencrypted: bool
) -> None:
    """Change the passphrase (the current one, or the recovery key, unlocks first)."""
    path = _existing(db, ctx)
    _unlock_current(path, with_recovery=recovery)
    _apply(path, _new_passphrase(), remove_unencrypted=remove_unencrypted)
    click.echo(f"The passphrase of {path} was changed; the old recovery key no longer works.")


@passphrase_group.command("remove")
@db_option
@click.pass_context
def remove_cmd(ctx: click.Context, db: Path | None) -> None:
    """Remove the protection: the database, backups and drafts are written in the clear."""
    path = _existing(db, ctx)
    _unlock_current(path, with_recovery=False)
    _apply(path, None)
    click.echo(f"{path} is no longer protected; anyone with the file can read it.")


def _say_second_place_unreached(result: ProtectResult) -> None:
    if not result.second_place_reached:
        click.echo(
            f"glutedesk: the second backup place {result.second_place} cannot be reached (is "
            "the drive plugged in?); copies made there before were not re-written yet and "
            "may be readable without the passphrase until they are: the first open of the "
            "clinic with the drive plugged in re-writes them.",
            err=True,
        )
