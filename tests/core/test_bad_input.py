"""Bad input never gets in and never changes anything: hypothesis over imports and forms.

Import files are mutated one way at a time (an invalid date, a lone surrogate in any text, an
unknown field anywhere, a value of the wrong JSON type anywhere, random bytes for a file) and
each must be refused with a one-line :class:`ImportRefused`, leaving the database's rows
byte-for-byte as they were. Huge valid notes (1 MB of mixed scripts, emoji, NUL) must round-trip.
Form validation (``validate_client``/``check_visit``) answers bad values with a ``FieldError``
on the right field and never raises.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from glutedesk.domain.models import Nprs
from glutedesk.domain.record_rules import check_visit
from glutedesk.domain.validation import validate_client
from glutedesk.storage.clients import save_client
from glutedesk.storage.database import open_memory_database
from glutedesk.storage.exchange import (
    ImportRefused,
    export_records,
    import_records,
    parse_export,
    read_export,
)
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit, with_red_flag

TODAY = dt.date(2026, 3, 1)
RUN = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DATE_KEYS = {"visit_date", "date_of_birth", "date", "next_visit"}
META_KEYS = {"format", "format_version", "app_version", "exported_at"}


def _base_doc() -> dict:
    """A valid export of one client with two visits, none of whose ids are in the target."""
    source = open_memory_database()
    client, _ = save_client(source, make_client())
    save_visit(source, make_visit(client.id, dt.date(2026, 2, 1)))
    save_visit(source, with_red_flag(make_visit(client.id, dt.date(2026, 2, 15))))
    doc = json.loads(json.dumps(export_records(source)))
    source.close()
    return doc


BASE = _base_doc()


def _paths(node, path=()):
    """Yield (path, value) for every node of the document (containers and leaves)."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _free_form(path) -> bool:
    """Inside a test result's ``values`` any JSON is allowed (the catalogue checks it)."""
    return "values" in path


RECORD_PATHS = [(p, v) for p, v in _paths(BASE) if p and p[0] in ("clients", "visits")]
TEXT_PATHS = [p for p, v in RECORD_PATHS if isinstance(v, str)]
DATE_PATHS = [p for p, v in RECORD_PATHS if p[-1] in DATE_KEYS and isinstance(v, str)]
DICT_PATHS = [p for p, v in RECORD_PATHS if isinstance(v, dict) and not _free_form(p)]
TYPED_PATHS = [p for p, v in RECORD_PATHS if not _free_form(p) and v is not None]


def _set(doc, path, value):
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _get(doc, path):
    node = doc
    for key in path:
        node = node[key]
    return node


