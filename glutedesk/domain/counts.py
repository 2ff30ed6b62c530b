"""How GluteDesk writes a count in a message: "1 client", "3 clients", never "client(s)"."""

from __future__ import annotations


def noun(count: int, word: str, words: str | None = None) -> str:
    """Return ``word`` for one and its plural (``words``, else ``word`` + "s") otherwise."""
    return word if count == 1 else (words or word + "s")


def plural(count: int, word: str, words: str | None = None) -> str:
    """Return "1 client" / "3 clients" (``words`` for an irregular plural)."""
    return f"{count} {noun(count, word, words)}"


def record_counts(counts: dict[str, int], joiner: str = " and ") -> str:
    """Return what a clinic file holds: "1 client and 3 visits"."""
    return joiner.join(
        (plural(counts.get("clients", 0), "client"), plural(counts.get("visits", 0), "visit"))
    )
