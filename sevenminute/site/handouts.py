"""One briefing's files in the output folder: its web page, facilitator page, PDF handout
(printed to fit one sheet by pipeline.briefing), slides and Word file."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..pipeline.briefing import Fitting, print_bilingual, print_here, print_large, print_page, web_pages
from ..pipeline.office import office_files
from ..pipeline.sources import BILINGUAL, LARGE_PRINT
from ..problems import Problem
from .cards import format_size
from .exports import publish_office
from .output import write_if_changed

if TYPE_CHECKING:
    from ..pipeline.enrich.handout import Handout


@dataclass(frozen=True)
class Published:
    """What writing one briefing's files gave."""

    problems: list[Problem]
    sizes: dict[str, int | None]  # each downloadable file's, by kind ("pdf", "large-print", "pptx", "docx")
    seconds: float | None  # printing to fit took
    files: list[Path]  # written, or already as they should be


def publish_handout(env, handout: Handout, out: Path, formats: str, fit: Fitting | None = None) -> Published:
    """Write one briefing's web page, facilitator page, PDFs (the handout and large print),
    slides and Word file (as `formats` asks); return its problems, the size of each
    downloadable file, how long printing took and the files written.

    `fit` prints the handout to fit (by default here, now). When it prints elsewhere, the office
    files are made meanwhile for the handout as it stands, and made again only when printing
    to fit changed it."""
    page = out / handout.outputs.page
    problems: list[Problem] = []
    files: list[Path] = []
    pdf_size = None
    seconds = None
    office = None  # the office files, once made for `handout` as it stands
    unfitted = handout
    if formats in ("pdf", "all"):
        started = time.perf_counter()
        html = print_page(env, handout)
        fitting = (fit or partial(print_here, env))(handout, html, page, out / "assets")
        if not fitting.done():
            office = office_files(env, handout, out / "assets", formats)
        fitted = fitting.result()
        handout = fitted.handout
        seconds = time.perf_counter() - started
        files.append(write_if_changed(out / handout.outputs.pdf, fitted.pdf))
        pdf_size = len(fitted.pdf)
        problems += fitted.problems()
    elif (out / handout.outputs.pdf).is_file():
        pdf_size = (out / handout.outputs.pdf).stat().st_size
    if office is None or handout != unfitted:
        office = office_files(env, handout, out / "assets", formats)
    office_sizes, office_written = publish_office(out, handout.outputs, office)
    large = out / handout.outputs.download(LARGE_PRINT)
    large_size = None
    if formats in (LARGE_PRINT, "all"):
        # From the handout as written, not as fitted: nothing is left off to fit one sheet.
        printed = print_large(env, unfitted, page, out / "assets")
        files.append(write_if_changed(large, printed))
        large_size = len(printed)
    elif large.is_file():
        large_size = large.stat().st_size
    sizes = {"pdf": pdf_size, LARGE_PRINT: large_size, **office_sizes}
    if unfitted.english is not None and formats in ("pdf", "all"):
        # A version's handout and its English one in one PDF, Welsh first, for a board that sends one file.
        together = print_bilingual(env, handout, unfitted.english, page, out / "assets")
        files.append(write_if_changed(out / handout.outputs.download(BILINGUAL), together))
        sizes[BILINGUAL] = len(together)
    files += office_written
    if formats in ("html", "all"):
        shown = {kind: format_size(size) for kind, size in sizes.items() if size}
        files += [
            write_if_changed(out / path, html.encode())
            for path, html in web_pages(env, handout, shown).items()
        ]
    return Published(problems, sizes, seconds, files)
