"""The clinic jobs run in a worker thread (retention list, erasure): each opens its own
connection and makes the same storage calls as ``glutedesk retention`` and ``glutedesk erase``.
(Export, import, check and the bundle run the command line itself: see :mod:`.runner`.)
The erasure cannot be the command itself: it refuses a clinic another GluteDesk has open.
No Qt here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.storage.clinic import Clinic
from glutedesk.ui.formatting import plural

if TYPE_CHECKING:
    from glutedesk.storage.erasure import ErasureReport
    from glutedesk.storage.gdpr import RetentionItem


@dataclass(frozen=True)
class RetentionList:
    """Every client with the day their record may be erased, and the period used."""

    years: int
    items: tuple[RetentionItem, ...]
    today: dt.date

    @property
    def due(self) -> tuple[RetentionItem, ...]:
        return tuple(item for item in self.items if item.is_due(self.today))


@dataclass(frozen=True)
class ErasureOutcome:
    """An erasure's report, with the client's name and what purging backups did (if asked)."""

    name: str
    report: ErasureReport
    purged: tuple | None


def retention_list(db_path: Path, years: int | None, today: dt.date) -> RetentionList:
    """``glutedesk retention``: every client's keep-until day (the clinic's period by default)."""
    clinic, _reason = Clinic.open_for_reading(db_path)
    try:
        period = years or clinic.retention_years()
        return RetentionList(period, tuple(clinic.retention_schedule(period)), today)
    finally:
        clinic.close()


def erase_client(db_path: Path, client_id: str, reason: str, *, purge: bool) -> ErasureOutcome:
    """``glutedesk erase``: erase the client everywhere, logged with the reason.

    The backups still holding the client are listed, or purged with ``purge`` (each purge is
    recorded in the audit log, as the command line does).
    """
    from glutedesk.storage.backup_erasure import purge_backups

    clinic = Clinic.open(db_path, create=False)
    try:
        name = clinic.client(client_id).name
        place = clinic.second_place().place
        places = (place,) if place is not None else ()
        report = clinic.erase_everywhere(client_id, reason, second_places=places)
        purged = None
        if purge:
            purged = tuple(purge_backups(list(report.backups), client_id))
            done = sum(1 for result in purged if result.ok)
            if purged:
                clinic.record_event(
                    "erase", client_id=client_id, detail=f"purged from {plural(done, 'backup')}"
                )
    finally:
        clinic.close()
    return ErasureOutcome(name, report, purged)


def erasure_summary(outcome: ErasureOutcome, db_path: Path) -> tuple[bool, str]:
    """Plain words for an erasure (as the command line prints them); True when complete."""
    report, name = outcome.report, outcome.name
    lines = [
        f"{name}'s record and {plural(report.visits, 'visit')} were erased; logged with the reason."
    ]
    if report.removed_files:
        lines.append(f"{plural(len(report.removed_files), 'draft or half-written file')} deleted.")
    for copy in report.other_copies:
        lines.append(f"Still holds {name}: {copy} (a copy set aside earlier; delete it when sure).")
    failed = []
    if outcome.purged is not None:
        for result in outcome.purged:
            if result.ok:
                lines.append(f"Purged from backup {result.path.name} (checked afterwards).")
            else:
                lines.append(f"NOT purged from backup {result.path}: {result.problem}")
                failed.append(result.path)
        if not outcome.purged:
            lines.append("No backup held the client.")
    elif report.backups:
        lines.append(f"{plural(len(report.backups), 'backup')} still hold {name}:")
        lines.extend(f"  {holding.describe()}" for holding in report.backups)
        lines.append("Erase again with “Also remove from backups” ticked to purge them now.")
    else:
        lines.append("No backup holds the client.")
    complete = report.checkpoint.complete and not report.problems and not failed
    if not report.checkpoint.complete:
        lines.append(
            f"NOT complete: another program is reading {db_path.name}, so old pages remain "
            "until it closes the file; then run Tools ▸ Check the clinic file."
        )
    elif report.problems or failed:
        lines.append(f"NOT complete: {report.problems[0] if report.problems else 'see above'}")
    else:
        lines.append(f"Nothing of {name} is left in {db_path.name}, its log, drafts or partials.")
    return complete, "\n".join(lines)
