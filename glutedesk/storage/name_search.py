"""Finding clients by any part of a name: "wals" finds Kowalski, "zoe" finds Zoë.

The names are already indexed by ``clients_fts`` (FTS5, ``unicode61 remove_diacritics 2``),
whose vocabulary holds every name part lower-cased and without accents. A typed word of three
letters or more matches the name parts that contain it (one or two letters, those that start
with it);
a client matches when each typed word matches one of their name parts, and clients whose name
parts start with the words typed are listed first. The vocabulary is read through two
``fts5vocab`` tables in the connection's ``temp`` schema, made when a connection first
searches: nothing is stored in the clinic's file (no migration), and a read-only clinic can be
searched too.

SQLite's trigram tokenizer was the other way; the SQLite that Python ships with on many systems
(3.40 here) cannot take accents off trigrams, and trigrams cannot match one or two letters.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glutedesk.storage.reader import Reader

_TERMS = "gd_client_name_terms"
_INSTANCES = "gd_client_name_instances"


def name_words(text: str) -> list[str]:
    """The words typed, folded as the name index folds name parts.

    ``unicode61 remove_diacritics 2`` lower-cases, takes accents off Latin letters only (Zoë is
    zoe, but Ёлка and Greek keep theirs) and writes a final sigma as σ; so does this.
    """
    words = []
    for word in re.findall(r"\w+", text, flags=re.UNICODE):
        kept: list[str] = []
        for ch in unicodedata.normalize("NFD", word.lower().replace("ς", "σ")):
            if unicodedata.combining(ch) and kept and kept[-1].isascii():
                continue  # an accent on a Latin letter
            kept.append(ch)
        words.append(unicodedata.normalize("NFC", "".join(kept)))
    return words


def matching_rowids_sql(db: Reader, words: list[str]) -> tuple[str, list[str]]:
    """A SQL condition on ``c.rowid`` (clients aliased ``c``) true when each word is found in
    one of the client's name parts, and its parameters.

    A word of one or two letters matches the start of a name part only: inside names it would
    match most of the clinic, which helps no one and costs the most (the 95th percentile of
    typing); ideographs still match inside.
    """
    _ensure_vocabulary(db)
    inside = (
        f"c.rowid IN (SELECT doc FROM temp.{_INSTANCES} WHERE term IN "
        f"(SELECT term FROM temp.{_TERMS} WHERE instr(term, ?) > 0))"
    )
    start = "c.rowid IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)"
    conditions = [inside if _inside(w) else start for w in words]
    params = [w if _inside(w) else _prefix(w) for w in words]
    return " AND ".join(conditions), params


def _inside(word: str) -> bool:
    """Whether to look inside name parts: three letters or more (as a trigram index would),
    or any ideograph or syllable (山 in 山田 is a word of its own)."""
    if len(word) >= INSIDE_FROM:
        return True
    return any(unicodedata.name(ch, "").startswith(_SYLLABIC) for ch in word)


INSIDE_FROM = 3


_SYLLABIC = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


def starts_first_sql(words: list[str]) -> tuple[str, list[str]]:
    """An ORDER BY term putting first the clients whose name parts start with the words typed
    (what a therapist typing a name from its start expects to see at the top), and its
    parameter."""
    match = " ".join(_prefix(w) for w in words)
    return "c.rowid NOT IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)", [match]


def _prefix(word: str) -> str:
    return '"' + word.replace('"', '""') + '"*'


def _ensure_vocabulary(db: Reader) -> None:
    exists = db.execute(
        "SELECT count(*) FROM temp.sqlite_master WHERE name IN (?, ?)", [_TERMS, _INSTANCES]
    ).fetchone()[0]
    if exists == 2:
        return
    # A read-only clinic's connection refuses every write (query_only), even to its temp
    # schema. These two tables live only in that schema: nothing reaches the clinic's file.
    guarded = bool(db.execute("PRAGMA query_only").fetchone()[0])
    if guarded:
        db.execute("PRAGMA query_only = OFF")
    try:
        db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_TERMS} "
            "USING fts5vocab(main, clients_fts, row)"
        )
        db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_INSTANCES} "
            "USING fts5vocab(main, clients_fts, instance)"
        )
    finally:
        if guarded:
            db.execute("PRAGMA query_only = ON")
