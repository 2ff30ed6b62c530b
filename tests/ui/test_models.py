"""The item models are thin adapters that pass Qt's model tester."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.models import VisitSummary
from glutedesk.storage.clients import ClientListItem
from glutedesk.ui.client_list_model import ClientIdRole, ClientListModel
from glutedesk.ui.visit_list_model import ALERTS, NPRS, VisitIdRole, VisitListModel

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def _clients() -> list[ClientListItem]:
    return [
        ClientListItem(
            ClientId("a1"), "Zoë", "O'Brien", dt.date(1984, 3, 9), 3, dt.date(2026, 2, 1)
        ),
        ClientListItem(ClientId("b2"), "Arjun", "Patel", None, 0, None),
    ]


def _visits() -> list[VisitSummary]:
    return [
        VisitSummary(VisitId("v1"), ClientId("a1"), dt.date(2026, 1, 4), "Sam", 7, 1, 1),
        VisitSummary(VisitId("v2"), ClientId("a1"), dt.date(2026, 2, 1), "Sam", None, 0, 2),
        VisitSummary(VisitId("v3"), ClientId("a1"), dt.date(2026, 2, 9), "Jo", 2, 0, 0),
    ]


def test_client_list_model_passes_modeltester(qtmodeltester):
    model = ClientListModel(_clients())
    qtmodeltester.check(model)
    model.set_items([])
    qtmodeltester.check(model)


def test_client_list_model_shows_rows(qtbot):
    model = ClientListModel(_clients())
    row = [model.index(0, c).data(DISPLAY) for c in range(model.columnCount())]
    assert row == ["O'Brien, Zoë", "9 Mar 1984", "3", "1 Feb 2026"]
    assert [model.index(1, c).data(DISPLAY) for c in range(4)] == ["Patel, Arjun", "", "0", ""]
    assert model.index(1, 0).data(ClientIdRole) == "b2"
    assert model.row_of("b2") == 1
    assert model.row_of("nobody") is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"


def test_visit_list_model_passes_modeltester(qtmodeltester):
    model = VisitListModel(_visits())
    qtmodeltester.check(model)
    model.set_items([])
    qtmodeltester.check(model)


def test_visit_list_model_marks_red_flags_and_referrals():
    model = VisitListModel(_visits())
    assert model.index(0, ALERTS).data(DISPLAY) == "⚑  →"
    assert model.index(0, ALERTS).data(TOOLTIP) == (
        "⚑ 1 red flag present at this visit\n→ 1 referral made"
    )
    assert model.index(1, ALERTS).data(DISPLAY) == "→"
    assert model.index(1, ALERTS).data(TOOLTIP) == "→ 2 referrals made"
    assert model.index(2, ALERTS).data(DISPLAY) == ""
    assert model.index(2, ALERTS).data(TOOLTIP) is None
    assert model.index(0, NPRS).data(DISPLAY) == "7/10"
    assert model.index(1, NPRS).data(DISPLAY) == ""
    assert model.index(2, 0).data(VisitIdRole) == "v3"
    assert "red flag" in model.headerData(ALERTS, Qt.Orientation.Horizontal, TOOLTIP)


def test_visit_list_model_marks_nerve_symptoms_as_the_timeline_does():
    nerve = VisitSummary(VisitId("v4"), ClientId("a1"), dt.date(2026, 3, 1), "Jo", 3, 1, 0, True)
    model = VisitListModel([nerve])
    assert model.index(0, ALERTS).data(DISPLAY) == "⚑  ≋"
    assert model.index(0, ALERTS).data(TOOLTIP) == (
        "⚑ 1 red flag present at this visit\n≋ nerve-type symptoms marked on the body map"
    )
    assert "≋ nerve-type" in model.headerData(ALERTS, Qt.Orientation.Horizontal, TOOLTIP)
