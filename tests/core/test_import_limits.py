"""The import's parser holds the format's limits: numbers, nesting, text, keys, ids, file size.

Everything the export format cannot hold is refused with one line naming the field, before any
recursion or conversion can raise: integers beyond SQLite's 64 bits (including the 5,000-digit
ones Python's int() refuses), NaN/Infinity and floats that overflow, nesting deeper than
``MAX_DEPTH`` (checked on the bytes before parsing), repeated keys, invalid text. And a wrong type
in any field of a real export is refused at parse or rule level.
"""

from __future__ import annotations

import copy
import json
import math
import os
from pathlib import Path

import pytest

from glutedesk.storage import exchange, export_stream
from glutedesk.storage.database import open_memory_database
from glutedesk.storage.exchange import ImportRefused, import_records, parse_export, read_export
from glutedesk.storage.strict_json import MAX_DEPTH, JsonLimitError, check_limits, decode
from tests.core.test_bad_input import BASE, TYPED_PATHS, _get, _set

NOW = ("visits", 0, "nprs", "now")
SETS = ("visits", 0, "exercises", 0, "sets")
HOURS = ("clients", 0, "sitting_hours_per_day")


def _text_with(path: tuple, literal: str) -> bytes:
    doc = copy.deepcopy(BASE)
    _set(doc, path, "@@BAD@@")
    return json.dumps(doc).replace('"@@BAD@@"', literal, 1).encode()


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _nested(depth: int) -> list:
    """A list nested ``depth`` levels, built without recursion."""
    node: list = []
    for _ in range(depth - 1):
        node = [node]
    return node


# Numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, literal",
    [
        (NOW, "9" * 5000),
        (NOW, "-" + "9" * 5000),
        (SETS, str(2**63)),
        (SETS, str(-(2**63) - 1)),
        (("format_version",), str(2**64)),
        (HOURS, "NaN"),
        (HOURS, "Infinity"),
        (HOURS, "-Infinity"),
        (HOURS, "1e999"),
        (HOURS, "-1e999"),
        (HOURS, "1" + "0" * 400 + ".5"),
        (HOURS, "1e" + "9" * 5000),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_numbers_the_format_cannot_hold_are_refused_naming_the_field(path, literal):
    with pytest.raises(JsonLimitError) as info:
        decode(_text_with(path, literal))
    assert info.value.field == _dotted(path)
    assert str(info.value).startswith(_dotted(path) + ": ")
    assert "\n" not in str(info.value) and len(str(info.value)) < 200


@pytest.mark.parametrize(
    "literal, value",
    [(str(2**63 - 1), 2**63 - 1), (str(-(2**63)), -(2**63)), ("1.7976931348623157e308", None)],
)
def test_the_edges_of_the_range_are_accepted(literal, value):
    data = decode(f'{{"x": {literal}}}'.encode())
    assert data["x"] == (value if value is not None else 1.7976931348623157e308)


@pytest.mark.parametrize(
    "value",
    [2**63, -(2**63) - 1, 10**5000, math.nan, math.inf, -math.inf],
    ids=["2**63", "-2**63-1", "10**5000", "nan", "inf", "-inf"],
)
def test_python_data_out_of_range_is_refused_by_parse_export(value):
    doc = copy.deepcopy(BASE)
    _set(doc, ("visits", 0, "test_results", 0, "values", "x"), value)
    with pytest.raises(ImportRefused, match=r"visits\[0\]\.test_results\[0\]\.values\.x: "):
        parse_export(doc)


def test_a_64_bit_overflow_never_reaches_sqlite():
    """Before: exercise sets of 2**63 passed every rule and SQLite raised OverflowError."""
    doc = copy.deepcopy(BASE)
    _set(doc, SETS, 2**63)
    db = open_memory_database()
    try:
        with pytest.raises(ImportRefused, match=r"exercises\[0\]\.sets"):
            import_records(db, parse_export(doc))
        assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0
    finally:
        db.close()


# Nesting -------------------------------------------------------------------------------------


def test_nesting_up_to_the_limit_parses_and_one_more_is_refused():
    assert decode(json.dumps(_nested(MAX_DEPTH)).encode()) == _nested(MAX_DEPTH)
    with pytest.raises(JsonLimitError, match=f"deeper than the {MAX_DEPTH} levels"):
        decode(json.dumps(_nested(MAX_DEPTH + 1)).encode())


def test_a_real_export_is_well_inside_the_limit():
    deepest = 0
    stack = [(BASE, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            stack += [(v, depth + 1) for v in (node.values() if isinstance(node, dict) else node)]
    assert deepest <= MAX_DEPTH - 2


@pytest.mark.parametrize("depth", [600, 100_000])
def test_deep_nesting_is_refused_by_depth_before_recursion(depth):
    text = _text_with(("visits", 0, "test_results", 0, "values"), "[" * depth + "]" * depth)
    with pytest.raises(JsonLimitError) as info:
        decode(text)
    assert info.value.field.startswith("visits[0].test_results[0].values[0]")
    assert "(line 1)" in str(info.value)


def test_unbalanced_deep_brackets_are_refused_by_depth_not_recursion():
    with pytest.raises(JsonLimitError, match="deeper than"):
        decode(b"[" * 200_000)
    with pytest.raises(json.JSONDecodeError):
        decode(b"[[[[1]")  # shallow and unbalanced: the parser's own message


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"a": "[" * 500, "b": '\\"[[[[[[[[[[[[[[[[', "c": "{" * 50}).encode()
    assert decode(text)["a"] == "[" * 500


def test_deep_python_data_is_refused_without_recursion():
    doc = copy.deepcopy(BASE)
    _set(doc, ("visits", 0, "test_results", 0, "values", "x"), _nested(50_000))
    with pytest.raises(ImportRefused, match="deeper than"):
        parse_export(doc)


# Keys, text, ids -----------------------------------------------------------------------------


def test_a_repeated_field_is_refused_naming_it():
    text = _text_with(("clients", 0, "notes"), '"x", "notes": "y"')
    with pytest.raises(JsonLimitError, match=r"clients\[0\]: the field 'notes' appears twice"):
        decode(text)


def test_a_field_name_with_a_lone_surrogate_is_refused():
    text = json.dumps(BASE).replace('"notes":', '"no\\ud800tes":', 1).encode()
    with pytest.raises(JsonLimitError, match=r"clients\[0\]: a field name has an invalid"):
        decode(text)


def test_odd_keys_are_quoted_onto_one_line_in_the_path():
    with pytest.raises(JsonLimitError) as info:
        check_limits({"a\nb": [math.nan]})
    assert str(info.value).startswith("['a\\nb'][0]: ") and "\n" not in str(info.value)


@pytest.mark.parametrize("bad_id", ["", "\x00", "a b", "é", "0" * 65, "0" * 10_000])
def test_record_ids_must_be_glutedesk_ids(bad_id):
    doc = copy.deepcopy(BASE)
    doc["clients"][0]["id"] = bad_id
    for visit in doc["visits"]:
        visit["client_id"] = bad_id
    with pytest.raises(ImportRefused, match=r"clients\[0\]\.id: .* is not a GluteDesk id") as info:
        parse_export(doc)
    assert len(str(info.value)) < 200


# Every field, wrong type ---------------------------------------------------------------------

_WRONG = {str: 12345, bool: "yes", int: "12", float: "1.5", list: {"a": 1}, dict: [1]}


@pytest.mark.parametrize("path", TYPED_PATHS, ids=_dotted)
def test_a_wrong_type_in_every_field_is_refused(path, memory_db):
    doc = copy.deepcopy(BASE)
    _set(doc, path, _WRONG[type(_get(doc, path))])
    with pytest.raises(ImportRefused) as info:
        import_records(memory_db, parse_export(doc))
    message = str(info.value)
    assert "\n" not in message
    assert _dotted(path[:2]) in message  # the record, e.g. visits[1]
    field = next(p for p in reversed(path) if isinstance(p, str))
    assert field in message or field.replace("_", " ") in message.lower()
    assert memory_db.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


# Files ---------------------------------------------------------------------------------------


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(BASE).encode())
    assert len(read_export(path).visits) == len(BASE["visits"])


