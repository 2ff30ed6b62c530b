"""The lock screen's settings, kept in the clinic's ``settings`` table: minutes of no input
before the window locks, and the PIN that unlocks a clinic without a passphrase.

The PIN is stored only as a PBKDF2-HMAC-SHA256 hash with its own salt. The reads take a plain
connection as well as a sqlite-utils ``Database``: the lock screen starts its idle timer right
after the first paint, and that should not load sqlite-utils.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import TYPE_CHECKING

from glutedesk.storage.settings import get_setting, set_setting

if TYPE_CHECKING:
    from sqlite_utils import Database

    from glutedesk.storage.reader import Reader

IDLE_MINUTES = "lock.idle_minutes"
PIN_HASH = "lock.pin"
DEFAULT_IDLE_MINUTES = 5
MAX_IDLE_MINUTES = 240
PIN_ITERATIONS = 200_000


def idle_minutes(db: Reader) -> int:
    """Minutes without input before the window locks (0: never by itself)."""
    text = get_setting(db, IDLE_MINUTES, str(DEFAULT_IDLE_MINUTES))
    try:
        value = int(text)
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return min(max(value, 0), MAX_IDLE_MINUTES)


def set_idle_minutes(db: Database, minutes: int) -> None:
    """Store the minutes without input before the window locks (0 to 240)."""
    if not 0 <= int(minutes) <= MAX_IDLE_MINUTES:
        raise ValueError(f"Lock after 0 to {MAX_IDLE_MINUTES} minutes, not {minutes}.")
    set_setting(db, IDLE_MINUTES, str(int(minutes)))


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, PIN_ITERATIONS)


def has_pin(db: Reader) -> bool:
    """Whether a PIN is set for the lock screen."""
    return bool(get_setting(db, PIN_HASH))


def set_pin(db: Database, pin: str | None) -> None:
    """Set (or with None, remove) the lock screen's PIN: 4 to 12 digits."""
    if pin is None:
        set_setting(db, PIN_HASH, "")
        return
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ValueError("A PIN is 4 to 12 digits.")
    salt = os.urandom(16)
    set_setting(db, PIN_HASH, f"{salt.hex()}:{_hash(pin, salt).hex()}")


def pin_matches(db: Reader, pin: str) -> bool:
    """Whether ``pin`` is the lock screen's PIN (False when none is set)."""
    stored = get_setting(db, PIN_HASH)
    salt_hex, _, digest_hex = stored.partition(":")
    try:
        salt, digest = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return False
    return bool(digest) and hmac.compare_digest(_hash(pin, salt), digest)
