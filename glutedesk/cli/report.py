"""``glutedesk report``: build a client's progress report, exercise handout or GP letter."""

from __future__ import annotations

from pathlib import Path

import click

from glutedesk.cli import Refused, _db_path, cli, db_option, opened


@cli.command("report")
@db_option
@click.option("--client", "client", required=True, help="The client (id or id prefix).")
@click.option(
    "--kind",
    type=click.Choice(["progress", "handout", "referral"]),
    default="progress",
    show_default=True,
    help="progress report, home-exercise handout, or GP referral letter.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(readable=False, path_type=Path),
    help="The PDF file to write (a new file, or a regular file to replace).",
)
@click.option("--visit", "visit", default=None, help="Handout/letter for this visit id.")
@click.option(
    "--chart",
    "charts",
    multiple=True,
    metavar="TEST.FIELD",
    help="Progress report: also chart this catalogue number over visits, e.g. "
    "thomas_test.hip_angle (repeatable; default: the clinic's choice).",
)
@click.pass_context
def report_cmd(
    ctx: click.Context,
    db: Path | None,
    client: str,
    kind: str,
    out: Path,
    visit: str | None,
    charts: tuple[str, ...],
) -> None:
    """Write a client's progress report, exercise handout or GP referral letter as PDF."""
    from glutedesk.reports.documents import KINDS, build_document
    from glutedesk.reports.errors import ReportError
    from glutedesk.storage.safe_paths import PathRefused, check_not_database, check_output_file

    try:
        check_output_file(out)  # never write through a symbolic link or into a device
        check_not_database(out, _db_path(db or ctx.obj.get("db")))
    except PathRefused as exc:
        raise Refused(str(exc)) from None
    _check_charts(kind, charts)
    with opened(db or ctx.obj.get("db"), create=False, reading=True) as clinic:
        client_id = clinic.resolve_client(client)
        try:
            written = build_document(
                kind, clinic, client_id, out, visit_id=visit, charts=charts or None
            )
        except ReportError as exc:
            raise Refused(str(exc)) from None
    click.echo(f"{KINDS[kind].title} written to {written}")


def _check_charts(kind: str, charts: tuple[str, ...]) -> None:
    """Refuse --chart on other documents, or naming no numeric field of the catalogue."""
    if not charts:
        return
    if kind != "progress":
        raise Refused("--chart applies to the progress report only")
    from glutedesk.domain.catalogue import load_catalogue
    from glutedesk.reports.number_series import numeric_measures

    known = [m.key for m in numeric_measures(load_catalogue())]
    for key in charts:
        if key not in known:
            raise Refused(
                f"--chart {key}: not a numeric field of the test catalogue; "
                f"use one of {', '.join(known)}"
            )
