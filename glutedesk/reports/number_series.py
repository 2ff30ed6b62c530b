"""Any number the test catalogue defines, over visits: angles, seconds held, repetitions,
readings.

The list of chartable measures is read from the catalogue (``resources/tests.json``): every
``integer`` or ``number`` field of every test. A numeric test added to the catalogue as a data
edit is therefore chartable with no code change. Values are kept per side and per unit, so a
chart never puts two units on one axis. No matplotlib, reportlab or Qt here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from glutedesk.domain.catalogue import Catalogue, FieldType, TestDefinition
from glutedesk.domain.ids import VisitId
from glutedesk.domain.models import Side, Visit
from glutedesk.domain.strength import unit_label

NUMERIC_TYPES = (FieldType.INTEGER, FieldType.NUMBER)
SIDE_NAMES = {Side.LEFT: "Left", Side.RIGHT: "Right"}


@dataclass(frozen=True)
class NumericMeasure:
    """One numeric field of one catalogue test, e.g. Thomas test hip angle (°)."""

    test_id: str
    field_id: str
    test_name: str
    field_label: str
    unit: str
    per_side: bool

    @property
    def key(self) -> str:
        """ "test_id.field_id", the id used on the command line and in settings."""
        return f"{self.test_id}.{self.field_id}"

    @property
    def title(self) -> str:
        """E.g. "Thomas test: hip angle"."""
        label = self.field_label.removesuffix(" °").removesuffix(" (°)")
        return f"{self.test_name}: {label[:1].lower()}{label[1:]}"


@dataclass(frozen=True)
class NumberPoint:
    """One recorded value of a numeric field at one visit."""

    visit_id: VisitId
    date: dt.date
    value: float


@dataclass(frozen=True)
class NumberSeries:
    """The values of one measure on one side (or the whole test) in one unit, oldest first."""

    measure: NumericMeasure
    side: Side | None
    unit: str
    points: tuple[NumberPoint, ...]

    @property
    def label(self) -> str:
        """ "Left", "Right" or the test name for a test that is not per side."""
        if self.side is None:
            return self.measure.test_name
        return SIDE_NAMES.get(self.side, self.side.value.capitalize())


def numeric_measures(catalogue: Catalogue) -> list[NumericMeasure]:
    """Return every integer or number field of every test, in catalogue order."""
    return [
        _measure(test, field.id, field.label, field.unit)
        for test in catalogue.tests
        for field in test.fields
        if field.type in NUMERIC_TYPES
    ]


def _measure(test: TestDefinition, field_id: str, label: str, unit: str) -> NumericMeasure:
    return NumericMeasure(test.id, field_id, test.name, label, unit, test.per_side)


def find_measure(catalogue: Catalogue, key: str) -> NumericMeasure:
    """Return the measure named ``key`` ("test_id.field_id"); ``KeyError`` naming the choices."""
    for measure in numeric_measures(catalogue):
        if measure.key == key:
            return measure
    raise KeyError(f"{key!r} is not a numeric field of the test catalogue")


def _unit_of(measure: NumericMeasure, values: dict) -> str:
    # A field without a catalogue unit may carry its unit beside it ("dynamometer_unit").
    if measure.unit:
        return measure.unit
    unit = values.get(f"{measure.field_id}_unit")
    if isinstance(unit, str) and unit.strip():
        return unit_label(unit)
    return ""


def number_series(visits: Iterable[Visit], measure: NumericMeasure) -> list[NumberSeries]:
    """Return ``measure``'s values over ``visits``: one series per side and unit, oldest first.

    Only tested results with a finite number are used; other sides than left and right (old
    records) keep their own series rather than being dropped.
    """
    ordered = sorted(visits, key=lambda v: v.visit_date)
    grouped: dict[tuple[Side | None, str], list[NumberPoint]] = {}
    for visit in ordered:
        for result in visit.test_results:
            if result.test_id != measure.test_id or not result.tested:
                continue
            value = result.values.get(measure.field_id)
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if not math.isfinite(value):
                continue
            side = result.side if measure.per_side else None
            key = (side, _unit_of(measure, dict(result.values)))
            grouped.setdefault(key, []).append(NumberPoint(visit.id, visit.visit_date, value))
    order = {Side.LEFT: 0, Side.RIGHT: 1, None: 2}
    return [
        NumberSeries(measure, side, unit, tuple(points))
        for (side, unit), points in sorted(
            grouped.items(), key=lambda kv: (kv[0][1], order.get(kv[0][0], 3), str(kv[0][0]))
        )
    ]
