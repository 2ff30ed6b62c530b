"""Building a document off the GUI thread: a :class:`BuildJob` on the global ``QThreadPool``
opens its own SQLite connection from the database path (connections cannot cross threads) and
reports a :class:`BuiltDocument` or a plain-words failure."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from glutedesk.reports.documents import count_pages

_log = logging.getLogger("glutedesk.ui")


@dataclass(frozen=True)
class BuiltDocument:
    """A finished document: what it is, where it is, how many pages, what it says."""

    kind: str
    purpose: str
    client_id: str
    path: Path
    pages: int
    summary: tuple[str, ...]


class JobSignals(QObject):
    """Signals of a :class:`BuildJob`, living on the GUI thread."""

    finished = Signal(object)  # BuiltDocument
    failed = Signal(str)


class BuildJob(QRunnable):
    """Builds one document in a worker thread with its own database connection."""

    def __init__(
        self,
        db_path: Path,
        kind: str,
        client_id: str,
        out: Path,
        purpose: str,
        *,
        visit_id: str | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.kind = kind
        self.client_id = client_id
        self.out = Path(out)
        self.purpose = purpose
        self.visit_id = visit_id
        self.signals = JobSignals()

    def run(self) -> None:
        from glutedesk.reports.documents import build_document, document_summary
        from glutedesk.reports.errors import ReportError
        from glutedesk.storage.clinic import Clinic
        from glutedesk.storage.database import StorageError

        try:
            clinic, _read_only = Clinic.open_for_reading(self.db_path)  # read-only prints too
            try:
                path = build_document(
                    self.kind, clinic, self.client_id, self.out, visit_id=self.visit_id
                )
                summary = document_summary(
                    self.kind, clinic, self.client_id, visit_id=self.visit_id
                )
            finally:
                clinic.close()
        except (ReportError, StorageError) as exc:
            self.signals.failed.emit(str(exc))
            return
        except Exception:
            _log.exception("Building a %s document failed", self.kind)
            self.signals.failed.emit(
                "The document could not be made because of an unexpected error; "
                "the details are in GluteDesk's log file."
            )
            return
        self.signals.finished.emit(
            BuiltDocument(
                self.kind,
                self.purpose,
                self.client_id,
                path,
                count_pages(path),
                tuple(summary),
            )
        )
