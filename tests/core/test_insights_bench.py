"""``insights_ms``: the benchmark times the real read and computation of every figure."""

from __future__ import annotations

import datetime as dt

from glutedesk.bench.insights import measure_insights
from glutedesk.bench.targets import TARGETS
from glutedesk.samples.demo import build_demo_clinic
from glutedesk.storage.clinic import Clinic


def test_insights_ms_is_measured_on_the_clinic_file(db_path):
    clinic = Clinic.open(db_path)
    try:
        build_demo_clinic(clinic, n_clients=6, today=dt.date(2026, 6, 1))
    finally:
        clinic.close()
    said: list[str] = []
    figures = measure_insights(db_path, 2, said.append)
    assert figures["insights_clients"] == 6  # every client of the file was read
    assert figures["insights_ms"] > 0 and figures["insights_first_ms"] > 0
    assert any("practice insights" in line for line in said)
    target = next(t for t in TARGETS if t.key == "insights_ms")
    assert target.limit == 1000 and target.unit == "ms"
