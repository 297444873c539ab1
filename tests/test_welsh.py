"""Welsh and English of equal standing (issue 35): a Welsh version builds in every format into
output/cy/, in the kit's own Welsh words (its catalogue), Welsh dates and the bank's Welsh
questions; every page links to its twin with hreflang and a Cymraeg / English switch; the PDFs
are marked Welsh; and a pair is published together or not at all."""

from __future__ import annotations

import dataclasses
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, write_text
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from sevenminute.pipeline.bank import bank_in, question_bank
from sevenminute.pipeline.briefing import read_handout
from sevenminute.pipeline.language import kit_catalogue, read_catalogue, translate
from sevenminute.pipeline.sources import find_sources
from sevenminute.site.build import build

BASE = "https://example.org/briefings/"
PLACE = re.compile(r"%\(\w+\)s")
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def welsh(tmp_path_factory) -> Path:
    """Family A and its Welsh version, built in every format, with the site's address (a feed)."""
    project = tmp_path_factory.mktemp("welsh")
    (project / "briefings").mkdir()
    for name in ("family-a.yaml", "family-a.cy.yaml", "mark-and-lloyd.yaml"):
        shutil.copy(REPO / "briefings" / name, project / "briefings" / name)
    write_text(project / "partnership.yaml", f"name: Anytown Safeguarding Partnership\nbase_url: {BASE}\n")
    from sevenminute.pipeline.settings import load_settings

    settings, logo = load_settings(project)
    briefings = project / "briefings"
    report = build(
        find_sources([], briefings), project / "output", briefings_dir=briefings, settings=settings, logo=logo
    )
    assert not report.errors, report.errors
    return project / "output"


