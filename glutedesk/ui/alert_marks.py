"""A visit's alert markers, shared by the Record tab's visit list and the Timeline.

⚑ red flag present, → referral made, ≋ nerve-type symptoms (pins and needles or numbness)
marked on the body map.
"""

from __future__ import annotations

from glutedesk.ui.formatting import plural

RED_FLAG_MARK = "⚑"
REFERRAL_MARK = "→"
NERVE_MARK = "≋"

ALERTS_TIP = (
    f"{RED_FLAG_MARK} red flag · {REFERRAL_MARK} referral · {NERVE_MARK} nerve-type symptoms"
)


def alert_marks(red_flags: int, referrals: int, nerve_symptoms: bool) -> str:
    """Return the markers shown for a visit, in the order ⚑ → ≋ ("" when it has none)."""
    marks = []
    if red_flags:
        marks.append(RED_FLAG_MARK)
    if referrals:
        marks.append(REFERRAL_MARK)
    if nerve_symptoms:
        marks.append(NERVE_MARK)
    return "  ".join(marks)


def alert_tooltip(red_flags: int, referrals: int, nerve_symptoms: bool) -> str | None:
    """Return a visit's markers in plain words, one line each (None when it has none)."""
    parts = []
    if red_flags:
        parts.append(f"{RED_FLAG_MARK} {plural(red_flags, 'red flag')} present at this visit")
    if referrals:
        parts.append(f"{REFERRAL_MARK} {plural(referrals, 'referral')} made")
    if nerve_symptoms:
        parts.append(f"{NERVE_MARK} nerve-type symptoms marked on the body map")
    return "\n".join(parts) or None
