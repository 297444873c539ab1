"""A new user runs the build and gets a web page and a two-page A4 handout for each briefing."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import REPO, SHIPPED
from pypdf import PdfReader

from sevenminute.pipeline.enrich.handout import enrich
from sevenminute.pipeline.sources import LANGUAGES
from sevenminute.pipeline.validate import read_briefing

A4_POINTS = (595.28, 841.89)
SLUGS = [path.stem for path in SHIPPED]


def test_five_briefings_are_shipped_and_all_build(built):
    out, report = built
    assert len(SHIPPED) == 5
    assert [h.slug for h in report.built] == SLUGS
    assert report.failed == [] and report.problems == []
    for slug in SLUGS:
        assert (out / slug / "index.html").is_file()
        assert (out / slug / f"{slug}.pdf").is_file()
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("slug", SLUGS)
def test_each_briefing_can_be_delivered_in_about_seven_minutes(slug):
    source = REPO / "briefings" / f"{slug}.yaml"
    handout = enrich(read_briefing(source), source)
    assert len(handout.sections) == 7
    assert handout.words <= 900, f"{slug} has {handout.words} words; at most 900 fit seven minutes"


@pytest.mark.parametrize("slug", SLUGS)
def test_handout_is_at_most_two_a4_pages_with_the_sections_in_order(built, slug):
    out, _ = built
    reader = PdfReader(out / slug / f"{slug}.pdf")
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=1)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    briefing = read_briefing(REPO / "briefings" / f"{slug}.yaml")
    position = 0
    for section in briefing.sections:
        found = text.find(section.title, position)
        assert found >= 0, f"section title {section.title!r} missing or out of order in the PDF"
        position = found + len(section.title)
    assert "Questions for reflection" in text


@pytest.mark.parametrize("slug", SLUGS)
def test_first_page_carries_the_seven_point_figure(built, slug):
    out, _ = built
    first_page = PdfReader(out / slug / f"{slug}.pdf").pages[0].extract_text()
    briefing = read_briefing(REPO / "briefings" / f"{slug}.yaml")
    # The figure's seven labels come before the body on page one: each title appears twice there.
    assert first_page.count(briefing.sections[0].title) >= 2


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_is_tagged_with_title_author_language_and_embedded_typeface(built, slug):
    out, _ = built
    reader = PdfReader(out / slug / f"{slug}.pdf")
    briefing = read_briefing(REPO / "briefings" / f"{slug}.yaml")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "en-GB"
    assert briefing.title in reader.metadata.title
    assert reader.metadata.author == briefing.partnership
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Atkinson-Hyperlegible" in name for name in fonts), fonts


def test_library_page_links_every_briefing_newest_first(built):
    out, report = built
    html = (out / "index.html").read_text()
    links = list(dict.fromkeys(re.findall(r'href="([a-z0-9-]+)/index.html"', html)))
    links = [link for link in links if link not in LANGUAGES]  # the switch to the Welsh library
    by_title = sorted(report.built, key=lambda c: c.title.lower())
    newest_first = [c.slug for c in sorted(by_title, key=lambda c: c.published_iso, reverse=True)]
    assert links == newest_first


def test_the_briefings_are_written_in_the_projects_own_words():
    tool = REPO.parent / "shared" / "tools" / "own-words"
    if not tool.exists():
        pytest.skip("the shared own-words tool is not beside this checkout")
    result = subprocess.run(
        [sys.executable, str(tool), str(REPO / "briefings")], capture_output=True, text=True
    )
    assert result.stdout == "", result.stdout


def test_seeds_record_each_source_without_its_text():
    record = (REPO / "seeds" / "README.md").read_text()
    for slug in SLUGS:
        assert f"{slug}.yaml" in record
    assert len(record.split()) < 1800  # a record, not the sources' text (with the helplines' pages)
