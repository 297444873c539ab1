"""A team lead delivers a briefing from PowerPoint slides, and a communications officer edits
the Word handout: both made by the build, opened here as PowerPoint and Word would read them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, SHIPPED, valid_briefing, write_yaml
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Pt
from pypdf import PdfReader
from test_pdfua import _figure_alts

from sevenminute.pipeline.enrich.handout import enrich
from sevenminute.pipeline.office.blocks import blocks, plain
from sevenminute.pipeline.validate import read_briefing

SLUGS = [path.stem for path in SHIPPED]


def _handout(slug: str):
    path = REPO / "briefings" / f"{slug}.yaml"
    return enrich(read_briefing(path), path)


def _words(text: str) -> str:
    return " ".join(text.split())


def _slide_text(slide) -> str:
    return _words(" ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame))


def _part_slides(deck, handout) -> dict[int, list]:
    """Each part's slides, by part number, read from the slide titles."""
    parts: dict[int, list] = {}
    for slide in deck.slides:
        match = re.match(r"(\d)\. ", slide.shapes.title.text)
        if match:
            parts.setdefault(int(match.group(1)), []).append(slide)
    return parts


@pytest.mark.parametrize("slug", SLUGS)
def test_the_slides_carry_the_seven_parts_in_order_the_notes_the_questions_and_where_to_find_out_more(
    built, slug
):
    out, _ = built
    handout = _handout(slug)
    deck = Presentation(out / slug / f"{slug}.pptx")
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9
    slides = list(deck.slides)
    titles = [slide.shapes.title.text for slide in slides]
    assert titles[0] == handout.briefing.title
    firsts = [title for title in titles if re.match(r"\d\. ", title) and "(continued" not in title]
    assert firsts == [f"{s.number}. {s.title}" for s in handout.sections]
    parts = _part_slides(deck, handout)
    for section in handout.sections:
        shown = _words(" ".join(slide.placeholders[1].text_frame.text for slide in parts[section.number]))
        assert shown == _words(" ".join(block.text for block in blocks(section.body)))  # every word
        if section.notes:
            notes = _words(parts[section.number][0].notes_slide.notes_text_frame.text)
            assert _words(plain(section.notes))[:60] in notes
            assert _words(plain(section.notes))[:60] not in shown  # notes are never on the slide
    questions = " ".join(_slide_text(s) for s in slides if s.shapes.title.text.startswith("Questions"))
    for question in handout.questions:
        assert _words(question.text) in questions
    closing = " ".join(_slide_text(s) for s in slides if s.shapes.title.text.startswith("Find out more"))
    assert slides[-1].shapes.title.text.startswith("Find out more")
    assert handout.briefing.review.title in closing
    for resource in handout.briefing.resources:
        assert str(resource.url) in closing


@pytest.mark.parametrize("slug", SLUGS)
def test_every_slide_is_titled_first_in_reading_order_and_no_text_is_under_20_pt(built, slug):
    out, _ = built
    deck = Presentation(out / slug / f"{slug}.pptx")
    for slide in deck.slides:
        shapes = list(slide.shapes)
        assert slide.shapes.title is not None and slide.shapes.title.text.strip()
        assert shapes[0].shape_id == slide.shapes.title.shape_id  # read first
        for shape in shapes:
            if shape.shape_type == 13:  # a picture: the logo, described
                assert shape._element.nvPicPr.cNvPr.get("descr", "").strip()
            if not shape.has_text_frame:
                continue
            assert shape.text_frame.auto_size == MSO_AUTO_SIZE.NONE  # never shrunk to fit
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    assert run.font.size is not None and run.font.size >= Pt(20), (slide, run.text)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_word_handout_uses_words_own_heading_and_list_styles(built, slug):
    out, _ = built
    handout = _handout(slug)
    document = Document(out / slug / f"{slug}.docx")
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs if p.style.name == "Title"] == [handout.briefing.title]
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    parts = [f"{s.number}. {s.title}" for s in handout.sections]
    assert headings[:7] == parts
    assert "Questions for reflection" in headings and "Find out more" in headings
    styles = {p.style.name for p in paragraphs}
    assert {"List Bullet", "List Number"} <= styles
    text = _words("\n".join(p.text for p in paragraphs))
    for question in handout.questions:
        assert _words(question.text) in text
    for resource in handout.briefing.resources:
        assert str(resource.url) in text
    assert handout.briefing.review.title in text
    for section in handout.sections:  # the notes are for the facilitator, never on a handout
        if section.notes:
            assert _words(plain(section.notes))[:60] not in text
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert handout.briefing.partnership in header
    assert document.core_properties.language == "en-GB"


