"""Going from client to client on the Timeline: the strength chart keeps its figures and charts
the next client in place, and shows nothing left over from the one before (lines, legend
entries, ticks, panels), with readings, without, one visit, or none."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from glutedesk.domain.models import Side
from glutedesk.domain.models import TestResult as Result
from glutedesk.reports.charts import strength_figure
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.visits import save_visit
from glutedesk.ui.timeline import TimelineView
from glutedesk.ui.timeline.chart_panel import fit_legends, needs_fit
from glutedesk.ui.timeline.model import DATE
from tests.core.test_strength_update import drawn, pixels
from tests.factories import make_client, make_visit


def _results(left: str, right: str, reading: float | None) -> tuple[Result, ...]:
    right_values: dict = {"grade": right}
    if reading is not None:
        right_values |= {"dynamometer": reading, "dynamometer_unit": "n"}
    return (
        Result("oxford_glute_max", Side.LEFT, {"grade": left}),
        Result("oxford_glute_max", Side.RIGHT, right_values),
    )


@pytest.fixture
def clients(clinic, file_db) -> dict[str, str]:
    """Zoë: readings (3 visits); Siobhan: readings, other points (10); Margaret and Nora:
    grades only; Arjun: one visit; Liam: none."""
    siobhan = clinic["Siobhan"]
    for i in range(10):
        grades = (("3", "3-"), ("3+", "3"), ("4-", "3+"), ("4", "4"), ("4+", "4"))[i % 5]
        when = dt.date(2025, 2, 3) + dt.timedelta(days=30 * i)
        reading = 95.0 + 9 * i + (0.5 if i >= 8 else 0)  # the widest text last: "176.5 N"
        save_visit(file_db, make_visit(siobhan, when, test_results=_results(*grades, reading)))
    nora, _ = save_client(file_db, make_client(first_name="Nora", last_name="Quinn"))
    for client, start, grades in (
        (clinic["Margaret"], dt.date(2026, 3, 2), [("2", "3-"), ("3", "3"), ("4", "3+")]),
        (nora.id, dt.date(2025, 11, 20), [("1", "2"), ("3-", "2"), ("3", "3"), ("4-", "4")]),
    ):
        for i, pair in enumerate(grades):
            when = start + dt.timedelta(days=9 * i)
            save_visit(file_db, make_visit(client, when, test_results=_results(*pair, None)))
    names = ("Zoë", "Siobhan", "Margaret", "Arjun", "Liam")
    return {name: clinic[name] for name in names} | {"Nora": nora.id}


def as_new(view: TimelineView) -> object:
    """The strength figure a new canvas would show for the view's client, at the chart's size."""
    shown = view.panels.strength_chart.figure
    fresh = strength_figure(view.visits)
    design = tuple(fresh.get_size_inches())
    pixels(fresh)  # on a canvas of its own
    fresh.set_size_inches(*shown.get_size_inches(), forward=False)
    if needs_fit(fresh, design):
        fit_legends(fresh)
    return fresh


def layout(figure) -> list[float]:
    """Where the panels and the legend sit (fractions of the figure), and the legend's rows."""
    legend = figure.legends[0]
    box = legend.get_window_extent().transformed(figure.transFigure.inverted())
    panels = [x for ax in figure.axes for x in ax.get_position().bounds]
    return [*panels, *box.bounds, legend._ncols]


# Tall: the PDF's layout; 1024x640: the chart fitted to its canvas; 400 high: Oxford ticks thinned.
@pytest.mark.parametrize("size", [(1000, 1100), (1024, 640), (1000, 400)])
def test_each_client_gets_their_own_chart_and_nothing_of_the_last(
    qtbot, clinic, file_db, clients, size
):
    view = TimelineView(Clinic(file_db))
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    panel = view.panels.strength_chart
    figures: list[tuple[str, object]] = []
    order = ["Zoë", "Margaret", "Siobhan", "Liam", "Nora", "Arjun", "Zoë", "Liam", "Margaret"]
    for name in order:
        view.set_client(clients[name])
        if name == "Liam":
            assert view.panels.currentWidget() is view.panels.empty_page
            continue
        qtbot.waitUntil(panel.canvas.isVisible)
        figures.append((name, panel.figure))
        assert [c for c in panel.canvases if c.isVisible()] == [panel.canvas]
        new = as_new(view)
        assert drawn(panel.figure) == drawn(new), name
        # A figure fitted to the canvas is fitted again from the builder's layout, as a new one
        # (which the canvas may fit twice: within a hundredth of a pixel of each other).
        assert layout(panel.figure) == pytest.approx(layout(new), abs=1e-4), name
        if not needs_fit(new, tuple(strength_figure(view.visits).get_size_inches())):
            panel.canvas.draw()
            assert np.array_equal(np.asarray(panel.canvas.buffer_rgba()), pixels(new)), name
    # Charted in place: a client with the same panels and lines took the last one's figure.
    zoe, margaret, siobhan, nora, arjun, zoe_again, margaret_again = (f for _n, f in figures)
    assert siobhan is zoe and zoe_again is zoe
    assert nora is margaret and margaret_again is margaret
    assert arjun not in (zoe, margaret)  # one visit: a figure of its own


def test_columns_with_readings_are_as_wide_as_resize_to_contents_made_them(
    qtbot, file_db, clients, monkeypatch
):
    from PySide6.QtWidgets import QHeaderView

    import glutedesk.ui.timeline.view as timeline_view

    views = [TimelineView(Clinic(file_db)) for _ in range(2)]
    for view in views:
        qtbot.addWidget(view)
        view.resize(560, 640)  # as beside the client list at 1024x640: the table scrolls sideways
        view.show()
    new, old = views

    def resize_to_contents(table, columns) -> None:  # as the timeline sized them before
        for column in range(DATE + 1, table.horizontalHeader().count()):
            table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )

    def widths(view: TimelineView) -> list[int]:
        header = view.panels.table.horizontalHeader()
        return [header.sectionSize(column) for column in range(header.count())]

    # Siobhan's widest readings are in her last rows, out of sight below the first four.
    for name in ("Siobhan", "Zoë", "Margaret", "Siobhan"):
        new.set_client(clients[name])
        with monkeypatch.context() as patch:
            patch.setattr(timeline_view, "fit_columns", resize_to_contents)
            old.set_client(clients[name])
        qtbot.waitUntil(lambda: widths(new) == widths(old), timeout=2000)
        assert widths(new) == widths(old), name
