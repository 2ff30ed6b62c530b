"""Migration ``0009_insights_summary``: one narrow row a visit holding what the practice
insights read at key visits, kept true by triggers, with a backfill.

Each column is one SQL expression over the visit's own rows (:data:`COLUMNS`), used three
ways, so they cannot drift apart: by the backfill, by the triggers (which recompute the
columns a changed child row can touch, for the visits it belonged to before and after), and
by :func:`summary_mismatches`, the check that the table equals what the raw rows give. A
visit's row is made when the visit is inserted and goes with it (``ON DELETE CASCADE``), so
saves, edits, deletions, GDPR erasure, imports (saved visit by visit) and restores (a whole
file, migrated on opening when older) all keep it. It holds stored values only: amendments'
corrections are applied on top when the insights read it, as before
(:mod:`glutedesk.storage.insights_corrections`). docs/design/0008-insights-summary.md, "Sixth
round", explains the choice. Registered after 0008 (:mod:`glutedesk.storage.database`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from glutedesk.storage.migrations import MIGRATIONS, _frozen_child_triggers

if TYPE_CHECKING:  # registered without sqlite-utils (see storage.migration_registry)
    from sqlite_utils import Database

TABLE = "insights_summary"
GLUTE_TESTS = ("oxford_glute_max", "oxford_glute_med")
OTHER_TESTS = ("thomas_test", "trendelenburg")  # sort after the glutes' ids (test_results' key)
SCORED = ("odi", "rmdq", "psfs")
NERVE_SYMPTOMS = ("pins_and_needles", "numbness")


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


# The visit's tests among ``ids``, joined as the insights' test read joins them: one part a
# test (test, side, stored value by char(31)), by char(30), in key order (test, then side).
_TESTS = (
    "(SELECT group_concat(t.test_id || char(31) || t.side || char(31) || t.result, char(30)) "
    "FROM test_results t WHERE t.visit_id = {v} AND t.not_tested_reason IS NULL "
    "AND +t.test_id IN ({ids}))"
)
_TOTAL = "(SELECT o.total FROM outcome_scores o WHERE o.visit_id = {v} AND o.instrument = '{m}')"

# column -> (child table it is read from, or "visits"; its SQL expression for the visit {v})
COLUMNS: dict[str, tuple[str, str]] = {
    "pain_character": ("visits", "(SELECT p.pain_character FROM visits p WHERE p.id = {v})"),
    "nerve_marks": (  # nerve-type marks in key order (region), joined by ","
        "pain_marks",
        "(SELECT group_concat(m.symptom) FROM pain_marks m WHERE m.visit_id = {v} "
        f"AND m.symptom IN ({_quoted(NERVE_SYMPTOMS)}))",
    ),
    "glute_tests": ("test_results", _TESTS.replace("{ids}", _quoted(GLUTE_TESTS))),
    "other_tests": ("test_results", _TESTS.replace("{ids}", _quoted(OTHER_TESTS))),
    **{m: ("outcome_scores", _TOTAL.replace("{m}", m)) for m in SCORED},
    "exercises": (  # the exercise ids as a JSON array (any text, no separator to escape)
        "exercise_prescriptions",
        "(SELECT json_group_array(e.exercise_id) FROM exercise_prescriptions e "
        "WHERE e.visit_id = {v})",
    ),
}

# Which child rows can change a column: others (a hamstring test, STarT Back) fire nothing.
_RELEVANT = {
    "test_results": f"{{row}}.test_id IN ({_quoted(GLUTE_TESTS + OTHER_TESTS)})",
    "outcome_scores": f"{{row}}.instrument IN ({_quoted(SCORED)})",
    "pain_marks": f"{{row}}.symptom IN ({_quoted(NERVE_SYMPTOMS)})",
    "exercise_prescriptions": "1",
}


def _row_select(visit: str) -> str:
    """Every column of the summary row of the visit ``visit`` (an SQL expression)."""
    return ", ".join(expr.format(v=visit) for _table, expr in COLUMNS.values())


def _recompute(table: str, visits: str) -> str:
    """An UPDATE recomputing the columns ``table``'s rows feed, for the visits ``visits``."""
    sets = ", ".join(
        f"{column} = {expr.format(v=f'{TABLE}.visit_id')}"
        for column, (source, expr) in COLUMNS.items()
        if source == table
    )
    return f"UPDATE {TABLE} SET {sets} WHERE visit_id IN ({visits});"