class _Text(HTMLParser):
    """What a page shows and says to a screen reader: its text and its words in attributes,
    not its scripts and styles (the facilitator page's script carries the English it translates)."""

    SAID = ("aria-label", "alt", "title", "content", "data-all", "data-some", "placeholder")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [value for name, value in attrs if name in self.SAID and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    reader = _Text()
    reader.feed(path.read_text(encoding="utf-8"))
    return " ".join(reader.parts)


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def slides_text(path: Path) -> str:
    deck = Presentation(str(path))
    parts = []
    for slide in deck.slides:
        shapes = list(slide.shapes) + (list(slide.notes_slide.shapes) if slide.has_notes_slide else [])
        parts += [shape.text_frame.text for shape in shapes if shape.has_text_frame]
    return " ".join(parts + [deck.core_properties.title, deck.core_properties.keywords])


def word_text(path: Path) -> str:
    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for section in document.sections:
        parts += [paragraph.text for paragraph in section.header.paragraphs + section.footer.paragraphs]
    return " ".join(parts + [document.core_properties.title, document.core_properties.keywords])


def english_messages() -> list[str]:
    """The English the kit's messages print, wherever its Welsh catalogue gives other words: each
    message of one word, and each run of two words or more, or of one long word ("continued"),
    between a message's places (%(name)s) and its markup; not what is in <code> (a folder's or
    an option's name)."""
    pieces = []
    for message in read_catalogue(kit_catalogue("cy"), "cy"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english, welsh in zip(ids, strings, strict=False):
            if english == welsh:
                continue  # "PDF", "Export JSON": the same in both
            words = re.sub(r"<code>.*?</code>", "\0", english)
            runs = [run.strip(" .,:;()·?…") for run in TAG.sub("\0", PLACE.sub("\0", words)).split("\0")]
            pieces += [
                run
                for run in runs
                if (len(run.split()) >= 2 or len(run) >= 6 or (run == english.strip(" .:") and len(run) >= 3))
                and run not in welsh  # "PowerPoint", "Word": names kept in Welsh
            ]
    return sorted(set(pieces), key=len, reverse=True)


def found_english(text: str) -> list[str]:
    text = " ".join(re.sub(r"https?://\S+", " ", text).split())  # an address is not the kit's words
    return [
        piece for piece in english_messages() if re.search(rf"(?<![\w']){re.escape(piece)}(?![\w'])", text)
    ]


def test_no_word_the_kit_prints_itself_is_english_in_any_welsh_output(welsh):
    here = welsh / "cy"
    outputs = {
        "handout": pdf_text(here / "family-a" / "family-a.pdf"),
        "large print": pdf_text(here / "family-a" / "family-a-large-print.pdf"),
        "web page": html_text(here / "family-a" / "index.html"),
        "facilitator page": html_text(here / "family-a" / "facilitate.html"),
        "slides": slides_text(here / "family-a" / "family-a.pptx"),
        "Word file": word_text(here / "family-a" / "family-a.docx"),
        "library": html_text(here / "index.html"),
        "feed": " ".join(ET.fromstring((here / "feed.xml").read_bytes()).itertext()),
    }
    assert len(english_messages()) > 150  # the catalogue's words are what is looked for
    for name, text in outputs.items():
        assert "Teulu A" in text, name  # the output was read
        assert found_english(text) == [], name
    assert "(parhad, 3 o 3)" in outputs["slides"]  # a part on three slides says so in Welsh
    # The same search finds the kit's English in the English outputs, so it can fail.
    assert "Questions for reflection" in found_english(pdf_text(welsh / "family-a" / "family-a.pdf"))
    assert "Run this briefing with your team" in found_english(
        html_text(welsh / "family-a" / "facilitate.html")
    )


def test_the_welsh_handout_is_in_welsh_dates_questions_and_pdf_language(welsh):
    handout = pdf_text(welsh / "cy" / "family-a" / "family-a.pdf")
    assert "Cyhoeddwyd" in handout and "Ionawr 2023" in handout and "Tudalen 1 o 2" in handout
    assert "Cwestiynau i fyfyrio arnynt" in handout
    welsh_bank = bank_in("cy")
    for question in welsh_bank.standard_questions:
        assert " ".join(question.split()[:6]) in " ".join(handout.split())
    for name in ("family-a.pdf", "family-a-large-print.pdf"):
        assert PdfReader(welsh / "cy" / "family-a" / name).trailer["/Root"]["/Lang"] == "cy"
    assert PdfReader(welsh / "family-a" / "family-a.pdf").trailer["/Root"]["/Lang"] == "en-GB"


def test_themes_are_found_in_the_english_and_asked_in_welsh():
    english = read_handout(REPO / "briefings" / "family-a.yaml")
    welsh = read_handout(REPO / "briefings" / "family-a.cy.yaml")
    assert welsh.language == "cy" and [t.key for t in welsh.themes] == [t.key for t in english.themes]
    english_bank, welsh_bank = question_bank(), bank_in("cy")
    for theme in welsh.themes:
        assert theme.name == welsh_bank.theme(theme.key).name != english_bank.theme(theme.key).name
    asked = [(q.origin, q.theme.key if q.theme else None) for q in welsh.questions]
    expected = [
        (q.origin, q.theme.key if q.theme else None) for q in english.questions if q.origin != "briefing"
    ]
    assert asked == expected
    assert [q.text for q in welsh.questions if q.origin == "author"] == list(welsh.briefing.questions)


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def test_each_page_links_to_its_twin_with_hreflang_and_a_visible_switch(welsh):
    english = (welsh / "family-a" / "index.html").read_text(encoding="utf-8")
    cymraeg = (welsh / "cy" / "family-a" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="cy">' in cymraeg and '<html lang="en-GB">' in english
    assert (
        _alternates(english)
        == _alternates(cymraeg)
        == {
            "cy": f"{BASE}cy/family-a/index.html",
            "en-GB": f"{BASE}family-a/index.html",
        }
    )
    assert '<a href="../cy/family-a/index.html" hreflang="cy" lang="cy">Cymraeg</a>' in english
    assert '<a href="../../family-a/index.html" hreflang="en-GB" lang="en-GB">English</a>' in cymraeg
    assert english.index("Cymraeg") < english.index("English")  # Welsh is read first
    # A briefing with no Welsh version has no switch and no alternate.
    alone = (welsh / "mark-and-lloyd" / "index.html").read_text(encoding="utf-8")
    assert "hreflang" not in alone and "language-switch" not in alone
    # The libraries: the Welsh one lists the briefing, and each links to the other.
    library = (welsh / "cy" / "index.html").read_text(encoding="utf-8")
    assert 'href="family-a/index.html"' in library and "mark-and-lloyd" not in library
    assert _alternates(library) == {"cy": f"{BASE}cy/index.html", "en-GB": f"{BASE}index.html"}
    assert _alternates((welsh / "index.html").read_text(encoding="utf-8"))["cy"] == f"{BASE}cy/index.html"
    # The facilitator pages are twins too; a theme's page switches to the other library.
    facilitator = (welsh / "cy" / "family-a" / "facilitate.html").read_text(encoding="utf-8")
    assert _alternates(facilitator) == {
        "cy": f"{BASE}cy/family-a/facilitate.html",
        "en-GB": f"{BASE}family-a/facilitate.html",
    }
    assert '<a href="../../family-a/facilitate.html" hreflang="en-GB" lang="en-GB">English</a>' in facilitator
    theme = (welsh / "cy" / "themes" / "domestic-abuse.html").read_text(encoding="utf-8")
    assert '<a href="../../index.html" hreflang="en-GB" lang="en-GB">English</a>' in theme


def test_the_feed_and_sitemap_list_each_language_with_its_twin(welsh):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((welsh / "cy" / "feed.xml").read_bytes())
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "cy"
    links = {
        link.get("hreflang"): link.get("href") for link in feed.iter(f"{atom}link") if link.get("hreflang")
    }
    assert links == {"cy": f"{BASE}cy/family-a/index.html", "en-GB": f"{BASE}family-a/index.html"}
    sitemap = (welsh / "sitemap.xml").read_text(encoding="utf-8")
    assert f'<xhtml:link rel="alternate" hreflang="cy" href="{BASE}cy/family-a/index.html"/>' in sitemap
    welsh_map = ET.fromstring((welsh / "cy" / "sitemap.xml").read_bytes())
    places = [loc.text for loc in welsh_map.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{BASE}cy/family-a/index.html" in places and all(
        place.startswith(f"{BASE}cy/") for place in places
    )


def _figure_with(handout, title: str):
    """The seven-point figure of `handout` with part 2 titled `title` (and no label)."""
    from sevenminute.pipeline.figure import seven_point_figure

    parts = list(handout.briefing.sections)
    parts[1] = parts[1].model_copy(update={"title": title, "label": None})
    sections = list(handout.sections)
    sections[1] = dataclasses.replace(sections[1], title=title)
    briefing = handout.briefing.model_copy(update={"sections": parts})
    figure = seven_point_figure(dataclasses.replace(handout, briefing=briefing, sections=tuple(sections)))
    return [line for _, line in figure.parts[1].label.lines]


def test_a_welsh_word_is_never_broken_by_english_hyphenation():
    long = "Responsibilities"  # too long for a part's circle on one line
    english = _figure_with(read_handout(REPO / "briefings" / "family-a.yaml"), long)
    assert any(line.endswith("-") for line in english), english  # English patterns break it
    welsh = _figure_with(read_handout(REPO / "briefings" / "family-a.cy.yaml"), long)
    assert not any(line.endswith("-") for line in welsh), welsh  # Pyphen has no Welsh: never broken


def test_a_pair_is_published_together_or_not_at_all(project, run):
    version = project / "briefings" / "family-a.cy.yaml"
    shutil.copy(REPO / "briefings" / "family-a.cy.yaml", version)
    text = version.read_text(encoding="utf-8")
    cut = text.index("  - title: Arfer da")
    version.write_text(text[:cut] + text[text.index("resources:") :], encoding="utf-8")  # six parts
    code, _, err = run("build", "--format", "html")
    assert code == 1
    assert "briefings/family-a.yaml:1:1: not published: its Welsh version has errors (below)" in err
    assert "family-a.cy.yaml" in err and "the Welsh version has 6 parts and the English 7 parts" in err
    assert not (project / "output" / "family-a").exists() and not (project / "output" / "cy").exists()
    assert (project / "output" / "mark-and-lloyd" / "index.html").is_file()  # the others are published
    shutil.copy(REPO / "briefings" / "family-a.cy.yaml", version)
    code, out, err = run("build", "--format", "html")
    assert code == 0, err
    assert "5 briefings built" in out and "(output in output/; 1 Welsh version in output/cy/)" in out
    assert (project / "output" / "family-a" / "index.html").is_file()
    assert (project / "output" / "cy" / "family-a" / "index.html").is_file()


def test_the_welsh_catalogue_has_every_message_the_kit_prints_each_with_its_places():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from messages import template
    finally:
        sys.path.remove(str(REPO / "scripts"))
    wanted = {message.id for message in template() if message.id}
    catalogue = read_catalogue(kit_catalogue("cy"), "cy")
    assert wanted <= {
        message.id for message in catalogue if message.id
    }  # `make messages` brings it up to date
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"not translated: {ids[0]}"
        for text in strings:
            assert set(PLACE.findall(text)) <= set(PLACE.findall(ids[-1])) | {"%(num)s"}, ids[0]
            assert TAG.findall(text) == TAG.findall(ids[0]), ids[0]
        assert message.fuzzy  # a translation for the project, until a Welsh speaker has reviewed it


def _own_catalogue(project: Path, entries: str) -> None:
    """A partnership's own Welsh catalogue, locale/cy.po, holding `entries`."""
    (project / "locale").mkdir()
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    (project / "locale" / "cy.po").write_text(header + entries, encoding="utf-8")


def test_a_partnerships_own_catalogue_takes_the_place_of_the_kits(project, monkeypatch):
    _own_catalogue(project, """msgid "Questions for reflection"\nmsgstr "Cwestiynau i'w trafod"\n""")
    assert translate("cy", "Questions for reflection") == "Cwestiynau i'w trafod"
    assert translate("cy", "Find out more") == "Rhagor o wybodaeth"  # the rest from the kit's


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["cy/index.html", "cy/family-a/index.html", "cy/family-a/facilitate.html"])
def test_the_welsh_pages_pass_axe_at_desktop_and_phone_widths(open_page, path, width):
    from axe_playwright_python.sync_playwright import Axe

    page, requests = open_page(path, width=width)
    options = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert all(url.startswith("file://") for url in requests)


def test_the_facilitator_page_runs_the_session_and_the_record_in_welsh(open_page):
    page, _ = open_page("cy/family-a/facilitate.html", clock=True)
    page.click("#export-json")  # nothing filled in: it says what to fill in, in Welsh
    status = page.text_content("#record-status")
    said = "Fill in %(fields)s before you export: the partnership's report counts sessions by them."
    gap = translate("cy", said, fields="\0").split("\0")
    assert status.startswith(gap[0]) and status.endswith(gap[1]) and translate("cy", "Team") in status
    assert found_english(status) == []
    page.click("#start")
    assert page.text_content("#position") == translate(
        "cy", "Section %(number)s of %(count)s", number=1, count=7
    )
    on_time = translate("cy", "On time: %(time)s for this part", time="\0").split("\0")[0]
    assert page.text_content("#pace").startswith(on_time)
    page.click("#pause")
    assert page.text_content("#pause") == translate("cy", "Resume")


def test_new_starts_a_welsh_version_with_the_english_beside_each_field(project, run):
    version = project / "briefings" / "family-a.cy.yaml"
    code, out, _ = run("new", "family-a", "--welsh")
    assert (
        code == 0 and "Wrote briefings/family-a.cy.yaml: translate each TODO from the English above it" in out
    )
    text = version.read_text(encoding="utf-8")
    assert "# English: Introduction\n    title: TODO" in text and "status: draft" in text
    assert "published: 2023-01" in text and "kind: CSPR" in text and "nspcc-helpline" in text
    assert "# English: - Assessments and plans need to consider fathers fully." in text
    code, out, err = run("check", "family-a")
    assert code == 0, out + err  # a translation under way: what is left to do, as warnings
    assert "family-a.cy.yaml" in err and "warning: part 2 has 0 list items in the Welsh version and 4" in err
    code, _, err = run("build", "--format", "html")
    assert code == 0, err
    english = (project / "output" / "family-a" / "index.html").read_text(encoding="utf-8")
    assert "hreflang" not in english  # the English is published alone until the Welsh is done
    assert not (project / "output" / "cy" / "index.html").is_file() or "family-a" not in (
        project / "output" / "cy" / "index.html"
    ).read_text(encoding="utf-8")
    code, _, err = run("new", "family-a", "--welsh")
    assert code == 2 and "already exists; `new` never overwrites a file" in err
    code, _, err = run("new", "child-q", "--welsh")
    assert code == 2 and "there is no briefing briefings/child-q.yaml to translate" in err


def test_with_sign_off_required_a_welsh_version_needs_its_own_and_holds_its_english_back(project, run):
    from sevenminute.authoring.signing import write_sign_off

    write_text(project / "partnership.yaml", "name: Anytown Safeguarding Partnership\nsign_off: required\n")
    shutil.copy(REPO / "briefings" / "family-a.cy.yaml", project / "briefings" / "family-a.cy.yaml")
    write_sign_off(project / "briefings" / "family-a.yaml", "Sam Patel, chair")
    code, _, err = run("build", "family-a", "--format", "html")
    assert code == 1
    assert "briefings/family-a.yaml:1:1: not published: its Welsh version has errors (below)" in err
    assert "family-a.cy.yaml" in err and "require a sign-off before publication" in err
    assert not (project / "output" / "family-a").exists()
    code, out, err = run("sign-off", "family-a.cy", "--by", "Sam Patel, chair")  # the Welsh on its own
    assert code == 0 and "Signed off briefings/family-a.cy.yaml (“Teulu A”)" in out, err
    code, _, err = run("build", "family-a", "--format", "html")
    assert code == 0, err
    assert (project / "output" / "cy" / "family-a" / "index.html").is_file()


def test_the_bilingual_handout_is_the_welsh_then_the_english_each_in_its_language(welsh):
    import pikepdf

    path = welsh / "cy" / "family-a" / "family-a-bilingual.pdf"
    pages = PdfReader(path).pages
    texts = [page.extract_text() for page in pages]
    welsh_pages = len(PdfReader(welsh / "cy" / "family-a" / "family-a.pdf").pages)
    english_pages = len(PdfReader(welsh / "family-a" / "family-a.pdf").pages)
    assert len(pages) == welsh_pages + english_pages
    assert "Teulu A" in texts[0] and "Tudalen 1 o" in texts[0]
    assert "Family A" in texts[welsh_pages] and "Page 1 of" in texts[welsh_pages]  # then the English, from 1
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "cy"
        numbers = {page.objgen: number for number, page in enumerate(pdf.pages)}
        document = pdf.Root.StructTreeRoot.K
        document = document[0] if isinstance(document, pikepdf.Array) else document
        marked = {numbers[part.Pg.objgen]: str(part.get("/Lang", "cy")) for part in document.K}
    assert all(language == ("cy" if page < welsh_pages else "en-GB") for page, language in marked.items())
    assert _pdfua_passes(path)
    for page in ("cy/family-a/index.html", "family-a/index.html"):  # offered on both pages
        assert "family-a-bilingual.pdf" in (welsh / page).read_text(encoding="utf-8")


def _pdfua_passes(path: Path) -> bool:
    import subprocess

    checker = Path(sys.executable).parent / "pdfua"
    result = subprocess.run([str(checker), "check", str(path)], capture_output=True, text=True, timeout=300)
    return result.returncode == 0 and "result: PASS" in result.stdout


def test_a_library_with_no_partnership_named_is_welsh_too(built):
    out, _ = built  # the shipped briefings, built with no settings: the kit's stand-in name
    for page in ("cy/index.html", "cy/family-a/index.html", "cy/themes/domestic-abuse.html"):
        text = html_text(out / page)
        assert "Seven-minute briefings" not in text and found_english(text) == [], page


def test_check_looks_for_identifying_detail_and_length_in_the_welsh_version_too(project, run):
    version = project / "briefings" / "family-a.cy.yaml"
    text = (REPO / "briefings" / "family-a.cy.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "Cymerodd pob asiantaeth", "Ffoniwch y tîm ar 07700 900123. Cymerodd pob asiantaeth", 1
    )
    version.write_text(text, encoding="utf-8")
    code, out, err = run("check", "family-a")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "07700 900123" in row)
    assert f"briefings/family-a.cy.yaml:{line}:" in err and "looks like a phone number" in err
    body = "\n".join(["      Mae'r adolygiad yn dweud llawer am waith gyda'r teulu a'r plant."] * 120)
    version.write_text(
        text.replace(
            "  - title: Arfer da\n    body: |\n", "  - title: Arfer da\n    body: |\n" + body + "\n", 1
        )
    )
    code, out, err = run("check", "family-a")
    assert "family-a.cy.yaml" in err and "[too-long]" in err  # Welsh runs longer than English


def test_a_translation_that_cannot_be_filled_in_is_left_out_in_code_and_templates(project):
    _own_catalogue(
        project,
        'msgid "Updated %(day)s"\nmsgstr "Diweddarwyd %(diwrnod)s"\n\n'
        'msgid "Questions for reflection"\nmsgstr "Cwestiynau 100%"\n',
    )
    # The partnership's word is left out, so the kit's own Welsh is used, never a failed page.
    assert translate("cy", "Updated %(day)s", day="4 Mawrth 2025") == "Diweddarwyd 4 Mawrth 2025"
    from sevenminute.pipeline.render import environment

    page = environment().from_string('{{ _("Questions for reflection") }}').render(language="cy")
    assert page == "Cwestiynau i fyfyrio arnynt"
