"""What the first window needs, and only that, is loaded when it is first painted (issue #14).

A real ``glutedesk --db FILE`` is started through the benchmark's probe (``modules`` mode),
which lists ``sys.modules`` at the first paint that shows clients: the command line's click,
sqlite-utils (with dateutil and pluggy), the domain model, the charts' and reports' libraries
all load later, when something needs them.
"""

from __future__ import annotations

import json

from glutedesk.bench.runner import launch, probe_environment
from glutedesk.storage.clients import save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.lock_settings import set_pin
from glutedesk.ui.bench_probe import MODULES, PAINTED
from tests.factories import make_client

NOT_AT_FIRST_PAINT = (
    "click",
    "sqlite_utils",
    "dateutil",
    "pluggy",
    "numpy",
    "matplotlib",
    "reportlab",
    "glutedesk.cli",
    "glutedesk.domain.models",
    "glutedesk.storage.backup",
    "glutedesk.ui.visit_editor",
    # Not shown or not used before the paint (issue #14, fifth round): the record page of a
    # client (the paint shows none selected) and the input guard (installed after the paint).
    "glutedesk.ui.client_record_page",
    "glutedesk.ui.input_guard",
)


def test_the_first_paint_needs_neither_click_nor_sqlite_utils(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    db = open_database(path)
    for first, last in [("Anna", "Kowalski"), ("Ben", "Okafor")]:
        save_client(db, make_client(first_name=first, last_name=last))
    db.close()
    _seconds, lines = launch(["modules", str(path)], probe_environment(), timeout_s=180)
    assert lines[-1] == PAINTED  # painted with its clients listed, then the probe left
    listed = [line for line in lines if line.startswith(MODULES)]
    assert len(listed) == 1
    modules = set(json.loads(listed[0][len(MODULES) :]))
    assert {"PySide6.QtWidgets", "glutedesk.ui.main_window", "sqlite3"} <= modules
    loaded = [
        name
        for name in NOT_AT_FIRST_PAINT
        if name in modules or any(m.startswith(name + ".") for m in modules)
    ]
    assert loaded == []


# What runs just after the first paint (the rest of the window's set-up, the lock screen's idle
# timer, the second-place warning, the welcome, the integrity watch) only reads: a first Ctrl+N
# should not find sqlite-utils being loaded. The warm-up (1.5 s later) is not waited for.
SETTLE_MS = 1000


def test_the_work_just_after_the_first_paint_only_reads_and_loads_no_sqlite_utils(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    db = open_database(path)
    save_client(db, make_client(first_name="Anna", last_name="Kowalski"))
    set_pin(db, "4321")  # the lock screen then reads its minutes and finds a PIN to unlock with
    db.close()
    _seconds, lines = launch(
        ["settled", str(path), str(SETTLE_MS)],
        probe_environment(),
        timeout_s=180,
        until=MODULES,
    )
    assert lines[0] == PAINTED
    modules = set(json.loads(lines[-1][len(MODULES) :]))
    # The set-up after the paint really ran: the lock screen, the backup actions.
    assert {"glutedesk.ui.lock_screen", "glutedesk.ui.backup_actions"} <= modules
    assert "sqlite_utils" not in modules
    assert "click" not in modules
