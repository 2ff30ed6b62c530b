"""A figure of the practice insights: what it counts, over which clients, and on what rule.

A figure always knows the clients it rests on (``base``) and, for a share, the clients it
counts (``hits``), so every number can be traced to its (anonymous) list of records. Fewer than
``MIN_CLIENTS`` clients and it says "too few to say" instead of a number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from dataclasses import dataclass, field
from operator import itemgetter, sub
from typing import Any, Literal

from glutedesk.domain.ids import ClientId
from glutedesk.domain.insights.definitions import MIN_CLIENTS, definition

Kind = Literal["share", "change", "value"]

TOO_FEW = "too few to say"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def anonymous_code(client_id: str) -> str:
    """A short code for a client that does not reveal who they are ("R-3F9A0C").

    The same client always gets the same code, so a therapist can find a record in the list
    behind two figures, but the code cannot be turned back into a name without the clinic file.
    """
    return "R-" + hashlib.sha256(client_id.encode("utf-8")).hexdigest()[:6].upper()


@dataclass(frozen=True)
class Figure:
    """One figure: a share of clients, or a median over clients."""

    key: str
    label: str
    kind: Kind
    base: frozenset[ClientId]
    hits: frozenset[ClientId] = frozenset()
    value: float | None = None
    unit: str = ""
    detail: str = ""
    definitions: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        """How many clients the figure rests on."""
        return len(self.base)

    @property
    def too_few(self) -> bool:
        """Fewer than ``MIN_CLIENTS`` clients: shown as "too few to say", not as a number."""
        return self.n < MIN_CLIENTS

    @property
    def share(self) -> float | None:
        """The share in % (None for a median, or when too few)."""
        if self.kind != "share" or self.too_few:
            return None
        return len(self.hits) / self.n * 100.0

    @property
    def text(self) -> str:
        """The figure as shown: "42 % (21 of 50)", "median 6 → 3", or "too few to say"."""
        if self.too_few:
            return f"{TOO_FEW} ({self.n} client{'s' if self.n != 1 else ''})"
        if self.kind == "share":
            return f"{self.share:.0f} % ({len(self.hits)} of {self.n})"
        if self.value is None:
            return "–"
        if self.kind == "value":
            return f"median {self.value:g}{self.unit} ({self.detail}; {self.n} clients)"
        return f"median change {self.value:+.1f}{self.unit} ({self.detail}; {self.n} clients)"

    def as_dict(self) -> dict[str, Any]:
        """The figure for JSON: numbers, the rules it rests on and anonymous record codes."""
        return {
            "key": self.key,
            "label": self.label,
            "kind": self.kind,
            "clients": self.n,
            "too_few": self.too_few,
            "count": len(self.hits) if self.kind == "share" else None,
            "share_pct": None if self.share is None else round(self.share, 1),
            "median": None if self.too_few or self.value is None else round(self.value, 2),
            "detail": "" if self.too_few else self.detail,
            "text": self.text,
            "definitions": list(self.definitions),
            "records": sorted(anonymous_code(c) for c in self.base),
            "records_counted": sorted(anonymous_code(c) for c in self.hits),
        }


def share_figure(
    key: str,
    label: str,
    base: set[ClientId] | frozenset[ClientId] | dict[ClientId, Any],
    hits: set[ClientId] | frozenset[ClientId],
    definitions: tuple[str, ...] = (),
) -> Figure:
    """A share figure: ``hits`` (within ``base``) out of ``base``."""
    whole = frozenset(base)
    return Figure(key, label, "share", whole, whole & hits, definitions=definitions)


_FIRST, _LATEST = itemgetter(0), itemgetter(1)


def median_figure(
    key: str,
    label: str,
    values: dict[ClientId, tuple[float, float]],
    unit: str = "",
    definitions: tuple[str, ...] = (),
) -> Figure:
    """A median change figure over ``values``: client -> (first, latest)."""
    base = frozenset(values)
    if not base:
        return Figure(key, label, "change", base, definitions=definitions)
    firsts = list(map(_FIRST, values.values()))  # in C: this runs over 10,000 clients
    latests = list(map(_LATEST, values.values()))
    change = statistics.median(map(sub, latests, firsts))
    detail = f"median {statistics.median(firsts):.3g} → {statistics.median(latests):.3g}"
    return Figure(
        key,
        label,
        "change",
        base,
        value=round(change, 2),
        unit=unit,
        detail=detail,
        definitions=definitions,
    )


def value_figure(
    key: str,
    label: str,
    values: dict[ClientId, float],
    unit: str = "",
    definitions: tuple[str, ...] = (),
) -> Figure:
    """A median of one value per client (e.g. visits per course), with its range."""
    base = frozenset(values)
    if not base:
        return Figure(key, label, "value", base, definitions=definitions)
    numbers = [values[c] for c in base]
    detail = f"range {min(numbers):g}–{max(numbers):g}"
    return Figure(
        key,
        label,
        "value",
        base,
        value=statistics.median(numbers),
        unit=unit,
        detail=detail,
        definitions=definitions,
    )


@dataclass(frozen=True)
class Section:
    """A titled group of figures, with a plain note on how to read them."""

    key: str
    title: str
    figures: tuple[Figure, ...]
    note: str = ""


@dataclass(frozen=True)
class PracticeInsights:
    """The whole practice picture for one period."""

    as_of: dt.date
    start: dt.date | None
    end: dt.date | None
    clients: int
    visits: int
    sections: tuple[Section, ...]
    course_lengths: tuple[int, ...] = ()
    definitions_used: tuple[str, ...] = field(default=())

    def figure(self, key: str) -> Figure:
        """The figure with ``key`` (raises ``KeyError``)."""
        for section in self.sections:
            for fig in section.figures:
                if fig.key == key:
                    return fig
        raise KeyError(key)

    @property
    def period_text(self) -> str:
        """The period in words: "All records to 2 Dec 2026" or "1 Jan 2026 – 30 Jun 2026"."""
        if self.start is None:
            return f"All records to {_day(self.end or self.as_of)}"
        return f"{_day(self.start)} – {_day(self.end or self.as_of)}"

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready values (no names, dates of birth or free text)."""
        return {
            "as_of": self.as_of.isoformat(),
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "clients": self.clients,
            "visits": self.visits,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "note": s.note,
                    "figures": [f.as_dict() for f in s.figures],
                }
                for s in self.sections
            ],
            "course_lengths": list(self.course_lengths),
            "definitions": [
                {
                    "id": d.id,
                    "term": d.term,
                    "rule": d.rule,
                    "source": d.source,
                    "glutedesk_own": d.own,
                }
                for d in (definition(i) for i in self.definitions_used)
            ],
        }
