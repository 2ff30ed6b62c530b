"""Warn, as it is typed, about text the printed documents can only show as placeholders.

Documents print every character in DejaVu Sans or a bundled fallback font
(:mod:`glutedesk.reports.fonts`); the few characters none of them has (Korean, some
emoji) print as a visible Last Resort placeholder. The editor says so with a warning naming
the field, which does not stop saving.
"""

from __future__ import annotations

import re
from typing import Any

from glutedesk.domain.field_errors import text_fields
from glutedesk.domain.validation import FieldError

# Scripts every embedded font setup prints (Latin, Greek, Cyrillic, Hebrew, Arabic,
# punctuation): text made only of these never needs the fonts loaded to be checked.
_SURELY_PRINTABLE = re.compile(r"[^\u0000-\u052f\u0590-\u06ff\u2000-\u206f\u20a0-\u20bf]")


def unprintable_warnings(record: Any) -> list[FieldError]:
    """One warning per text field of ``record`` holding characters no embedded font has."""
    warnings = []
    for path, text in text_fields(record):
        if not _SURELY_PRINTABLE.search(text):
            continue
        from glutedesk.reports.fonts import unprintable

        missing = unprintable("".join(set(text)))
        if missing:
            name = re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1].replace("_", " ")
            shown = "".join(missing[:8]) + ("…" if len(missing) > 8 else "")
            warnings.append(
                FieldError(
                    path,
                    f"The {name} field has characters the printed documents cannot show "
                    f"({shown}): they print as placeholder boxes",
                    "warning",
                )
            )
    return warnings
