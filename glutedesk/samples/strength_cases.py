"""Small, fixed clients whose glute strength is recorded in one dynamometer unit each.

Used by ``scripts/strength_units_evidence.py`` and the tests of issue 13: for every unit id of
``resources/units.json`` one client with three visits (grades and readings; readings without a
grade; grades and readings again), with left and right glute med grades that coincide so the
chart must keep both visible. Everything is deterministic: fixed ids, dates and values.
"""

from __future__ import annotations

import datetime as dt

from glutedesk.domain.ids import ClientId, TestId, VisitId
from glutedesk.domain.models import (
    CaseHistory,
    Client,
    Consent,
    ConsentKind,
    Nprs,
    Side,
    TestResult,
    Visit,
)
from glutedesk.domain.strength import unit_label

# (left, right) readings of glute max at the three visits, per unit; realistic magnitudes.
# n_per_kg's first visit is the worked example: 5.11 vs 5.83 -> 87.7 % from readings.
READINGS: dict[str, tuple[tuple[float, float], ...]] = {
    "n": ((182.5, 215.0), (190.0, 216.5), (208.5, 219.0)),
    "kg": ((18.6, 21.9), (19.4, 22.1), (21.3, 22.3)),
    "lbf": ((41.0, 48.3), (42.7, 48.7), (46.9, 49.2)),
    "nm": ((92.4, 108.8), (96.1, 109.5), (105.5, 110.8)),
    "n_per_kg": ((5.11, 5.83), (5.3, 5.85), (5.72, 5.9)),
    "percent_bw": ((23.5, 27.7), (24.4, 27.9), (26.9, 28.2)),
}
DATES = (dt.date(2026, 1, 6), dt.date(2026, 1, 27), dt.date(2026, 2, 24))
GRADES = (("4-", "4"), (None, None), ("4", "4"))  # glute max; the second visit: readings only
MED_GRADES = (("4-", "4-"), ("4", "4"), ("4", "4+"))  # coincide at visits 1 and 2


def case_ids(unit: str) -> tuple[ClientId, tuple[VisitId, ...]]:
    """The fixed client id and visit ids of ``unit``'s case."""
    stem = unit.replace("_", "-")
    return ClientId(f"strength-{stem}"), tuple(VisitId(f"strength-{stem}-{i}") for i in (1, 2, 3))


def _result(side: Side, grade: str | None, reading: float | None, unit: str) -> TestResult:
    values: dict[str, object] = {}
    if grade is not None:
        values["grade"] = grade
    if reading is not None:
        values |= {"dynamometer": reading, "dynamometer_unit": unit, "position": "prone, 5 cm"}
    return TestResult(TestId("oxford_glute_max"), side, values, variant="prone_knee_flexed")


def unit_case(unit: str, *, involved_side: str = "not_known") -> tuple[Client, list[Visit]]:
    """Return one client and three visits recording glute max readings in ``unit``."""
    client_id, visit_ids = case_ids(unit)
    stamp = dt.datetime(2026, 1, 6, 9, 0, tzinfo=dt.UTC)
    client = Client(
        id=client_id,
        first_name="Robin",
        last_name=f"Reading ({unit_label(unit)})",
        date_of_birth=dt.date(1988, 5, 17),
        consents=(
            Consent(ConsentKind.TREATMENT, True, DATES[0], "v1"),
            Consent(ConsentKind.DATA_PROCESSING, True, DATES[0], "v1"),
        ),
        history=CaseHistory(complaint="Left buttock ache on running", involved_side=involved_side),
        created_at=stamp,
        updated_at=stamp,
    )
    visits = []
    for i, (day, vid) in enumerate(zip(DATES, visit_ids, strict=True)):
        (lmax, rmax), (lread, rread) = GRADES[i], READINGS[unit][i]
        lmed, rmed = MED_GRADES[i]
        results = (
            _result(Side.LEFT, lmax, lread, unit),
            _result(Side.RIGHT, rmax, rread, unit),
            TestResult(TestId("oxford_glute_med"), Side.LEFT, {"grade": lmed}),
            TestResult(TestId("oxford_glute_med"), Side.RIGHT, {"grade": rmed}),
        )
        at = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
        visits.append(
            Visit(
                id=vid,
                client_id=client_id,
                visit_date=day,
                therapist="Sam Therapist",
                nprs=Nprs(now=6 - 2 * i),
                test_results=results,
                created_at=at,
                updated_at=at,
            )
        )
    return client, visits
