"""Read an export file a record at a time, within the format's limits, in bounded memory.

An export of a 10,000-client clinic is 1.2 GB; parsed whole it needs well over 10 GB. The
reader keeps a window of the file's text and hands out one top-level value, or one element of
the ``clients``, ``visits``, ``signatures`` or ``amendments`` lists, at a time, each parsed and
checked by :mod:`glutedesk.storage.strict_json`. Memory then depends on the largest record
(at most :data:`MAX_RECORD_BYTES`), never on the size of the file.

What protects against a hostile file: only a regular file (no pipe or device) is read; it may
be at most :data:`MAX_IMPORT_BYTES`; one record (or top-level value) may be at most
:data:`MAX_RECORD_BYTES` of text, so a never-ending string or list is refused when it passes
that size; nesting, numbers and keys have the limits of ``strict_json``; and the import checks
there is room on the disk for what the file can hold before writing (see ``import_stream``).
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glutedesk.storage.safe_paths import PathRefused, open_regular_file
from glutedesk.storage.strict_json import (
    JsonLimitError,
    check_limits,
    deeper_than_the_format,
    strict_decoder,
    trail_of,
)

MAX_IMPORT_BYTES = 16_000_000_000
"""The largest export file an import reads: 13 times a 10,000-client clinic's 1.2 GB."""

MAX_RECORD_BYTES = 16_000_000
"""The most text (characters) one record or top-level value may take: a visit within the
editor's field limits holds at most about 5 million (four 1-MiB SOAP sections and its notes)."""

CHUNK_BYTES = 4_000_000
"""How much of the file is read at a time."""

LISTS = ("clients", "visits", "signatures", "amendments")
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_WHITESPACE = " \t\n\r"
_LOOKAHEAD = 32  # more than any token (\\uXXXX, false, a number) cut at the window's end


LIST_OPENED = object()
"""The value of the item announcing one of :data:`LISTS`, before its elements (if any)."""


class ReadRefused(ValueError):
    """The file cannot be read as an export; ``str()`` says why, naming the file."""


@dataclass(frozen=True)
class Item:
    """One value of the export: ``key`` at the top level and, for a list, its ``index``."""

    key: str
    index: int | None
    value: Any

    @property
    def where(self) -> str:
        return self.key if self.index is None else f"{self.key}[{self.index}]"


