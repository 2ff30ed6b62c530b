"""File ▸ New clinic…, Open clinic…, Open recent, the demo clinic; refusals leave files alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import open_database
from glutedesk.ui import preferences
from glutedesk.ui.app import build_main_window
from glutedesk.ui.clinic_files import (
    NewClinicDialog,
    OpenClinicDialog,
    clinic_refusal,
    demo_clinic_path,
    window_title,
)
from tests.factories import make_client
from tests.ui.modal_script import ModalScript


def _click_ok(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Ok).click()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _future_clinic(path: Path) -> Path:
    db = open_database(path)
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('glutedesk', '0099_from_the_future', 'x')"
    )
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _other_program_file(path: Path) -> Path:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def open_window(qtbot, clinic, file_db, db_path):
    window = build_main_window(Clinic(file_db), db_path)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b"%PDF-1.7 not a clinic at all\n" * 40) and p, "not an SQLite"),
        (_other_program_file, "from another program"),
        (_future_clinic, "newer version of GluteDesk"),
    ],
    ids=["text-file", "other-sqlite", "newer-clinic"],
)
def test_open_clinic_refuses_and_leaves_the_file_byte_identical(
    qtbot, open_window, tmp_path, monkeypatch, make, expected
):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    target = folder / "chosen.sqlite3"
    make(target)
    before = _snapshot(folder)
    monkeypatch.setattr(OpenClinicDialog, "ask", classmethod(lambda cls, parent, start: target))
    script = ModalScript((QMessageBox, _click_ok))
    open_window.clinic_files.open_action.trigger()
    qtbot.waitUntil(lambda: script.done, timeout=10_000)
    assert expected in script.texts[0] and "has not been changed" in script.texts[0]
    assert _snapshot(folder) == before  # same bytes, and no -wal, -shm or lock made beside it
    assert open_window.isVisible() and open_window.clinic_files.switch_request is None
    assert clinic_refusal(target) is not None


def test_open_clinic_closes_the_window_to_switch_and_remembers_the_folder(
    qtbot, open_window, tmp_path, monkeypatch
):
    other = tmp_path / "other" / "second.sqlite3"
    other.parent.mkdir()
    with _closing(Clinic.open(other)) as clinic:
        clinic.save_client(make_client(first_name="Nadia", last_name="Okafor"))
    monkeypatch.setattr(OpenClinicDialog, "ask", classmethod(lambda cls, parent, start: other))
    open_window.clinic_files.open_action.trigger()
    qtbot.waitUntil(lambda: not open_window.isVisible(), timeout=10_000)
    assert open_window.clinic_files.switch_request == other.absolute()
    assert preferences.last_folder("clinic") == other.parent


def test_new_clinic_makes_an_empty_clinic_and_refuses_an_existing_file(
    qtbot, open_window, tmp_path, monkeypatch
):
    existing = tmp_path / "taken.sqlite3"
    existing.write_bytes(b"something else")
    monkeypatch.setattr(NewClinicDialog, "ask", classmethod(lambda cls, parent, start: existing))
    script = ModalScript((QMessageBox, _click_ok))
    open_window.clinic_files.new_action.trigger()
    qtbot.waitUntil(lambda: script.done, timeout=10_000)
    assert "already a file" in script.texts[0]
    assert existing.read_bytes() == b"something else" and open_window.isVisible()

    fresh = tmp_path / "new" / "fresh.sqlite3"
    fresh.parent.mkdir()
    monkeypatch.setattr(NewClinicDialog, "ask", classmethod(lambda cls, parent, start: fresh))
    open_window.clinic_files.new_action.trigger()
    qtbot.waitUntil(lambda: not open_window.isVisible(), timeout=10_000)
    assert open_window.clinic_files.switch_request == fresh.absolute()
    assert clinic_refusal(fresh) is None
    with _closing(Clinic.open(fresh, create=False)) as clinic:
        assert clinic.count_clients() == 0


def test_recent_menu_lists_clinics_and_opens_one(qtbot, clinic, file_db, db_path, tmp_path):
    other = tmp_path / "recent.sqlite3"
    Clinic.open(other).close()
    gone = tmp_path / "moved-away.sqlite3"
    for path in (gone, other, db_path):
        preferences.add_recent_clinic(path)
    assert preferences.last_clinic() == db_path  # the last one opened
    window = build_main_window(Clinic(file_db), db_path)
    qtbot.addWidget(window)
    window.show()
    files = window.clinic_files
    files.fill_recent()
    actions = {a.toolTip(): a for a in files.recent_menu.actions()}
    assert set(actions) == {str(db_path.absolute()), str(other.absolute()), str(gone.absolute())}
    assert not actions[str(db_path.absolute())].isEnabled()  # the open one
    assert not actions[str(gone.absolute())].isEnabled()  # missing
    actions[str(other.absolute())].trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert files.switch_request == other.absolute()


def test_demo_clinic_is_its_own_file_marked_in_the_title(qtbot, open_window, monkeypatch):
    demo = demo_clinic_path()
    assert demo.parent != Path.home() and demo.name == "demo-clinic.sqlite3"
    assert "DEMO" in window_title(demo) and "DEMO" not in window_title(Path("x.sqlite3"))
    open_window.clinic_files.demo_action.trigger()
    qtbot.waitUntil(lambda: not open_window.isVisible(), timeout=120_000)
    assert open_window.clinic_files.switch_request == demo.absolute()
    with _closing(Clinic.open(demo, create=False)) as clinic:
        assert clinic.count_clients() == 24


def test_window_geometry_and_splitter_are_remembered(qtbot, clinic, file_db, db_path):
    first = build_main_window(Clinic(file_db), db_path)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)  # the offscreen screen is 800x600: restoring clamps to it
    qtbot.wait(100)
    total = sum(first.splitter.sizes())
    first.splitter.setSizes([total - 200, 200])
    qtbot.wait(100)
    size, sizes = first.size(), first.splitter.sizes()
    assert size.width() < 1280 and sizes[1] < total // 2  # neither is the default
    preferences.save_window(first, {"main": first.splitter})
    first.close()
    second = build_main_window(Clinic(file_db), db_path)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.size() == size, timeout=5000)
    qtbot.waitUntil(lambda: second.splitter.sizes() == sizes, timeout=5000)


class _closing:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    def __enter__(self) -> Clinic:
        return self.clinic

    def __exit__(self, *exc: object) -> None:
        self.clinic.close()


def test_save_as_pdf_starts_in_the_folder_used_last(qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from glutedesk.ui.report_actions import SavePdfDialog

    reports = tmp_path / "reports"
    reports.mkdir()
    starts: list[str] = []

    def system_dialog(parent, title, start, filters):
        starts.append(start)
        return str(reports / "progress.pdf"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(system_dialog))
    assert SavePdfDialog.ask(None, Path.home() / "a.pdf") == reports / "progress.pdf"
    assert SavePdfDialog.ask(None, Path.home() / "b.pdf") == reports / "progress.pdf"
    assert starts == [str(Path.home() / "a.pdf"), str(reports / "b.pdf")]
