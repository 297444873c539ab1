"""A team lead records each session on the facilitator page: several teams in one browser,
each session exported as one record in the kit's format, as CSV for spreadsheets, or printed."""

from __future__ import annotations

import csv
import io
import json
import re

from conftest import REPO

from sevenminute.pipeline.enrich.handout import enrich
from sevenminute.pipeline.validate import read_briefing

PAGE = "family-a/facilitate.html"


SCHEMA = json.loads((REPO / "schema" / "session-record.schema.json").read_text(encoding="utf-8"))


def _fill_session(page, date, team, agency, attending, actions=(), **more):
    page.get_by_label("Date", exact=True).fill(date)
    page.get_by_label("Team", exact=True).fill(team)
    page.get_by_label("Service or agency", exact=True).select_option(agency)
    page.get_by_label("Number attending").fill(str(attending))
    for number, (what, who, by) in enumerate(actions):
        if number:
            page.get_by_role("button", name="Add an action").click()
        page.get_by_label("Action", exact=True).nth(number).fill(what)
        page.get_by_label("Who", exact=True).nth(number).fill(who)
        page.get_by_label("By when").nth(number).fill(by)
    for label, value in more.items():
        page.get_by_label(label.replace("_", " "), exact=True).fill(value)


def _export(page, button="Export JSON"):
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    return download.value


def _valid(record: dict) -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(record)


def test_two_teams_run_sessions_on_one_briefing_in_one_browser_and_both_are_kept(open_page):
    page, _ = open_page(PAGE)
    _fill_session(
        page, "2026-11-20", "East locality team", "Children's social care", 9,
        [("Add fathers to the visit checklist", "Practice lead", "2027-01-31")],
        Facilitator="Team manager", Key_reflections="We rarely ask fathers about safety at home.",
    )  # fmt: skip
    page.get_by_role("button", name="New session").click()
    assert page.get_by_label("Team", exact=True).input_value() == ""  # a clean form for the next team
    _fill_session(
        page, "2026-11-21", "Health visiting south", "other", 6, [("Ask who lives at home", "All", "")]
    )
    page.get_by_label("If other, name it").fill("Public health nursing")

    page.reload()
    listed = page.locator("#session-list").inner_text()
    assert "20 November 2026 · East locality team" in listed
    assert "21 November 2026 · Health visiting south (open below)" in listed
    assert page.get_by_label("Team", exact=True).input_value() == "Health visiting south"
    south = json.loads(_export(page).path().read_text(encoding="utf-8"))

    page.get_by_role("button", name="Open the session of 20 November 2026 · East locality team").click()
    assert (
        page.get_by_label("Action", exact=True).nth(0).input_value() == "Add fathers to the visit checklist"
    )
    east = json.loads(_export(page).path().read_text(encoding="utf-8"))
    assert east["record_id"] != south["record_id"]
    assert (east["session"]["team"], south["session"]["team"]) == (
        "East locality team",
        "Health visiting south",
    )
    assert south["session"]["agency"] == "Public health nursing"

    # Deleting asks first; saying no keeps the session.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Delete the session of 21 November 2026 · Health visiting south").click()
    assert page.locator(".session-item").count() == 2
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete the session of 21 November 2026 · Health visiting south").click()
    assert page.locator(".session-item").count() == 1
    page.reload()
    assert "Health visiting south" not in page.locator("#session-list").inner_text()


def test_the_export_is_a_record_the_schema_accepts_with_its_id_briefing_and_evaluation(open_page):
    page, _ = open_page(PAGE)
    page.get_by_role("button", name="Export JSON").click()  # nothing filled in yet: says what is missing
    assert (
        "Fill in Date, Team, Service or agency, Number attending"
        in page.locator("#record-status").inner_text()
    )
    assert page.evaluate("document.activeElement.id") == "r-date"

    _fill_session(
        page, "2026-11-20", "East locality team", "Children's social care", 9,
        [("Add fathers to the visit checklist", "Practice lead", "2027-01-31"), ("Audit ten cases", "", "")],
        Facilitator="Team manager", Key_reflections='We rarely ask fathers about "safety" at home.',
    )  # fmt: skip
    page.get_by_label("Names and roles (optional)").fill("Sam Patel, social worker\nJo Reid")
    page.get_by_label("Done").nth(1).check()
    page.get_by_label("How useful was the session? (1 not at all, 5 very)").select_option("4")
    page.get_by_label("Confidence on this topic before (1 to 5)").select_option("2")
    page.get_by_label("Confidence on this topic after (1 to 5)").select_option("4")
    page.get_by_label("One thing each person will do differently").fill(
        "Ask about dads\n\nCheck who lives there"
    )
    download = _export(page)
    assert download.suggested_filename == "seven-minute-record-family-a-2026-11-20-east-locality-team.json"
    exported = json.loads(download.path().read_text(encoding="utf-8"))
    _valid(exported)
    assert exported["format"] == "seven-minute-session-record" and exported["format_version"] == 1
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", exported["record_id"]
    )
    assert exported["briefing"]["slug"] == "family-a" and exported["briefing"]["title"] == "Family A"
    assert exported["briefing"]["content_hash"] == f"sha256:{_content_hash()}"
    from sevenminute import __version__

    assert exported["kit_version"] == __version__
    session = exported["session"]
    assert session["attending"] == 9 and session["agency"] == "Children's social care"
    assert session["attendees"] == [{"name": "Sam Patel", "role": "social worker"}, {"name": "Jo Reid"}]
    assert session["actions"] == [
        {
            "what": "Add fathers to the visit checklist",
            "who": "Practice lead",
            "by": "2027-01-31",
            "done": False,
        },
        {"what": "Audit ten cases", "who": "", "by": "", "done": True},
    ]
    assert session["evaluation"] == {
        "usefulness": 4, "confidence_before": 2, "confidence_after": 4,
        "will_do_differently": ["Ask about dads", "Check who lives there"],
    }  # fmt: skip

    rows = list(
        csv.DictReader(io.StringIO(_export(page, "Export CSV").path().read_text(encoding="utf-8-sig")))
    )
    assert [row["action"] for row in rows] == ["Add fathers to the visit checklist", "Audit ten cases"]
    assert {row["record_id"] for row in rows} == {exported["record_id"]}
    assert [row["action_done"] for row in rows] == ["no", "yes"]
    assert rows[0]["reflections"] == 'We rarely ask fathers about "safety" at home.'
    assert rows[0]["will_do_differently"] == "Ask about dads\nCheck who lives there"


