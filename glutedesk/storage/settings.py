"""Clinic-wide settings in the ``settings(key, value)`` table: the clinic's name, address, logo.

Values are text. Missing keys read as a default, so a fresh database needs no set-up before a
report can be printed; the report simply leaves the missing parts out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutedesk.storage.changes import Changes

if TYPE_CHECKING:
    from sqlite_utils import Database

    from glutedesk.storage.reader import Reader

CLINIC_NAME = "clinic.name"
CLINIC_ADDRESS = "clinic.address"
CLINIC_LOGO = "clinic.logo_path"
THERAPIST_NAME = "clinic.therapist_name"
THERAPIST_DETAILS = "clinic.therapist_details"
CLINIC_PHONE = "clinic.phone"
OTHER_THERAPISTS = "clinic.other_therapists"

CLINIC_KEYS: tuple[str, ...] = (
    CLINIC_NAME,
    CLINIC_ADDRESS,
    CLINIC_LOGO,
    THERAPIST_NAME,
    THERAPIST_DETAILS,
    CLINIC_PHONE,
    OTHER_THERAPISTS,
)

MAX_VALUE_LENGTH = 4000


@dataclass(frozen=True)
class ClinicSettings:
    """What the printed documents say about the clinic and the therapist.

    ``logo_path`` is a PNG or JPEG file on this computer ("" for none). ``therapist_details``
    is a free line such as a qualification and membership number, printed under the name.
    ``therapist_name`` is the main therapist, the default on a client's first visit;
    ``other_therapists`` lists the clinic's other therapists, one per line.
    """

    name: str = ""
    address: str = ""
    logo_path: str = ""
    therapist_name: str = ""
    therapist_details: str = ""
    phone: str = ""
    other_therapists: str = ""

    @property
    def therapists(self) -> tuple[str, ...]:
        """Every therapist named, the main one first, each once."""
        names = [self.therapist_name, *self.other_therapists.splitlines()]
        return tuple(dict.fromkeys(n.strip() for n in names if n.strip()))

    @property
    def is_blank(self) -> bool:
        """Nothing about the clinic or its therapists has been given yet."""
        return not (self.name.strip() or self.therapist_name.strip() or self.address.strip())


def get_setting(db: Reader, key: str, default: str = "") -> str:
    """Return the value stored under ``key``, or ``default`` when there is none (``db``: a
    sqlite-utils ``Database`` or a plain connection)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return default if row is None else row[0]


def set_setting(db: Database, key: str, value: str) -> Changes:
    """Store ``value`` under ``key`` (replacing any old value) in one transaction.

    An empty value removes the key. Raises ``ValueError`` for a blank key, a value that is not
    text, or a value longer than :data:`MAX_VALUE_LENGTH` characters.
    """
    _check(key, value)
    with db.atomic():
        _write(db, key, value)
    return Changes()


def set_clinic_settings(db: Database, settings: ClinicSettings) -> Changes:
    """Store all of ``settings`` in one transaction (empty fields are removed)."""
    values = _as_values(settings)
    for key, value in values.items():
        _check(key, value)
    with db.atomic():
        for key, value in values.items():
            _write(db, key, value)
    return Changes()


def clinic_settings(db: Reader) -> ClinicSettings:
    """Return the clinic's settings, with "" for anything not set yet (``db``: a sqlite-utils
    ``Database`` or a plain connection)."""
    rows = dict(
        db.execute(
            f"SELECT key, value FROM settings WHERE key IN ({', '.join('?' for _ in CLINIC_KEYS)})",
            list(CLINIC_KEYS),
        ).fetchall()
    )
    return ClinicSettings(
        name=rows.get(CLINIC_NAME, ""),
        address=rows.get(CLINIC_ADDRESS, ""),
        logo_path=rows.get(CLINIC_LOGO, ""),
        therapist_name=rows.get(THERAPIST_NAME, ""),
        therapist_details=rows.get(THERAPIST_DETAILS, ""),
        phone=rows.get(CLINIC_PHONE, ""),
        other_therapists=rows.get(OTHER_THERAPISTS, ""),
    )


def _as_values(settings: ClinicSettings) -> dict[str, str]:
    return {
        CLINIC_NAME: settings.name,
        CLINIC_ADDRESS: settings.address,
        CLINIC_LOGO: settings.logo_path,
        THERAPIST_NAME: settings.therapist_name,
        THERAPIST_DETAILS: settings.therapist_details,
        CLINIC_PHONE: settings.phone,
        OTHER_THERAPISTS: settings.other_therapists,
    }


def _check(key: str, value: str) -> None:
    if not isinstance(key, str) or not key.strip():
        raise ValueError("A setting needs a name.")
    if not isinstance(value, str):
        raise ValueError(f"The setting {key!r} must be text, not {type(value).__name__}.")
    if len(value) > MAX_VALUE_LENGTH:
        raise ValueError(
            f"The setting {key!r} is too long ({len(value)} characters; "
            f"at most {MAX_VALUE_LENGTH})."
        )


def _write(db: Database, key: str, value: str) -> None:
    if value == "":
        db.execute("DELETE FROM settings WHERE key = ?", [key])
    else:
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


UNIT_DEFAULT_PREFIX = "strength.unit."


def unit_defaults(db: Database) -> dict[str, str]:
    """Return the therapist's remembered dynamometer unit per test id (the last one saved)."""
    rows = db.execute(
        "SELECT key, value FROM settings WHERE key LIKE ? ESCAPE '\\'",
        [UNIT_DEFAULT_PREFIX.replace("_", "\\_") + "%"],
    ).fetchall()
    return {key.removeprefix(UNIT_DEFAULT_PREFIX): value for key, value in rows}


def remember_units(db: Database, units: dict[str, str]) -> Changes:
    """Remember ``units`` (test id -> unit id) as the therapist's defaults, in one transaction."""
    values = {UNIT_DEFAULT_PREFIX + test_id: unit for test_id, unit in units.items() if unit}
    for key, value in values.items():
        _check(key, value)
    with db.atomic():
        for key, value in values.items():
            _write(db, key, value)
    return Changes()
