"""``glutedesk insights``: the anonymous practice report as PDF, and its figures as JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from glutedesk.cli import Refused, _db_path, cli, db_option, opened


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise Refused(f"{option} {value!r} is not a date; use YYYY-MM-DD") from None


@cli.command("insights")
@db_option
@click.option(
    "--out",
    type=click.Path(readable=False, path_type=Path),
    default=None,
    help="Write the anonymous practice report PDF here.",
)
@click.option("--from", "start_text", help="First visit date to include (YYYY-MM-DD).")
@click.option("--to", "end_text", help="Last visit date to include (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON on stdout.")
@click.pass_context
def insights_cmd(
    ctx: click.Context,
    db: Path | None,
    out: Path | None,
    start_text: str | None,
    end_text: str | None,
    as_json: bool,
) -> None:
    """What the clinic's own records say: weak glutes, hip flexors, outcomes (anonymous)."""
    from glutedesk.domain.catalogue import load_catalogue
    from glutedesk.domain.insights.compute import read_and_compute
    from glutedesk.reports.errors import ReportError
    from glutedesk.reports.practice import write_practice_report
    from glutedesk.storage.safe_paths import PathRefused, check_not_database, check_output_file

    start, end = _date("--from", start_text), _date("--to", end_text)
    if out is None and not as_json:
        raise Refused("say where to write the report (--out FILE.pdf) or ask for --json")
    if start and end and start > end:
        raise Refused(f"--from {start} is after --to {end}")
    if out is not None:
        try:
            check_output_file(out)
            check_not_database(out, _db_path(db or ctx.obj.get("db")))
        except PathRefused as exc:
            raise Refused(str(exc)) from None
    with opened(db or ctx.obj.get("db"), create=False, reading=True) as clinic:
        insights = read_and_compute(lambda: clinic.insights_data(start, end), load_catalogue())
        settings = clinic.settings()
    if out is not None:
        try:
            written = write_practice_report(insights, out, settings, today=dt.date.today())
        except ReportError as exc:
            raise Refused(str(exc)) from None
        if not as_json:
            click.echo(f"Practice report written to {written}")
        else:
            click.echo(f"Practice report written to {written}", err=True)
    if as_json:
        click.echo(json.dumps(insights.as_dict(), indent=2, ensure_ascii=False))
