"""The ``glutedesk`` command: the app at once when no command is given, else the command line.

``glutedesk`` and ``glutedesk --db FILE`` open the window straight away, without building the
click command group first (its import and its command modules are not needed to paint the
window). Anything else, including ``--help``, ``--version`` and every sub-command, goes to
:func:`glutedesk.cli.main` unchanged.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path


def window_database(args: list[str]) -> Path | bool | None:
    """For arguments that only open the window: the ``--db`` path or None (the default file).

    False when the arguments are anything else (the command line then handles them).
    """
    if not args:
        return None
    if len(args) == 2 and args[0] == "--db":
        value = args[1]
    elif len(args) == 1 and args[0].startswith("--db="):
        value = args[0][len("--db=") :]
    else:
        return False
    if not value or value.startswith("-") or Path(value).is_dir():
        return False  # let click explain it exactly as it always has
    return Path(value)


def main(argv: list[str] | None = None) -> None:
    """Run ``glutedesk``: see the module docstring. Exit statuses are those of the CLI."""
    args = list(sys.argv[1:] if argv is None else argv)
    db = window_database(args)
    if db is False:
        from glutedesk.cli import main as command_line

        command_line(args)
        return
    sys.exit(_open_window(db if isinstance(db, Path) else None))


def _open_window(db: Path | None) -> int:
    from glutedesk.storage.private_files import restrict_process_umask

    restrict_process_umask()  # every file and folder written from here on is owner-only
    # Importing the app and building its window make hundreds of thousands of objects and
    # almost no garbage: the collector's passes over them (about 90, some 15 ms) wait until
    # the window has been painted (glutedesk.ui.app turns it back on).
    gc.disable()
    try:
        from glutedesk.ui.app import run_gui

        return run_gui(db)  # without --db: the clinic open last time, else the default one
    except KeyboardInterrupt:
        print("glutedesk: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        from glutedesk.storage.database import StorageError

        if isinstance(exc, StorageError):  # disk full, locked, read-only...: a clear refusal
            print(f"glutedesk: {exc}", file=sys.stderr)
            return 1
        from glutedesk.cli import _log_unexpected

        log = _log_unexpected()
        where = f" (details in {log})" if log else ""
        print(f"glutedesk: unexpected error: {exc}{where}", file=sys.stderr)
        return 2
    finally:
        gc.enable()
