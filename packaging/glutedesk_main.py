"""The self-contained app's entry point (PyInstaller's script): exactly ``glutedesk``.

With ``GLUTEDESK_SMOKE_REPORT=FILE`` in the environment it also watches the window open and
reports it (glutedesk/ui/smoke.py): the check CI runs on the built app. Optional
``GLUTEDESK_SMOKE_SCREENSHOT=FILE.png`` saves what the window showed.
"""

import os
import sys

from glutedesk.cli import main

if __name__ == "__main__":
    report = os.environ.get("GLUTEDESK_SMOKE_REPORT")
    if report and len(sys.argv) <= 3:  # only the window (optionally --db FILE), no command
        from glutedesk.ui.smoke import arm

        arm(report, os.environ.get("GLUTEDESK_SMOKE_SCREENSHOT"))
    main()