def _content_hash() -> str:
    from sevenminute.pipeline.render import content_hash

    path = REPO / "briefings" / "family-a.yaml"
    return content_hash(enrich(read_briefing(path), path)).removeprefix("sha256:")


def test_the_csv_opens_in_excel_with_accents_intact_and_formulas_made_inert(open_page):
    page, _ = open_page(PAGE)
    _fill_session(
        page, "2026-11-20", "Early help, north team", "Early help", 12,
        [("=SUM(A1)", "+44 1234", "2027-01-31"), ("-2+3 cases reviewed", "@admin", ""),
         ("Ask Siobhán to audit ten cases", "Practice lead", "")],
        Facilitator="Siobhán Ní Bhriain", Key_reflections='=HYPERLINK("http://example.invalid","Click me")',
    )  # fmt: skip
    page.get_by_label("How we will know the learning is embedded").fill("\tAudit in six months")

    download = _export(page, "Export CSV")
    assert download.suggested_filename == "seven-minute-record-family-a-2026-11-20-early-help-north-team.csv"
    raw = download.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw.startswith(b"\xef\xbb\xbf" * 2)
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "record_id,briefing_slug,briefing_title,content_hash,date,team,agency,facilitator,attending,"
        "reflections,embedded,usefulness,confidence_before,confidence_after,will_do_differently,action,"
        "who,by_when,action_done,attendees,action_done_on,briefing_partnership,briefing_published,kit_version,"
        "exported_at,updated_at"
    )
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 3

    # Anything a spreadsheet would run as a formula starts with a quote, so it shows as text.
    assert [row["action"] for row in rows] == [
        "'=SUM(A1)",
        "'-2+3 cases reviewed",
        "Ask Siobhán to audit ten cases",
    ]
    assert [row["who"] for row in rows] == ["'+44 1234", "'@admin", "Practice lead"]
    assert rows[0]["reflections"] == '\'=HYPERLINK("http://example.invalid","Click me")'
    assert rows[0]["embedded"] == "'\tAudit in six months"
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())

    # Accented names survive, and ordinary cells are exactly as typed.
    assert rows[0]["facilitator"] == "Siobhán Ní Bhriain"
    assert rows[0]["briefing_title"] == "Family A" and rows[0]["team"] == "Early help, north team"
    assert rows[0]["date"] == "2026-11-20" and rows[0]["by_when"] == "2027-01-31"
    assert rows[0]["attending"] == "12" and rows[1]["by_when"] == ""
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", rows[0]["content_hash"])

    # The JSON export keeps the record as typed: the guard is for spreadsheets only.
    raw = _export(page).path().read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    session = json.loads(raw.decode("utf-8"))["session"]
    assert session["facilitator"] == "Siobhán Ní Bhriain"
    assert [action["what"] for action in session["actions"]][:2] == ["=SUM(A1)", "-2+3 cases reviewed"]
    assert session["actions"][1]["who"] == "@admin" and session["embedded"] == "\tAudit in six months"


def test_the_record_prints_on_one_page_without_the_session(open_page, tmp_path):
    from pypdf import PdfReader

    page, _ = open_page(PAGE)
    page.get_by_label("Team", exact=True).fill("East locality team")
    page.get_by_label("Key reflections").fill("\n".join(f"Reflection {n}." for n in range(1, 9)))
    page.get_by_label("Action", exact=True).nth(0).fill("Ask fathers about safety at every visit")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.pdf(path=tmp_path / "record.pdf", format="A4")
    reader = PdfReader(tmp_path / "record.pdf")
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Action plan: what the team agreed" in text and "Reflection 8." in text
    assert "Run this briefing" not in text and "Start" not in text
