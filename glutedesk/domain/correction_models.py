"""The values of a correction: which recorded value, what it was, what it is now.

A :class:`ValueCorrection` is part of an amendment of a signed visit: it names one recorded
value by its field path (see :mod:`glutedesk.domain.corrections`) and keeps the value it
replaces beside the corrected one. A :class:`CorrectionMark` is what a reader of the corrected
visit sees: the same, with who corrected it, when and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ValueCorrection:
    """One recorded value corrected: ``old_value`` as it stood, ``new_value`` as it should read.

    Values are plain JSON values (None: not recorded).
    """

    field: str
    old_value: Any
    new_value: Any


@dataclass(frozen=True)
class CorrectionMark:
    """A corrected value of a visit, as the corrected view carries it for every reader."""

    field: str
    old_value: Any
    new_value: Any
    corrected_at: dt.datetime
    author: str
    reason: str

    @property
    def label(self) -> str:
        """The mark printed beside the value: ``corrected 3 Dec 2026`` (local date)."""
        local = self.corrected_at.astimezone() if self.corrected_at.tzinfo else self.corrected_at
        return f"corrected {local.day} {local:%b %Y}"
