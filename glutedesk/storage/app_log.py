"""GluteDesk's support log: standard ``logging``, configured once per process, into a rotating
file in the user's log folder, plus ``faulthandler`` writing hard crashes (a segfault in Qt, an
abort) to a file of their own there.

| system  | folder                                          |
|---------|-------------------------------------------------|
| Windows | ``%LOCALAPPDATA%\\GluteDesk\\Logs``              |
| macOS   | ``~/Library/Logs/GluteDesk``                    |
| Linux   | ``~/.local/state/GluteDesk/log``                |

The log never holds clinical content: only what the program did (started, opened a file,
failed with which error).
"""

from __future__ import annotations

import faulthandler
import logging
import sys
from pathlib import Path
from typing import IO

from glutedesk.storage.private_files import log_file, make_private_dir, tighten

LOG_NAME = "glutedesk.log"
CRASH_NAME = "crash.log"
MAX_BYTES = 1_000_000
BACKUPS = 4  # glutedesk.log.1 ... .4: at most 5 MB in all
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_state: dict[str, object] = {}


def default_log_folder() -> Path:
    """The user log folder GluteDesk writes to on this system."""
    return log_file().parent


def configured_folder() -> Path | None:
    """The folder logging was configured for in this process, or None."""
    folder = _state.get("folder")
    return folder if isinstance(folder, Path) else None


def configure_logging(folder: Path | None = None, *, crashes: bool = True) -> Path:
    """Send the ``glutedesk`` loggers to a rotating log in ``folder``; return the log file.

    Calling it again for the same folder changes nothing (it is configured once); another
    folder replaces the handlers (tests, or a second window in one process). ``crashes``
    also turns on ``faulthandler`` into ``crash.log`` beside it. Raises OSError when the
    folder cannot be made.
    """
    folder = Path(folder) if folder is not None else default_log_folder()
    path = folder / LOG_NAME
    if configured_folder() == folder and (not crashes or "crash_file" in _state):
        return path
    import logging.handlers  # here: its socket, pickle and queue imports cost the window ~5 ms

    make_private_dir(folder)
    _remove_handlers()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    logger = logging.getLogger("glutedesk")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _state["folder"], _state["handler"] = folder, handler
    if path.exists():
        tighten(path)
    if crashes:
        enable_crash_log(folder)
    return path


def enable_crash_log(folder: Path) -> None:
    """Turn on ``faulthandler`` into ``crash.log`` in ``folder`` (:func:`configure_logging`
    does it too; the window does this alone first and configures the log once it is up).

    Raises OSError when the folder or the file cannot be made.
    """
    make_private_dir(folder)
    crash_file: IO[str] = open(folder / CRASH_NAME, "a", encoding="utf-8")  # noqa: SIM115
    tighten(folder / CRASH_NAME)
    previous = _state.pop("crash_file", None)
    faulthandler.enable(file=crash_file, all_threads=True)
    _state["crash_file"] = crash_file
    if previous is not None:
        previous.close()  # type: ignore[attr-defined]


def log_startup(what: str) -> None:
    """One INFO line naming the program, its version and the system (for support)."""
    import platform  # here: the window is up before this line is written

    from glutedesk import __version__

    logging.getLogger("glutedesk").info(
        "%s: GluteDesk %s, Python %s, %s",
        what,
        __version__,
        sys.version.split()[0],
        platform.platform(),
    )


def _remove_handlers() -> None:
    handler = _state.pop("handler", None)
    if isinstance(handler, logging.Handler):
        logging.getLogger("glutedesk").removeHandler(handler)
        handler.close()
    crash_file = _state.pop("crash_file", None)
    if crash_file is not None:
        faulthandler.disable()
        crash_file.close()  # type: ignore[attr-defined]
    _state.pop("folder", None)


def stop_logging() -> None:
    """Close the log and crash files (tests; the process exiting does the same)."""
    _remove_handlers()
