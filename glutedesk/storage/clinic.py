"""The Clinic: the one door through which screens, reports and commands reach the records.

A :class:`Clinic` owns the connection to one GluteDesk database and offers verbs (find
clients, load a visit, save, sign, amend, back up, settings, …) that return domain objects.
Each verb delegates to the storage function that owns the rule, so behaviour is exactly that
of those functions; what the Clinic adds is that nothing above ``storage`` holds the
sqlite-utils ``Database`` or writes SQL (see docs/design/0004-clinic-door.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glutedesk.storage import client_list, database
from glutedesk.storage.clinic_bench import BenchmarkVerbs
from glutedesk.storage.clinic_protection import ProtectionVerbs
from glutedesk.storage.deferred import deferred

if TYPE_CHECKING:  # the modules behind the verbs load when first used (start-up is lean)
    import sqlite3

    from sqlite_utils import Database

    from glutedesk.domain.correction_models import ValueCorrection
    from glutedesk.domain.ids import ClientId
    from glutedesk.domain.insights.data import InsightsData
    from glutedesk.domain.models import Client, Visit, VisitSummary
    from glutedesk.storage import audit, backup, clients, drafts, signing, visit_loading, visits
    from glutedesk.storage import second_place as places
    from glutedesk.storage import settings as settings_store
    from glutedesk.storage.audit import AuditEvent
    from glutedesk.storage.backup import BackupOutcome
    from glutedesk.storage.changes import Changes
    from glutedesk.storage.check import CheckReport
    from glutedesk.storage.client_list import ClientListItem
    from glutedesk.storage.erasure import ErasureReport
    from glutedesk.storage.exchange import ExportDocument
    from glutedesk.storage.gdpr import RetentionItem
    from glutedesk.storage.import_stream import ExportReader, Imported
    from glutedesk.storage.insights_data import Progress
    from glutedesk.storage.second_place import SecondPlaceResult, SecondPlaceStatus
    from glutedesk.storage.settings import ClinicSettings
    from glutedesk.storage.signing import Amendment, Signature
else:
    audit, backup, clients, drafts, signing = deferred(
        "audit", "backup", "clients", "drafts", "signing"
    )
    visit_loading, visits, places = deferred("visit_loading", "visits", "second_place")
    (settings_store,) = deferred("settings")


class Clinic(ProtectionVerbs, BenchmarkVerbs):
    """One open GluteDesk database and the verbs the layers above may use on it."""

    def __init__(
        self, db: Database | None = None, *, connection: sqlite3.Connection | None = None
    ) -> None:
        """Wrap an opened database (for storage and tests: the layers above open a Clinic with
        :meth:`open`… and never hold one), or an opened ``connection``, whose sqlite-utils
        ``Database`` is made when a verb first needs one (the client list's reads do not)."""
        if db is not None:
            connection = db.conn
        elif connection is None:
            raise TypeError("Clinic needs a database or a connection")
        self._conn, self._database = connection, db

    @property
    def _db(self) -> Database:  # made at first use (see __init__)
        if self._database is None:
            self._database = database.wrap_connection(self._conn)
        return self._database

    @_db.setter
    def _db(self, db: Database) -> None:  # the clinic reopened (its passphrase changed)
        self._conn, self._database = db.conn, db

    @classmethod
    def open(
        cls, path: Path | str, *, create: bool = True, passphrase: str | None = None
    ) -> Clinic:
        """Open (creating if allowed) the database at ``path``, migrated and configured.

        ``passphrase`` unlocks a protected clinic (not needed once this process unlocked it).
        """
        conn, db = database.open_connection(path, create=create, passphrase=passphrase)
        return cls(db) if db is not None else cls(connection=conn)

    @classmethod
    def open_read_only(cls, path: Path | str, *, passphrase: str | None = None) -> Clinic:
        """Open the database at ``path`` for reading only; nothing is written beside it."""
        return cls(database.open_read_only(path, passphrase=passphrase))

    @classmethod
    def open_for_reading(
        cls, path: Path | str, *, passphrase: str | None = None
    ) -> tuple[Clinic, str | None]:
        """Open for a command that only reads; returns the clinic and why it is read-only."""
        db, reason = database.open_for_reading(path, passphrase=passphrase)
        return cls(db), reason

    @classmethod
    def in_memory(cls) -> Clinic:
        """A fresh, migrated clinic in memory (tests and previews)."""
        return cls(database.open_memory_database())

    @property
    def db(self) -> Database:
        """The sqlite-utils database, for storage modules only (the import contract keeps
        it out of ui, reports, cli and samples)."""
        return self._db

    @property
    def path(self) -> Path | None:
        """The database file, or None for an in-memory clinic."""
        return drafts.database_file(self._conn)

    @property
    def drafts_folder(self) -> Path | None:
        """Where unsaved visits are kept beside the file (None for an in-memory clinic)."""
        path = self.path
        return drafts.drafts_dir(path) if path is not None else None

    def close(self) -> None:
        """Close the connection; the Clinic cannot be used afterwards."""
        self._conn.close()

    # -- state of the connection -------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """Whether saving is refused (opened read-only, or switched off after damage)."""
        return database.is_read_only(self._conn)

    def switch_off_saving(self) -> None:
        """Refuse every write from now on (used when a background check finds damage)."""
        database.switch_off_saving(self._db)

    # -- clients -----------------------------------------------------------------------
    def client(self, client_id: str) -> Client:
        """The client with ``client_id`` (raises ``ClientNotFound``)."""
        return clients.get_client(self._db, client_id)

    def clients(self) -> list[Client]:
        """Every client, fully loaded."""
        return clients.all_clients(self._db)

    def client_list(self, *, limit: int | None = None) -> list[ClientListItem]:
        """The rows of the client list."""
        return client_list.list_clients(self._conn, limit=limit)

    def client_list_rows(self, client_ids: Sequence[str]) -> list[ClientListItem]:
        """The client-list rows of ``client_ids`` (those that exist), in no set order."""
        return client_list.list_items_of(self._conn, client_ids)

    def find_clients(self, text: str, *, limit: int = 200) -> list[ClientListItem]:
        """Clients whose name or details match ``text``."""
        return client_list.search_clients(self._conn, text, limit=limit)

    def count_clients(self) -> int:
        """How many clients the clinic holds."""
        return client_list.count_clients(self._conn)

    def resolve_client(self, text: str) -> ClientId:
        """The id of the one client that ``text`` (an id or a name) names."""
        return clients.resolve_client_id(self._db, text)

    def save_client(self, client: Client, *, touch: bool = True) -> tuple[Client, Changes]:
        """Insert or update ``client`` in one transaction, with its audit event."""
        return clients.save_client(self._db, client, touch=touch)

    # -- visits ------------------------------------------------------------------------
    # Visits are read as they now stand: corrections of signed visits applied and marked
    # (``Visit.corrections``), so every screen and report shows the corrected values.
    def visit(self, visit_id: str) -> Visit:
        """The visit with ``visit_id``, fully loaded, corrections applied."""
        from glutedesk.storage import corrections  # with its checks, when first needed

        return corrections.corrected_visit(self._db, visit_id)

    def visits(self, client_id: str) -> list[Visit]:
        """Every visit of ``client_id``, oldest first, corrections applied."""
        from glutedesk.storage import corrections  # with its checks, when first needed

        return corrections.corrected_visits(
            self._db, visit_loading.visits_for_client(self._db, client_id)
        )

    def latest_visit(self, client_id: str, *, before: dt.date | None = None) -> Visit | None:
        """The client's most recent visit (before ``before`` when given), corrections applied."""
        visit = visit_loading.latest_visit(self._db, client_id, before=before)
        from glutedesk.storage import corrections  # with its checks, when first needed

        return None if visit is None else corrections.corrected_visits(self._db, [visit])[0]

    def original_visit(self, visit_id: str) -> Visit:
        """The visit exactly as recorded (and signed), without its corrections."""
        return visit_loading.get_visit(self._db, visit_id)

    def visit_summaries(self, client_id: str) -> list[VisitSummary]:
        """The rows of a client's visit list."""
        return visit_loading.visit_summaries(self._db, client_id)

    def visit_heading(self, visit_id: str) -> tuple[ClientId, dt.date, str] | None:
        """Client, date and therapist of a visit, without loading it (None: unknown)."""
        return visit_loading.visit_heading(self._db, visit_id)

    def record(self, client_id: str) -> tuple[Client, list[Visit]]:
        """A client and all their visits (raises ``ClientNotFound``)."""
        return self.client(client_id), self.visits(client_id)

    def save_visit(self, visit: Visit, *, touch: bool = True) -> tuple[Visit, Changes]:
        """Insert or replace ``visit`` in one transaction (raises ``VisitSigned`` if signed)."""
        return visits.save_visit(self._db, visit, touch=touch)

    def delete_visit(self, visit_id: str) -> Changes:
        """Delete an unsigned visit."""
        return visits.delete_visit(self._db, visit_id)

    # -- signing and amendments --------------------------------------------------------
    def sign(self, visit_id: str, signed_by: str, *, at: dt.datetime | None = None) -> Signature:
        """Sign a visit; from now on it is corrected only by amendment."""
        return signing.sign_visit(self._db, visit_id, signed_by, at=at)

    def is_signed(self, visit_id: str) -> bool:
        """Whether the visit is signed (and so can only be amended)."""
        return signing.is_signed(self._db, visit_id)

    def signature(self, visit_id: str) -> Signature | None:
        """The visit's signature, or None when unsigned."""
        return signing.signature(self._db, visit_id)

    def signatures(self, client_id: str) -> list[Signature]:
        """The signatures of all the client's visits."""
        return signing.signatures_for_client(self._db, client_id)

    def amend(
        self,
        visit_id: str,
        author: str,
        reason: str,
        section: str,
        text: str,
        *,
        at: dt.datetime | None = None,
    ) -> Amendment:
        """Add a correction to a signed visit."""
        return signing.add_amendment(self._db, visit_id, author, reason, section, text, at=at)

    def correct(
        self,
        visit_id: str,
        author: str,
        reason: str,
        values: Sequence[ValueCorrection],
        *,
        at: dt.datetime | None = None,
    ) -> Amendment:
        """Correct recorded values of a signed visit (an amendment keeping the originals)."""
        from glutedesk.storage import corrections  # with its checks, when first needed

        return corrections.add_correction(self._db, visit_id, author, reason, values, at=at)

    def current_text(self, visit_id: str, section: str) -> str:
        """A section's text as it reads now, amendments applied."""
        return signing.current_text(self._db, visit_id, section)

    def amendments(self, visit_id: str) -> list[Amendment]:
        """The amendments of one visit, oldest first."""
        return signing.amendments_for_visit(self._db, visit_id)

    def client_amendments(self, client_id: str) -> list[Amendment]:
        """The amendments of all the client's visits."""
        return signing.amendments_for_client(self._db, client_id)

    # -- settings, audit, GDPR, backups ------------------------------------------------
    def settings(self) -> ClinicSettings:
        """The clinic's settings (name, therapist, address…)."""
        return settings_store.clinic_settings(self._conn)  # a read: no sqlite-utils

    def save_settings(self, new: ClinicSettings) -> Changes:
        """Store the clinic's settings."""
        return settings_store.set_clinic_settings(self._db, new)

    def unit_defaults(self) -> dict[str, str]:
        """The therapist's remembered dynamometer unit per test id."""
        return settings_store.unit_defaults(self._db)

    def remember_units(self, units: dict[str, str]) -> Changes:
        """Remember the dynamometer unit last saved per test id."""
        return settings_store.remember_units(self._db, units)

    def report_charts(self) -> tuple[str, ...]:
        """The catalogue numbers ("test_id.field_id") progress reports chart, in order."""
        text = settings_store.get_setting(self._db, "report_number_charts")
        return tuple(k.strip() for k in text.split(",") if k.strip())

    def set_report_charts(self, keys: Sequence[str]) -> Changes:
        """Store which catalogue numbers progress reports chart (empty: none)."""
        return settings_store.set_setting(self._db, "report_number_charts", ",".join(keys))

    def record_event(self, action: str, **details: Any) -> AuditEvent | None:
        """Append one event to the audit log."""
        return audit.record_event(self._db, action, **details)

    def subject_access_data(self, client_id: str) -> dict[str, Any]:
        """Everything held about a client, for a subject access request."""
        from glutedesk.storage import gdpr

        return gdpr.subject_access_data(self._db, client_id)

    def back_up(self, to_dir: Path | None = None, **options: Any) -> BackupOutcome:
        """Make a checked backup (by default a manual one into the backup folder)."""
        return backup.make_backup(self._db, to_dir, **options)

    def second_place(self) -> SecondPlaceStatus:
        """The second place for backups: where it is and whether it can be reached."""
        return places.second_place_status(self._conn)  # a read: no sqlite-utils

    def second_place_warning(
        self, now: dt.datetime | None = None, *, short: bool = False
    ) -> str | None:
        """The warning when the second place has not been reached for 7 days or more."""
        return places.second_place_warning(self._conn, now, short=short)

    def set_second_place(self, place: Path | None, *, now: dt.datetime | None = None) -> None:
        """Choose (or with None, stop using) the second place for backups."""
        places.set_second_place(self._db, place, now=now)

    def back_up_if_due(
        self, backup_dir: Path | None = None, now: dt.datetime | None = None
    ) -> Path | None:
        """Make the automatic backup if one is due; return it (None when none was needed)."""
        return backup.backup_if_due(self._db, backup_dir, now)

    def copy_to_second_place(
        self, made: Path, *, now: dt.datetime | None = None
    ) -> SecondPlaceResult | None:
        """Copy a finished backup to the second place, checked; None when none is chosen."""
        return places.copy_to_second_place(self._db, made, now=now)

    # -- the records as a whole: check, export, import, retention, erasure ---------------
    def check(self, db_path: Path | None = None) -> CheckReport:
        """Run the integrity, schema, audit-chain and tamper checks."""
        from glutedesk.storage import check as checks

        return checks.check_database(self._db, db_path)

    def write_export(self, out: Path, client_id: str | None = None) -> int:
        """Write the export document (all clients, or one) to ``out``; return the count."""
        from glutedesk.storage import exchange

        return exchange.write_export(self._db, out, client_id)

    def import_records(self, doc: ExportDocument) -> Changes:
        """Write an export document's records in one transaction, after validating them."""
        from glutedesk.storage import exchange

        return exchange.import_records(self._db, doc)

    def import_file(self, reader: ExportReader) -> Imported:
        """Import an opened export file a record at a time, all or nothing (import_stream)."""
        from glutedesk.storage import import_stream

        return import_stream.import_export(self._db, reader, self.path)

    def retention_years(self) -> int:
        """How many years records are kept after the last visit."""
        from glutedesk.storage import gdpr

        return gdpr.retention_years(self._db)

    def retention_schedule(self, years: int | None = None) -> list[RetentionItem]:
        """Every client with the date their record may be erased from, earliest first."""
        from glutedesk.storage import gdpr

        return gdpr.retention_schedule(self._db, years)

    def erase_everywhere(
        self, client_id: str, reason: str, *, second_places: tuple[Path, ...] = ()
    ) -> ErasureReport:
        """Erase a client's whole record (and drafts); list the backups still holding them."""
        from glutedesk.storage import erasure

        return erasure.erase_everywhere(self._db, client_id, reason, second_places=second_places)

    def insights_data(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        as_of: dt.date | None = None,
        progress: Progress | None = None,
    ) -> InsightsData:
        """The facts behind the Practice view and report, for visits from ``start`` to ``end``."""
        from glutedesk.storage.insights_data import fetch_insights_data

        return fetch_insights_data(self._db, start, end, as_of=as_of, progress=progress)