@pytest.mark.parametrize(
    "content, message",
    [
        (json.dumps(BASE).encode("utf-16"), "is UTF-16 text"),
        (b'{"a": "\xff"}', r"is not UTF-8 text \(an invalid byte at line 1, column 8\)"),
        (b'{\n "a": "\xed\xa0\x80"}', r"not UTF-8 text \(an invalid byte at line 2, column 8\)"),
        (b"", "is empty"),
        (b" \n\t ", "is empty"),
        (b'{"a": "\x00"}', "not valid JSON .*Invalid control character"),
        (b'{"a": NaN}', r"Invalid record: a: NaN is not a finite number"),
    ],
)
def test_unreadable_text_is_refused_with_where(tmp_path, content, message):
    path = tmp_path / "f.json"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=message) as info:
        read_export(path)
    assert "\n" not in str(info.value)


def test_a_file_over_the_size_cap_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: nothing is written but the size
        handle.write(b'{"format": "glutedesk-export", "notes": "')
        handle.truncate(exchange.MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(ImportRefused, match=r"too large .* the limit is 250 MB"):
        read_export(path)


def test_the_size_cap_counts_bytes_read_not_only_the_reported_size(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    path.write_bytes(json.dumps(BASE).encode())
    monkeypatch.setattr(exchange, "MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(ImportRefused, match="too large"):
        read_export(path)


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_without_reading(special):
    if not os.path.exists(special):
        pytest.skip(f"no {special} here")
    with pytest.raises(ImportRefused, match="is a character device, not a GluteDesk export"):
        read_export(special)


def test_a_folder_and_a_symlink_loop_are_refused(tmp_path):
    with pytest.raises(ImportRefused, match="is a folder"):
        read_export(tmp_path)
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(ImportRefused, match="loop of symbolic links"):
        read_export(tmp_path / "a")


def test_the_documented_limits_are_the_enforced_ones():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "export-format.md").read_text("utf-8")
    assert exchange.MAX_DOCUMENT_BYTES == 250_000_000 and "**250 MB**" in doc
    assert export_stream.MAX_IMPORT_BYTES == 16_000_000_000 and "**16 GB**" in doc
    assert export_stream.MAX_RECORD_BYTES == 16_000_000 and "**16 MB**" in doc
    assert f"at most **{MAX_DEPTH}** levels" in doc
    assert "9,223,372,036,854,775,807 (64 bits)" in doc


def test_values_quoted_in_a_refusal_cannot_break_the_line(tmp_path):
    doc = copy.deepcopy(BASE)
    doc["clients"][0]["first_name"] = "Ann\n\x1b[2Jglutedesk: imported"
    doc["clients"][0]["date_of_birth"] = "2090-01-01"  # breaks a rule; the message quotes the name
    doc["visits"][0]["visit_date"] = "x" * 100_000
    for document in (doc, {**doc, "visits": []}):
        with pytest.raises(ImportRefused) as info:
            import_records(open_memory_database(), parse_export(document))
        message = str(info.value)
        assert message.isprintable() and len(message) <= 400
    odd = tmp_path / "a\nb.json"
    with pytest.raises(ImportRefused) as info:
        read_export(odd)
    assert str(info.value) == f"No such file: {tmp_path}/a\\nb.json"
