"""Modules of one job: no module of the product is over 400 lines (style guide, issue #12)."""

from __future__ import annotations

from pathlib import Path

LIMIT = 400
PACKAGE = Path(__file__).resolve().parents[2] / "glutedesk"


def test_no_module_is_over_the_limit():
    over = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert over == {}
