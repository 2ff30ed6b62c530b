"""The anonymous practice report: what the clinic's own records say, as a PDF.

For the therapist's own review, CPD or an insurer. It holds no names, dates of birth or free
text: only counts and shares of clients, ages in bands, and the rules behind every figure
(the definitions table). A figure resting on fewer than five clients says "too few to say".
Nothing in it claims that care caused a change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import Flowable

from glutedesk.domain.insights.definitions import MIN_CLIENTS, definition
from glutedesk.domain.insights.figures import Figure, PracticeInsights, Section
from glutedesk.reports import pdf_common as pc
from glutedesk.reports.pdf_document import build_pdf, clinic_header
from glutedesk.reports.practice_charts import course_length_bars, milestone_bars, share_bars
from glutedesk.storage.settings import ClinicSettings

TITLE = "Practice report"
CAUTION = (
    "These figures describe this clinic's own records. They are not a research study: there "
    "is no comparison group, clients were not chosen at random, and tests were recorded as "
    "part of care. Changes seen during care happened alongside it; they do not show that "
    "care caused them."
)
ANONYMITY = (
    "Anonymous: no names, dates of birth, contact details or notes. Ages are shown in bands. "
    f"A figure resting on fewer than {MIN_CLIENTS} clients is shown as \u201ctoo few to say\u201d."
)


def write_practice_report(
    insights: PracticeInsights,
    out: Path,
    settings: ClinicSettings,
    *,
    today: dt.date | None = None,
) -> Path:
    """Write the practice report for ``insights`` to ``out`` (atomically); returns the path.

    Raises :class:`~glutedesk.reports.errors.ReportError` when the file cannot be written.
    """
    today = today or insights.as_of
    return build_pdf(
        out,
        practice_story(insights, settings, today=today),
        title=TITLE,
        subject=f"Practice report, {insights.period_text}",
        author=settings.name or "GluteDesk",
        running=f"{TITLE} · {insights.period_text} · anonymous",
        today=today,
    )


def practice_story(
    insights: PracticeInsights, settings: ClinicSettings, *, today: dt.date
) -> list[Flowable]:
    """The report's flowables: summary, one part per section with its chart, definitions."""
    styles = pc.make_styles()
    story: list[Flowable] = [
        clinic_header(settings, TITLE, styles, date=today),
        pc.spacer(8),
        pc.para("What the clinic\u2019s records show", styles.title),
        pc.para(
            f"{insights.period_text} \u00b7 {insights.clients:,} clients \u00b7 "
            f"{insights.visits:,} visits",
            styles.subtitle,
        ),
        pc.spacer(6),
        pc.note_box([pc.para(CAUTION, styles.body), pc.para(ANONYMITY, styles.muted)]),
        pc.spacer(4),
        _headline(insights, styles),
    ]
    for section in insights.sections:
        story += _section(insights, section, styles)
    story += _definitions(insights, styles)
    return story


_HEADLINES = (
    ("weak_glutes", "had weak glutes at their first assessment"),
    ("short_flexors", "had short hip flexors (Thomas test)"),
    ("nprs_meaningful_discharge", "had a meaningful fall in pain by discharge"),
    ("visits_per_course", "visits in a first course of care"),
)


def _headline(insights: PracticeInsights, styles: pc.Styles) -> Flowable:
    cells = []
    for key, words in _HEADLINES:
        fig = insights.figure(key)
        if fig.too_few:
            big, small = "\u2013", f"too few to say ({fig.n})"
        elif fig.kind == "share":
            big, small = f"{fig.share:.0f} %", f"of {fig.n:,} clients {words}"
        else:
            big, small = f"{fig.value:g}", f"median {words} ({fig.n:,} clients)"
        cells.append([pc.para(big, styles.title), pc.para(small, styles.small)])
    width = pc.FRAME_WIDTH / len(cells)
    return pc.data_table(
        [cells],
        [width] * len(cells),
        header_rows=0,
        zebra=False,
        extra=[
            ("BACKGROUND", (0, 0), (-1, -1), pc.ZEBRA),
            ("LINEBELOW", (0, 0), (-1, -1), 0, pc.ZEBRA),
        ],
    )


def _charts(insights: PracticeInsights, section: Section) -> list[Flowable]:
    if section.key == "first":
        main = [f for f in section.figures if not f.key.startswith(("weak_age", "weak_activity"))]
        bands = [f for f in section.figures if f.key.startswith(("weak_age", "weak_activity"))]
        return [
            pc.figure_image(share_bars(main, "At the first assessment (share of clients tested)")),
            pc.figure_image(share_bars(bands, "Weak glutes by age band and by activity level")),
        ]
    if section.key == "course":
        return [pc.figure_image(milestone_bars(insights))]
    if section.key == "presentation":
        return [pc.figure_image(share_bars(section.figures, "How clients present"))]
    return [pc.figure_image(course_length_bars(insights.course_lengths))]


def _section(insights: PracticeInsights, section: Section, styles: pc.Styles) -> list[Flowable]:
    rows: list[list[object]] = [
        [pc.para(h, styles.cell_head) for h in ("Figure", "Result", "Clients", "Rules used")]
    ]
    for fig in section.figures:
        rows.append(
            [
                pc.para(fig.label, styles.cell),
                pc.para(_result(fig), styles.cell_bold if not fig.too_few else styles.cell),
                pc.para(f"{fig.n:,}", styles.cell),
                pc.para(
                    "; ".join(definition(d).term for d in fig.definitions) or "\u2013",
                    styles.muted,
                ),
            ]
        )
    width = pc.FRAME_WIDTH
    table = pc.data_table(rows, [width * 0.36, width * 0.28, width * 0.09, width * 0.27])
    first, *more = _charts(insights, section)
    return [
        pc.keep(pc.para(section.title, styles.h1), pc.para(section.note, styles.muted), first),
        *more,
        pc.spacer(4),
        table,
    ]


def _result(fig: Figure) -> str:
    if fig.too_few:
        return "too few to say"
    if fig.kind == "share":
        return f"{fig.share:.0f} % ({len(fig.hits):,} of {fig.n:,})"
    if fig.kind == "value":
        return f"median {fig.value:g}{fig.unit} ({fig.detail})"
    return f"{fig.value:+.1f}{fig.unit} ({fig.detail})"


def _definitions(insights: PracticeInsights, styles: pc.Styles) -> list[Flowable]:
    rows: list[list[object]] = [[pc.para(h, styles.cell_head) for h in ("Term", "Rule", "Source")]]
    for def_id in insights.definitions_used:
        d = definition(def_id)
        rows.append(
            [
                pc.para(d.term, styles.cell_bold),
                pc.para(d.rule, styles.cell),
                pc.para(d.source, styles.muted),
            ]
        )
    width = pc.FRAME_WIDTH
    return [
        pc.para("Definitions", styles.h1),
        pc.para(
            "Every figure above rests on these rules. Rules marked GluteDesk\u2019s own are "
            "choices this software makes where the clinical reference gives none.",
            styles.muted,
        ),
        pc.data_table(rows, [width * 0.2, width * 0.5, width * 0.3]),
    ]
