"""The self-contained app's entry point (PyInstaller's script): exactly ``glutedesk``.

With ``GLUTEDESK_SMOKE_REPORT=FILE`` in the environment it also watches the window open and
reports it (glutedesk/ui/smoke.py): the check CI runs on the built app. Optional
``GLUTEDESK_SMOKE_SCREENSHOT=FILE.png`` saves what the window showed.
"""

import os
import sys
from pathlib import Path

from glutedesk.launcher import main


def _keep_matplotlib_cache() -> None:
    """Give matplotlib a lasting cache folder in the built app.

    PyInstaller's run-time hook points MPLCONFIGDIR at a new temporary folder on every start,
    so matplotlib would rebuild its font list each time a chart is first drawn (~0.5 s).
    """
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("GluteDesk", appauthor=False)) / "matplotlib"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # keep the temporary folder: slower, still correct
    os.environ["MPLCONFIGDIR"] = str(folder)


if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        _keep_matplotlib_cache()
    report = os.environ.get("GLUTEDESK_SMOKE_REPORT")
    if report and len(sys.argv) <= 3:  # only the window (optionally --db FILE), no command
        from glutedesk.ui.smoke import arm

        arm(report, os.environ.get("GLUTEDESK_SMOKE_SCREENSHOT"))
    main()
