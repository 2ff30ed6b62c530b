"""``glutedesk bench``: measure GluteDesk on a large clinic against its speed targets."""

from __future__ import annotations

import json
from pathlib import Path

import click

from glutedesk.cli import Refused, cli


@cli.command("bench")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with every figure.")
@click.option(
    "--db-dir",
    "db_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build the clinic in this folder (default: a temporary folder).",
)
@click.option(
    "--keep",
    is_flag=True,
    help="Keep the clinic afterwards; a later run with the same --db-dir reuses it.",
)
@click.option("--clients", default=10_000, show_default=True, help="Clients in the clinic.")
@click.option("--visits", default=200_000, show_default=True, help="Visits in the clinic.")
@click.option("--repeat", default=5, show_default=True, help="Repetitions of each measurement.")
@click.option(
    "--encrypted",
    is_flag=True,
    help="Also measure a copy protected by a passphrase and report it beside the plain one.",
)
def bench_cmd(
    as_json: bool,
    db_dir: Path | None,
    keep: bool,
    clients: int,
    visits: int,
    repeat: int,
    encrypted: bool = False,
) -> None:
    """Build a large clinic and time start-up, search, timeline, saving and reports."""
    from glutedesk.bench.runner import BenchError, BenchOptions, format_report, run_benchmark
    from glutedesk.samples.large import BulkBuildError

    if repeat < 1:
        raise Refused("--repeat must be at least 1.")
    options = BenchOptions(
        clients=clients,
        visits=visits,
        repeat=repeat,
        search_names=40 if clients >= 1000 else 10,
        db_dir=db_dir,
        keep=keep,
    )
    try:
        if encrypted:
            from glutedesk.bench.encrypted import run_encrypted

            figures = run_encrypted(options, say=lambda line: click.echo(line, err=True))
        else:
            figures = run_benchmark(options, say=lambda line: click.echo(line, err=True))
    except (BenchError, BulkBuildError) as exc:
        raise Refused(str(exc)) from None
    except OSError as exc:
        raise Refused(f"The benchmark could not write its files: {exc}") from None
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(figures))
        if encrypted:
            from glutedesk.bench.encrypted import format_encrypted

            click.echo(format_encrypted(figures))
        if figures["database"]:
            click.echo(f"  clinic kept in {figures['database']}")
