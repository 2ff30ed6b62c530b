"""Strict conversion between domain dataclasses and plain JSON values.

``to_json`` turns any record from :mod:`glutedesk.domain.models` into dicts, lists, strings and
numbers; ``from_json`` rebuilds it and refuses anything that does not fit the dataclass exactly
(unknown fields, wrong types, invalid dates, unknown enum values), naming the path at fault. The
export file and storage's JSON columns both use it, so there is one definition of the format.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import types
import typing
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")

# fromisoformat also reads week dates ("2026-W01-1") and compact forms; the format allows only this.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class SerializationError(ValueError):
    """A JSON value does not fit the record it should describe; the message names the path."""


def to_json(value: Any) -> Any:
    """Return ``value`` (a dataclass, enum, date, tuple, dict or scalar) as plain JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.metadata.get("derived")  # computed views (Visit.corrections) are not data
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def from_json(cls: type[T], data: Any, path: str = "") -> T:
    """Build a ``cls`` dataclass from JSON data, strictly.

    Raises :class:`SerializationError` naming the dotted path of the first value that does not
    fit: an unknown or missing field, a wrong type, an invalid date or an unknown choice.
    """
    return _convert(cls, data, path or cls.__name__)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _convert(tp: Any, data: Any, path: str) -> Any:
    if tp is Any:
        return _plain_json(data, path)
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = get_args(tp)
        if data is None:
            if type(None) in args:
                return None
            raise SerializationError(f"{path}: a value is required")
        non_none = [a for a in args if a is not type(None)]
        errors = []
        for arg in non_none:
            try:
                return _convert(arg, data, path)
            except SerializationError as exc:
                errors.append(str(exc))
        raise SerializationError(errors[0] if len(errors) == 1 else f"{path}: unexpected value")
    if data is None:
        raise SerializationError(f"{path}: a value is required")
    supertype = getattr(tp, "__supertype__", None)
    if supertype is not None:  # NewType
        return _convert(supertype, data, path)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass(tp, data, path)
    if origin is tuple:
        if not isinstance(data, list):
            raise SerializationError(f"{path}: expected a list")
        (item_type, _ellipsis) = get_args(tp)
        return tuple(_convert(item_type, v, f"{path}[{i}]") for i, v in enumerate(data))
    if origin is dict:
        if not isinstance(data, dict):
            raise SerializationError(f"{path}: expected an object")
        _key_type, value_type = get_args(tp)
        return {str(k): _convert(value_type, v, f"{path}.{k}") for k, v in data.items()}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in tp)
            raise SerializationError(f"{path}: {data!r} is not one of {allowed}") from None
    if tp is dt.datetime:
        return _parse(dt.datetime.fromisoformat, data, path, "a date and time (ISO 8601)")
    if tp is dt.date:
        if not isinstance(data, str) or not _ISO_DATE.fullmatch(data):
            raise SerializationError(f"{path}: {data!r} is not a date (YYYY-MM-DD)")
        return _parse(dt.date.fromisoformat, data, path, "a date (YYYY-MM-DD)")
    if tp is bool:
        if not isinstance(data, bool):
            raise SerializationError(f"{path}: expected true or false")
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise SerializationError(f"{path}: expected a whole number")
        return data
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise SerializationError(f"{path}: expected a number")
        # A whole number stays one (3, not 3.0): as entered, stored and exported, so an
        # export read back and exported again is the same file, byte for byte.
        return data
    if tp is str:
        if not isinstance(data, str):
            raise SerializationError(f"{path}: expected text")
        _check_text(data, path)
        return data
    raise SerializationError(f"{path}: unsupported type {tp!r}")  # pragma: no cover


def _dataclass(cls: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise SerializationError(f"{path}: expected an object")
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("derived")}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise SerializationError(f"{path}: unknown field {unknown[0]!r}")
    kwargs = {}
    for name, f in fields.items():
        if name in data:
            kwargs[name] = _convert(hints[name], data[name], f"{path}.{name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise SerializationError(f"{path}: missing field {name!r}")
    return cls(**kwargs)


def _parse(parser: typing.Callable[[str], Any], data: Any, path: str, what: str) -> Any:
    if not isinstance(data, str):
        raise SerializationError(f"{path}: expected {what}")
    try:
        return parser(data)
    except ValueError:
        raise SerializationError(f"{path}: {data!r} is not {what}") from None


def _check_text(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise SerializationError(f"{path}: text contains an invalid character") from None


def _plain_json(data: Any, path: str) -> Any:
    if isinstance(data, str):
        _check_text(data, path)
        return data
    if data is None or isinstance(data, bool | int | float):
        return data
    if isinstance(data, list):
        return [_plain_json(v, f"{path}[{i}]") for i, v in enumerate(data)]
    if isinstance(data, dict):
        return {str(k): _plain_json(v, f"{path}.{k}") for k, v in data.items()}
    raise SerializationError(f"{path}: unsupported value {data!r}")