def _triggers() -> str:
    names = ", ".join(COLUMNS)
    parts = [
        f"""
        CREATE TRIGGER {TABLE}_visit_insert AFTER INSERT ON visits BEGIN
            INSERT OR REPLACE INTO {TABLE} (visit_id, {names})
            SELECT new.id, {_row_select("new.id")};
        END;
        CREATE TRIGGER {TABLE}_visit_update AFTER UPDATE OF pain_character ON visits BEGIN
            {_recompute("visits", "new.id")}
        END;
        """
    ]
    for table, relevant in _RELEVANT.items():
        old, new = relevant.format(row="old"), relevant.format(row="new")
        for op, when, visits in (
            ("insert", new, "new.visit_id"),
            # a visit deleted takes its row along: its parts' cascade has nothing to update
            (
                "delete",
                f"({old}) AND EXISTS (SELECT 1 FROM visits WHERE id = old.visit_id)",
                "old.visit_id",
            ),
            ("update", f"({old}) OR ({new})", "old.visit_id, new.visit_id"),
        ):
            parts.append(
                f"""
                CREATE TRIGGER {TABLE}_{table}_{op} AFTER {op.upper()} ON {table}
                WHEN {when} BEGIN
                    {_recompute(table, visits)}
                END;
                """
            )
    return "\n".join(parts)


@MIGRATIONS(name="0009_insights_summary")
def insights_summary(db: Database) -> None:
    """The per-visit summary table, its triggers, and every existing visit's row."""
    db.executescript(
        f"""
        CREATE TABLE {TABLE} (
            visit_id TEXT PRIMARY KEY
                REFERENCES visits(id) ON DELETE CASCADE ON UPDATE CASCADE,
            pain_character TEXT NOT NULL,
            nerve_marks TEXT,
            glute_tests TEXT,
            other_tests TEXT,
            odi REAL,
            rmdq REAL,
            psfs REAL,
            exercises TEXT NOT NULL
        ) WITHOUT ROWID;
        {_triggers()}
        """
    )
    backfill_summary(db.conn)
    # A signed visit's summary row is frozen with its other rows (after the backfill, which
    # writes signed visits' rows too); the triggers above never change it: its rows cannot.
    db.executescript(_frozen_child_triggers(TABLE))


def backfill_summary(conn: Any) -> None:
    """Write every visit's summary row from its stored rows (in visit key order)."""
    conn.execute(
        f"INSERT INTO {TABLE} (visit_id, {', '.join(COLUMNS)}) "
        f"SELECT v.id, {_row_select('v.id')} FROM visits v ORDER BY v.id"
    )


def summary_mismatches(conn: Any, limit: int = 20) -> list[str]:
    """Visit ids (up to ``limit``) whose summary row differs from what their stored rows
    give, or which lack one, or rows left without a visit; empty when the table is true.

    Rows are compared as SQL values (``IS``), so a total of 3.0 and 3 are equal and text
    is compared byte for byte; a row without its visit reads NULL where its stored answer is
    never NULL. The summary is walked in key order, so each child table is too (about as long
    as the backfill takes, without the writing).
    """
    same = " AND ".join(
        f"s.{c} IS {expr.format(v='s.visit_id')}" for c, (_t, expr) in COLUMNS.items()
    )
    rows = conn.execute(
        f"SELECT s.visit_id FROM {TABLE} s WHERE NOT ({same}) "
        f"UNION SELECT v.id FROM visits v "
        f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} s WHERE s.visit_id = v.id) LIMIT ?",
        [limit],
    )
    return [row[0] for row in rows]
