"""A team lead runs the session from facilitate.html in a real browser, then records it."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import REPO

from sevenminute.pipeline.enrich.handout import enrich
from sevenminute.pipeline.validate import read_briefing

playwright = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

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


def test_the_action_plan_is_kept_through_a_reload_and_exports_json_and_csv(open_page):
    page, _ = open_page(PAGE)
    page.get_by_label("Date of the session").fill("2026-11-20")
    page.get_by_label("Team or service").fill("Children's social care, east team")
    page.get_by_label("Facilitator", exact=True).fill("Team manager")
    page.get_by_label("Number attending").fill("9")
    page.get_by_label("Key reflections").fill('We rarely ask fathers about "safety" at home.')
    page.get_by_label("Action 1", exact=True).fill("Add fathers to the visit checklist")
    page.get_by_label("Owner of action 1").fill("Practice lead")
    page.get_by_label("Action 1 by when").fill("2027-01-31")
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("Action 2", exact=True).fill("Remove me")
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("Action 3", exact=True).fill("Audit ten cases, in March")
    page.get_by_role("button", name="Remove action 2").click()
    page.get_by_label("How we will know the learning is embedded").fill("Audit in six months")

    page.reload()
    assert page.get_by_label("Team or service").input_value() == "Children's social care, east team"
    assert page.get_by_label("Action 2", exact=True).input_value() == "Audit ten cases, in March"
    assert page.locator(".action-row").count() == 2

    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    assert download.value.suggested_filename == "seven-minute-record-family-a-2026-11-20.json"
    exported = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert exported["schema_version"] == 1
    assert exported["briefing"]["slug"] == "family-a" and exported["briefing"]["title"] == "Family A"
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", exported["briefing"]["content_hash"])
    assert re.match(r"\d{4}-\d\d-\d\dT", exported["exported_at"])
    record = exported["record"]
    assert record["attending"] == 9 and record["date"] == "2026-11-20"
    assert record["actions"] == [
        {"what": "Add fathers to the visit checklist", "who": "Practice lead", "by": "2027-01-31"},
        {"what": "Audit ten cases, in March", "who": "", "by": ""},
    ]

    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert list(rows[0])[0] == "briefing"
    assert [row["action"] for row in rows] == [
        "Add fathers to the visit checklist",
        "Audit ten cases, in March",
    ]
    assert rows[0]["reflections"] == 'We rarely ask fathers about "safety" at home.'
    assert rows[0]["team"] == "Children's social care, east team" and rows[0]["attending"] == "9"


def test_the_csv_opens_in_excel_with_accents_intact_and_formulas_made_inert(open_page):
    page, _ = open_page(PAGE)
    page.get_by_label("Date of the session").fill("2026-11-20")
    page.get_by_label("Team or service").fill("Early help, north team")
    page.get_by_label("Facilitator", exact=True).fill("Siobhán Ní Bhriain")
    page.get_by_label("Number attending").fill("12")
    page.get_by_label("Key reflections").fill('=HYPERLINK("http://example.invalid","Click me")')
    page.get_by_label("Action 1", exact=True).fill("=SUM(A1)")
    page.get_by_label("Owner of action 1").fill("+44 1234")
    page.get_by_label("Action 1 by when").fill("2027-01-31")
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("Action 2", exact=True).fill("-2+3 cases reviewed")
    page.get_by_label("Owner of action 2").fill("@admin")
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("Action 3", exact=True).fill("Ask Siobhán to audit ten cases")
    page.get_by_label("Owner of action 3").fill("Practice lead")
    page.get_by_label("How we will know the learning is embedded").fill("\tAudit in six months")

    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    assert download.value.suggested_filename == "seven-minute-record-family-a-2026-11-20.csv"
    raw = download.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw.startswith(b"\xef\xbb\xbf" * 2)
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "briefing,content_hash,date,team,facilitator,attending,reflections,action,owner,by_when,embedded"
    )
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 3

    # Anything a spreadsheet would run as a formula starts with a quote, so it shows as text.
    assert [row["action"] for row in rows] == [
        "'=SUM(A1)",
        "'-2+3 cases reviewed",
        "Ask Siobhán to audit ten cases",
    ]
    assert [row["owner"] for row in rows] == ["'+44 1234", "'@admin", "Practice lead"]
    assert rows[0]["reflections"] == '\'=HYPERLINK("http://example.invalid","Click me")'
    assert rows[0]["embedded"] == "'\tAudit in six months"
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())

    # Accented names survive, and ordinary cells are exactly as typed.
    assert rows[0]["facilitator"] == "Siobhán Ní Bhriain"
    assert rows[0]["briefing"] == "Family A" and rows[0]["team"] == "Early help, north team"
    assert rows[0]["date"] == "2026-11-20" and rows[0]["by_when"] == "2027-01-31"
    assert rows[0]["attending"] == "12" and rows[1]["by_when"] == ""
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", rows[0]["content_hash"])

    # The JSON export keeps the record as typed: the guard is for spreadsheets only.
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    raw = download.value.path().read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    record = json.loads(raw.decode("utf-8"))["record"]
    assert record["facilitator"] == "Siobhán Ní Bhriain"
    assert [action["what"] for action in record["actions"]][:2] == ["=SUM(A1)", "-2+3 cases reviewed"]
    assert record["actions"][1]["who"] == "@admin" and record["embedded"] == "\tAudit in six months"


def test_the_page_is_one_file_that_forbids_network_requests(built):
    out, _ = built
    html = (out / PAGE).read_text()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert not re.search(r"<(link|img|iframe)\b|<script[^>]+src=|url\((?!data:)", html)
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


def test_the_record_prints_on_one_page_without_the_session(open_page, tmp_path):
    from pypdf import PdfReader

    page, _ = open_page(PAGE)
    page.get_by_label("Team or service").fill("East locality team")
    page.get_by_label("Key reflections").fill("\n".join(f"Reflection {n}." for n in range(1, 9)))
    page.get_by_label("Action 1", exact=True).fill("Ask fathers about safety at every visit")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.pdf(path=tmp_path / "record.pdf", format="A4")
    reader = PdfReader(tmp_path / "record.pdf")
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Action plan: what the team agreed" in text and "Reflection 8." in text
    assert "Run this briefing" not in text and "Start" not in text
