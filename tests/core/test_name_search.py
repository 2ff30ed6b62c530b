"""Client search finds any part of a name, accent-insensitively, in any script."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from glutedesk.storage.clients import save_client, search_clients
from glutedesk.storage.database import open_database, open_read_only
from glutedesk.storage.erasure import erase_client
from glutedesk.storage.name_search import name_words
from tests.factories import make_client

NAMES = [
    ("Anna", "Kowalski"),
    ("Marta", "Kalinowska"),
    ("Alice", "Brown"),
    ("Mary", "Smith-Alington"),
    ("Zoë", "Adams"),
    ("Seán", "Ó Súilleabháin"),
    ("Liam", "O'Neill"),
    ("Søren", "Łukasiewicz"),
    ("Иван", "Ёлкин"),
    ("Αλέξανδρος", "Παπαδόπουλος"),
    ("太郎", "山田"),
    ("İbrahim", "Çelik"),
    ("Antonín", "Dvořák"),
]


@pytest.fixture
def clinic(memory_db):
    for first, last in NAMES:
        save_client(memory_db, make_client(first_name=first, last_name=last))
    return memory_db


def found(db, text: str) -> set[str]:
    return {c.name for c in search_clients(db, text, limit=100)}


def test_a_word_inside_a_surname_finds_the_client(clinic):
    assert found(clinic, "ali") == {"Alice Brown", "Mary Smith-Alington", "Marta Kalinowska"}
    assert found(clinic, "als") == {"Anna Kowalski"}
    assert found(clinic, "lingt") == {"Mary Smith-Alington"}  # inside a double-barrelled name
    assert found(clinic, "neil") == {"Liam O'Neill"}


def test_names_starting_with_the_words_come_first(clinic):
    names = [c.name for c in search_clients(clinic, "ali")]
    # Alice and Smith-Alington ("alington" is a name part of its own) start with "ali";
    # Kalinowska only has it inside, so comes after them whatever its name's order.
    assert names == ["Alice Brown", "Mary Smith-Alington", "Marta Kalinowska"]


def test_one_or_two_letters_match_name_starts_only(clinic):
    assert found(clinic, "k") == {"Anna Kowalski", "Marta Kalinowska"}  # not Dvořák
    assert found(clinic, "ł") == {"Søren Łukasiewicz"}
    assert found(clinic, "ø") == set()  # inside Søren only
    assert found(clinic, "d") == {"Antonín Dvořák"}  # not Adams
    assert found(clinic, "br") == {"Alice Brown"}
    assert found(clinic, "ow") == set()  # inside Kowalski and Brown: from three letters on
    assert found(clinic, "owa") == {"Anna Kowalski"}


def test_name_starts_still_match_and_every_word_must_match(clinic):
    assert found(clinic, "kow") == {"Anna Kowalski"}
    assert found(clinic, "ann kow") == {"Anna Kowalski"}
    assert found(clinic, "kow ann") == {"Anna Kowalski"}  # in either order
    assert found(clinic, "ann brown") == set()  # each word must match the same client
    assert found(clinic, "qqq") == set()


def test_accents_are_ignored_on_latin_letters(clinic):
    assert found(clinic, "zoe") == {"Zoë Adams"}
    assert found(clinic, "ZOË") == {"Zoë Adams"}
    assert found(clinic, "suilleab") == {"Seán Ó Súilleabháin"}
    assert found(clinic, "súil") == {"Seán Ó Súilleabháin"}
    assert found(clinic, "vora") == {"Antonín Dvořák"}
    assert found(clinic, "ibra") == {"İbrahim Çelik"}
    assert found(clinic, "cel") == {"İbrahim Çelik"}


def test_names_in_other_scripts_are_found_by_any_part(clinic):
    assert found(clinic, "ван") == {"Иван Ёлкин"}
    assert found(clinic, "ЁЛК") == {"Иван Ёлкин"}
    assert found(clinic, "ανδρος") == {"Αλέξανδρος Παπαδόπουλος"}  # final sigma, inside
    assert found(clinic, "ΠΑΠΑΔ") == {"Αλέξανδρος Παπαδόπουλος"}
    assert found(clinic, "田") == {"太郎 山田"}  # one ideograph is a word of its own: inside too
    assert found(clinic, "øre") == {"Søren Łukasiewicz"}
    assert found(clinic, "łuk") == {"Søren Łukasiewicz"}


def test_typed_words_are_folded_exactly_as_the_name_index_folds_names():
    # Each name part, folded by this module, is a term of SQLite's own unicode61 index.
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(n, tokenize='unicode61 remove_diacritics 2')")
    for first, last in NAMES:
        conn.execute("INSERT INTO f VALUES (?)", [f"{first} {last}"])
    conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, f, row)")
    terms = {row[0] for row in conn.execute("SELECT term FROM temp.v")}
    typed = {w for first, last in NAMES for w in name_words(f"{first} {last}".upper())}
    assert typed == terms


def test_search_follows_renames_and_erasure(clinic):
    client = next(c for c in search_clients(clinic, "kowal"))
    save_client(clinic, dataclasses.replace(make_client(), id=client.id, last_name="Nowak"))
    assert found(clinic, "kowal") == set()
    assert {c.id for c in search_clients(clinic, "owak")} == {client.id}
    erase_client(clinic, client.id, reason="asked to be forgotten")
    assert search_clients(clinic, "owak") == []


def test_syntax_in_the_query_is_only_text(clinic):
    assert found(clinic, 'ali" OR *') == found(clinic, "ali or")
    assert found(clinic, "%") == found(clinic, "")  # no word at all: the whole list


def test_a_read_only_clinic_can_be_searched_and_stays_untouched(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    db = open_database(path)
    save_client(db, make_client(first_name="Anna", last_name="Kowalski"))
    db.close()
    before = path.read_bytes()
    ro = open_read_only(path)
    try:
        assert [c.name for c in search_clients(ro, "walsk")] == ["Anna Kowalski"]
        assert ro.execute("PRAGMA query_only").fetchone()[0] == 1  # still refuses writes
    finally:
        ro.close()
    assert path.read_bytes() == before