class ExportReader:
    """The items of an export file, in the order the file holds them (see the module doc).

    Opening checks the path (a regular file of at most :data:`MAX_IMPORT_BYTES`), the
    encoding mark and that the file is not empty; iterating raises :class:`ReadRefused` at the
    first thing the format cannot hold, or :class:`JsonLimitError` naming its path.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            fd, self.size = open_regular_file(
                self.path, limit=MAX_IMPORT_BYTES, what="GluteDesk export file"
            )
        except PathRefused as exc:
            raise ReadRefused(str(exc)) from None
        self._fd: int | None = fd
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._json = strict_decoder()
        self._text = ""
        self._pos = 0
        self._eof = False
        self._bytes_read = 0
        self._raw_lines = 0  # line breaks in the bytes before the current chunk
        self._raw_column = 0  # bytes since the last line break before the current chunk
        self._lines_dropped = 0  # line breaks in the text dropped from the window
        self._first = True
        try:
            self._fill()
            if not self._text.strip() and self._eof:
                raise ReadRefused(f"{self.path} is empty, not a GluteDesk export.")
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> ExportReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Reading --------------------------------------------------------------------------------

    def _fill(self) -> bool:
        """Read the next chunk into the window; False at the end of the file."""
        if self._eof:
            return False
        try:
            raw = os.read(self._fd, CHUNK_BYTES) if self._fd is not None else b""
        except OSError as exc:
            raise ReadRefused(f"Cannot read {self.path}: {exc.strerror or exc}") from None
        self._bytes_read += len(raw)
        if self._bytes_read > MAX_IMPORT_BYTES:  # the file grew while being read
            raise ReadRefused(f"{self.path} grew past {MAX_IMPORT_BYTES / 1e6:,.0f} MB.")
        if self._first:
            self._first = False
            if raw.startswith(_UTF8_BOM):
                raw = raw[len(_UTF8_BOM) :]
            elif raw.startswith(_UTF16_BOMS):
                raise ReadRefused(
                    f"{self.path} is UTF-16 text; GluteDesk reads exports saved as UTF-8."
                )
        self._eof = not raw
        try:
            text = self._decoder.decode(raw, final=self._eof)
        except UnicodeDecodeError as exc:
            line = self._raw_lines + raw.count(b"\n", 0, exc.start) + 1
            start = raw.rfind(b"\n", 0, exc.start)
            column = exc.start - start if start >= 0 else self._raw_column + exc.start + 1
            raise ReadRefused(
                f"{self.path} is not UTF-8 text (an invalid byte at line {line}, column {column})."
            ) from None
        self._raw_lines += raw.count(b"\n")
        last = raw.rfind(b"\n")
        self._raw_column = len(raw) - last - 1 if last >= 0 else self._raw_column + len(raw)
        self._text += text
        return not self._eof

    def _peek(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        if self._pos > CHUNK_BYTES:  # drop what has been read: the window stays small
            self._lines_dropped += self._text.count("\n", 0, self._pos)
            self._text = self._text[self._pos :]
            self._pos = 0
        while True:
            while self._pos < len(self._text) and self._text[self._pos] in _WHITESPACE:
                self._pos += 1
            if self._pos < len(self._text) or not self._fill():
                return self._text[self._pos : self._pos + 1]

    def _expect(self, allowed: str, what: str) -> str:
        char = self._peek()
        if not char or char not in allowed:
            raise self._syntax(what)
        self._pos += 1
        return char

    def _value(self, at: tuple, depth: int) -> Any:
        """Parse the JSON value at the reading position and check it (reading more as needed)."""
        self._peek()
        start = self._pos
        while True:
            try:
                value, end = self._json.raw_decode(self._text, start)
            except json.JSONDecodeError as exc:
                if self._eof or not self._cut_short(exc):
                    raise self._syntax(exc.msg, exc.pos) from None
                self._read_more(start, at)
                continue
            except RecursionError:
                line = self._lines_dropped + self._text.count("\n", 0, start) + 1
                raise deeper_than_the_format(self._text[start:], at, depth, line) from None
            if end > len(self._text) - _LOOKAHEAD and not self._eof:  # a number may go on
                self._read_more(start, at)
                continue
            if end - start > MAX_RECORD_BYTES:
                raise self._too_long(at)
            self._pos = end
            check_limits(value, at=at, depth=depth)
            return value

    def _cut_short(self, exc: json.JSONDecodeError) -> bool:
        """The parse failed only because the window ends inside the value (read more)."""
        return exc.msg.startswith("Unterminated string") or exc.pos > len(self._text) - _LOOKAHEAD

    def _read_more(self, start: int, at: tuple) -> None:
        if len(self._text) - start > MAX_RECORD_BYTES:
            raise self._too_long(at)
        self._fill()

    # The document -----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Item]:
        if self._peek() != "{":
            self._value((), 1)  # invalid JSON is refused as such first
            raise ReadRefused("The file is not a GluteDesk export (expected a JSON object).")
        self._pos += 1
        seen: set[str] = set()
        if self._peek() == "}":
            self._pos += 1
        else:
            while True:
                if self._peek() != '"':
                    raise self._syntax("Expecting property name enclosed in double quotes")
                key = self._value((), 2)
                if key in seen:
                    raise JsonLimitError(f"the field {key!r} appears twice")
                seen.add(key)
                self._expect(":", "Expecting ':' delimiter")
                if key in LISTS and self._peek() == "[":
                    yield from self._list(key)
                else:
                    yield Item(key, None, self._value(trail_of(key), 2))
                if self._expect(",}", "Expecting ',' delimiter") == "}":
                    break
        if self._peek():
            raise self._syntax("Extra data")

    def _list(self, key: str) -> Iterator[Item]:
        self._pos += 1  # the [
        yield Item(key, None, LIST_OPENED)
        if self._peek() == "]":
            self._pos += 1
            return
        index = 0
        while True:
            yield Item(key, index, self._value(trail_of(key, index), 3))
            index += 1
            if self._expect(",]", "Expecting ',' delimiter") == "]":
                return

    # Messages ---------------------------------------------------------------------------------

    def _syntax(self, message: str, pos: int | None = None) -> ReadRefused:
        pos = self._pos if pos is None else pos
        line = self._lines_dropped + self._text.count("\n", 0, pos) + 1
        column = pos - self._text.rfind("\n", 0, pos)
        return ReadRefused(
            f"{self.path} is not valid JSON (line {line}, column {column}: {message})."
        )

    def _too_long(self, at: tuple) -> JsonLimitError:
        where = check_path(at)
        return JsonLimitError(
            f"{where}: one record may hold at most {MAX_RECORD_BYTES / 1e6:,.0f} MB of text",
            where,
        )


def check_path(at: tuple) -> str:
    """``("visits", 3)`` as a trail, written as ``visits[3]``."""
    parts: list[Any] = []
    while at:
        at, key = at
        parts.append(key)
    return "".join(f"[{k}]" if isinstance(k, int) else str(k) for k in reversed(parts))
