"""How long each free-text field may be: long enough for any real note, short enough to print.

Every document is tested (``scripts/long_text_matrix.py``) with 20,000 characters in any note,
5,000 in a name, address or reason and one 10,000-character word, so:

* names, contact details, addresses, who a referral is to and why: 5,000 characters;
* clinical notes printed in the progress report, handout or referral letter (complaint, goals,
  case history, test notes, exercise cues, treatment notes, advice notes): 20,000;
* the client's general notes and the SOAP sections, printed only in the subject-access PDF
  (which lays long text out at full width, page after page): 1,048,576 (1 MiB of text).

The save checks (:mod:`glutedesk.domain.validation`) report a longer field as an error naming
it; the visit editor, the client form and the import all run those checks.
"""

from __future__ import annotations

import re

SHORT = 5_000
LONG = 20_000
NOTE = 1_048_576

_SHORT_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "phone",
        "email",
        "address",
        "gp_name",
        "gp_practice",
        "gp_address",
        "occupation",
        "sport_activity",
        "therapist",
        "to_whom",
        "reason",
        "wording_version",
        "version",
        "variant",
        "labels",
    }
)
_NOTE_PATHS = re.compile(r"^(notes|soap\.(subjective|objective|assessment|plan))$")


def _plain(path: str) -> str:
    """The path without list positions: "referrals[2].reason" -> "referrals.reason"."""
    return re.sub(r"\[\d+\]", "", path)


def limit_for(path: str) -> int:
    """The most characters the field at ``path`` (a dotted save-check path) may hold."""
    plain = _plain(path)
    if _NOTE_PATHS.match(plain):
        return NOTE
    if plain.rsplit(".", 1)[-1] in _SHORT_FIELDS:
        return SHORT
    return LONG


def too_long(fields: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """Return (path, length, limit) for each (path, text) longer than its field allows."""
    found = []
    for path, text in fields:
        limit = limit_for(path)
        if len(text) > limit:
            found.append((path, len(text), limit))
    return found
