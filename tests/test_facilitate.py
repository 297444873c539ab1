"""A team lead runs the session from facilitate.html in a real browser, then records it."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import REPO, SHIPPED, write_yaml

from sevenminute.pipeline.enrich.handout import enrich
from sevenminute.pipeline.validate import read_briefing

AXE = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
PAGE = "family-a/facilitate.html"


def _handout(slug="family-a"):
    path = REPO / "briefings" / f"{slug}.yaml"
    return enrich(read_briefing(path), path)


def _slide_title(page) -> str:
    return page.locator(".slide:not([hidden]) .slide-title").inner_text()


def test_the_handout_page_links_to_the_facilitator_page(open_page):
    page, _ = open_page("family-a/index.html")
    page.get_by_role("link", name="Run this briefing with your team").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/family-a/facilitate.html")
    assert page.get_by_role("button", name="Start").is_visible()


def test_a_whole_session_by_keyboard_then_the_questions(open_page):
    page, requests = open_page(PAGE)
    handout = _handout()
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # the same page in Welsh
    assert page.evaluate("document.activeElement.textContent") == "Cymraeg"
    page.keyboard.press("Tab")  # back to the handout
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Start"
    page.keyboard.press("Enter")
    for section in handout.sections:
        assert page.locator("#position").inner_text() == f"Section {section.number} of 7"
        assert section.title in _slide_title(page)
        assert page.locator(".progress-dot.current").get_attribute("data-number") == str(section.number)
        page.keyboard.press("ArrowRight" if section.number % 2 else "Space")
    assert page.get_by_role("heading", name="Discussion").is_visible()
    first = handout.questions[0].text
    assert page.locator(".fac-question.current").inner_text().startswith(first)
    page.keyboard.press("ArrowRight")
    assert page.locator(".fac-question.current").inner_text().startswith(handout.questions[1].text)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # from the first question, back to the briefing
    assert page.locator("#position").inner_text() == "Section 7 of 7"
    assert [url for url in requests if not url.endswith("facilitate.html")] == []


def test_a_whole_session_by_buttons_with_previous_and_restart(open_page):
    page, _ = open_page(PAGE)
    page.get_by_role("button", name="Start").click()
    next_button = page.get_by_role("button", name="Next", exact=True)
    next_button.click()
    next_button.click()
    assert page.locator("#position").inner_text() == "Section 3 of 7"
    page.get_by_role("button", name="Previous", exact=True).click()
    assert page.locator("#position").inner_text() == "Section 2 of 7"
    for _ in range(6):
        next_button.click()
    assert page.locator("#discussion").is_visible()
    page.get_by_role("button", name="All together").click()
    assert page.locator(".fac-question:visible").count() == len(_handout().questions)
    page.get_by_role("button", name="Back to the briefing").click()
    page.get_by_role("button", name="Restart").click()
    assert page.locator("#position").inner_text() == "Section 1 of 7"


def test_the_clock_paces_each_section_by_its_length_and_says_when_running_behind(open_page):
    page, _ = open_page(PAGE, clock=True)
    handout = _handout()
    total = sum(section.words for section in handout.sections)
    first = 420 * handout.sections[0].words / total  # seconds the first part should take
    page.get_by_role("button", name="Start").click()
    assert page.locator("#clock").inner_text() == "7:00"
    page.clock.run_for(60_000)
    assert page.locator("#clock").inner_text() == "6:00"
    assert page.locator("#pace").inner_text().startswith("On time")
    page.clock.run_for(int((first - 60 + 20) * 1000))  # 20 s past the first part's share
    assert re.fullmatch(r"Running 0:(19|20|21) behind", page.locator("#pace").inner_text())
    page.keyboard.press("p")
    assert page.get_by_role("button", name="Resume").get_attribute("aria-pressed") == "true"
    shown = page.locator("#clock").inner_text()
    page.clock.run_for(90_000)
    assert page.locator("#clock").inner_text() == shown  # paused: the clock holds
    page.get_by_role("button", name="Resume").click()
    page.keyboard.press("ArrowRight")  # the second part has its own share, so back on time
    assert page.locator("#pace").inner_text().startswith("On time")
    page.clock.run_for(400_000)
    assert page.locator("#clock").inner_text().startswith("+")  # past seven minutes


def test_pacing_shares_follow_section_length(built):
    out, _ = built
    html = (out / PAGE).read_text()
    targets = [float(x) for x in re.findall(r'class="slide"[^>]*data-seconds="([\d.]+)"', html)]
    words = [section.words for section in _handout().sections]
    assert len(targets) == 7 and abs(sum(targets) - 420) < 0.5
    longest, shortest = words.index(max(words)), words.index(min(words))
    assert targets[longest] / targets[shortest] == pytest.approx(words[longest] / words[shortest], rel=0.01)


def test_notes_are_hidden_until_asked_for_and_never_on_the_handout(open_page, built):
    page, _ = open_page(PAGE)
    note = _handout().sections[0].notes.split()[:4]
    page.get_by_role("button", name="Start").click()
    assert not page.locator("#notes-1").is_visible()
    page.keyboard.press("n")
    assert page.locator("#notes-1").is_visible()
    assert " ".join(note) in " ".join(page.locator("#notes-1").inner_text().split())
    assert page.get_by_role("button", name="Notes").get_attribute("aria-pressed") == "true"
    out, _ = built
    assert " ".join(note) not in " ".join((out / "family-a" / "index.html").read_text().split())


def test_a_change_of_section_is_announced_once_not_every_tick(open_page):
    page, _ = open_page(PAGE, clock=True)
    page.get_by_role("button", name="Start").click()
    page.keyboard.press("ArrowRight")
    page.clock.run_for(1000)
    announcer = page.locator("#announcer")
    assert announcer.get_attribute("aria-live") == "polite"
    assert announcer.inner_text() == "Section 2 of 7: Working with fathers"
    assert page.locator("#clock").get_attribute("aria-live") == "off"
    page.evaluate(
        """() => { window.mutations = 0; new MutationObserver(m => window.mutations += m.length)
        .observe(document.getElementById('announcer'),
                 {childList: true, characterData: true, subtree: true}); }"""
    )
    page.clock.run_for(10_000)
    assert page.evaluate("window.mutations") == 0


def test_a_session_survives_a_reload_with_its_clock_and_the_part_being_shown(open_page):
    page, _ = open_page(PAGE)
    page.get_by_role("button", name="Start").click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    title = _slide_title(page)
    page.wait_for_timeout(2200)
    page.reload()
    assert page.locator("#session").is_visible() and _slide_title(page) == title
    assert page.locator("#position").inner_text() == "Section 3 of 7"
    left = page.locator("#clock").inner_text()  # still counting from the start, not from 7:00
    minutes, seconds = (int(part) for part in left.split(":"))
    assert minutes * 60 + seconds <= 7 * 60 - 2
    page.keyboard.press("ArrowRight")
    assert page.locator("#position").inner_text() == "Section 4 of 7"
    # In the discussion, a reload keeps the question being asked.
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.get_by_role("button", name="Next question").click()
    page.reload()
    assert page.locator("#discussion").is_visible()
    assert page.locator("#question-position").inner_text().startswith("Question 2 of")


def test_the_page_is_one_file_that_forbids_network_requests(built):
    out, _ = built
    html = (out / PAGE).read_text()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert not re.search(
        r"<(link(?! rel=\"alternate\" hreflang=)|img|iframe)\b|<script[^>]+src=|url\((?!data:)", html
    )
    assert re.search(
        r'<link rel="alternate" hreflang="cy" href="\.\./cy/family-a/facilitate.html">', html
    )  # names its twin, loads nothing
    assert "data:font/ttf;base64," in html


def test_the_page_works_from_disk_with_no_request_and_no_csp_violation(open_page):
    page, requests = open_page(PAGE)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.get_by_role("button", name="Start").click()
    page.keyboard.press("ArrowRight")
    assert requests == [page.url]
    assert errors == []
    assert page.evaluate("document.fonts.check('16px \"Atkinson Hyperlegible\"')")


@pytest.mark.parametrize("width", [1280, 390])
def test_session_and_discussion_views_pass_axe(open_page, width):
    page, _ = open_page(PAGE, width=width)
    results = Axe().run(page, options=AXE)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Start").click()
    page.keyboard.press("n")
    results = Axe().run(page, options=AXE)
    assert results.violations_count == 0, results.generate_report()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    assert page.locator("#discussion").is_visible()
    results = Axe().run(page, options=AXE)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_reduced_motion_turns_off_the_slide_animation(browser, built):
    out, _ = built
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto((out / PAGE).as_uri())
        page.get_by_role("button", name="Start").click()
        name = page.locator(".slide:not([hidden])").evaluate("el => getComputedStyle(el).animationName")
        assert name == "none"
    finally:
        context.close()


def _open_presenter(page):
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Presenter view").click()
    presenter = popup.value
    presenter.wait_for_load_state("load")
    return presenter


def test_the_presenter_view_keeps_in_step_and_only_it_shows_the_notes(open_page):
    from playwright.sync_api import expect

    page, requests = open_page(PAGE)
    handout = _handout()
    page.get_by_role("button", name="Start").click()
    presenter = _open_presenter(page)
    assert "?presenter" in presenter.url and presenter.title().startswith("Presenter view")
    current = presenter.locator(".slide:not([hidden]) .slide-title")
    expect(current).to_contain_text(handout.sections[0].title)
    note = " ".join(handout.sections[0].notes.split()[:4])
    assert note in " ".join(presenter.locator("#notes-1").inner_text().split())
    expect(presenter.locator("#up-next")).to_have_text(f"Next: 2. {handout.sections[1].title}")
    assert presenter.locator("#clock").is_visible()

    def shared_shows_no_notes():
        assert page.locator(".notes:visible").count() == 0
        assert not page.get_by_role("button", name="Notes").is_visible()

    shared_shows_no_notes()
    page.keyboard.press("n")  # asked for on the shared screen: still not shown there
    shared_shows_no_notes()
    for number in (2, 3):  # the shared screen leads: the presenter view follows forward...
        page.keyboard.press("ArrowRight")
        expect(current).to_contain_text(handout.sections[number - 1].title)
        assert presenter.locator(f"#notes-{number}").is_visible()
        shared_shows_no_notes()
    page.keyboard.press("ArrowLeft")  # ...and back
    expect(current).to_contain_text(handout.sections[1].title)
    assert presenter.locator("#position").inner_text() == "Section 2 of 7"
    presenter.keyboard.press("ArrowRight")  # the presenter can lead too
    expect(page.locator(".slide:not([hidden]) .slide-title")).to_contain_text(handout.sections[2].title)
    shared_shows_no_notes()
    presenter.close()  # with the presenter view closed, the notes can come back on this screen
    expect(page.get_by_role("button", name="Notes")).to_be_visible()
    assert [url for url in requests if not url.endswith("facilitate.html")] == []


def test_the_presenter_view_opened_before_the_start_follows_the_start(open_page):
    from playwright.sync_api import expect

    page, _ = open_page(PAGE)
    presenter = _open_presenter(page)
    assert presenter.get_by_role("heading", name="Run this briefing with your team").is_visible()
    page.get_by_role("button", name="Start").click()
    expect(presenter.locator("#position")).to_have_text("Section 1 of 7")
    expect(presenter.locator("#notes-1")).to_be_visible()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_part_of_the_shipped_briefings_fits_the_projected_screen(browser, built, size):
    """Up to 150 words a part is shown whole, never under 28 px; a longer part goes on to
    another screen of the same part, and nothing is hidden under the buttons."""
    out, _ = built
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        for source in SHIPPED:
            handout = _handout(source.stem)
            page = context.new_page()
            page.goto((out / source.stem / "facilitate.html").as_uri())
            page.get_by_role("button", name="Start").click()
            for section in handout.sections:
                screens = 0
                while True:
                    screens += 1
                    assert page.locator("#position").inner_text() == f"Section {section.number} of 7"
                    shown = page.evaluate(
                        """() => { const area = document.querySelector('.slide:not([hidden]) .slide-body');
                        const controls = document.querySelector('#session .controls').getBoundingClientRect();
                        const text = [...area.querySelectorAll('p, li')].filter(e => e.offsetParent);
                        return { size: Math.min(...text.map(e => parseFloat(getComputedStyle(e).fontSize))),
                                 overflow: area.scrollHeight - area.clientHeight,
                                 bottom: Math.max(...text.map(e => e.getBoundingClientRect().bottom)),
                                 controls: controls.top, controlsBottom: controls.bottom,
                                 page: document.documentElement.scrollHeight - innerHeight }; }"""
                    )
                    where = (source.stem, section.number, screens, shown)
                    assert shown["size"] >= 28, where
                    assert shown["overflow"] <= 1 and shown["bottom"] <= shown["controls"] + 1, where
                    assert shown["page"] <= 0 and shown["controlsBottom"] <= height, where
                    if "goes on after Next" not in page.locator("#continued").inner_text():
                        break
                    page.keyboard.press("ArrowRight")
                if section.words <= 150:
                    assert screens == 1, (source.stem, section.number, section.words)
                page.keyboard.press("ArrowRight")
            assert page.locator("#discussion").is_visible()
            page.evaluate("localStorage.clear()")
            page.close()
    finally:
        context.close()


def test_discussion_minutes_that_are_not_allowed_are_said_not_ignored(open_page):
    page, _ = open_page(PAGE)
    page.get_by_role("button", name="Start").click()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    minutes = page.get_by_label("Minutes for discussion")
    for wrong in ("0", "-5", "0.5", "90"):
        minutes.fill(wrong)
        assert page.locator("#minutes-error").inner_text() == (
            "Give a whole number of minutes from 1 to 60; the timer keeps 10 minutes."
        ), wrong
        assert minutes.get_attribute("aria-invalid") == "true"
        assert page.locator("#discussion-clock").inner_text() == "10:00"
    minutes.fill("15")
    assert page.locator("#minutes-error").inner_text() == ""
    assert page.locator("#discussion-clock").inner_text() == "15:00"


def _export_and_read_what_to_send(page, button: str) -> str:
    page.get_by_label("Date", exact=True).fill("2026-03-02")
    page.get_by_label("Team", exact=True).fill("Riverside early help")
    page.get_by_label("Service or agency", exact=True).select_option("Early help")
    page.get_by_label("Number attending").fill("6")
    with page.expect_download():
        page.get_by_role("button", name=button).click()
    return page.locator("#record-status").inner_text()


@pytest.mark.parametrize(
    ("contact", "where"),
    [
        (
            "learning@riverside.example",
            "to Riverside Partnership: email it, attached, to learning@riverside.example",
        ),
        ("Learning team, 01632 960 123", "to Riverside Partnership: Learning team, 01632 960 123"),
    ],
)
def test_after_the_export_the_team_lead_is_told_which_one_file_to_send_where_and_how(
    project, run, browser, contact, where
):
    """partnership.yaml gives the address (`contact`): the page names the one file that carries
    the whole record, the JSON, and says where and how to send it; the CSV is for the team."""
    write_yaml(project / "partnership.yaml", {"name": "Riverside Partnership", "contact": contact})
    code, _, _ = run("build", "family-a", "--format", "html")
    assert code == 0
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((project / "output" / PAGE).as_uri())
        intro = page.locator(".record-intro").inner_text()
        assert f"Export JSON and send that one file {where}." in intro
        said = _export_and_read_what_to_send(page, "Export JSON")
        assert said.startswith(f"Exported. Send this JSON file, and only this one, {where}.")
        said = _export_and_read_what_to_send(page, "Export CSV")
        assert "for your team's own spreadsheet" in said
        assert f"For the partnership, Export JSON and send that one file {where}." in said
        assert "send the file to the partnership" not in (intro + said).lower()
    finally:
        context.close()


def test_with_no_contact_in_the_settings_the_page_says_to_send_the_record_to_whoever_asked(open_page):
    page, _ = open_page(PAGE)  # built without partnership.yaml: no contact
    to = "to whoever asked your team for it"
    assert f"Export JSON and send that one file {to}." in page.locator(".record-intro").inner_text()
    said = _export_and_read_what_to_send(page, "Export JSON")
    assert said.startswith(f"Exported. Send this JSON file, and only this one, {to}.")
