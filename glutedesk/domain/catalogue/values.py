"""Checking a recorded test result against its test's field definitions."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from glutedesk.domain.catalogue.model import (
    ORDER_UNDETERMINED,
    FieldDefinition,
    FieldType,
    TestDefinition,
)
from glutedesk.domain.catalogue.readers import _type_name
from glutedesk.domain.grades import OXFORD_GRADES
from glutedesk.domain.models import (
    TestResult,
)


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def _check_value(f: FieldDefinition, value: Any) -> str | None:
    """Return a problem with ``value`` for field ``f``, or None if it fits."""
    where = f"field {f.id!r}"
    if f.type is FieldType.OXFORD:
        if value not in OXFORD_GRADES or not isinstance(value, str):
            return f"{where}: {value!r} is not an Oxford grade ({', '.join(OXFORD_GRADES)})"
    elif f.type in (FieldType.INTEGER, FieldType.NUMBER):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{where}: expected a number, got {_type_name(value)}"
        if f.type is FieldType.INTEGER and not isinstance(value, int):
            return f"{where}: expected a whole number, got {value!r}"
        if not math.isfinite(value):
            return f"{where}: {value!r} is not a finite number"
        assert f.min is not None and f.max is not None
        if not f.min <= value <= f.max:
            unit = f" {f.unit}" if f.unit else ""
            return f"{where}: {value}{unit} is outside {f.min:g} to {f.max:g}{unit}"
    elif f.type is FieldType.CHOICE:
        if not isinstance(value, str) or value not in f.option_ids:
            return f"{where}: {value!r} is not one of {', '.join(f.option_ids)}"
    elif f.type is FieldType.MULTI:
        if not isinstance(value, list | tuple):
            return f"{where}: expected a list of option ids, got {_type_name(value)}"
        for v in value:
            if not isinstance(v, str) or v not in f.option_ids:
                return f"{where}: {v!r} is not one of {', '.join(f.option_ids)}"
        if len(set(value)) != len(value):
            return f"{where}: an option is ticked twice"
    elif f.type is FieldType.BOOLEAN:
        if not isinstance(value, bool):
            return f"{where}: expected true or false, got {_type_name(value)}"
    elif f.type is FieldType.TEXT:
        if not isinstance(value, str):
            return f"{where}: expected text, got {_type_name(value)}"
    elif f.type is FieldType.ORDER:
        if value == ORDER_UNDETERMINED:
            return None
        if not isinstance(value, list | tuple):
            return f"{where}: expected a list of item ids or {ORDER_UNDETERMINED!r}"
        for v in value:
            if not isinstance(v, str) or v not in f.option_ids:
                return f"{where}: {v!r} is not one of {', '.join(f.option_ids)}"
        if len(set(value)) != len(value):
            return f"{where}: an item appears twice in the order"
    return None


def validate_test_values(test: TestDefinition, values: Mapping[str, Any]) -> list[str]:
    """Check recorded result ``values`` against ``test``'s fields; return the problems found.

    Reports unknown fields, missing required fields, wrong types, numbers out of range, and
    unknown option ids. ``None`` (and an empty string or list) counts as "not recorded". An empty
    list means the values fit.
    """
    if not isinstance(values, Mapping):
        return [f"test {test.id!r}: values must be a mapping of field id to value"]
    problems: list[str] = []
    known = {f.id for f in test.fields}
    for key in values:
        if key not in known:
            problems.append(f"unknown field {key!r} for test {test.id!r}")
    for f in test.fields:
        value = values.get(f.id)
        if _is_blank(value):
            if f.required:
                problems.append(f"field {f.id!r} ({f.label}) is required")
            continue
        problem = _check_value(f, value)
        if problem:
            problems.append(problem)
    return problems


def validate_test_result(test: TestDefinition, result: TestResult) -> list[str]:
    """Check a whole :class:`TestResult` against ``test``; return the problems found.

    Besides :func:`validate_test_values`, checks the test id, the variant, the compensation ids,
    and that a result marked "not tested" carries no values. Required fields are not demanded of
    a result that was not tested.
    """
    problems: list[str] = []
    if result.test_id != test.id:
        problems.append(f"result is for test {result.test_id!r}, not {test.id!r}")
    if result.variant and result.variant not in test.variant_ids:
        problems.append(f"test {test.id!r} has no variant {result.variant!r}")
    for comp in result.compensations:
        if comp not in test.compensation_ids:
            problems.append(f"test {test.id!r} has no compensation {comp!r}")
    if not result.tested:
        if result.values:
            problems.append("a result marked 'not tested' must not carry values")
        return problems
    problems.extend(validate_test_values(test, result.values))
    return problems
