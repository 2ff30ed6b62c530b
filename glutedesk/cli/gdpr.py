"""``glutedesk sar``, ``glutedesk retention`` and ``glutedesk erase``: UK GDPR tools."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from glutedesk.cli import Refused, _db_path, cli, db_option, opened
from glutedesk.domain.counts import plural


@cli.command("sar")
@db_option
@click.option("--client", "client", required=True, help="The client (id or id prefix).")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(readable=False, path_type=Path),
    help="The folder to write the bundle into.",
)
@click.pass_context
def sar_cmd(ctx: click.Context, db: Path | None, client: str, out_dir: Path) -> None:
    """Write a subject-access bundle for one client (PDF + JSON, with amendments and audit)."""
    from glutedesk.reports.errors import ReportError
    from glutedesk.reports.sar import build_sar_bundle
    from glutedesk.storage.safe_paths import PathRefused, check_output_folder

    try:
        check_output_folder(out_dir)
    except PathRefused as exc:
        raise Refused(str(exc)) from None
    with opened(db or ctx.obj.get("db"), create=False, reading=True, logged="bundle") as clinic:
        client_id = clinic.resolve_client(client)
        try:
            folder = build_sar_bundle(clinic, client_id, out_dir)
            if clinic.protected:
                from glutedesk.cli.passphrase import warn_plain_copy

                warn_plain_copy(folder)
        except OSError as exc:
            raise Refused(f"Cannot write to {out_dir}: {exc.strerror or exc}") from None
        except ReportError as exc:
            raise Refused(str(exc)) from None
    click.echo(f"Subject access bundle written to {folder}")


@cli.command("retention")
@db_option
@click.option("--years", type=click.IntRange(1, 100), default=None, help="Retention period.")
@click.option("--all", "show_all", is_flag=True, help="List every client, not only those due.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Count from this date (YYYY-MM-DD) instead of today.",
)
@click.pass_context
def retention_cmd(
    ctx: click.Context,
    db: Path | None,
    years: int | None,
    show_all: bool,
    today: dt.datetime | None,
) -> None:
    """List records whose retention period has ended (nothing is deleted)."""
    day = today.date() if today else dt.date.today()
    with opened(db or ctx.obj.get("db"), create=False, reading=True) as clinic:
        period = years or clinic.retention_years()
        items = clinic.retention_schedule(period)
    due = [i for i in items if i.is_due(day)]
    shown = items if show_all else due
    for item in shown:
        mark = "DUE " if item.is_due(day) else "keep"
        click.echo(
            f"{mark}  {item.client_id[:8]}  {item.name:<32} until {item.keep_until}  "
            f"({item.reason})"
        )
    click.echo(
        f"{len(due)} of {plural(len(items), 'record')} past the retention period "
        f"({period} years after the last visit, or age 25 if later). "
        "Erase one with: glutedesk erase --client ID --reason TEXT --yes"
    )


@cli.command("erase")
@db_option
@click.option("--client", "client", required=True, help="The client (id or id prefix).")
@click.option("--reason", required=True, help="Why (kept in the audit log, without the name).")
@click.option("--yes", is_flag=True, help="Confirm: erase without asking.")
@click.option(
    "--purge-backups",
    is_flag=True,
    help="Also remove the client from every backup that still holds them.",
)
@click.option(
    "--backups-in",
    "second_places",
    multiple=True,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Also look in this second backup place (a USB stick, another disk); repeatable.",
)
@click.pass_context
def erase_cmd(
    ctx: click.Context,
    db: Path | None,
    client: str,
    reason: str,
    yes: bool,
    purge_backups: bool,
    second_places: tuple[Path, ...],
) -> None:
    """Erase a client's whole record after confirmation; the erasure is logged.

    Their drafts and any half-written files go too. The command lists the backups that still
    hold the client, with the day each rotates out, and purges them with --purge-backups.
    """
    from glutedesk.storage.lock_file import database_in_use

    path = _db_path(db or ctx.obj.get("db"))
    holder = database_in_use(path)
    if holder is not None:
        raise Refused(
            f"GluteDesk (process {holder}) has {path} open; erase from there or close it."
        )
    with opened(path, create=False) as clinic:
        client_id = clinic.resolve_client(client)
        name = clinic.client(client_id).name
        if not yes:
            click.confirm(
                f"Erase {name} ({client_id[:8]}) and every visit, permanently?", abort=True
            )
        configured = clinic.second_place().place
        if configured is not None and configured not in second_places:
            second_places = (*second_places, configured)
        report = clinic.erase_everywhere(client_id, reason, second_places=second_places)
        purged = _purge(clinic, report, client_id) if purge_backups else None
    _print_report(path, name, report, purged)


def _purge(clinic, report, client_id: str):
    from glutedesk.storage.backup_erasure import purge_backups

    results = purge_backups(list(report.backups), client_id)
    done = sum(1 for r in results if r.ok)
    if results:
        detail = f"purged from {plural(done, 'backup')}"
        clinic.record_event("erase", client_id=client_id, detail=detail)
    return results


def _print_report(path: Path, name: str, report, purged) -> None:
    label = f"{name} ({report.client_id[:8]})"
    click.echo(f"Erased {label}: {plural(report.visits, 'visit')}; logged with the reason.")
    if report.removed_files:
        click.echo(f"Deleted {plural(len(report.removed_files), 'draft or half-written file')}:")
        for file in report.removed_files:
            click.echo(f"  {file}")
    for copy in report.other_copies:
        click.echo(f"Still holds {name}: {copy} (a copy set aside earlier; delete it when sure)")
    failed = []
    if purged is not None:
        for result in purged:
            if result.ok:
                click.echo(f"Purged from backup {result.path} (checked again afterwards).")
            else:
                click.echo(f"NOT purged from backup {result.path}: {result.problem}")
                failed.append(result.path)
        if not purged:
            click.echo("No backup held the client.")
    elif report.backups:
        click.echo(f"{plural(len(report.backups), 'backup')} still hold {name}:")
        for holding in report.backups:
            click.echo(f"  {holding.describe()}")
        if any(holding.rotates_out is not None for holding in report.backups):
            kept = "They are kept beyond use until they rotate out"
        else:
            kept = "Rotation never removes these, so they are kept beyond use until you do"
        click.echo(f"{kept}; remove the client from them now with --purge-backups.")
    else:
        click.echo("No backup holds the client.")
    if not report.checkpoint.complete:
        click.echo(
            f"glutedesk: erasure NOT complete: {name}'s records are deleted, but another program "
            f"is reading {path}, so their old pages are still in {path.name}-wal and "
            f"{path.name}. They are cleared when that program closes the file; then run "
            f"'glutedesk check --db {path}' to finish (it clears them and says ok).",
            err=True,
        )
        raise SystemExit(1)
    if report.problems or failed:
        unpurged = f"{plural(len(failed), 'backup')} not purged"
        problem = report.problems[0] if report.problems else unpurged
        click.echo(f"glutedesk: erasure NOT complete: {problem}", err=True)
        raise SystemExit(1)
    click.echo(f"Nothing of {name} is left in {path.name}, its -wal, drafts or partial files.")
