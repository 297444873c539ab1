"""One briefing from its source to what is printed: the pipeline's stages joined in one place.

    prepare       load, validate and judge it ready: the briefing and every problem found
    Prepared.handout
                  enrich it: the handout its pages are made from
    read_handout  both at once, for a briefing that is only read (themes, import, the evidence)
    print_to_fit  render the handout for print and print it, leaving the jargon and then theme
                  questions off until it fits one sheet

Build, check, the editor, themes, import and the evidence report's library come here, never
to the stages one by one (tests/test_layout.py holds them to it). The stages are imported
only when used: the build forks its printing helper before any of them has loaded, and
WeasyPrint (most of a second) loads only to print.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import BriefingError, Problem
from .kit import LARGE_PRINT_STYLESHEET, PDF_STYLESHEET, STYLESHEET
from .load import Location, Source
from .model import DEFAULT_THEME_QUESTIONS, Briefing
from .sources import Outputs, english_of, language_of, outputs_of, versions_of

if TYPE_CHECKING:
    from .enrich.handout import Handout
    from .printing import LaidOut

__all__ = ["Briefing", "Location", "Source"]  # what a prepared briefing is made of, for its readers

HANDOUT_PAGES = 2  # one A4 sheet, printed on both sides


@dataclass
class Prepared:
    """A briefing read and checked: its source as loaded (None when it could not be read), what
    it says (None unless it is valid), every problem found, and where its files go."""

    source: Path
    loaded: Source | None
    briefing: Briefing | None
    problems: list[Problem]

    @property
    def outputs(self) -> Outputs:
        """Where its files go in the output folder (none are written for a withdrawn briefing)."""
        return outputs_of(self.source)

    @property
    def stops(self) -> list[Problem]:
        """What stops it being built: every problem when it is not valid, else its errors."""
        if self.briefing is None:
            return self.problems
        return [problem for problem in self.problems if problem.severity == "error"]

    def handout(self, theme_questions: int | None = DEFAULT_THEME_QUESTIONS) -> Handout:
        """The handout for this briefing (enriched); only for one that was read. A version in
        another language takes its themes from its English briefing's handout, so that briefing
        must be readable too (BriefingError with its problems when it is not)."""
        from .enrich.handout import enrich, in_version

        assert self.briefing is not None, "a briefing that could not be read has no handout"
        if language_of(self.source):
            english = read_handout(english_of(self.source), theme_questions=theme_questions)
            return in_version(english, self.briefing, self.source)
        return enrich(self.briefing, self.source, theme_questions=theme_questions)


def prepare(source: Path, *, ready: bool = True, sign_off: bool = False) -> Prepared:
    """Load and validate `source`, and (with `ready`) judge whether it may go out as it stands:
    text still to be written in a published briefing, dates, and (with `sign_off` required by
    the partnership) a sign-off of its content as it stands. Never raises for a bad source."""
    from .load import load
    from .validate import validate

    try:
        loaded = load(source)
    except BriefingError as error:
        return Prepared(source, None, None, error.problems)
    try:
        briefing = validate(loaded)
    except BriefingError as error:
        return Prepared(source, loaded, None, error.problems)  # read, though not valid
    if not ready:
        return Prepared(source, loaded, briefing, [])
    from .readiness import readiness

    return Prepared(source, loaded, briefing, readiness(loaded, briefing, sign_off=sign_off))


def pair_problems(source: Path, loaded: Source | None, *, sign_off: bool = False) -> list[Problem]:
    """What is wrong with each other-language version of the briefing at `source` (`loaded`:
    the briefing as read, or None): its own problems as a briefing (with `sign_off` required, a
    sign-off of its own), and how it differs from the briefing (parts, list items, questions,
    contacts; which changed after the other)."""
    from .versions import version_problems

    found: list[Problem] = []
    for version in versions_of(source).values():
        prepared = prepare(version, sign_off=sign_off)
        found += prepared.problems
        if loaded is not None and prepared.loaded is not None:
            found += version_problems(loaded, prepared.loaded)
    return found


def read_handout(source: Path, *, theme_questions: int | None = DEFAULT_THEME_QUESTIONS) -> Handout:
    """The handout for the briefing at `source`, for reading only. Raises BriefingError with
    every problem found when it cannot be read."""
    prepared = prepare(source, ready=False)
    if prepared.briefing is None:
        raise BriefingError(prepared.problems)
    return prepared.handout(theme_questions)


# What is published -------------------------------------------------------------------------


def web_pages(env, handout: Handout, sizes: dict[str, str]) -> dict[str, str]:
    """The briefing's web page and facilitator page, by their paths in the output folder;
    `sizes` are the downloads' sizes as their links show them ("pdf", "pptx", "docx")."""
    from .render import render_facilitator, render_handout

    return {
        handout.outputs.page: render_handout(env, handout, pdf_size=sizes.get("pdf"), sizes=sizes),
        handout.outputs.facilitator: render_facilitator(env, handout),
    }


