"""``glutedesk sar``, ``glutedesk retention`` and ``glutedesk erase``: UK GDPR tools."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from glutedesk.cli import Refused, _db_path, cli, db_option, opened


@cli.command("sar")
@db_option
@click.option("--client", "client", required=True, help="The client (id or id prefix).")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the bundle into.",
)
@click.pass_context
def sar_cmd(ctx: click.Context, db: Path | None, client: str, out_dir: Path) -> None:
    """Write a subject-access bundle for one client (PDF + JSON, with amendments and audit)."""
    from glutedesk.reports.sar import build_sar_bundle
    from glutedesk.storage.clients import resolve_client_id

    with opened(db or ctx.obj.get("db"), create=False, reading=True, logged="bundle") as database:
        client_id = resolve_client_id(database, client)
        try:
            folder = build_sar_bundle(database, client_id, out_dir)
        except OSError as exc:
            raise Refused(f"Cannot write to {out_dir}: {exc.strerror or exc}") from None
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
    from glutedesk.storage.gdpr import retention_schedule, retention_years

    day = today.date() if today else dt.date.today()
    with opened(db or ctx.obj.get("db"), create=False, reading=True) as database:
        period = years or retention_years(database)
        items = retention_schedule(database, period)
    due = [i for i in items if i.is_due(day)]
    shown = items if show_all else due
    for item in shown:
        mark = "DUE " if item.is_due(day) else "keep"
        click.echo(
            f"{mark}  {item.client_id[:8]}  {item.name:<32} until {item.keep_until}  "
            f"({item.reason})"
        )
    click.echo(
        f"{len(due)} of {len(items)} record(s) past the retention period ({period} years after "
        "the last visit, or age 25 if later). Erase one with: glutedesk erase --client ID "
        "--reason TEXT --yes"
    )


@cli.command("erase")
@db_option
@click.option("--client", "client", required=True, help="The client (id or id prefix).")
@click.option("--reason", required=True, help="Why (kept in the audit log, without the name).")
@click.option("--yes", is_flag=True, help="Confirm: erase without asking.")
@click.pass_context
def erase_cmd(ctx: click.Context, db: Path | None, client: str, reason: str, yes: bool) -> None:
    """Erase a client's whole record after confirmation; the erasure is logged."""
    from glutedesk.storage.clients import get_client, resolve_client_id
    from glutedesk.storage.gdpr import erase_client
    from glutedesk.storage.startup import database_in_use

    path = _db_path(db or ctx.obj.get("db"))
    holder = database_in_use(path)
    if holder is not None:
        raise Refused(
            f"GluteDesk (process {holder}) has {path} open; erase from there or close it."
        )
    with opened(path, create=False) as database:
        client_id = resolve_client_id(database, client)
        name = get_client(database, client_id).name
        if not yes:
            click.confirm(
                f"Erase {name} ({client_id[:8]}) and every visit, permanently?", abort=True
            )
        erase_client(database, client_id, reason)
    click.echo(
        f"Erased {name} ({client_id[:8]}); logged with the reason. Backups made before now still "
        "hold the record until they are rotated away."
    )
