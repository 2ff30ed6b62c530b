"""Strength readings: a grade, a dynamometer reading in its unit, or both; sides and symmetry.

Clinical reference, Decisions "Strength" and 1.1a: a hand-held dynamometer reading may be
recorded with or without an Oxford grade, always with its unit, and a reading's unit is never
assumed (an old record without one reads "unit not recorded"). The units and their plausible
ranges are data (``resources/units.json``): a reading outside its range warns, never refuses.
The limb symmetry index comes from readings when both sides have one in the same unit (and the
same position), otherwise from grades, and says which; with a known involved side it is
involved ÷ uninvolved x 100, otherwise weaker ÷ stronger x 100.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from glutedesk.domain.errors import CatalogueError
from glutedesk.domain.field_errors import FieldError
from glutedesk.domain.grades import normalise_grade, oxford_to_chart
from glutedesk.domain.models import Side, TestResult, Visit

UNITS_FILE = "units.json"
GRADE_FIELD = "grade"
READING_FIELD = "dynamometer"
UNIT_FIELD = "dynamometer_unit"
POSITION_FIELD = "position"
UNIT_NOT_RECORDED = "unit not recorded"

INVOLVED_LEFT = "left"
INVOLVED_RIGHT = "right"
INVOLVED_BOTH = "both"
INVOLVED_NOT_KNOWN = "not_known"
INVOLVED_SIDES: dict[str, str] = {
    INVOLVED_LEFT: "left",
    INVOLVED_RIGHT: "right",
    INVOLVED_BOTH: "both sides",
    INVOLVED_NOT_KNOWN: "not known",
}
PER_SIDE_SIDES: tuple[Side, Side] = (Side.LEFT, Side.RIGHT)


@dataclass(frozen=True)
class Unit:
    """One unit a strength reading may carry, with the range a real reading falls in."""

    id: str
    label: str
    name: str
    quantity: str
    low: float
    high: float


def _parse_unit(item: Any) -> Unit:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise CatalogueError(f"{UNITS_FILE}: each unit needs an id")
    where = f"{UNITS_FILE}: unit {item['id']!r}"
    bounds = item.get("plausible")
    if (
        not isinstance(bounds, list)
        or len(bounds) != 2
        or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
        or not 0 <= bounds[0] < bounds[1]
    ):
        raise CatalogueError(f"{where}: 'plausible' must be [low, high] with 0 <= low < high")
    for key in ("label", "name", "quantity"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise CatalogueError(f"{where}: {key!r} must be text")
    return Unit(item["id"], item["label"], item["name"], item["quantity"], *map(float, bounds))


def load_units(folder: Path | None = None) -> dict[str, Unit]:
    """Return the units of ``resources/units.json`` (or ``folder``'s), keyed by id, in order.

    Raises :class:`CatalogueError` naming the unit when the file is malformed.
    """
    if folder is None:
        return _default_units()
    return _read_units(Path(folder))


@cache
def _default_units() -> dict[str, Unit]:
    from glutedesk.paths import resources_dir

    return _read_units(resources_dir())


def _read_units(folder: Path) -> dict[str, Unit]:
    try:
        data = json.loads((folder / UNITS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"{UNITS_FILE}: cannot be read ({exc})") from exc
    units = [_parse_unit(item) for item in data.get("units", [])]
    if not units:
        raise CatalogueError(f"{UNITS_FILE}: lists no units")
    return {u.id: u for u in units}


def unit_label(unit_id: str | None) -> str:
    """Return how ``unit_id`` is printed: "Nm" for "nm"; "unit not recorded" when blank.

    An id outside the units file is shown as it is, so nothing recorded is hidden.
    """
    if unit_id is None or not str(unit_id).strip():
        return UNIT_NOT_RECORDED
    unit = load_units().get(str(unit_id))
    return unit.label if unit else str(unit_id)


@dataclass(frozen=True)
class Reading:
    """A dynamometer reading and its unit id ("" when an old record did not keep one)."""

    value: float
    unit: str

    @property
    def unit_label(self) -> str:
        """The unit as printed ("Nm", or "unit not recorded")."""
        return unit_label(self.unit)

    @property
    def text(self) -> str:
        """E.g. "182 N", "5.11 Nm" or "182 (unit not recorded)"."""
        number = format_reading(self.value)
        return f"{number} {self.unit_label}" if self.unit else f"{number} ({UNIT_NOT_RECORDED})"


def format_reading(value: float) -> str:
    """Return ``value`` with the precision it was recorded with (5.11 stays 5.11, 182.0 is 182)."""
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"


def reading_of(values: Mapping[str, Any]) -> Reading | None:
    """Return the dynamometer reading recorded in a test result's ``values``, or None."""
    value = values.get(READING_FIELD)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    unit = values.get(UNIT_FIELD)
    return Reading(float(value), unit if isinstance(unit, str) else "")


def grade_of(values: Mapping[str, Any]) -> str | None:
    """Return the Oxford grade recorded in ``values`` (normalised), or None."""
    raw = values.get(GRADE_FIELD)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return normalise_grade(raw)
    except ValueError:
        return None


def plausibility_warning(reading: Reading) -> str | None:
    """Return a warning when ``reading`` lies outside its unit's plausible range, else None."""
    unit = load_units().get(reading.unit)
    if unit is None or unit.low <= reading.value <= unit.high:
        return None
    return (
        f"{reading.text} is outside the usual {format_reading(unit.low)}–"
        f"{format_reading(unit.high)} {unit.label}: check the unit and the decimal point"
    )


def is_strength_test(field_ids: set[str]) -> bool:
    """True for a test that records a dynamometer reading with its unit."""
    return READING_FIELD in field_ids and UNIT_FIELD in field_ids


def strength_problems(
    result: TestResult, *, per_side: bool, field_ids: set[str], where: str, name: str
) -> list[FieldError]:
    """Return the side, unit, "grade or reading" and plausibility problems of one result.

    Errors: a per-side test on a side other than left or right; a reading without a unit; a
    tested strength result with neither a grade nor a reading. Warning: a reading outside the
    plausible range of its unit. ``where`` is the result's field path, ``name`` the test's name.
    """
    problems: list[FieldError] = []
    if per_side and result.side not in PER_SIDE_SIDES:
        problems.append(
            FieldError(
                f"{where}.side",
                f"{name}: a per-side test is recorded for the left or the right side, "
                f"not {result.side.value!r}",
            )
        )
    if not is_strength_test(field_ids) or not result.tested:
        return problems
    reading = reading_of(result.values)
    units = load_units()
    if reading is not None and reading.unit not in units:
        shown = f"{reading.unit!r} is not a unit" if reading.unit else "has no unit"
        problems.append(
            FieldError(
                f"{where}.values.{UNIT_FIELD}",
                f"{name}: the dynamometer reading {format_reading(reading.value)} {shown}: "
                f"set {UNIT_FIELD} to one of {', '.join(units)}",
            )
        )
    elif reading is not None and (warning := plausibility_warning(reading)):
        problems.append(
            FieldError(f"{where}.values.{READING_FIELD}", f"{name}: {warning}", "warning")
        )
    typed_grade = result.values.get(GRADE_FIELD) not in (None, "")  # a bad grade is its own error
    if GRADE_FIELD in field_ids and reading is None and not typed_grade:
        problems.append(
            FieldError(
                f"{where}.values",
                f"{name}: record an Oxford grade, a dynamometer reading or both "
                "(or mark the test not done)",
            )
        )
    return problems


@dataclass(frozen=True)
class Symmetry:
    """A limb symmetry index and how it was worked out.

    ``basis`` is "readings" or "grades"; ``unit`` the readings' unit id ("" for grades);
    ``involved`` the involved side when the index is involved ÷ uninvolved, else None
    (weaker ÷ stronger).
    """

    index: float
    basis: str
    unit: str = ""
    involved: Side | None = None

    @property
    def method(self) -> str:
        """E.g. "right ÷ left (involved ÷ uninvolved)" or "weaker ÷ stronger"."""
        if self.involved is None:
            return "weaker ÷ stronger"
        other = Side.RIGHT if self.involved is Side.LEFT else Side.LEFT
        return f"{self.involved.value} ÷ {other.value} (involved ÷ uninvolved)"

    @property
    def source(self) -> str:
        """E.g. "from dynamometer readings (Nm)" or "from Oxford grades"."""
        if self.basis == "readings":
            return f"from dynamometer readings ({unit_label(self.unit)})"
        return "from Oxford grades"

    @property
    def text(self) -> str:
        """E.g. "87.7% from dynamometer readings (Nm), weaker ÷ stronger"."""
        return f"{self.index:.1f}% {self.source}, {self.method}"


def _same_position(left: Mapping[str, Any], right: Mapping[str, Any]) -> bool:
    lpos = str(left.get(POSITION_FIELD) or "").strip().casefold()
    rpos = str(right.get(POSITION_FIELD) or "").strip().casefold()
    return not lpos or not rpos or lpos == rpos


def _index(left: float, right: float, involved: Side | None) -> float | None:
    if involved is Side.LEFT:
        return None if right == 0 else left / right * 100.0
    if involved is Side.RIGHT:
        return None if left == 0 else right / left * 100.0
    stronger = max(left, right)
    return None if stronger == 0 else min(left, right) / stronger * 100.0


def involved_limb(involved_side: str | None) -> Side | None:
    """Return the side to put over the other: LEFT/RIGHT for a one-sided complaint, else None."""
    return {INVOLVED_LEFT: Side.LEFT, INVOLVED_RIGHT: Side.RIGHT}.get(involved_side or "")


def limb_symmetry(
    left: Mapping[str, Any] | None,
    right: Mapping[str, Any] | None,
    involved_side: str | None = None,
) -> Symmetry | None:
    """Return the limb symmetry index of one test's left and right ``values``, or None.

    Readings are used when both sides have one in the same recorded unit and position; else
    grades. Example (clinical reference 1.1a): readings 5.11 and 5.83 Nm give 87.7 (weaker ÷
    stronger), however equal the grades. With ``involved_side`` "left" or "right" the index is
    involved ÷ uninvolved and may exceed 100.
    """
    if left is None or right is None:
        return None
    involved = involved_limb(involved_side)
    lread, rread = reading_of(left), reading_of(right)
    if (
        lread is not None
        and rread is not None
        and lread.unit
        and lread.unit == rread.unit
        and _same_position(left, right)
        and lread.value >= 0
        and rread.value >= 0
    ):
        index = _index(lread.value, rread.value, involved)
        if index is not None:
            return Symmetry(index, "readings", lread.unit, involved)
    lgrade, rgrade = grade_of(left), grade_of(right)
    if lgrade is None or rgrade is None:
        return None
    index = _index(oxford_to_chart(lgrade), oxford_to_chart(rgrade), involved)
    return None if index is None else Symmetry(index, "grades", "", involved)


BETWEEN_SESSION_ERROR = 0.12  # Thorborg 2010: hand-held dynamometry varies 3–12% between sessions


def within_measurement_error(first: Reading, latest: Reading) -> bool:
    """True when the change from ``first`` to ``latest`` (same unit) is within 12 %.

    Hand-held dynamometry varies 3–12 % between sessions (clinical reference 1.1a), so a smaller
    change is "within measurement error", not an improvement. Raises ``ValueError`` for
    readings in different units.
    """
    if first.unit != latest.unit:
        raise ValueError("readings in different units cannot be compared")
    if first.value == 0:
        return latest.value == 0
    return abs(latest.value - first.value) / first.value < BETWEEN_SESSION_ERROR


def units_used(visit: Visit) -> dict[str, str]:
    """Return test id -> unit id of the readings ``visit`` recorded (the units to remember)."""
    found: dict[str, str] = {}
    for result in visit.test_results:
        reading = reading_of(result.values) if result.tested else None
        if reading is not None and reading.unit in load_units():
            found[result.test_id] = reading.unit
    return found
