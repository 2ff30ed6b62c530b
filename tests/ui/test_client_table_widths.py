"""The client table measures its columns sized to their contents once per change (issue #14).

Qt measured them again at every resize, show and style change of the table (three times before
the first paint). They are now measured again only when the rows, their data, the font or the
first row shown change, and still follow every such change.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHeaderView

from glutedesk.storage.client_list import ClientListItem
from glutedesk.ui.client_list import ClientTable
from glutedesk.ui.client_list_model import VISITS, ClientListModel


class CountingModel(ClientListModel):
    """Counts what the views ask of the visit-count column."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def data(self, index, role=0):
        if index.column() == VISITS:
            self.asked += 1
        return super().data(index, role)


def _items(n: int, visits: int) -> list[ClientListItem]:
    return [
        ClientListItem(f"c{i}", f"Anna{i}", f"Kowalski{i}", dt.date(1980, 1, 1), visits, None)
        for i in range(n)
    ]


def _shown_table(qtbot) -> tuple[CountingModel, ClientTable]:
    """120 clients of 7 visits in a table shown at 600x400, sized as the client list is."""
    model = CountingModel()
    model.set_items(_items(120, 7))
    table = ClientTable()
    qtbot.addWidget(table)
    table.setModel(model)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.horizontalHeader().setSectionResizeMode(VISITS, QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setResizeContentsPrecision(50)
    table.resize(600, 400)
    table.show()
    qtbot.waitExposed(table)
    return model, table


def test_resizing_the_table_does_not_measure_its_rows_again(qtbot):
    model, table = _shown_table(qtbot)
    width = table.columnWidth(VISITS)
    model.asked = 0
    for size in [(700, 420), (650, 500), (800, 300), (600, 400)]:
        table.resize(*size)
        table.horizontalHeader().resizeSections()  # what a resize makes Qt do
    assert table.columnWidth(VISITS) == width
    assert model.asked == 0


def test_the_width_still_follows_the_rows_their_data_and_the_font(qtbot):
    model, table = _shown_table(qtbot)
    narrow = table.columnWidth(VISITS)

    model.set_items(_items(120, 1234567890))  # new rows: measured again
    table.horizontalHeader().resizeSections()
    wide = table.columnWidth(VISITS)
    assert wide > narrow

    model.replace(0, _items(1, 12345678901234567890)[0])  # one row changed in place
    table.horizontalHeader().resizeSections()
    assert table.columnWidth(VISITS) > wide

    model.set_items(_items(120, 1234567890))
    table.horizontalHeader().resizeSections()
    assert table.columnWidth(VISITS) == wide
    font = table.font()
    font.setPointSize(font.pointSize() * 2)
    table.setFont(font)  # a larger font: measured again
    table.horizontalHeader().resizeSections()
    assert table.columnWidth(VISITS) > wide
