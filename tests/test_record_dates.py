"""Issue 30: a date that is not possible is caught where it is typed on the facilitator page,
not weeks later by `evidence add`: a plain message beside the field, and no export until it is
put right."""

from __future__ import annotations

import json

from axe_playwright_python.sync_playwright import Axe
from test_facilitate import AXE
from test_session_record import _export, _fill_session

PAGE = "family-a/facilitate.html"
NOT_POSSIBLE = "This date is not possible: check the year. It should have four figures, from 2000 to 2099"


def _said(page, field) -> str:
    """What a screen reader is told about the field: its description, from aria-describedby."""
    ids = (field.get_attribute("aria-describedby") or "").split()
    return " ".join(page.locator(f"#{name}").inner_text() for name in ids)


def test_an_action_due_in_the_year_22026_is_flagged_beside_the_field_and_not_exported(open_page):
    page, _ = open_page(PAGE)
    _fill_session(
        page, "2026-11-20", "East locality team", "Children's social care", 9,
        [("Add fathers to the visit checklist", "Practice lead", "2027-01-31"),
         ("Audit ten cases", "Jo", "")],
    )  # fmt: skip
    by_when = page.get_by_label("By when").nth(1)
    by_when.fill("22026-02-01")
    assert _said(page, by_when) == ""  # nothing while it is being typed
    by_when.blur()  # the team lead moves on to the next field

    assert by_when.get_attribute("aria-invalid") == "true"
    assert _said(page, by_when) == f"{NOT_POSSIBLE}; this one has 22026."
    assert page.get_by_text(NOT_POSSIBLE).is_visible()
    assert page.get_by_label("By when").nth(0).get_attribute("aria-invalid") == "false"
    results = Axe().run(page, context="#record", options=AXE)
    assert results.violations_count == 0, results.generate_report()

    downloads = []
    page.on("download", lambda download: downloads.append(download))
    for button in ("Export JSON", "Export CSV"):
        page.get_by_role("button", name=button).click()
        assert page.locator("#record-status").inner_text() == (
            "Check By when in Action 2 before you export: the partnership cannot add a record with a date "
            "that is not possible."
        )
        assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    assert downloads == []

    first = page.get_by_label("By when").nth(0)  # only part of a date: the month, no day or year
    first.fill("")
    first.focus()
    page.keyboard.type("03")
    first.blur()
    assert _said(page, first) == "Enter the whole date: day, month and year."
    first.fill("2027-03-31")
    assert first.get_attribute("aria-invalid") == "false" and _said(page, first) == ""

    by_when.fill("2026-02-01")  # put right: the message goes at once
    assert by_when.get_attribute("aria-invalid") == "false" and _said(page, by_when) == ""
    exported = json.loads(_export(page).path().read_text(encoding="utf-8"))
    assert exported["session"]["actions"][1]["by"] == "2026-02-01"


def test_a_session_date_saved_before_dates_were_checked_is_flagged_when_opened(open_page):
    page, _ = open_page(PAGE)
    _fill_session(page, "2026-11-20", "East locality team", "Children's social care", 9)
    date = page.get_by_label("Date", exact=True)
    date.fill("1026-11-20")
    page.reload()  # as a page saved by an earlier version, which kept what was typed

    date = page.get_by_label("Date", exact=True)
    assert date.input_value() == "1026-11-20" and date.get_attribute("aria-invalid") == "true"
    assert _said(page, date) == f"{NOT_POSSIBLE}; this one has 1026."
    page.get_by_role("button", name="Export CSV").click()
    assert (
        page.locator("#record-status").inner_text().startswith("Check the session's Date before you export")
    )
    assert page.evaluate("document.activeElement.id") == "r-date"
