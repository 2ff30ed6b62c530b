"""The ``glutedesk`` command line.

Without a sub-command it opens the GUI. Every sub-command takes ``--db PATH`` (default: the
database in the user's data folder). Errors are one clear line on stderr and a non-zero exit
status, never a traceback; unexpected ones are logged with their details for support.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from glutedesk import __version__
from glutedesk.domain.counts import noun, plural

if TYPE_CHECKING:
    from glutedesk.storage.clinic import Clinic

_DB_HELP = "The GluteDesk database file (default: glutedesk.sqlite3 in your user data folder)."


class Refused(click.ClickException):
    """A clear, expected refusal: printed as one line, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"glutedesk: {self.message}", err=True)


def _db_path(db: Path | None) -> Path:
    if db is not None:
        return db
    from glutedesk.storage.database import default_db_path

    return default_db_path()


@contextmanager
def opened(
    db: Path | None, *, create: bool = True, reading: bool = False, logged: str | None = None
) -> Iterator[Clinic]:
    """Open the clinic for one command and close it afterwards.

    ``create=False`` refuses a missing database (one line) instead of creating an empty one.
    ``reading`` is for commands that only read or copy the records: a database that cannot
    be written (read-only file, folder or drive) is then opened read-only, with a one-line
    note saying why and, for a command whose work is normally in the audit log (``logged``,
    e.g. "export"), that it could not be recorded there. A client id that matches no client,
    or a storage problem (disk full, locked, read-only), becomes a one-line refusal; other
    errors pass through to the command's own handling.
    """
    from glutedesk.storage.clients import ClientNotFound
    from glutedesk.storage.database import StorageError

    database = _open(db, create=create, reading=reading, logged=logged)
    try:
        yield database
    except (ClientNotFound, StorageError) as exc:
        raise Refused(str(exc)) from None
    finally:
        database.close()


def _open(
    db: Path | None, *, create: bool = True, reading: bool = False, logged: str | None = None
):
    from glutedesk.storage.clinic import Clinic
    from glutedesk.storage.database import StorageError

    path = _db_path(db)
    from glutedesk.cli.passphrase import passphrase_for, say_finished_change

    secret = passphrase_for(path)
    try:
        if not reading:
            clinic, reason = Clinic.open(path, create=create, passphrase=secret), None
        else:
            clinic, reason = Clinic.open_for_reading(path, passphrase=secret)
    except StorageError as exc:
        raise Refused(str(exc)) from None
    say_finished_change(path)  # an interrupted passphrase change was finished at this open
    if reason is not None:
        unlogged = f"; this {logged} is not recorded in its audit log" if logged else ""
        click.echo(
            f"glutedesk: note: opened {path} read-only ({reason.rstrip('.')}); nothing is "
            f"written to it{unlogged}.",
            err=True,
        )
    return clinic


db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=_DB_HELP,
)