def test_a_long_part_goes_on_to_a_second_slide_and_is_never_shrunk(project, run):
    long = " ".join(f"Sentence {n} says what the team should check at each visit." for n in range(40))
    data = valid_briefing()
    data["sections"][2]["body"] = long
    data["sections"][2]["notes"] = "Take this part slowly."
    write_yaml(project / "briefings" / "child-z.yaml", data)
    code, _, _ = run("build", "child-z", "--format", "pptx")
    assert code == 0
    deck = Presentation(project / "output" / "child-z" / "child-z.pptx")
    parts = _part_slides(deck, None)
    assert len(parts[3]) >= 2
    assert parts[3][1].shapes.title.text == "3. Part 3 (continued)"
    body = " ".join(slide.placeholders[1].text_frame.text for slide in parts[3])
    assert _words(body) == long  # every word, in order
    sizes = {run.font.size for slide in parts[3] for p in slide.placeholders[1].text_frame.paragraphs
             for run in p.runs}  # fmt: skip
    assert sizes == {Pt(24)}
    assert "Take this part slowly." in parts[3][0].notes_slide.notes_text_frame.text
    assert not (project / "output" / "child-z" / "child-z.docx").exists()  # only what was asked for


def test_the_full_reviews_address_and_the_contacts_close_the_slides_and_the_word_file(project, run):
    data = valid_briefing(
        review={"kind": "CSPR", "title": "Review of Child Z", "url": "https://anytown.example/child-z"},
        contacts=[{"name": "Anytown front door", "phone": "0300 123 4567", "note": "24 hours"}],
    )
    write_yaml(project / "briefings" / "child-z.yaml", data)
    code, _, _ = run("build", "child-z")
    assert code == 0
    folder = project / "output" / "child-z"
    closing = _slide_text(list(Presentation(folder / "child-z.pptx").slides)[-1])
    assert "https://anytown.example/child-z" in closing
    assert "Anytown front door: 0300 123 4567 (24 hours)" in closing
    document = Document(folder / "child-z.docx")
    text = _words(" ".join(p.text for p in document.paragraphs))
    assert "Full review: Review of Child Z https://anytown.example/child-z" in text
    assert "Anytown front door: 0300 123 4567 (24 hours)" in text
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert "https://anytown.example/child-z" in links


def test_the_library_and_the_web_page_link_to_the_slides_and_the_word_file_with_their_sizes(built):
    out, _ = built
    library = (out / "index.html").read_text()
    page = (out / "family-a" / "index.html").read_text()
    for kind, name in (("pptx", "PowerPoint"), ("docx", "Word")):
        size = (out / "family-a" / f"family-a.{kind}").stat().st_size
        shown = f"{size / 1024:,.0f} KB"
        assert re.search(
            rf'href="family-a/family-a\.{kind}">[^<]+<span[^>]*>[^<]*</span> \({name}, {shown}\)', library
        )
        assert re.search(rf'href="family-a\.{kind}" download>[^<]+<span[^>]*> \({name}, {shown}\)', page)


def test_a_deleted_slide_file_is_made_again_and_an_unchanged_build_keeps_the_same_bytes(project, run):
    run("build", "family-a")
    slides = project / "output" / "family-a" / "family-a.pptx"
    first = slides.read_bytes()
    slides.unlink()
    code, out, _ = run("build", "family-a")
    assert code == 0 and "1 briefing built" in out
    assert slides.read_bytes() == first  # the same source gives the same file


def _libreoffice_pdf(source: Path, scratch: Path) -> PdfReader:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed: `make test` installs it"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{scratch}/profile", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(scratch), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return PdfReader(scratch / f"{source.stem}.pdf")