def _checksum(db) -> str:
    digest = hashlib.sha256()
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in sorted(tables):
        rows = sorted(repr(r) for r in db.execute(f'SELECT * FROM "{table}"'))
        digest.update(f"{table}:{len(rows)}:{rows}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@pytest.fixture(scope="module")
def target():
    """A database with records already in it; no refused import may change one byte of them."""
    db = open_memory_database()
    client, _ = save_client(db, make_client(first_name="Existing"))
    save_visit(db, make_visit(client.id))
    yield db, _checksum(db)
    db.close()


def _refused(db, checksum, doc, kind: str) -> str:
    with pytest.raises(ImportRefused) as info:
        import_records(db, parse_export(doc))
    message = str(info.value)
    assert message and "\n" not in message and "Traceback" not in message
    assert _checksum(db) == checksum
    return message


def test_the_unmutated_document_imports():
    db = open_memory_database()
    import_records(db, parse_export(copy.deepcopy(BASE)))
    assert len(export_records(db)["visits"]) == 2
    db.close()


_WEEK_DATE = re.compile(r"[0-9]{4}-W[0-9]{2}-[0-9]")


def _is_iso_date(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


bad_dates = st.one_of(
    st.sampled_from(
        [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "26-01-01",
            "2026/01/01",
            "01-02-2026",
            "2026-1-1",
            "２０２６-01-01",
            "",
        ]
    ),
    st.text(max_size=14).filter(lambda s: not _is_iso_date(s) and not _WEEK_DATE.fullmatch(s)),
    st.integers(),
    st.floats(allow_nan=False),
)


@RUN
@given(path=st.sampled_from(DATE_PATHS), value=bad_dates)
def test_invalid_dates_are_refused(target, path, value):
    db, checksum = target
    doc = copy.deepcopy(BASE)
    _set(doc, path, value)
    _refused(db, checksum, doc, "invalid date")


def test_iso_week_dates_are_refused():
    doc = copy.deepcopy(BASE)
    doc["visits"][1]["visit_date"] = "2026-W01-1"
    with pytest.raises(ImportRefused):
        parse_export(doc)


@pytest.mark.parametrize(
    "path, value, field",
    [
        (("clients", 0, "date_of_birth"), "2090-01-01", "date_of_birth"),
        (("clients", 0, "date_of_birth"), "1850-06-01", "date_of_birth"),
        (("clients", 0, "consents", 0, "date"), "2099-01-01", "consent"),
        (("visits", 0, "nprs", "now"), 11, "nprs.now"),
        (("visits", 0, "exercises", 0, "sets"), 0, "sets"),
    ],
)
def test_well_formed_but_impossible_values_are_refused(target, path, value, field):
    db, checksum = target
    doc = copy.deepcopy(BASE)
    _set(doc, path, value)
    message = _refused(db, checksum, doc, "impossible value")
    assert field.split(".")[-1].replace("_", " ") in message.replace("_", " ")


surrogates = st.integers(0xD800, 0xDFFF).map(chr)


@RUN
@given(
    path=st.sampled_from(TEXT_PATHS),
    before=st.text(max_size=20),
    bad=surrogates,
    after=st.text(max_size=20),
)
def test_lone_surrogates_anywhere_are_refused(target, path, before, bad, after):
    db, checksum = target
    doc = copy.deepcopy(BASE)
    _set(doc, path, before + bad + after)
    message = _refused(db, checksum, doc, "lone surrogate")
    assert str(path[-1]) in message  # the message names the field at fault


@RUN
@given(path=st.sampled_from([(), *DICT_PATHS]), key=st.text(min_size=1, max_size=12))
def test_unknown_fields_anywhere_are_refused(target, path, key):
    db, checksum = target
    doc = copy.deepcopy(BASE)
    node = _get(doc, path)
    assume(key not in node)
    node[key] = "surprise"
    message = _refused(db, checksum, doc, "unknown field")
    assert "unknown" in message


def _wrong_type(value):
    """A strategy for JSON values of a different type from ``value``."""
    choices = {
        str: st.one_of(st.integers(), st.booleans(), st.lists(st.text(), max_size=2), st.just({})),
        bool: st.one_of(st.integers(), st.text(max_size=5), st.just([])),
        int: st.one_of(st.text(max_size=5), st.booleans(), st.just([]), st.just({})),
        float: st.one_of(st.text(max_size=5), st.booleans(), st.just([]), st.just({})),
        list: st.one_of(st.text(max_size=5), st.integers(), st.just({"a": 1})),
        dict: st.one_of(st.text(max_size=5), st.integers(), st.just([1, 2])),
    }
    return choices[type(value)]


@RUN
@given(data=st.data())
def test_wrong_types_anywhere_are_refused(target, data):
    db, checksum = target
    path = data.draw(st.sampled_from(TYPED_PATHS))
    doc = copy.deepcopy(BASE)
    original = _get(doc, path)
    _set(doc, path, data.draw(_wrong_type(original)))
    _refused(db, checksum, doc, "wrong type")


@RUN
@given(content=st.binary(max_size=300))
def test_random_files_are_refused(target, tmp_path_factory, content):
    db, checksum = target
    path = tmp_path_factory.mktemp("bad") / "file.json"
    path.write_bytes(content)
    with pytest.raises(ImportRefused):
        import_records(db, read_export(path))
    assert _checksum(db) == checksum


big_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=64
).map(lambda s: (s + "😀 中文 שלום \u202e RTL \x00 <b>&amp;")[:64])


@settings(max_examples=5, deadline=None)
@given(chunk=big_text)
def test_one_megabyte_notes_round_trip(chunk):
    note = (chunk * (1_048_576 // len(chunk) + 1))[:1_048_576]
    doc = copy.deepcopy(BASE)
    doc["clients"][0]["notes"] = note
    doc["visits"][0]["soap"]["subjective"] = note
    db = open_memory_database()
    try:
        import_records(db, parse_export(doc))
        again = json.loads(json.dumps(export_records(db)))
        assert again["clients"][0]["notes"] == note
        assert again["visits"][0]["soap"]["subjective"] == note
        assert {k: v for k, v in again.items() if k != "exported_at"} == {
            k: v for k, v in doc.items() if k != "exported_at"
        }
    finally:
        db.close()


# Forms ---------------------------------------------------------------------------------------


def _errors(problems, field):
    return [p for p in problems if p.severity == "error" and p.field.startswith(field)]


@RUN
@given(
    born=st.one_of(st.none(), st.dates(dt.date(1700, 1, 1), dt.date(2200, 12, 31))),
    hours=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    name=st.text(max_size=12),
)
def test_client_form_validation(born, hours, name):
    client = make_client(date_of_birth=born, sitting_hours_per_day=hours, first_name=name)
    problems = validate_client(client, today=TODAY)
    bad_born = born is not None and not (dt.date(1900, 1, 1) <= born <= TODAY)
    bad_hours = hours is not None and not (0 <= hours <= 24)  # NaN compares false: bad
    bad_name = not name.strip() or any(0xD800 <= ord(c) <= 0xDFFF for c in name)
    assert bool(_errors(problems, "date_of_birth")) == bad_born
    assert bool(_errors(problems, "sitting_hours_per_day")) == bad_hours
    assert bool(_errors(problems, "first_name")) == bad_name


@RUN
@given(
    now=st.one_of(st.none(), st.integers(-20, 30)),
    sets=st.integers(-5, 40),
    note=st.text(max_size=10),
)
def test_visit_form_validation(now, sets, note):
    visit = make_visit(make_client().id, TODAY, nprs=Nprs(now=now))
    exercises = (dataclasses.replace(visit.exercises[0], sets=sets), *visit.exercises[1:])
    visit = dataclasses.replace(
        visit, exercises=exercises, soap=dataclasses.replace(visit.soap, objective=note)
    )
    problems = check_visit(visit, client_dob=dt.date(1984, 3, 9), today=TODAY)
    assert bool(_errors(problems, "nprs.now")) == (now is not None and not 0 <= now <= 10)
    assert bool(_errors(problems, "exercises[0].sets")) == (sets < 1)
    surrogate = any(0xD800 <= ord(c) <= 0xDFFF for c in note)
    assert bool(_errors(problems, "soap.objective")) == surrogate
