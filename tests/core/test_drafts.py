"""Visit drafts: atomic JSON files beside the database that survive a crash (no Qt)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os

import pytest

from glutedesk.domain.ids import new_client_id
from glutedesk.storage import drafts
from glutedesk.storage.drafts import (
    DraftError,
    database_file,
    discard_draft,
    drafts_dir,
    list_drafts,
    load_draft,
    save_draft,
    unreadable_drafts,
)
from tests.factories import make_visit, with_red_flag


def test_drafts_dir_sits_beside_the_database(tmp_path):
    assert drafts_dir(tmp_path / "clinic.sqlite3") == tmp_path / "clinic.sqlite3.drafts"


def test_database_file_of_file_and_memory_db(file_db, db_path, memory_db):
    assert database_file(file_db) == db_path
    assert database_file(memory_db) is None


def test_round_trip_keeps_the_whole_visit(tmp_path):
    folder = drafts_dir(tmp_path / "clinic.sqlite3")
    visit = with_red_flag(make_visit(new_client_id()))
    visit = dataclasses.replace(visit, complaint="Ache <left> & right 🙂 ☃ \u202eRTL")
    when = dt.datetime(2026, 3, 1, 10, 30, tzinfo=dt.UTC)
    path = save_draft(folder, visit, is_new=True, now=when)
    assert path == folder / f"{visit.id}.json"
    draft = load_draft(folder, visit.id)
    assert draft.visit == visit
    assert draft.saved_at == when
    assert draft.is_new is True
    assert draft.client_id == visit.client_id


def test_save_replaces_the_previous_draft_and_leaves_no_temp_files(tmp_path):
    folder = tmp_path / "d"
    visit = make_visit(new_client_id())
    save_draft(folder, visit, is_new=False)
    changed = dataclasses.replace(visit, change_since_last="Much better")
    save_draft(folder, changed, is_new=False)
    assert load_draft(folder, visit.id).visit.change_since_last == "Much better"
    assert sorted(p.name for p in folder.iterdir()) == [f"{visit.id}.json"]


def test_failed_write_keeps_the_old_draft(tmp_path, monkeypatch):
    folder = tmp_path / "d"
    visit = make_visit(new_client_id())
    save_draft(folder, visit, is_new=False)

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(drafts.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        save_draft(folder, dataclasses.replace(visit, goals="lost"), is_new=False)
    monkeypatch.undo()
    assert load_draft(folder, visit.id).visit == visit
    assert [p.name for p in folder.iterdir()] == [f"{visit.id}.json"]


def test_list_filters_by_client_and_sorts_oldest_first(tmp_path):
    folder = tmp_path / "d"
    a, b = new_client_id(), new_client_id()
    first = make_visit(a)
    second = make_visit(b)
    third = make_visit(a)
    base = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    save_draft(folder, third, is_new=True, now=base + dt.timedelta(minutes=2))
    save_draft(folder, first, is_new=True, now=base)
    save_draft(folder, second, is_new=False, now=base + dt.timedelta(minutes=1))
    assert [d.visit.id for d in list_drafts(folder)] == [first.id, second.id, third.id]
    assert [d.visit.id for d in list_drafts(folder, client_id=a)] == [first.id, third.id]
    assert list_drafts(tmp_path / "missing") == []


def test_broken_files_are_skipped_not_deleted(tmp_path):
    folder = tmp_path / "d"
    visit = make_visit(new_client_id())
    save_draft(folder, visit, is_new=True)
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "other.json").write_text('{"format": "something else"}', encoding="utf-8")
    assert [d.visit.id for d in list_drafts(folder)] == [visit.id]
    assert sorted(p.name for p in unreadable_drafts(folder)) == ["broken.json", "other.json"]
    with pytest.raises(DraftError, match="not valid JSON"):
        load_draft(folder, "broken")
    with pytest.raises(DraftError, match="not a GluteDesk visit draft"):
        load_draft(folder, "other")
    assert (folder / "broken.json").exists()


def test_load_missing_and_discard(tmp_path):
    folder = tmp_path / "d"
    visit = make_visit(new_client_id())
    with pytest.raises(FileNotFoundError):
        load_draft(folder, visit.id)
    save_draft(folder, visit, is_new=True)
    assert discard_draft(folder, visit.id) is True
    assert discard_draft(folder, visit.id) is False
    assert list_drafts(folder) == []


@pytest.mark.parametrize("bad", ["", "../x", "a/b", ".hidden"])
def test_visit_ids_cannot_escape_the_folder(tmp_path, bad):
    with pytest.raises(DraftError):
        load_draft(tmp_path, bad)


def test_draft_with_an_invalid_visit_is_reported(tmp_path):
    folder = tmp_path / "d"
    visit = make_visit(new_client_id())
    path = save_draft(folder, visit, is_new=True)
    text = path.read_text(encoding="utf-8").replace('"visit_date": "2026-02-01"', '"visit_date": 5')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DraftError, match="visit_date"):
        load_draft(folder, visit.id)


def test_temp_files_are_ignored(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / ".abc.123.tmp").write_text("partial", encoding="utf-8")
    (folder / ".abc.json").write_text("partial", encoding="utf-8")
    assert list_drafts(folder) == []
    assert unreadable_drafts(folder) == []
    assert os.path.exists(folder / ".abc.123.tmp")
