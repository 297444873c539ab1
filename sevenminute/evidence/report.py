"""Stage 4, report: the board's report as one accessible web page and a tagged PDF of it.

The page holds everything it needs (styles and typeface inline, no script), so it can be
emailed or put on an intranet; the PDF is the same page printed by WeasyPrint, tagged for
screen readers (PDF/UA-1). Each chart is drawn here as bar geometry and in the template as
SVG, with a table beside it giving the same figures: a chart is never the only way to
read a figure.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

from .. import __version__
from ..pipeline.settings import Branding, Settings
from ..site.output import write_atomic
from .figures import DUE_WITHIN_DAYS, OVERDUE_SHOWN, REFLECTIONS_SHOWN, EvidenceFigures, Figures

TEMPLATE = "evidence-report.html"
CHART_WIDTH = 480
LONGEST_BAR = 330  # the rest of the width holds the value after the bar
LABEL_HEIGHT = 24
BAR_HEIGHT = 20
BAR_GAP = 6
ROW_GAP = 14
LABEL_CHARACTERS = 58


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    text: str  # the value, as shown after the bar
    kind: str  # "", "before" or "after": a class for the colour; the text says it too


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    title: str
    description: str  # the aria-label: what it shows and the figures themselves
    height: int
    rows: list[ChartRow]


def short_day(day: datetime.date) -> str:
    """1 Jan 2025: short enough for tables and the command's summary line."""
    return f"{day.day} {day:%b %Y}"


def number(value: float | None, places: int = 1, signed: bool = False) -> str:
    if value is None:
        return "none"
    text = f"{value:+.{places}f}" if signed else f"{value:.{places}f}"
    return text.replace("-", "−")


def bar_chart(title: str, rows: list[tuple[str, list[tuple[str, float | None, str]]]], top: float) -> Chart:
    """Horizontal bars, one group a row: (label, [(kind, value, text)...]); `top` is the longest
    bar's value. Labels are cut short for the drawing only; the table has them whole."""
    drawn, y, spoken = [], 0, []
    for label, series in rows:
        short = label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
        label_y = y + LABEL_HEIGHT - 7
        y += LABEL_HEIGHT
        bars = []
        for kind, value, text in series:
            width = 0.0 if not value or top <= 0 else max(1.0, LONGEST_BAR * value / top)
            bars.append(Bar(y, round(width, 1), text, kind))
            y += BAR_HEIGHT + BAR_GAP
        drawn.append(ChartRow(short, label_y, bars))
        spoken.append(f"{label}: " + ", ".join(text for _, _, text in series))
        y += ROW_GAP
    description = f"Bar chart, {title[0].lower()}{title[1:]}. " + "; ".join(spoken) + "."
    return Chart(title, description + " The table beside it gives the same figures.", max(y, 1), drawn)


def charts(figures: EvidenceFigures) -> dict[str, Chart]:
    briefings, themes, total = figures.briefings, figures.themes, figures.total
    most = max([row.sessions for row in [*briefings, *themes]] or [0])
    actions = [
        ("Agreed", total.agreed),
        ("Done", total.done),
        (f"Due in the next {DUE_WITHIN_DAYS} days", total.due),
        ("Overdue", total.overdue),
    ]
    return {
        "briefings": bar_chart(
            "Sessions held, by briefing",
            [(row.label, [("", row.sessions, _sessions(row))]) for row in briefings],
            most,
        ),
        "themes": bar_chart(
            "Sessions held, by theme",
            [(row.label, [("", row.sessions, _sessions(row))]) for row in themes],
            most,
        ),
        "actions": bar_chart(
            "Actions agreed at these sessions",
            [(label, [("", value, str(value))]) for label, value in actions],
            total.agreed,
        ),
        "confidence": bar_chart(
            "Confidence before and after, mean on a scale of 1 to 5, by briefing",
            [
                (
                    row.label,
                    [
                        ("before", row.confidence_before, f"before {number(row.confidence_before)}"),
                        ("after", row.confidence_after, f"after {number(row.confidence_after)}"),
                    ],
                )
                for row in briefings
                if row.confidence_n
            ],
            5,
        ),
    }


def _sessions(row: Figures) -> str:
    return f"{row.sessions} session{'' if row.sessions == 1 else 's'}"


def _fonts(for_print: bool) -> list[tuple[int, str]]:
    """The typeface: inside the page as data, or (for WeasyPrint, which fetches only files it
    is allowed) as the installed files."""
    from ..pipeline.render import FONT_FILES, font_data_url, font_file

    if for_print:
        return [(weight, font_file(name).as_uri()) for name, weight in FONT_FILES]
    return [(weight, font_data_url(name)) for name, weight in FONT_FILES]


def render_report(
    figures: EvidenceFigures, settings: Settings, database: str, made: datetime.date, for_print: bool = False
) -> str:
    from ..pipeline.render import environment  # the template engine: not at every command's start

    env = environment(Branding(settings))
    env.filters["day"] = short_day
    env.filters["number"] = number
    return env.get_template(TEMPLATE).render(
        figures=figures,
        period=figures.period,
        total=figures.total,
        charts=charts(figures),
        settings=settings,
        fonts=_fonts(for_print),
        for_print=for_print,
        database=database,
        made=made,
        due_days=DUE_WITHIN_DAYS,
        reflections_shown=REFLECTIONS_SHOWN,
        overdue_shown=OVERDUE_SHOWN,
        bar_height=BAR_HEIGHT,
        kit_version=__version__,
    )


def write_report(
    figures: EvidenceFigures, settings: Settings, out: Path, database: str, made: datetime.date
) -> tuple[Path, Path]:
    """Write `index.html` and `report.pdf` into `out`; both whole or not at all."""
    page, pdf = out / "index.html", out / "report.pdf"
    write_atomic(page, render_report(figures, settings, database, made))
    write_atomic(pdf, print_report(figures, settings, database, made, page))
    return page, pdf


def print_report(
    figures: EvidenceFigures, settings: Settings, database: str, made: datetime.date, page: Path
) -> bytes:
    """The report as a tagged PDF, printed as if from the web page at `page`."""
    from ..pipeline.printing import print_pdf  # WeasyPrint is slow to import: only when printing

    html = render_report(figures, settings, database, made, for_print=True)
    return print_pdf(html, page, [atkinson.ROOT / "files"]).data
