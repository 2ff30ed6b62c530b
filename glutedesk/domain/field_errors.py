"""A problem with a record, as data: the field at fault, what to fix, how serious it is.

Shared by the client and visit checks (:mod:`glutedesk.domain.client_validation`,
:mod:`glutedesk.domain.validation`): the :class:`FieldError` type and the checks every text
field gets (characters that cannot be saved, text longer than its field holds).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from glutedesk.domain import field_limits

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class FieldError:
    """One problem with a record: the field at fault, what to fix, and how serious it is."""

    field: str
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if self.severity not in ("error", "warning"):
            raise ValueError(f"severity must be 'error' or 'warning', not {self.severity!r}")

    @property
    def is_error(self) -> bool:
        """True when this problem blocks saving."""
        return self.severity == "error"


def has_errors(errors: Iterable[FieldError]) -> bool:
    """True when any problem in ``errors`` is an error (warnings alone allow saving)."""
    return any(e.severity == "error" for e in errors)


def _error(field: str, message: str) -> FieldError:
    return FieldError(field, message, "error")


def _warning(field: str, message: str) -> FieldError:
    return FieldError(field, message, "warning")


def text_fields(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Yield (path, text) for every string inside ``value`` (dataclasses, tuples, dicts)."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from text_fields(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from text_fields(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(key, f"{path} (key)")
            yield from text_fields(item, f"{path}.{key}")


def _human(path: str) -> str:
    """Turn a field path into words: "history.past_medical_history" -> "past medical history"."""
    last = re.sub(r"\[\d+\]", "", path.rsplit(".", 1)[-1]).replace(" (key)", "")
    return last.replace("_", " ")


def _unsavable_text(record: Any) -> list[FieldError]:
    problems = []
    for path, text in text_fields(record, ""):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(
                _error(
                    path,
                    f"The {_human(path)} field contains a broken character (often half of an "
                    "emoji pasted from another program) that cannot be saved: retype that text",
                )
            )
    return problems


def _too_long(record: Any) -> list[FieldError]:
    return [
        _error(
            path,
            f"The {_human(path)} field is {length:,} characters long; it can hold at most "
            f"{limit:,}: shorten it",
        )
        for path, length, limit in field_limits.too_long(list(text_fields(record, "")))
    ]


def _is_whole(value: object, low: int, high: int) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value == int(value)
        and low <= value <= high
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