def test_libreoffice_opens_the_slides_and_no_text_runs_off_a_slide(built, tmp_path):
    out, _ = built
    handout = _handout("family-a")
    source = out / "family-a" / "family-a.pptx"
    reader = _libreoffice_pdf(source, tmp_path)
    assert len(reader.pages) == len(Presentation(source).slides)
    text = _words(" ".join(page.extract_text() for page in reader.pages))
    for section in handout.sections:
        assert f"{section.number}. {section.title}" in text
    lowest: list[float] = []
    for page in reader.pages[1:]:
        heights: list[float] = []

        def visit(text, cm, tm, font, size, heights=heights):
            if text.strip():
                heights.append(tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        lowest.append(min(heights))
    assert min(lowest) > 540 - 516 - 4  # every line above the foot of the text box


# A sentence's end: . ? ! or the colon before a list, with any closing quote or bracket.
SENTENCE_END = re.compile(r"[.?!:][\"'”’)\]]*$")


def _goes_on(deck) -> list[int]:
    """The index of each slide that goes on to a "(continued)" slide."""
    slides = list(deck.slides)
    return [n for n in range(len(slides) - 1) if "(continued" in slides[n + 1].shapes.title.text]


def _starts_afresh(paragraph) -> bool:
    """A paragraph that begins something new: a list item with its own bullet or number, or a
    heading (bold throughout). The rest of a split item or paragraph has neither."""
    properties = paragraph._p.pPr
    marked = properties is not None and (
        properties.find(qn("a:buChar")) is not None or properties.find(qn("a:buAutoNum")) is not None
    )
    return marked or all(run.font.bold for run in paragraph.runs)


@pytest.mark.parametrize("slug", SLUGS)
def test_no_slide_ends_and_no_continued_slide_starts_mid_sentence(built, slug):
    """A long part goes on to a "(continued)" slide between sentences or list items, never inside
    a sentence ("...to assess the impact" / "of illicit drugs..."), and loses no word."""
    out, _ = built
    deck = Presentation(out / slug / f"{slug}.pptx")
    slides = list(deck.slides)
    for before, after in ((slides[n], slides[n + 1]) for n in _goes_on(deck)):
        last = [p for p in before.placeholders[1].text_frame.paragraphs if p.text.strip()][-1]
        first = [p for p in after.placeholders[1].text_frame.paragraphs if p.text.strip()][0]
        where = (slug, before.shapes.title.text, last.text[-50:], first.text[:50])
        assert SENTENCE_END.search(last.text.strip()) or _starts_afresh(first), where
        assert not first.text.strip()[0].islower(), where
    parts = _part_slides(deck, None)
    for section in _handout(slug).sections:
        shown = " ".join(slide.placeholders[1].text_frame.text for slide in parts[section.number])
        assert _words(shown) == _words(" ".join(block.text for block in blocks(section.body)))


def test_a_continued_slide_follows_a_reasonably_full_one(built, tmp_path):
    """Printed by LibreOffice, every slide that goes on to a "(continued)" slide is filled at
    least three-fifths of the way down its text box (to its last line), not left 40% empty."""
    out, _ = built
    top, bottom = 122, 516  # the body text box, in points from the top of the 540-point slide
    checked = 0
    for slug in SLUGS:
        source = out / slug / f"{slug}.pptx"
        deck = Presentation(source)
        pages = _libreoffice_pdf(source, tmp_path / slug).pages
        slides = list(deck.slides)
        for number in _goes_on(deck):
            baselines: list[float] = []

            def visit(text, cm, tm, font, size, baselines=baselines):
                if text.strip():
                    baselines.append(540 - (tm[5] * cm[3] + cm[5]))

            pages[number].extract_text(visitor_text=visit)
            full = (max(baselines) - top) / (bottom - top)
            assert full >= 0.6, (slug, slides[number].shapes.title.text, round(full, 2))
            checked += 1
    assert checked >= 10  # the shipped briefings have long parts enough to test


def test_libreoffice_opens_the_word_file_with_its_headings(built, tmp_path):
    out, _ = built
    handout = _handout("family-a")
    reader = _libreoffice_pdf(out / "family-a" / "family-a.docx", tmp_path)
    text = _words(" ".join(page.extract_text() for page in reader.pages))
    assert handout.briefing.title in text
    positions = [text.index(f"{s.number}. {s.title}") for s in handout.sections]
    assert positions == sorted(positions)
    assert handout.briefing.partnership in _words(reader.pages[-1].extract_text())  # the header


def test_the_partnerships_logo_is_on_the_title_slide_and_in_the_word_header_described(project, run):
    shutil.copy(REPO / "partnership.yaml", project / "partnership.yaml")
    shutil.copytree(REPO / "assets", project / "assets")
    source = project / "briefings" / "family-a.yaml"  # the example partnership's own briefing
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(
            "partnership: South Gloucestershire Children's Partnership",
            "partnership: Example Safeguarding Partnership",
        ),
        encoding="utf-8",
    )
    code, _, _ = run("build", "family-a")
    assert code == 0
    folder = project / "output" / "family-a"
    deck = Presentation(folder / "family-a.pptx")
    picture = next(shape for shape in deck.slides[0].shapes if shape.shape_type == 13)
    assert picture._element.nvPicPr.cNvPr.get("descr") == "Example Safeguarding Partnership"
    from PIL import Image

    image = Image.open(io.BytesIO(picture.image.blob))  # the SVG logo, drawn as a picture
    assert image.format == "PNG" and image.size[1] >= 200 and image.getbbox() is not None
    header = Document(folder / "family-a.docx").sections[0].header
    described = header._element.findall(".//" + qn("wp:docPr"))
    assert [d.get("descr") for d in described] == ["Example Safeguarding Partnership"]
    assert "Example Safeguarding Partnership" in _figure_alts(folder / "family-a.pdf")  # the PDF's logo too


def test_a_logo_never_names_another_partnership_as_the_briefings_own(project, run):
    """Example settings never put their made-up partnership's logo on a real partnership's
    briefing, in any format; a real library's logo on another partnership's briefing says it is
    the library's."""
    shutil.copy(REPO / "partnership.yaml", project / "partnership.yaml")
    shutil.copytree(REPO / "assets", project / "assets")
    assert run("build", "family-a")[0] == 0
    folder = project / "output" / "family-a"
    assert 'class="logo"' not in (folder / "index.html").read_text(encoding="utf-8")
    assert not [s for s in Presentation(folder / "family-a.pptx").slides[0].shapes if s.shape_type == 13]
    assert not Document(folder / "family-a.docx").sections[0].header._element.findall(".//" + qn("wp:docPr"))
    settings = (project / "partnership.yaml").read_text(encoding="utf-8")
    (project / "partnership.yaml").write_text(
        settings.replace("example: true", "example: false"), encoding="utf-8"
    )
    assert run("build", "family-a")[0] == 0
    assert 'alt="Example Safeguarding Partnership, who publish this library"' in (
        folder / "index.html"
    ).read_text(encoding="utf-8")
