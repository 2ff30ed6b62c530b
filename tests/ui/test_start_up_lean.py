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
