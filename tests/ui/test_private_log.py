"""The GUI's log is owner-only even when it already existed as 0644 (R16)."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from glutedesk.ui.app import make_excepthook

pytestmark = pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX-only")


def test_the_gui_log_and_its_new_folder_are_owner_only(tmp_path):
    old = os.umask(0o022)  # the usual desktop umask: the log must not rely on run_gui's
    try:
        existing = tmp_path / "old" / "glutedesk.log"
        existing.parent.mkdir()
        existing.write_text("an older entry\n")
        existing.chmod(0o644)
        fresh = tmp_path / "new" / "log" / "glutedesk.log"
        for log_path in (existing, fresh):
            hook = make_excepthook(log_path, show=lambda _message: None)
            try:
                raise RuntimeError("note for the client Quixotebury")
            except RuntimeError:
                hook(*sys.exc_info())
            assert stat.S_IMODE(log_path.stat().st_mode) == 0o600, log_path
        assert stat.S_IMODE(fresh.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(fresh.parent.parent.stat().st_mode) == 0o700
        assert "an older entry" in existing.read_text()  # tightened, not replaced
    finally:
        os.umask(old)
