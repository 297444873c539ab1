"""A large-print handout for staff with low vision (issue 34): `build --format large-print` (and
`all`) prints each briefing at 16 point and up, nothing under 14 anywhere, the figure as a list
and no QR code, on as many pages as it needs; it passes pdfua, and the web page, the library
card and the editor's preview offer it. Sizes are read back from the PDF, as a reader sees them."""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO, SHIPPED
from pypdf import PdfReader
from test_pdfua import _assert_passes, _figure_alts, _pdfua

from sevenminute.pipeline.settings import load_settings
from sevenminute.pipeline.sources import find_sources
from sevenminute.site.build import build


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("large-print")
    settings, logo = load_settings(REPO)  # the shipped settings: their logo, and the QR code's address
    build(find_sources([], REPO / "briefings"), out, formats="large-print", briefings_dir=REPO / "briefings",
          settings=settings, logo=logo)  # fmt: skip
    return out


def sizes(path: Path) -> tuple[Counter, list[str]]:
    """Characters by the size they are printed at (points, after every scaling), and the text
    of each run printed under 16 point."""
    counted: Counter = Counter()
    small: list[str] = []
    for page in PdfReader(path).pages:

        def seen(text, cm, tm, _font, size) -> None:
            text = text.strip()
            if not text:
                return
            points = round(size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]), 1)
            counted[points] += len(text)
            if points < 16:
                small.append(text)

        page.extract_text(visitor_text=seen)
    return counted, small


def test_each_shipped_briefing_has_a_large_print_handout_with_nothing_under_14_point(large):
    for source in SHIPPED:
        slug = source.stem
        path = large / slug / f"{slug}-large-print.pdf"
        counted, small = sizes(path)
        assert min(counted) >= 14, (slug, sorted(counted))
        # Only the page footers are under 16 point: the title and "Page n of m", at 14.
        title = PdfReader(path).metadata.title
        for text in small:
            assert re.fullmatch(r"Page \d+ of \d+", text) or text in title, (slug, text)
        body = sum(count for size, count in counted.items() if size >= 16)
        assert body / sum(counted.values()) > 0.95, (slug, sorted(counted))
        assert len(PdfReader(path).pages) > 2  # as many pages as it needs, not one sheet


def test_the_ordinary_handout_would_fail_the_same_measure(large, built):
    """The measure is not asleep: the one-sheet handout prints at 9.6 point and less."""
    out, _ = built
    counted, _ = sizes(out / "family-a" / "family-a.pdf")
    assert min(counted) < 9 and max(size for size, n in counted.items() if n > 500) < 11


def test_the_large_print_keeps_every_part_and_question_lists_the_figure_and_has_no_qr_code(large, built):
    out, _ = built
    text = "\n".join(
        page.extract_text() for page in PdfReader(large / "family-a" / "family-a-large-print.pdf").pages
    )
    handout = "\n".join(page.extract_text() for page in PdfReader(out / "family-a" / "family-a.pdf").pages)
    assert "The seven parts" in text and "Questions for reflection" in text
    listed = text.split("The seven parts", 1)[1].splitlines()[1:8]  # the figure, as a numbered list
    assert [line.strip() for line in listed] == [
        "Introduction", "Working with fathers", "Family history", "Domestic abuse", "Keep the child central",
        "Recommendations", "Good practice",
    ]  # fmt: skip
    for line in handout.splitlines():  # every question the handout asks, large print asks too
        if line.rstrip().endswith("?") and len(line) > 40:
            assert line.strip()[-40:] in " ".join(text.split()), line
    alts = _figure_alts(large / "family-a" / "family-a-large-print.pdf")
    assert not any(alt.startswith("QR code") or alt.startswith("The seven parts") for alt in alts), alts


def test_every_large_print_handout_passes_pdfua_and_says_its_language_and_title(large):
    paths = sorted(large.glob("*/*-large-print.pdf"))
    assert len(paths) == len(SHIPPED)
    _assert_passes(_pdfua(*paths))
    for path in paths:
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "en-GB" and pdf.Root.MarkInfo.Marked
            assert pdf.docinfo.Title and str(pdf.Root.ViewerPreferences.DisplayDocTitle) == "True"


def test_a_build_of_everything_links_the_large_print_from_the_page_and_the_card_with_its_size(built):
    out, _ = built
    large_print = out / "family-a" / "family-a-large-print.pdf"
    assert large_print.is_file()
    page = (out / "family-a" / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="family-a-large-print\.pdf" download>Large-print handout.*?</a>', page)
    assert link and re.search(r"\(PDF, A4, 16 point, \d+ KB\)", link.group(0)), link
    library = (out / "index.html").read_text(encoding="utf-8")
    card = re.search(r'<a href="family-a/family-a-large-print\.pdf">Large print.*?</a>', library)
    assert card and re.search(r"\(PDF, 16 point, \d+ KB\)", card.group(0))


def test_build_format_large_print_writes_only_it_and_says_nothing_is_wrong(project, run):
    code, out, err = run("build", "family-a", "--format", "large-print")
    assert code == 0, err
    written = sorted(path.name for path in (project / "output" / "family-a").iterdir())
    assert written == ["family-a-large-print.pdf"]