def print_page(env, handout: Handout) -> str:
    """The handout's page as it is printed (made here, so a printing helper need not draw the figure)."""
    from .render import render_handout

    return render_handout(env, handout, for_print=True)


def print_large(env, handout: Handout, page: Path, assets: Path) -> bytes:
    """The large-print handout's PDF: the handout at 16 point and up, on as many A4 pages as it
    needs, so nothing is left off to fit (RNIB's clear-print guidance; large-print.css)."""
    from .printing import print_pdf
    from .render import render_handout

    html = render_handout(env, handout, large_print=True)
    sheets = [assets / STYLESHEET, assets / PDF_STYLESHEET, assets / LARGE_PRINT_STYLESHEET]
    return print_pdf(html, page, [assets], sheets).data


# Printing to fit ---------------------------------------------------------------------------


def warm(assets: Path, *, printing: bool = True, workers: int | None = None) -> None:
    """Get this process ready before the first briefing arrives: with `printing`, load WeasyPrint
    and parse the stylesheets in `assets`; with `workers`, take this process's share of the
    cores for the sentence model, as one of that many building at once."""
    if workers:
        from .enrich.meaning import share_cores

        share_cores(workers)
    if printing:
        from .printing import warm as load_printing

        load_printing([assets / STYLESHEET, assets / PDF_STYLESHEET])


@dataclass(frozen=True)
class Fitted:
    """A handout printed to fit one sheet. Plain values only: it may come from a helper
    process, and must not make this one load WeasyPrint to read it."""

    handout: Handout
    pdf: bytes
    pages: int
    refused: list[str]
    dropped: int  # theme questions left off

    def problems(self) -> list[Problem]:
        """Warnings: an address the kit would not fetch, questions left off to fit one sheet,
        or a handout that still does not fit."""
        return [_refused(self.handout.source, url) for url in self.refused] + _fit_problems(self)


# Prints a handout to fit (the handout, its page as printed, the page's path, the assets
# folder), in this process or another.
Fitting = Callable[["Handout", str, Path, Path], "Future[Fitted]"]


def print_to_fit(env, handout: Handout, page: Path, assets: Path, html: str | None = None) -> Fitted:
    """Print the handout; if it runs past one sheet, leave the jargon phrases out of "Terms
    used" (the acronyms stay), then theme questions, weakest first, until it fits. Returns
    the handout as printed, its PDF, and how many theme questions were left off. The
    author's own questions and the standard ones are never left off. Each try is only laid
    out; the one kept is written as a PDF. `html` is the handout's page as printed, when it
    has been made already."""

    from .printing import lay_out  # WeasyPrint takes most of a second to import: only when printing
    from .render import render_handout

    given = handout

    def laid(version: Handout) -> LaidOut:
        text = html if html and version is given else render_handout(env, version, for_print=True)
        return lay_out(text, page, [assets], [assets / STYLESHEET, assets / PDF_STYLESHEET])

    handout, kept, dropped = _fitted(handout, laid)
    printed = kept.printed()
    return Fitted(handout, printed.data, printed.pages, printed.refused, dropped)


def print_bilingual(env, version: Handout, english: Handout, page: Path, assets: Path) -> bytes:
    """One PDF of a version's handout (`version`, already fitted to its sheet) and then its
    English one (fitted now), Welsh first as the Welsh Language Standards place it, each
    numbering its own pages; for boards that send a single file."""
    from .language import HTML_LANG
    from .printing import print_together
    from .render import render_handout

    fitted = print_to_fit(env, english, page, assets).handout
    pages = [
        (render_handout(env, version, for_print=True), HTML_LANG[version.language]),
        (render_handout(env, fitted, for_print=True), HTML_LANG[english.language]),
    ]
    return print_together(pages, page, [assets], [assets / STYLESHEET, assets / PDF_STYLESHEET])


def print_here(env, handout: Handout, html: str, page: Path, assets: Path) -> Future[Fitted]:
    """Print `handout` to fit in this process (a `Fitting`); the result is ready when this returns."""
    done: Future[Fitted] = Future()
    done.set_result(print_to_fit(env, handout, page, assets, html))
    return done


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