@click.group(invoke_without_command=True)
@db_option
@click.version_option(__version__, prog_name="GluteDesk")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """GluteDesk: clinical records for sports and remedial massage therapists.

    Run without a command to open the app.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        from glutedesk.ui.app import run_gui

        ctx.exit(run_gui(db))  # no --db: the clinic open last time, or the default


@cli.command()
@db_option
@click.option("--clients", "n_clients", default=24, show_default=True, help="How many clients.")
@click.option("--seed", default=7, show_default=True, help="Random seed (same seed, same clinic).")
@click.pass_context
def demo(ctx: click.Context, db: Path | None, n_clients: int, seed: int) -> None:
    """Create a realistic demo clinic in an empty database."""
    from glutedesk.samples.demo import build_demo_clinic
    from glutedesk.storage.new_clinic import removed_if_refused

    if n_clients < 20:  # before any file is made
        raise Refused("The demo clinic needs at least 20 clients.")
    path = _db_path(db or ctx.obj.get("db"))
    with removed_if_refused(path), opened(path) as clinic:
        if clinic.count_clients() > 0:
            raise Refused(
                f"{path} already holds clients; the demo clinic goes into an empty database "
                "(use --db NEW_FILE)."
            )
        summary = build_demo_clinic(clinic, n_clients=n_clients, seed=seed)
    click.echo(
        f"Demo clinic created: {plural(summary.clients, 'client')}, "
        f"{plural(summary.visits, 'visit')} in {path}"
    )


@cli.command("clients")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects.")
@click.option("--search", default="", help="Only clients with each of these words in their name.")
@click.pass_context
def clients_cmd(ctx: click.Context, db: Path | None, as_json: bool, search: str) -> None:
    """List the clients."""
    with opened(db or ctx.obj.get("db"), create=False, reading=True) as clinic:
        items = clinic.find_clients(search, limit=1_000_000)
    if as_json:
        data = [
            {
                "id": c.id,
                "name": c.name,
                "first_name": c.first_name,
                "last_name": c.last_name,
                "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
                "visits": c.visit_count,
                "last_visit": c.last_visit.isoformat() if c.last_visit else None,
            }
            for c in items
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for c in items:
        last = c.last_visit.isoformat() if c.last_visit else "-"
        visits = f"{c.visit_count:>3} {noun(c.visit_count, 'visit'):<6}"
        click.echo(f"{c.id[:8]}  {c.name:<32} {visits}  last {last}")


@cli.command("export")
@db_option
@click.option(
    "--out",
    required=True,
    type=click.Path(readable=False, path_type=Path),
    help="The JSON file to write (a new file, or a regular file to replace).",
)
@click.option("--client", "client", default=None, help="Only this client (id or id prefix).")
@click.pass_context
def export_cmd(ctx: click.Context, db: Path | None, out: Path, client: str | None) -> None:
    """Export records to a versioned JSON file (see docs/export-format.md)."""
    import errno

    from glutedesk.storage.safe_paths import (
        PathRefused,
        check_not_database,
        check_output_file,
        one_line,
    )

    try:
        check_output_file(out)  # before opening the database: a bad --out changes nothing
        check_not_database(out, _db_path(db or ctx.obj.get("db")))
        with opened(db or ctx.obj.get("db"), create=False, reading=True, logged="export") as clinic:
            client_id = clinic.resolve_client(client) if client else None
            count = clinic.write_export(out, client_id)
            if clinic.protected:
                from glutedesk.cli.passphrase import warn_plain_copy

                warn_plain_copy(out)
    except PathRefused as exc:
        raise Refused(str(exc)) from None
    except OSError as exc:
        why = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or exc
        raise Refused(one_line(f"Cannot write {out}: {why}; nothing was written.")) from None
    click.echo(f"Exported {plural(count, 'client')} to {out}")


@cli.command("import")
@db_option
@click.argument("file", type=click.Path(readable=False, path_type=Path))
@click.pass_context
def import_cmd(ctx: click.Context, db: Path | None, file: Path) -> None:
    """Import an export file: all of it, or nothing if any record is invalid."""
    from glutedesk.storage.exchange import ImportRefused
    from glutedesk.storage.import_stream import open_export
    from glutedesk.storage.new_clinic import removed_if_refused

    try:
        reader = open_export(file)  # the path is checked before the database is opened
    except ImportRefused as exc:
        raise Refused(str(exc)) from None
    path = _db_path(db or ctx.obj.get("db"))
    with reader, removed_if_refused(path), opened(path) as clinic:  # a new clinic: gone if refused
        try:
            done = clinic.import_file(reader)  # read a record at a time; all or nothing
        except ImportRefused as exc:
            raise Refused(str(exc)) from None
    click.echo(f"Imported {plural(done.clients, 'client')} and {plural(done.visits, 'visit')}.")


@cli.command()
@db_option
@click.pass_context
def check(ctx: click.Context, db: Path | None) -> None:
    """Check the database's integrity, foreign keys, signed records, audit trail and safety
    triggers (exit status 0 = healthy; each problem is one line)."""
    with opened(db or ctx.obj.get("db"), create=False, reading=True) as clinic:
        report = clinic.check()
    for note in report.notes:
        click.echo(f"note: {note}")
    if report.ok:
        click.echo(
            "ok: integrity, foreign keys, schema, signed records, audit trail and safety "
            "triggers are sound"
        )
        return
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)
    ctx.exit(1)


# Every ``glutedesk/cli/<area>.py`` module, imported by name: the self-contained app has no
# folder to discover modules in at run time. tests/test_cli_modules.py checks none is missing.
COMMAND_MODULES = ("backup", "bench", "gdpr", "insights", "passphrase", "report")


def _register_command_modules() -> None:
    """Each ``glutedesk/cli/<area>.py`` module adds its commands to ``cli`` when imported."""
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}")


def _log_unexpected() -> Path | None:
    try:
        from glutedesk.storage.app_log import configure_logging

        path = configure_logging(crashes=False)  # the app's rotating log, configured once
        logging.getLogger("glutedesk").error("Unexpected error\n%s", traceback.format_exc())
        return path
    except OSError:
        return None


def main(argv: list[str] | None = None) -> None:
    """Run the command line; unexpected errors become one line and exit status 2."""
    from glutedesk.storage.private_files import restrict_process_umask

    restrict_process_umask()  # every file and folder written from here on is owner-only
    try:
        _register_command_modules()
        cli.main(args=argv, prog_name="glutedesk", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("glutedesk: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        from glutedesk.storage.database import StorageError

        if isinstance(exc, StorageError):  # disk full, locked, read-only...: a clear refusal
            click.echo(f"glutedesk: {exc}", err=True)
            sys.exit(1)
        log = _log_unexpected()
        where = f" (details in {log})" if log else ""
        click.echo(f"glutedesk: unexpected error: {exc}{where}", err=True)
        sys.exit(2)
