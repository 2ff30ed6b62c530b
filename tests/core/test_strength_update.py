"""The strength chart charted again in place (the timeline keeps its figures from client to
client): the same figure, pixel for pixel, as one built anew, or no update at all."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from glutedesk.domain.correction_models import CorrectionMark
from glutedesk.domain.models import Side
from glutedesk.domain.models import TestResult as Result
from glutedesk.reports.charts import strength_figure, update_strength_figure
from tests.factories import make_client, make_visit

CLIENT = make_client().id


def _grades(left: str, right: str, reading: float | None = None, unit: str = "n") -> tuple:
    right_values: dict = {"grade": right}
    if reading is not None:
        right_values |= {"dynamometer": reading, "dynamometer_unit": unit}
    return (
        Result("oxford_glute_max", Side.LEFT, {"grade": left}),
        Result("oxford_glute_max", Side.RIGHT, right_values),
    )


def visits(start: dt.date, days: int, grades: list[tuple[str, str]], readings=None, unit="n"):
    """A client's visits ``days`` apart; ``readings`` (one per visit) go with the right side."""
    readings = readings or [None] * len(grades)
    return [
        make_visit(CLIENT, start + dt.timedelta(days=days * i), test_results=_grades(*g, r, unit))
        for i, (g, r) in enumerate(zip(grades, readings, strict=True))
    ]


# Two clients of each kind: their figures have the same panels and lines, other points.
WITH_READINGS = visits(
    dt.date(2026, 1, 4), 14, [("4", "3+"), ("4+", "4-"), ("5", "4")], [152.5, 170, 188]
)
MORE_READINGS = visits(
    dt.date(2025, 3, 1),
    40,
    [("3", "3-"), ("3+", "3"), ("4-", "3+"), ("4", "4-"), ("4", "4"), ("4+", "4")] * 2,
    [90.0 + 12 * i for i in range(12)],
)
GRADES_ONLY = visits(dt.date(2026, 5, 2), 7, [("2", "3-"), ("3", "3"), ("4", "3+"), ("5", "4")])
MORE_GRADES = visits(dt.date(2024, 9, 9), 30, [("1", "2"), ("3", "2"), ("3", "3")])
MED_TOO = [
    dataclasses.replace(
        v, test_results=(*v.test_results, Result("oxford_glute_med", Side.LEFT, {"grade": "4"}))
    )
    for v in GRADES_ONLY
]
IN_KG = visits(dt.date(2026, 1, 4), 14, [("4", "3+"), ("4+", "4-")], [15.5, 17], unit="kg")


def pixels(fig) -> np.ndarray:
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def drawn(fig) -> list:
    """What a reader sees of each panel: lines and their points, ticks, limits, titles."""
    pixels(fig)
    panels = [
        (
            ax.get_gid(),
            ax.get_title(loc="left"),
            ax.get_ylabel(),
            ax.get_xlim(),
            ax.get_ylim(),
            [t.get_text() for t in ax.get_xticklabels()],
            [t.get_text() for t in ax.get_yticklabels()],
            [
                (ln.get_gid(), [str(x) for x in ln.get_xdata()], list(ln.get_ydata()))
                for ln in ax.get_lines()
            ],
            [t.get_text() for t in ax.texts],
        )
        for ax in fig.axes
    ]
    legends = [[t.get_text() for t in legend.get_texts()] for legend in fig.legends]
    return [panels, legends, [t.get_text() for t in fig.texts]]


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (WITH_READINGS, MORE_READINGS),
        (MORE_READINGS, WITH_READINGS),
        (GRADES_ONLY, MORE_GRADES),
        (MORE_GRADES, GRADES_ONLY),
    ],
)
def test_a_figure_updated_in_place_is_the_figure_built_anew(first, then):
    figure = strength_figure(first)
    pixels(figure)  # drawn once, as on screen, before the next client
    assert update_strength_figure([figure], then) is figure
    new = strength_figure(then)
    assert drawn(figure) == drawn(new)
    assert np.array_equal(pixels(figure), pixels(new))


def test_the_figure_that_fits_is_chosen_and_the_others_are_left_alone():
    grades, readings = strength_figure(GRADES_ONLY), strength_figure(WITH_READINGS)
    before = drawn(readings)
    assert update_strength_figure([readings, grades], MORE_GRADES) is grades
    assert drawn(readings) == before
    assert drawn(grades) == drawn(strength_figure(MORE_GRADES))


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (WITH_READINGS, GRADES_ONLY),  # a panel fewer
        (GRADES_ONLY, WITH_READINGS),  # a panel more
        (WITH_READINGS, IN_KG),  # another unit: another panel title and axis
        (GRADES_ONLY, MED_TOO),  # a line more, and its legend entry
        (MED_TOO, MORE_GRADES),  # a line fewer
        (GRADES_ONLY, GRADES_ONLY[:1]),  # one visit: its note and title
        (GRADES_ONLY[:1], GRADES_ONLY),
        (GRADES_ONLY, []),  # nothing recorded: the empty panel's message
        ([], GRADES_ONLY),
    ],
)
def test_no_update_when_panels_lines_or_titles_would_change(first, then):
    figure = strength_figure(first)
    before = drawn(figure)
    assert update_strength_figure([figure], then) is None
    assert drawn(figure) == before


def test_corrected_values_are_ringed_on_a_new_figure_only():
    mark = CorrectionMark(
        field="tests/oxford_glute_max/left/values/grade",
        old_value="4",
        new_value="4",
        corrected_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        author="Sam Therapist",
        reason="Wrong line",
    )
    corrected = [dataclasses.replace(WITH_READINGS[0], corrections=(mark,)), *WITH_READINGS[1:]]
    ringed = strength_figure(corrected)
    assert ringed.texts  # the rings' note
    assert update_strength_figure([strength_figure(MORE_READINGS)], corrected) is None
    assert update_strength_figure([ringed], MORE_READINGS) is None
