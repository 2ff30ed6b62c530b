"""Security and privacy ▸ Set a passphrase, on a clinic whose second backup place holds a copy
made before protection: the copy is encrypted, and the message says how many backups were
re-written and how many of them at the second place."""

from __future__ import annotations

from glutedesk.storage import cipher
from glutedesk.storage.clinic import Clinic
from glutedesk.ui.security_dialog import backup_lines
from tests.factories import make_client

SQLITE_HEADER = b"SQLite format 3"


def test_setting_a_passphrase_in_the_app_encrypts_the_second_place_copies(tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    path = tmp_path / "clinic.sqlite3"
    clinic = Clinic.open(path)
    try:
        clinic.save_client(make_client(first_name="Philippa", last_name="Wolstenholme"))
        clinic.set_second_place(usb)
        outcome = clinic.back_up()
        (copy,) = usb.glob("*.sqlite3")
        assert outcome.second is not None and copy.read_bytes().startswith(SQLITE_HEADER)
        result = clinic.change_passphrase("a passphrase for the test")  # as the dialog does
        lines = backup_lines(result, [])
        assert lines[0] == f"2 backups re-written with it (1 at the second place, {usb})."
        assert clinic.client_list()[0].last_name == "Wolstenholme"  # still open and usable
    finally:
        clinic.close()
        cipher.forget(path)
    for file in [*usb.iterdir(), *path.parent.rglob("*.sqlite3")]:
        data = file.read_bytes()
        assert SQLITE_HEADER not in data and b"Wolstenholme" not in data, file
