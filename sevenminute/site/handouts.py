"""One briefing's files in the output folder: its web page, facilitator page and PDF handout,
printed to fit one sheet."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..pipeline.kit import PDF_STYLESHEET, STYLESHEET
from ..problems import Problem
from .cards import format_size
from .exports import office_files, publish_office
from .output import write_if_changed

if TYPE_CHECKING:
    from ..pipeline.enrich.handout import Handout
    from ..pipeline.printing import LaidOut


@dataclass(frozen=True)
class Fitted:
    """A handout printed to fit one sheet. Plain values only: it may come from a helper
    process, and must not make this one load WeasyPrint to read it."""

    handout: Handout
    pdf: bytes
    pages: int
    refused: list[str]
    dropped: int  # theme questions left off


# Prints a handout to fit (the handout, its page as printed, the page's path, the assets
# folder), in this process or another.
Fitting = Callable[["Handout", str, Path, Path], "Future[Fitted]"]

FACILITATOR_PAGE = "facilitate.html"
HANDOUT_PAGES = 2  # one A4 sheet, printed on both sides


def publish_handout(
    env, handout: Handout, out: Path, formats: str, fit: Fitting | None = None
) -> tuple[list[Problem], dict[str, int | None], float | None]:
    """Write one briefing's web page, facilitator page, PDF, slides and Word file (as `formats`
    asks); return its problems, the size of each downloadable file and how long printing took.

    `fit` prints the handout to fit (by default here, now). When it prints elsewhere, the office
    files are made meanwhile for the handout as it stands, and made again only when printing
    to fit changed it."""
    from ..pipeline.render import render_facilitator, render_handout

    folder = out / handout.slug
    page = folder / "index.html"
    problems: list[Problem] = []
    pdf_size = None
    seconds = None
    office = None  # the office files, once made for `handout` as it stands
    unfitted = handout
    if formats in ("pdf", "all"):
        started = time.perf_counter()
        html = render_handout(env, handout, for_print=True)  # here: a helper need not draw the figure
        fitting = (fit or partial(_fit_here, env))(handout, html, page, out / "assets")
        if not fitting.done():
            office = office_files(env, handout, out, formats)
        fitted = fitting.result()
        handout = fitted.handout
        seconds = time.perf_counter() - started
        write_if_changed(folder / f"{handout.slug}.pdf", fitted.pdf)
        pdf_size = len(fitted.pdf)
        problems += [_refused(handout.source, url) for url in fitted.refused]
        problems += _fit_problems(fitted)
    elif (folder / f"{handout.slug}.pdf").is_file():
        pdf_size = (folder / f"{handout.slug}.pdf").stat().st_size
    if office is None or handout != unfitted:
        office = office_files(env, handout, out, formats)
    sizes = {"pdf": pdf_size, **publish_office(folder, handout.slug, office)}
    if formats in ("html", "all"):
        shown = {kind: format_size(size) for kind, size in sizes.items() if size}
        write_if_changed(page, render_handout(env, handout, pdf_size=shown.get("pdf"), sizes=shown).encode())
        write_if_changed(folder / FACILITATOR_PAGE, render_facilitator(env, handout).encode())
    return problems, sizes, seconds


def _fit_problems(fitted: Fitted) -> list[Problem]:
    """Warnings when questions were left off to fit one sheet, or it still does not fit."""
    handout, dropped = fitted.handout, fitted.dropped
    problems = []
    if dropped:
        problems.append(
            Problem(
                handout.source,
                1,
                1,
                f"{dropped} of the questions from this briefing's themes "
                f"{'was' if dropped == 1 else 'were'} left off the handout so that it fits on "
                f"one sheet ({HANDOUT_PAGES} pages). To keep them, shorten the longest sections; "
                f"to silence this, set theme_questions: {handout.theme_question_count}",
                severity="warning",
            )
        )
    if fitted.pages > HANDOUT_PAGES:
        problems.append(
            Problem(
                handout.source,
                1,
                1,
                f"the printed handout runs to {fitted.pages} "
                f"pages; it should fit on one sheet ({HANDOUT_PAGES} pages). Shorten "
                "the longest sections",
                severity="warning",
            )
        )
    return problems


def _fit_here(env, handout: Handout, html: str, page: Path, assets: Path) -> Future:
    """Print `handout` to fit in this process; the result is ready when this returns."""
    done: Future = Future()
    done.set_result(print_to_fit(env, handout, page, assets, html))
    return done


def print_to_fit(env, handout: Handout, page: Path, assets: Path, html: str | None = None) -> Fitted:
    """Print the handout; if it runs past one sheet, leave the jargon phrases out of "Terms
    used" (the acronyms stay), then theme questions, weakest first, until it fits. Returns
    the handout as printed, its PDF, and how many theme questions were left off. The
    author's own questions and the standard ones are never left off. Each try is only laid
    out; the one kept is written as a PDF. `html` is the handout's page as printed, when it
    has been made already."""

    from ..pipeline.printing import (
        lay_out,  # WeasyPrint takes most of a second to import: only when printing
    )
    from ..pipeline.render import render_handout

    given = handout

    def laid(version: Handout) -> LaidOut:
        text = html if html and version is given else render_handout(env, version, for_print=True)
        return lay_out(text, page, [assets], [assets / STYLESHEET, assets / PDF_STYLESHEET])

    handout, kept, dropped = _fitted(handout, laid)
    printed = kept.printed()
    return Fitted(handout, printed.data, printed.pages, printed.refused, dropped)


def _fitted(handout: Handout, laid: Callable[[Handout], LaidOut]) -> tuple[Handout, LaidOut, int]:
    first = laid(handout)
    if first.pages > HANDOUT_PAGES and len(handout.without_jargon().terms) < len(handout.terms):
        handout = handout.without_jargon()  # the web page still explains the jargon
        first = laid(handout)
    themed = handout.theme_question_count
    if first.pages <= HANDOUT_PAGES or not themed:
        return handout, first, 0
    bare = handout.without_theme_questions(themed)
    fewest = laid(bare)
    if fewest.pages > HANDOUT_PAGES:
        return handout, first, 0  # the sections themselves are too long: keep every question
    best = (bare, fewest, themed)
    for drop in range(themed - 1, 0, -1):
        version = handout.without_theme_questions(drop)
        attempt = laid(version)
        if attempt.pages > HANDOUT_PAGES:
            break
        best = (version, attempt, drop)
    return best


def _refused(source: Path, url: str) -> Problem:
    """A warning at the line of the source that names `url` (or line 1 when none does)."""
    try:
        lines = source.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    needle = url.removeprefix("file://")
    line = next((n for n, text in enumerate(lines, 1) if needle and needle in text), 1)
    return Problem(
        source,
        line,
        1,
        f"the handout points to {url}, which the kit does not fetch; it was left out of the PDF",
        severity="warning",
    )
