"""The slides and the Word handout pass the Office accessibility rules that can be read from
the file (issue 34), each read back from every shipped briefing's .pptx and .docx, built with
the default settings and with the shipped example's (its colours and logo):

- every slide has a unique title, in the title placeholder, first in reading order;
- every picture has alternative text, or is marked decorative;
- the language is set: the document's, and every piece of text's;
- headings never skip a level;
- table header rows are marked;
- text has a contrast of at least 4.5:1 with what is behind it.
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import REPO, SHIPPED
from docx import Document
from docx.oxml.ns import qn as word
from pptx import Presentation
from pptx.oxml.ns import qn as drawing

from sevenminute.pipeline.settings import contrast

SLUGS = [path.stem for path in SHIPPED]
LANGUAGE = "en-GB"
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    """The shipped briefings built with the shipped example settings (colours, logo)."""
    from sevenminute.pipeline.settings import load_settings
    from sevenminute.pipeline.sources import find_sources
    from sevenminute.site.build import build

    out = tmp_path_factory.mktemp("office")
    project = out / "project"
    shutil.copytree(REPO / "briefings", project / "briefings")
    shutil.copytree(REPO / "assets", project / "assets")
    text = (REPO / "partnership.yaml").read_text(encoding="utf-8")
    (project / "partnership.yaml").write_text(text, encoding="utf-8")
    family = project / "briefings" / "family-a.yaml"  # one briefing of the example's own, with its logo
    family.write_text(
        family.read_text(encoding="utf-8").replace(
            "partnership: South Gloucestershire Children's Partnership",
            "partnership: Example Safeguarding Partnership",
        ),
        encoding="utf-8",
    )
    settings, logo = load_settings(project)
    sources, folder = find_sources([], project / "briefings"), project / "briefings"
    for kind in ("pptx", "docx"):
        build(sources, out / "site", formats=kind, briefings_dir=folder, settings=settings, logo=logo)
    return out / "site"


def _files(built, example_build, suffix: str):
    out, _ = built
    return [folder / slug / f"{slug}.{suffix}" for folder in (out, example_build) for slug in SLUGS]


def _described(element) -> bool:
    properties = element.find(".//" + drawing("p:cNvPr"))
    if properties is None:
        properties = element.find(".//" + word("wp:docPr"))
    return bool((properties.get("descr") or "").strip()) or any(
        e.tag == DECORATIVE for e in properties.iter()
    )


def _srgb(element) -> str | None:
    colour = element.find(drawing("a:solidFill") + "/" + drawing("a:srgbClr"))
    return f"#{colour.get('val')}" if colour is not None else None


def test_every_slide_has_a_unique_title_first_in_reading_order(built, example_build):
    for path in _files(built, example_build, "pptx"):
        titles = []
        for slide in Presentation(path).slides:
            title = slide.shapes.title
            assert title is not None and title.text.strip(), path
            assert list(slide.shapes)[0].shape_id == title.shape_id, path
            titles.append(title.text.strip())
        assert len(titles) == len(set(titles)), (path.name, titles)


def test_every_picture_has_alternative_text_or_is_decorative(built, example_build):
    pictures = 0
    for path in _files(built, example_build, "pptx"):
        for slide in Presentation(path).slides:
            for shape in slide.shapes:
                if shape.shape_type == 13:
                    pictures += 1
                    assert _described(shape._element), path
    for path in _files(built, example_build, "docx"):
        document = Document(path)
        parts = [document.element] + [section.header._element for section in document.sections]
        for part in parts:
            for inline in part.iter(word("wp:inline")):
                pictures += 1
                assert _described(inline), path
    assert pictures >= 2  # the example's own briefing carries its logo in both files


def test_the_language_of_every_file_and_every_piece_of_text_is_set(built, example_build):
    for path in _files(built, example_build, "pptx"):
        deck = Presentation(path)
        assert deck.core_properties.language == LANGUAGE
        for slide in deck.slides:
            notes = [slide.notes_slide.shapes] if slide.has_notes_slide else []
            for shapes in [slide.shapes, *notes]:
                for run in (
                    r for s in shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs
                ):
                    assert run._r.get_or_add_rPr().get("lang") == LANGUAGE, (path.name, run.text)
    for path in _files(built, example_build, "docx"):
        document = Document(path)
        assert document.core_properties.language == LANGUAGE
        defaults = document.styles.element.find(word("w:docDefaults"))
        assert [e.get(word("w:val")) for e in defaults.iter(word("w:lang"))] == [LANGUAGE], path
        assert document.styles["Normal"].element.find(".//" + word("w:lang")).get(word("w:val")) == LANGUAGE


def test_headings_never_skip_a_level_and_table_header_rows_are_marked(built, example_build):
    for path in _files(built, example_build, "docx"):
        document = Document(path)
        levels = []
        for paragraph in document.paragraphs:
            name = paragraph.style.name
            if name == "Title":
                levels.append(0)
            elif match := re.fullmatch(r"Heading (\d)", name):
                levels.append(int(match.group(1)))
        assert levels and levels[0] == 0, path
        assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False)), (
            path.name,
            levels,
        )
        for table in document.tables:
            header = table.rows[0]._tr.find(word("w:trPr"))
            assert header is not None and header.find(word("w:tblHeader")) is not None, path
    for path in _files(built, example_build, "pptx"):
        for slide in Presentation(path).slides:
            for shape in slide.shapes:
                if shape.has_table:
                    assert shape.table.first_row, path


def test_text_has_a_contrast_of_at_least_4_5_to_1_with_what_is_behind_it(built, example_build):
    checked = 0
    for path in _files(built, example_build, "pptx"):
        for slide in Presentation(path).slides:
            fill = slide.background._cSld.bg
            behind_slide = _srgb(fill.find(drawing("p:bgPr"))) if fill is not None else None
            for shape in slide.shapes:
                if not shape.has_text_frame:
                    continue
                properties = shape._element.find(drawing("p:spPr"))
                behind = (_srgb(properties) if properties is not None else None) or behind_slide or "#FFFFFF"
                for run in (r for p in shape.text_frame.paragraphs for r in p.runs):
                    colour = _srgb(run._r.get_or_add_rPr())
                    if colour and run.text.strip():
                        checked += 1
                        assert contrast(colour, behind) >= 4.5, (path.name, run.text, colour, behind)
    for path in _files(built, example_build, "docx"):
        document = Document(path)
        paragraphs = [*document.paragraphs, *(p for s in document.sections for p in s.header.paragraphs)]
        used = {paragraph.style.name: paragraph.style for paragraph in paragraphs}
        chains = [style for start in used.values() for style in _style_chain(start)]
        elements = [style.element for style in chains] + [document.element]
        elements += [section.header._element for section in document.sections]
        for element in elements:
            for colour in element.iter(word("w:color")):
                value = colour.get(word("w:val"))
                if value and value != "auto":
                    checked += 1
                    assert contrast(f"#{value}", "#FFFFFF") >= 4.5, (path.name, value)
    assert checked > 100


def _style_chain(style):
    """A paragraph style and those it is based on: where its text's colour can come from."""
    while style is not None:
        yield style
        style = style.base_style
