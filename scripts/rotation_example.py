"""Show that rotation never deletes a manual backup: a month of automatic backups around one.

.venv/bin/python scripts/rotation_example.py

A demo-sized clinic gets a manual backup at 09:00 on 1 March (File ▸ Back up now), then the
automatic backup on closing at 18:00 the same day after more work, then one automatic backup a
day for 30 days (each after a change), rotated to 14 days as the app does. The table lists what
is left in the backup folder.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glutedesk.storage.backup import (  # noqa: E402
    backup_if_due,
    default_backup_dir,
    is_manual,
    list_backups,
    make_backup,
    verify_backup,
)
from glutedesk.storage.clients import save_client  # noqa: E402
from glutedesk.storage.database import open_database  # noqa: E402
from glutedesk.storage.fingerprint import fingerprint_status  # noqa: E402
from tests.factories import make_client  # noqa: E402

START = dt.datetime(2026, 3, 1, 9, 0)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="gd-rotation-") as tmp:
        db_path = Path(tmp) / "clinic.sqlite3"
        db = open_database(db_path)
        save_client(db, make_client(first_name="First"))
        manual = make_backup(db, now=START).path
        save_client(db, make_client(first_name="Afternoon"))
        closing = backup_if_due(db, now=START.replace(hour=18))
        same_day = [p.name for p in list_backups(default_backup_dir(db_path))]
        print(f"after closing on 1 March the folder holds: {', '.join(same_day)}")
        made = 2
        for day in range(1, 31):
            save_client(db, make_client(first_name=f"Day{day}"))
            if backup_if_due(db, now=START + dt.timedelta(days=day)) is not None:
                made += 1
        db.close()
        kept = list_backups(default_backup_dir(db_path))
        print(f"backups made: {made} (1 manual, {made - 1} automatic); kept: {len(kept)}")
        print(f"{'file':<48} {'kind':<9} {'clients':>7} fingerprint")
        for path in kept:
            check = verify_backup(path)
            kind = "manual" if is_manual(path) else "automatic"
            print(
                f"{path.name:<48} {kind:<9} {check.counts.get('clients', 0):>7} "
                f"{fingerprint_status(path)}"
            )
        survived = manual in kept
        print(f"\nmanual backup {manual.name}: {'kept' if survived else 'DELETED'}")
        print(
            f"closing backup of the same day {closing.name}: "  # type: ignore[union-attr]
            f"{'kept' if closing in kept else 'rotated out (automatic, older than 14 days)'}"
        )
        return 0 if survived else 1


if __name__ == "__main__":
    sys.exit(main())
