"""Decode JSON within the limits of the export format, refusing what it cannot hold.

Python's ``json`` reads far more than a GluteDesk export may hold: ``NaN`` and ``Infinity``,
integers of any length (but raises past 4,300 digits), floats that overflow to infinity, the
same key twice, and nesting as deep as its recursion allows (then it raises ``RecursionError``).
:func:`decode` checks the nesting on the raw bytes before parsing, so recursion never bites,
and parses numbers and keys through hooks that never raise; :func:`check_limits` then walks the
data without recursion and names the path of the first value the format cannot hold. Stored
integers are SQLite's 64-bit ones, floats are finite doubles (see docs/export-format.md).
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

MAX_DEPTH = 10
"""Nesting levels a document may have (an export needs 7: document, visits, visit,
test_results, result, values, a list inside values)."""

MIN_INT = -(2**63)
MAX_INT = 2**63 - 1
_MAX_INT_DIGITS = 19

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = bytes(c for c in range(256) if c not in b"[]{}")
_ONE_BRACKET = bytes.maketrans(b"{}", b"[]")
_STEP = tuple(1 if c == ord("[") else -1 if c == ord("]") else 0 for c in range(256))
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},:]', re.DOTALL)


class JsonLimitError(ValueError):
    """JSON data goes beyond what the format holds; ``str()`` names the path, in one line.

    ``field`` is the path alone (``"visits[0].nprs.now"``), empty for the whole document.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class _Unfit:
    """A number the format cannot hold, kept in its place so :func:`check_limits` can name it."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _FlaggedObject(dict):
    """A JSON object with a key the format refuses (repeated, or with invalid characters)."""

    reason = ""


def decode(data: bytes) -> Any:
    """Parse UTF-8 JSON ``data`` and check its limits.

    Raises :class:`JsonLimitError` for nesting deeper than :data:`MAX_DEPTH` (found before
    parsing), and for numbers or keys the format cannot hold (see :func:`check_limits`);
    ``UnicodeDecodeError`` for bytes that are not UTF-8; ``json.JSONDecodeError`` for text that
    is not JSON.
    """
    too_deep = _too_deep_at(data)
    if too_deep is not None:
        raise too_deep
    decoder = strict_decoder()
    try:
        value = decoder.decode(data.decode("utf-8"))
    except RecursionError:  # not expected after the depth check; still never a crash
        raise _refusal((), _deeper_than_the_format()) from None
    check_limits(value)
    return value


def strict_decoder() -> json.JSONDecoder:
    """A decoder whose numbers and keys never raise: what the format cannot hold is kept in
    place for :func:`check_limits` to name (it must be called on what it returns)."""
    return json.JSONDecoder(
        parse_int=_parse_int,
        parse_float=_parse_float,
        parse_constant=_parse_constant,
        object_pairs_hook=_object,
        strict=True,
    )


def trail_of(*keys: str | int) -> tuple:
    """The path ``keys`` (``"visits", 3``) in the form :func:`check_limits` takes as ``at``."""
    trail: tuple = ()
    for key in keys:
        trail = (trail, key)
    return trail


def check_limits(data: Any, *, at: tuple = (), depth: int = 1) -> None:
    """Refuse (:class:`JsonLimitError`) data the export format cannot hold, naming its path.

    That is nesting deeper than :data:`MAX_DEPTH`, an integer outside SQLite's 64 bits, a float
    that is NaN or infinite, and a key repeated in one object or holding a lone surrogate.
    Works on any Python data, iteratively, so deep data cannot exhaust the stack. A part of a
    document is checked with its path ``at`` (see :func:`trail_of`) and nesting ``depth``.
    """
    stack: list[tuple[Any, int, tuple]] = [(data, depth, at)]
    while stack:
        node, depth, trail = stack.pop()
        if isinstance(node, dict | list) and depth > MAX_DEPTH:
            raise _refusal(trail, _deeper_than_the_format())
        if isinstance(node, _FlaggedObject):
            raise _refusal(trail, node.reason)
        if isinstance(node, dict):
            for key in reversed(node):
                if not isinstance(key, str) or not _encodable(key):
                    raise _refusal(trail, "a field name has an invalid character")
                stack.append((node[key], depth + 1, (trail, key)))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                stack.append((node[index], depth + 1, (trail, index)))
        elif isinstance(node, _Unfit):
            raise _refusal(trail, node.reason)
        elif isinstance(node, bool):
            continue
        elif isinstance(node, int) and not MIN_INT <= node <= MAX_INT:
            raise _refusal(trail, _int_out_of_range(_int_text(node)))
        elif isinstance(node, float) and not math.isfinite(node):
            raise _refusal(trail, _not_finite(repr(node)))


def _too_deep_at(data: bytes) -> JsonLimitError | None:
    # Fast check on the bytes: drop strings, keep only brackets, take the deepest running level.
    brackets = _STRING.sub(b"", data).translate(_ONE_BRACKET, _NOT_BRACKET)
    if max(accumulate(map(_STEP.__getitem__, brackets)), default=0) <= MAX_DEPTH:
        return None
    found = _locate_depth(data.decode("utf-8", "replace"))
    return found or _refusal((), _deeper_than_the_format())


def _locate_depth(
    text: str, at: tuple = (), enclosing: int = 0, first_line: int = 1
) -> JsonLimitError | None:
    """Name the path and line where ``text`` first nests deeper than the format allows.

    ``text`` may be a part of a document: the value at path ``at``, inside ``enclosing``
    levels, starting on line ``first_line``.
    """
    frames: list[list[Any]] = []  # [is_object, key or index, expecting_key]
    trail: tuple = at
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            if frames:
                trail = (trail, frames[-1][1])
            frames.append([token == "{", 0 if token == "[" else None, token == "{"])
            if len(frames) + enclosing > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + first_line
                return _refusal(trail, f"{_deeper_than_the_format()} (line {line})")
        elif token in "]}":
            if frames:
                frames.pop()
            trail = trail[0] if trail else ()
        elif not frames:
            continue
        elif token == ",":
            frame = frames[-1]
            if frame[0]:
                frame[2] = True
            else:
                frame[1] += 1
        elif token == ":":
            frames[-1][2] = False
        elif frames[-1][0] and frames[-1][2]:
            try:
                frames[-1][1] = json.loads(token)
            except ValueError:
                frames[-1][1] = "?"
    return None


def deeper_than_the_format(text: str, at: tuple, depth: int, line: int) -> JsonLimitError:
    """The refusal of the value ``text`` starts with (at path ``at``, nesting ``depth``, on
    ``line``) nested deeper than the format allows: naming where, if ``text`` shows it."""
    found = _locate_depth(text, at, depth - 1, line)
    return found or _refusal(at, _deeper_than_the_format())


def _deeper_than_the_format() -> str:
    return f"nests deeper than the {MAX_DEPTH} levels a GluteDesk export may have"


def _refusal(trail: tuple, reason: str) -> JsonLimitError:
    parts: list[Any] = []
    while trail:
        trail, key = trail
        parts.append(key)
    path = ""
    for key in reversed(parts):
        if isinstance(key, int):
            path += f"[{key}]"
        elif _NAME.fullmatch(key):
            path += f".{key}" if path else key
        else:
            path += f"[{_quoted(key)}]"
    if not path:
        return JsonLimitError(reason)
    return JsonLimitError(f"{path}: {reason}", path)


def _quoted(key: str) -> str:
    """``key`` in quotes, escaped onto one line and shortened."""
    shown = repr(key)
    return shown if len(shown) <= 40 else shown[:36] + "...'"


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(text: str) -> str:
    if len(text) <= 24 or text.startswith("a number"):
        return text
    return f"a number with {sum(c.isdigit() for c in text):,} digits"


def _int_text(value: int) -> str:
    if value.bit_length() < 256:
        return str(value)
    # str() of an int past 4,300 digits raises; the count of digits is all a message needs.
    return f"a number with about {int(value.bit_length() * math.log10(2)):,} digits"


def _int_out_of_range(text: str) -> str:
    return (
        f"{_shown(text)} is beyond the whole numbers a GluteDesk export may hold "
        f"({MIN_INT:,} to {MAX_INT:,})"
    )


def _not_finite(text: str) -> str:
    return f"{_shown(text)} is not a finite number (NaN and Infinity are not allowed)"


def _parse_int(text: str) -> int | _Unfit:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        return _Unfit(_int_out_of_range(text))  # also before int() refuses 4,300+ digits
    value = int(text)
    if not MIN_INT <= value <= MAX_INT:
        return _Unfit(_int_out_of_range(text))
    return value


def _parse_float(text: str) -> float | _Unfit:
    value = float(text)
    if not math.isfinite(value):
        return _Unfit(f"{_shown(text)} is too large for a number (beyond ±1.8e308)")
    return value


def _parse_constant(text: str) -> _Unfit:
    return _Unfit(_not_finite(text))


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs) and all(_encodable(k) for k in result):
        return result
    flagged = _FlaggedObject(result)
    seen: set[str] = set()
    for key, _value in pairs:
        if not _encodable(key):
            flagged.reason = "a field name has an invalid character"
            break
        if key in seen:
            flagged.reason = f"the field {_quoted(key)} appears twice"
            break
        seen.add(key)
    return flagged
