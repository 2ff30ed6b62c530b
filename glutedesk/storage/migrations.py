"""The schema, defined only here, as numbered migrations with explicit SQL.

Add a change as a new ``@MIGRATIONS()`` function named ``NNNN_what`` at the end; never edit one
that has shipped. ``CHECK`` constraints and triggers back the domain's validation, so a bug in a
screen cannot store an impossible record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glutedesk.storage.migration_registry import MIGRATION_SET as MIGRATION_SET
from glutedesk.storage.migration_registry import MIGRATIONS
from glutedesk.storage.migration_registry import known_migrations as known_migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

_ADVICE = "('a_and_e_now', 'urgent_gp', 'routine_gp', 'no_action_needed')"


def _is_date(col: str) -> str:
    # '+0 days' makes SQLite normalise the date, so 2026-02-30 fails instead of passing as text.
    return f"({col} IS NULL OR date({col}, '+0 days') IS {col})"


@MIGRATIONS(name="0001_initial")
def initial(db: Database) -> None:
    """Clients, case histories, consents, visits and everything recorded at a visit."""
    db.executescript(
        f"""
        CREATE TABLE clients (
            id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
            first_name TEXT NOT NULL CHECK (length(trim(first_name)) > 0),
            last_name TEXT NOT NULL CHECK (length(trim(last_name)) > 0),
            date_of_birth TEXT CHECK {_is_date("date_of_birth")},
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            gp_name TEXT NOT NULL DEFAULT '',
            gp_practice TEXT NOT NULL DEFAULT '',
            gp_address TEXT NOT NULL DEFAULT '',
            occupation TEXT NOT NULL DEFAULT '',
            sitting_hours_per_day REAL CHECK (
                sitting_hours_per_day IS NULL OR sitting_hours_per_day BETWEEN 0 AND 24),
            sport_activity TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE case_histories (
            client_id TEXT PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
            complaint TEXT NOT NULL DEFAULT '',
            onset TEXT NOT NULL DEFAULT '',
            mechanism TEXT NOT NULL DEFAULT '',
            duration TEXT NOT NULL DEFAULT '',
            aggravating TEXT NOT NULL DEFAULT '',
            easing TEXT NOT NULL DEFAULT '',
            pattern_24h TEXT NOT NULL DEFAULT '',
            past_medical_history TEXT NOT NULL DEFAULT '',
            surgery TEXT NOT NULL DEFAULT '',
            medication TEXT NOT NULL DEFAULT '',
            contraindications TEXT NOT NULL DEFAULT '',
            goals TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE consents (
            client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('treatment', 'data_processing', 'contact_gp')),
            given INTEGER NOT NULL CHECK (given IN (0, 1)),
            date TEXT CHECK {_is_date("date")},
            wording_version TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (client_id, kind),
            CHECK (given = 0 OR date IS NOT NULL)
        ) WITHOUT ROWID;

        CREATE VIRTUAL TABLE clients_fts USING fts5(
            first_name, last_name,
            content='clients', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients BEGIN
            INSERT INTO clients_fts(rowid, first_name, last_name)
            VALUES (new.rowid, new.first_name, new.last_name);
        END;
        CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients BEGIN
            INSERT INTO clients_fts(clients_fts, rowid, first_name, last_name)
            VALUES ('delete', old.rowid, old.first_name, old.last_name);
        END;
        CREATE TRIGGER clients_fts_update AFTER UPDATE OF first_name, last_name ON clients BEGIN
            INSERT INTO clients_fts(clients_fts, rowid, first_name, last_name)
            VALUES ('delete', old.rowid, old.first_name, old.last_name);
            INSERT INTO clients_fts(rowid, first_name, last_name)
            VALUES (new.rowid, new.first_name, new.last_name);
        END;

        CREATE TABLE visits (
            id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
            client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            visit_date TEXT NOT NULL CHECK (date(visit_date, '+0 days') IS visit_date),
            therapist TEXT NOT NULL CHECK (length(trim(therapist)) > 0),
            complaint TEXT NOT NULL DEFAULT '',
            change_since_last TEXT NOT NULL DEFAULT '',
            goals TEXT NOT NULL DEFAULT '',
            nprs_now INTEGER CHECK (nprs_now IS NULL OR nprs_now BETWEEN 0 AND 10),
            nprs_best INTEGER CHECK (nprs_best IS NULL OR nprs_best BETWEEN 0 AND 10),
            nprs_worst INTEGER CHECK (nprs_worst IS NULL OR nprs_worst BETWEEN 0 AND 10),
            pain_character TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(pain_character)),
            nerve_advice TEXT CHECK (nerve_advice IS NULL OR nerve_advice IN {_ADVICE}),
            nerve_advice_note TEXT NOT NULL DEFAULT '',
            red_flag_advice TEXT CHECK (red_flag_advice IS NULL OR red_flag_advice IN {_ADVICE}),
            red_flag_advice_note TEXT NOT NULL DEFAULT '',
            treatment_techniques TEXT NOT NULL DEFAULT '[]'
                CHECK (json_valid(treatment_techniques)),
            treatment_areas TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(treatment_areas)),
            treatment_response TEXT NOT NULL DEFAULT '',
            treatment_notes TEXT NOT NULL DEFAULT '',
            soap_subjective TEXT NOT NULL DEFAULT '',
            soap_objective TEXT NOT NULL DEFAULT '',
            soap_assessment TEXT NOT NULL DEFAULT '',
            soap_plan TEXT NOT NULL DEFAULT '',
            consent_reconfirmed INTEGER NOT NULL DEFAULT 0 CHECK (consent_reconfirmed IN (0, 1)),
            chaperone_offered INTEGER NOT NULL DEFAULT 0 CHECK (chaperone_offered IN (0, 1)),
            next_visit TEXT CHECK {_is_date("next_visit")},
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX visits_by_client_date ON visits(client_id, visit_date);

        CREATE TABLE red_flag_answers (
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            flag_id TEXT NOT NULL CHECK (length(flag_id) > 0),
            present INTEGER NOT NULL CHECK (present IN (0, 1)),
            PRIMARY KEY (visit_id, flag_id)
        ) WITHOUT ROWID;
        CREATE TRIGGER red_flag_needs_advice BEFORE INSERT ON red_flag_answers
        WHEN new.present = 1
            AND (SELECT red_flag_advice FROM visits WHERE id = new.visit_id) IS NULL
        BEGIN
            SELECT RAISE(ABORT, 'a red flag is ticked but no advice is recorded');
        END;

        CREATE TABLE pain_marks (
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            region_id TEXT NOT NULL CHECK (length(region_id) > 0),
            symptom TEXT NOT NULL CHECK (
                symptom IN ('ache', 'sharp', 'burning', 'pins_and_needles', 'numbness')),
            intensity INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 0 AND 10),
            diagram_version TEXT NOT NULL,
            PRIMARY KEY (visit_id, region_id)
        ) WITHOUT ROWID;

        CREATE TABLE test_results (
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            test_id TEXT NOT NULL CHECK (length(test_id) > 0),
            side TEXT NOT NULL CHECK (side IN ('left', 'right', 'bilateral', 'na')),
            position INTEGER NOT NULL,
            variant TEXT NOT NULL DEFAULT '',
            result TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(result)),
            symptom_provoked INTEGER NOT NULL DEFAULT 0 CHECK (symptom_provoked IN (0, 1)),
            symptom_region TEXT,
            compensations TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(compensations)),
            not_tested_reason TEXT,
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (visit_id, test_id, side)
        ) WITHOUT ROWID;

        CREATE TABLE outcome_scores (
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            instrument TEXT NOT NULL CHECK (instrument IN ('odi', 'rmdq', 'psfs', 'startback')),
            version TEXT NOT NULL DEFAULT '',
            items TEXT NOT NULL CHECK (json_valid(items)),
            labels TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(labels)),
            total REAL,
            PRIMARY KEY (visit_id, instrument)
        ) WITHOUT ROWID;

        CREATE TABLE posture_findings (
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL CHECK (length(item_id) > 0),
            value TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (visit_id, item_id)
        ) WITHOUT ROWID;

        CREATE TABLE exercise_prescriptions (
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            exercise_id TEXT NOT NULL CHECK (length(exercise_id) > 0),
            sets INTEGER NOT NULL CHECK (sets BETWEEN 1 AND 20),
            reps INTEGER CHECK (reps IS NULL OR reps BETWEEN 1 AND 200),
            hold_seconds INTEGER CHECK (hold_seconds IS NULL OR hold_seconds BETWEEN 1 AND 600),
            per_side INTEGER NOT NULL CHECK (per_side IN (0, 1)),
            frequency_per_week INTEGER NOT NULL CHECK (frequency_per_week BETWEEN 1 AND 14),
            cues TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (visit_id, position),
            CHECK ((reps IS NULL) <> (hold_seconds IS NULL))
        ) WITHOUT ROWID;

        CREATE TABLE referrals (
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            to_whom TEXT NOT NULL CHECK (length(trim(to_whom)) > 0),
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            urgency TEXT NOT NULL CHECK (urgency IN {_ADVICE}),
            flags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(flags)),
            PRIMARY KEY (visit_id, position)
        ) WITHOUT ROWID;

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """
    )


# Every table whose rows belong to one visit; a signed visit's rows in them are frozen.
_VISIT_CHILD_TABLES = (
    "red_flag_answers",
    "pain_marks",
    "test_results",
    "outcome_scores",
    "posture_findings",
    "exercise_prescriptions",
    "referrals",
)
_SIGNED = "EXISTS (SELECT 1 FROM visit_signatures s WHERE s.visit_id = {col})"
_NOT_ERASING = "NOT EXISTS (SELECT 1 FROM erasure_permits)"
_SIGNED_MESSAGE = "this visit is signed and cannot be changed; add an amendment instead"


def _frozen_child_triggers(table: str) -> str:
    insert = _SIGNED.format(col="new.visit_id")
    update = f"({_SIGNED.format(col='old.visit_id')} OR {_SIGNED.format(col='new.visit_id')})"
    delete = f"{_SIGNED.format(col='old.visit_id')} AND {_NOT_ERASING}"
    return "\n".join(
        f"""
        CREATE TRIGGER {table}_signed_no_{op} BEFORE {op.upper()} ON {table}
        WHEN {cond}
        BEGIN
            SELECT RAISE(ABORT, '{_SIGNED_MESSAGE}');
        END;
        """
        for op, cond in (("insert", insert), ("update", update), ("delete", delete))
    )


@MIGRATIONS(name="0002_signing_audit")
def signing_audit(db: Database) -> None:
    """Signed visits frozen by triggers, amendments beside them, an append-only audit log.

    ``erasure_permits`` is empty except inside the one transaction that erases a client at the
    therapist's request (GDPR); only then may a signed visit's rows be deleted.
    """
    db.executescript(
        f"""
        CREATE TABLE erasure_permits (
            client_id TEXT PRIMARY KEY
        ) WITHOUT ROWID;

        CREATE TABLE visit_signatures (
            visit_id TEXT PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE,
            signed_at TEXT NOT NULL CHECK (datetime(signed_at) IS NOT NULL),
            signed_by TEXT NOT NULL CHECK (length(trim(signed_by)) > 0)
        ) WITHOUT ROWID;
        CREATE TRIGGER visit_signatures_no_update BEFORE UPDATE ON visit_signatures
        BEGIN
            SELECT RAISE(ABORT, 'a signature cannot be changed');
        END;
        CREATE TRIGGER visit_signatures_no_delete BEFORE DELETE ON visit_signatures
        WHEN {_NOT_ERASING}
        BEGIN
            SELECT RAISE(ABORT, 'a signature cannot be removed');
        END;

        CREATE TRIGGER visits_signed_no_update BEFORE UPDATE ON visits
        WHEN {_SIGNED.format(col="old.id")}
        BEGIN
            SELECT RAISE(ABORT, '{_SIGNED_MESSAGE}');
        END;
        CREATE TRIGGER visits_signed_no_delete BEFORE DELETE ON visits
        WHEN {_SIGNED.format(col="old.id")} AND {_NOT_ERASING}
        BEGIN
            SELECT RAISE(ABORT, '{_SIGNED_MESSAGE}');
        END;
        {"".join(_frozen_child_triggers(t) for t in _VISIT_CHILD_TABLES)}

        CREATE TABLE amendments (
            id INTEGER PRIMARY KEY,
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL CHECK (datetime(created_at) IS NOT NULL),
            author TEXT NOT NULL CHECK (length(trim(author)) > 0),
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            section TEXT NOT NULL CHECK (length(trim(section)) > 0),
            old_text TEXT NOT NULL DEFAULT '',
            new_text TEXT NOT NULL CHECK (length(trim(new_text)) > 0)
        );
        CREATE INDEX amendments_by_visit ON amendments(visit_id, id);
        CREATE TRIGGER amendments_need_signed_visit BEFORE INSERT ON amendments
        WHEN NOT {_SIGNED.format(col="new.visit_id")}
        BEGIN
            SELECT RAISE(ABORT, 'only a signed visit takes amendments; edit it instead');
        END;
        CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments
        BEGIN
            SELECT RAISE(ABORT, 'an amendment cannot be changed; add another one');
        END;
        CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments
        WHEN {_NOT_ERASING}
        BEGIN
            SELECT RAISE(ABORT, 'an amendment cannot be removed');
        END;

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL CHECK (datetime(at) IS NOT NULL),
            action TEXT NOT NULL CHECK (length(action) > 0 AND action NOT GLOB '*[^a-z_]*'),
            client_id TEXT,
            visit_id TEXT,
            actor TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '',
            prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
            hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
        );
        CREATE INDEX audit_by_client ON audit_log(client_id, id);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;
        """
    )


@MIGRATIONS(name="0003_client_visit_summary")
def client_visit_summary(db: Database) -> None:
    """Each client's visit count and last visit date, kept by triggers for the client list.

    Counting visits per client at every start-up and keystroke of a search cost ~80 ms on a
    10,000-client clinic; these two columns make the list a plain read of ``clients``.
    """
    db.executescript(
        """
        ALTER TABLE clients ADD COLUMN visit_count INTEGER NOT NULL DEFAULT 0
            CHECK (visit_count >= 0);
        ALTER TABLE clients ADD COLUMN last_visit TEXT;
        UPDATE clients SET
            visit_count = (SELECT count(*) FROM visits v WHERE v.client_id = clients.id),
            last_visit = (SELECT max(visit_date) FROM visits v WHERE v.client_id = clients.id);

        CREATE TRIGGER visits_summary_insert AFTER INSERT ON visits BEGIN
            UPDATE clients SET
                visit_count = visit_count + 1,
                last_visit = max(coalesce(last_visit, new.visit_date), new.visit_date)
            WHERE id = new.client_id;
        END;
        CREATE TRIGGER visits_summary_delete AFTER DELETE ON visits BEGIN
            UPDATE clients SET
                visit_count = visit_count - 1,
                last_visit = (SELECT max(visit_date) FROM visits WHERE client_id = old.client_id)
            WHERE id = old.client_id;
        END;
        CREATE TRIGGER visits_summary_update AFTER UPDATE OF visit_date, client_id ON visits BEGIN
            UPDATE clients SET
                visit_count = (SELECT count(*) FROM visits v WHERE v.client_id = clients.id),
                last_visit = (SELECT max(visit_date) FROM visits v WHERE v.client_id = clients.id)
            WHERE id IN (old.client_id, new.client_id);
        END;
        """
    )


@MIGRATIONS(name="0004_content_hashes")
def content_hashes(db: Database) -> None:
    """A content hash with each signature and amendment; those stored earlier get theirs now
    (anchored from the upgrade on), and none can be stored without one from now on."""
    from glutedesk.storage.content_hash import backfill_hashes

    db.executescript(
        """
        ALTER TABLE visit_signatures ADD COLUMN content_hash TEXT CHECK (length(content_hash) = 64);
        ALTER TABLE amendments ADD COLUMN content_hash TEXT CHECK (length(content_hash) = 64);
        """
    )
    backfill_hashes(db)
    for table in ("visit_signatures", "amendments"):
        db.execute(
            f"CREATE TRIGGER {table}_need_hash BEFORE INSERT ON {table} "
            f"WHEN new.content_hash IS NULL BEGIN "
            f"SELECT RAISE(ABORT, 'a signature or amendment needs its content hash'); END"
        )


from glutedesk.storage import migration_strength  # noqa: E402, F401  (0005, registered after 0004)
