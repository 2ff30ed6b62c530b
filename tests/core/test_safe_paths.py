"""Reading and writing files safely: regular files only, never blocking, whole or not at all."""

from __future__ import annotations

import errno
import os
import stat
import threading

import pytest

from glutedesk.storage import safe_paths
from glutedesk.storage.safe_paths import (
    PathRefused,
    check_not_database,
    check_output_file,
    check_output_folder,
    read_regular_file,
    write_file_atomically,
)


def _entries(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    outcome: list[BaseException | bytes] = []

    def read():
        try:
            outcome.append(read_regular_file(pipe, limit=1000))
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)  # a regression hangs only this thread
    reader.start()
    reader.join(60)
    assert not reader.is_alive(), "reading a named pipe blocked"
    assert isinstance(outcome[0], PathRefused)
    assert str(outcome[0]) == f"{pipe} is a named pipe (FIFO), not a file."


def test_a_symbolic_link_to_a_regular_file_is_read(tmp_path):
    (tmp_path / "real.json").write_bytes(b"{}")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    assert read_regular_file(tmp_path / "link.json", limit=10) == b"{}"


def test_the_limit_is_exact(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert read_regular_file(path, limit=100) == b"x" * 100
    with pytest.raises(PathRefused, match=r"too large"):
        read_regular_file(path, limit=99)


def test_a_file_without_read_permission_is_refused(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any file; tests/core/test_bad_input_cli.py covers it via setpriv")
    path = tmp_path / "locked.json"
    path.write_bytes(b"{}")
    path.chmod(0)
    with pytest.raises(PathRefused, match="permission denied"):
        read_regular_file(path, limit=10)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: (d / "out").symlink_to(d / "keep"), "is a symbolic link"),
        (lambda d: (d / "out").symlink_to(d / "nowhere"), "is a symbolic link"),
        (lambda d: (d / "out").symlink_to("/dev/null"), "is a symbolic link"),
        (lambda d: os.mkfifo(d / "out"), r"is a named pipe \(FIFO\), not a file"),
        (lambda d: (d / "out").mkdir(), "is a folder, not a file"),
    ],
    ids=["link-to-file", "dangling-link", "link-to-device", "fifo", "folder"],
)
def test_output_targets_that_are_not_files_are_refused(tmp_path, make, message):
    (tmp_path / "keep").write_text("keep me")
    make(tmp_path)
    before = _entries(tmp_path)
    with pytest.raises(PathRefused, match=message):
        write_file_atomically(tmp_path / "out", b"data")
    assert _entries(tmp_path) == before
    assert (tmp_path / "keep").read_text() == "keep me"


def test_a_device_and_a_missing_folder_are_refused(tmp_path):
    with pytest.raises(PathRefused, match="is a character device, not a file"):
        check_output_file("/dev/null")
    with pytest.raises(PathRefused, match=r"the folder .* does not exist"):
        check_output_file(tmp_path / "no" / "out.json")
    (tmp_path / "file").write_text("")
    with pytest.raises(PathRefused, match="is not a folder"):
        check_output_file(tmp_path / "file" / "out.json")


def test_output_folders(tmp_path):
    check_output_folder(tmp_path / "new")  # will be created
    (tmp_path / "real").mkdir()
    (tmp_path / "via-link").symlink_to(tmp_path / "real")
    check_output_folder(tmp_path / "via-link")  # a link to a folder is followed
    (tmp_path / "file").write_text("")
    for path, message in [
        (tmp_path / "file", "is a file, not a folder"),
        ("/dev/null", "is a character device, not a folder"),
    ]:
        with pytest.raises(PathRefused, match=message):
            check_output_folder(path)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(PathRefused, match="a symbolic link to nothing"):
        check_output_folder(tmp_path / "dangling")


def test_an_atomic_write_replaces_a_regular_file_owner_only(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o644)
    write_file_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _entries(tmp_path) == ["out.json"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_leaves_the_target_and_no_partial_file(tmp_path, monkeypatch, failing):
    target = tmp_path / "out.json"
    target.write_text("old")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_paths.os, failing, disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_file_atomically(target, b"new" * 1000)
    assert target.read_text() == "old"
    assert _entries(tmp_path) == ["out.json"]


def test_the_database_and_its_sqlite_files_are_never_an_output(tmp_path):
    db = tmp_path / "clinic.sqlite3"
    db.write_bytes(b"")
    (tmp_path / "alias.sqlite3").symlink_to(db)
    for out in (db, tmp_path / "clinic.sqlite3-wal", tmp_path / "clinic.sqlite3-shm"):
        with pytest.raises(PathRefused, match="it is the database"):
            check_not_database(out, db)
    with pytest.raises(PathRefused, match="it is the database"):
        check_not_database(db, tmp_path / "alias.sqlite3")  # the same file by another name
    check_not_database(tmp_path / "export.json", db)
