"""Reading catalogue JSON files strictly: duplicate keys, unknown keys and wrongly typed values
are refused with a :class:`CatalogueError` naming the file, the entry and the key."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from glutedesk.domain.catalogue.model import HasId, Option
from glutedesk.domain.errors import CatalogueError

SUPPORTED_VERSIONS: tuple[str, ...] = ("1",)

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(Exception):
    pass


def _read_file(folder: Path, name: str, list_keys: Sequence[str]) -> dict[str, Any]:
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError(f"{name}: file not found in {folder}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{name}: cannot be read ({exc})") from None
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except _DuplicateKey as exc:
        raise CatalogueError(f"{name}: key {exc.args[0]!r} appears twice in one object") from None
    _check_keys(name, data, required=("version", *list_keys), optional=())
    version = data["version"]
    if not isinstance(version, str) or version not in SUPPORTED_VERSIONS:
        raise CatalogueError(
            f"{name}: unsupported 'version' {version!r} (supported: "
            f"{', '.join(map(repr, SUPPORTED_VERSIONS))})"
        )
    return data


T = TypeVar("T", bound=HasId)


def _load_entries(
    folder: Path, name: str, list_key: str, kind: str, parse: Callable[[str, Any], T]
) -> tuple[T, ...]:
    data = _read_file(folder, name, (list_key,))
    return _parse_list(name, data, list_key, kind, parse)


def _parse_list(
    name: str, data: Mapping[str, Any], list_key: str, kind: str, parse: Callable[[str, Any], T]
) -> tuple[T, ...]:
    raw = data[list_key]
    if not isinstance(raw, list):
        raise CatalogueError(f"{name}: {list_key!r} must be a list, not {_type_name(raw)}")
    if not raw:
        raise CatalogueError(f"{name}: {list_key!r} is empty")
    entries: list[T] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        where = f"{name}, {_describe(kind, item, index)}"
        entry = parse(where, item)
        entry_id = str(entry.id)
        if entry_id in seen:
            raise CatalogueError(f"{where}: duplicate id (also at index {seen[entry_id]})")
        seen[entry_id] = index
        entries.append(entry)
    return tuple(entries)


# --------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------


def _describe(kind: str, item: Any, index: int) -> str:
    if isinstance(item, dict):
        entry_id = item.get("id")
        if isinstance(entry_id, str) and entry_id:
            return f"{kind} {entry_id!r}"
    return f"{kind} at index {index}"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _check_keys(
    where: str, value: Any, *, required: Sequence[str], optional: Sequence[str]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CatalogueError(f"{where}: expected an object, got {_type_name(value)}")
    allowed = (*required, *optional)
    unknown = [k for k in value if k not in allowed]
    if unknown:
        raise CatalogueError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(allowed)})")
    missing = [k for k in required if k not in value]
    if missing:
        raise CatalogueError(f"{where}: missing key {missing[0]!r}")
    return value


def _str(where: str, data: Mapping[str, Any], key: str, *, empty_ok: bool = False) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise CatalogueError(f"{where}: {key!r} must be a string, not {_type_name(value)}")
    if not empty_ok and not value.strip():
        raise CatalogueError(f"{where}: {key!r} must not be empty")
    return value


def _opt_str(where: str, data: Mapping[str, Any], key: str) -> str:
    return _str(where, data, key, empty_ok=True) if key in data else ""


def _id(where: str, data: Mapping[str, Any], key: str = "id") -> str:
    value = _str(where, data, key)
    if not _ID_PATTERN.match(value):
        raise CatalogueError(
            f"{where}: {key!r} {value!r} must be lower-case letters, digits and underscores"
        )
    return value


def _bool(where: str, data: Mapping[str, Any], key: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise CatalogueError(f"{where}: {key!r} must be true or false, not {_type_name(value)}")
    return value


def _int(where: str, data: Mapping[str, Any], key: str, *, minimum: int) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise CatalogueError(f"{where}: {key!r} must be a whole number, not {_type_name(value)}")
    if value < minimum:
        raise CatalogueError(f"{where}: {key!r} must be at least {minimum}, not {value}")
    return value


def _number(where: str, data: Mapping[str, Any], key: str, *, integer: bool = False) -> float:
    value = data[key]
    if integer and (isinstance(value, bool) or not isinstance(value, int)):
        raise CatalogueError(f"{where}: {key!r} must be a whole number, not {_type_name(value)}")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CatalogueError(f"{where}: {key!r} must be a number, not {_type_name(value)}")
    return value


def _enum(where: str, data: Mapping[str, Any], key: str, enum: type[StrEnum]) -> Any:
    value = _str(where, data, key)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in enum)
        raise CatalogueError(f"{where}: {key!r} {value!r} is not one of {allowed}") from None


def _str_list(where: str, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data[key]
    if not isinstance(value, list):
        raise CatalogueError(f"{where}: {key!r} must be a list, not {_type_name(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise CatalogueError(f"{where}: {key!r} item {i} must be a non-empty string")
    return tuple(value)


def _options(
    where: str, data: Mapping[str, Any], key: str, *, non_empty: bool, kind: str = "option"
) -> tuple[Option, ...]:
    value = data.get(key)
    if not isinstance(value, list):
        raise CatalogueError(f"{where}: {key!r} must be a list, not {_type_name(value)}")
    if non_empty and not value:
        raise CatalogueError(f"{where}: {key!r} must not be empty")
    options: list[Option] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        here = f"{where}, {_describe(kind, item, index)}"
        _check_keys(here, item, required=("id", "label"), optional=())
        opt = Option(id=_id(here, item), label=_str(here, item, "label"))
        if opt.id in seen:
            raise CatalogueError(f"{here}: duplicate id in {key!r}")
        seen.add(opt.id)
        options.append(opt)
    return tuple(options)


# --------------------------------------------------------------------------------------------
# Entry parsers
# --------------------------------------------------------------------------------------------
