"""Clinic settings over the settings(key, value) table."""

from __future__ import annotations

import pytest

from glutedesk.storage.database import open_database
from glutedesk.storage.settings import (
    CLINIC_NAME,
    MAX_VALUE_LENGTH,
    ClinicSettings,
    clinic_settings,
    get_setting,
    set_clinic_settings,
    set_setting,
)


def test_missing_settings_read_as_defaults(memory_db):
    assert get_setting(memory_db, "nothing") == ""
    assert get_setting(memory_db, "nothing", "fallback") == "fallback"
    assert clinic_settings(memory_db) == ClinicSettings()


def test_set_replace_and_clear_a_setting(memory_db):
    set_setting(memory_db, CLINIC_NAME, "Riverside <Sports> & Co")
    set_setting(memory_db, CLINIC_NAME, "Ωμέγα Clinic")
    assert get_setting(memory_db, CLINIC_NAME) == "Ωμέγα Clinic"
    assert clinic_settings(memory_db).name == "Ωμέγα Clinic"
    set_setting(memory_db, CLINIC_NAME, "")
    assert memory_db.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


def test_clinic_settings_round_trip_through_a_file(db_path):
    wanted = ClinicSettings(
        name="Riverside",
        address="1 Mill Lane\nLeeds",
        logo_path="/tmp/logo.png",
        therapist_name="Sam Ó Súilleabháin",
        therapist_details="SMA 1234",
    )
    db = open_database(db_path)
    set_clinic_settings(db, wanted)
    db.close()
    db = open_database(db_path)
    try:
        assert clinic_settings(db) == wanted
    finally:
        db.close()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("", "x", "needs a name"),
        (CLINIC_NAME, 42, "must be text"),
        (CLINIC_NAME, "x" * (MAX_VALUE_LENGTH + 1), "too long"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(memory_db, key, value, message):
    set_setting(memory_db, CLINIC_NAME, "Before")
    with pytest.raises(ValueError, match=message):
        set_setting(memory_db, key, value)
    assert get_setting(memory_db, CLINIC_NAME) == "Before"


def test_one_bad_field_saves_none_of_them(memory_db):
    bad = ClinicSettings(name="New", address="x" * (MAX_VALUE_LENGTH + 1))
    with pytest.raises(ValueError):
        set_clinic_settings(memory_db, bad)
    assert clinic_settings(memory_db) == ClinicSettings()
