"""The progress report's outcome sections: the disability chart (ODI, RMDQ), the table of
questionnaire scores at each visit, and the charts of any catalogue numbers the therapist chose.

Each section appears only when there is something in it, so a client who never did an ODI or
RMDQ gets no empty chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Table

from glutedesk.domain.catalogue import Catalogue
from glutedesk.domain.dates import format_date
from glutedesk.domain.models import Visit
from glutedesk.reports import pdf_common as pc
from glutedesk.reports.number_series import NumericMeasure, find_measure, number_series
from glutedesk.reports.outcome_series import (
    format_outcome,
    format_startback,
    outcome_figures,
    outcome_points,
    startback_points,
)

DISABILITY_NOTE = (
    "Lower is better. Shaded: where a later score counts as a meaningful improvement on the "
    "first (ODI 10 points lower, RMDQ 5 points lower). An open marker is a total scored on "
    "paper and entered without its items."
)


def disability_section(visits: Sequence[Visit], styles: pc.Styles) -> list[Flowable]:
    """The ODI/RMDQ chart and the questionnaire table (empty when none was recorded)."""
    from glutedesk.reports.outcome_charts import disability_figure

    scored = [key.upper() for key in ("odi", "rmdq") if outcome_points(visits, key)]
    has_scores = bool(scored)
    if not has_scores and not startback_points(visits):
        return []
    out: list[Flowable] = []
    if has_scores:
        out.append(
            pc.keep(
                pc.para(f"Disability ({' and '.join(scored)})", styles.h1),
                pc.figure_image(disability_figure(visits)),
                pc.para(DISABILITY_NOTE, styles.muted),
            )
        )
    else:
        out.append(pc.para("Outcome questionnaires", styles.h1))
    out.append(questionnaire_table(visits, styles))
    return out


def questionnaire_table(visits: Sequence[Visit], styles: pc.Styles) -> Table:
    """Date | ODI | RMDQ | STarT Back for every visit that recorded any of them."""
    head = styles.cell_head
    rows: list[list] = [
        [pc.para(t, head) for t in ("Date", "ODI (0–100%)", "RMDQ (0–24)", "STarT Back")]
    ]
    for visit in sorted(visits, key=lambda v: v.visit_date):
        figures = outcome_figures(visit)
        cells = [
            format_outcome(figures.odi, "odi").replace("(total)", "(total only)"),
            format_outcome(figures.rmdq, "rmdq").replace("(total)", "(total only)"),
            _startback_cell(figures.startback),
        ]
        if any(cells):
            rows.append([pc.para(format_date(visit.visit_date), styles.cell), *cells])
    width = pc.FRAME_WIDTH
    extra = [("FONTNAME", (0, 1), (-1, -1), pc.FONT), ("FONTSIZE", (0, 1), (-1, -1), 8)]
    return pc.data_table(rows, [66, 110, 110, width - 286], extra=extra)


def _startback_cell(result: object) -> str:
    from glutedesk.domain.outcomes import StartBackResult

    if not isinstance(result, StartBackResult):
        return ""
    return f"{format_startback(result)} · distress {result.distress}/5"


def chosen_measures(keys: Sequence[str], catalogue: Catalogue) -> list[NumericMeasure]:
    """The catalogue measures named by ``keys`` ("test_id.field_id"); unknown keys are skipped.

    A key can name a field a later catalogue no longer has; the report then leaves it out
    rather than failing (the command line refuses unknown keys before building).
    """
    measures = []
    for key in keys:
        try:
            measures.append(find_measure(catalogue, key))
        except KeyError:
            continue
    return measures


def number_sections(
    visits: Sequence[Visit], measures: Sequence[NumericMeasure], styles: pc.Styles
) -> list[Flowable]:
    """One chart per chosen measure that has a value at any visit."""
    from glutedesk.reports.number_chart import number_figure

    charts = [
        pc.figure_image(number_figure(visits, m)) for m in measures if number_series(visits, m)
    ]
    if not charts:
        return []
    return [pc.keep(pc.para("Other measurements over visits", styles.h1), charts[0]), *charts[1:]]
