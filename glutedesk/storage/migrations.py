"""The schema, defined only here, as numbered migrations with explicit SQL.

Add a change as a new ``@MIGRATIONS()`` function named ``NNNN_what`` at the end; never edit one
that has shipped. ``CHECK`` constraints and triggers back the domain's validation, so a bug in a
screen cannot store an impossible record.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "glutedesk"
MIGRATIONS = Migrations(MIGRATION_SET)

_ADVICE = "('a_and_e_now', 'urgent_gp', 'routine_gp', 'no_action_needed')"


def known_migrations() -> tuple[str, ...]:
    """Return the names of the migrations this version of GluteDesk knows, in order."""
    return tuple(m.name for m in MIGRATIONS._migrations)


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
