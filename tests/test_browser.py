"""A reader opens a handout page in a real browser: accessible, readable on a phone, fully offline."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe


def test_handout_page_passes_automated_accessibility_checks(open_page):
    page, _ = open_page("family-a/index.html")
    results = Axe().run(
        page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
    )
    assert results.violations_count == 0, results.generate_report()


def test_library_page_passes_automated_accessibility_checks(open_page):
    page, _ = open_page("index.html")
    results = Axe().run(
        page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]}
    )
    assert results.violations_count == 0, results.generate_report()


def test_the_page_has_landmarks_one_h1_and_headings_in_order(open_page):
    page, _ = open_page("mark-and-lloyd/index.html")
    assert page.locator("header").count() >= 1 and page.locator("main").count() == 1
    assert page.locator("footer").count() == 1 and page.locator("nav").count() >= 1
    assert page.locator("h1").all_inner_texts() == ["Mark and Lloyd"]
    levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "els => els.map(e => +e.tagName[1])")
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert "Questions for reflection" in headings
    assert page.locator("html").get_attribute("lang") == "en-GB"


def test_keyboard_user_skips_to_content_and_sees_where_focus_is(open_page):
    page, _ = open_page("family-a/index.html")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    assert skip.bounding_box()["x"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    outline = focused.evaluate("e => getComputedStyle(e).backgroundColor")
    assert outline == "rgb(255, 221, 0)"  # the yellow focus highlight


def test_the_seven_point_figure_links_to_each_part(open_page):
    page, _ = open_page("family-a/index.html")
    figure = page.get_by_role("navigation", name="The seven parts of this briefing")
    links = figure.get_by_role("link")
    assert links.count() == 7
    links.nth(3).click()
    assert page.evaluate("location.hash") == "#part-4"
    assert page.locator("#part-4 h2").is_visible()


def test_readable_on_a_phone_without_sideways_scrolling(open_page):
    page, _ = open_page("child-o-hartlepool-stockton/index.html", width=390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_role("heading", level=1).is_visible()
    size = page.locator(".part-body p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 16


def test_no_request_leaves_the_output_folder(open_page, built):
    out, _ = built
    for path in ("index.html", "family-a/index.html", "leicester-domestic-abuse-audit/index.html"):
        page, requests = open_page(path)
        page.wait_for_load_state("networkidle")
        assert requests and all(url.startswith(out.as_uri()) for url in requests), requests
        loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        assert any("Atkinson Hyperlegible" in family for family in loaded), loaded
        assert any(url.endswith("assets/fonts/AtkinsonHyperlegible-Regular.ttf") for url in requests)
