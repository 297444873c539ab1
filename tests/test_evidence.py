"""Evidence of learning: team leads' session records go into the partnership's database, and the
board gets a report whose every figure can be read from a table, in a web page and a PDF."""

from __future__ import annotations

import datetime
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import REPO
from evidence_records import HEADER, session_record, write_record

from sevenminute import database


def test_a_typed_up_csv_return_is_added_once_and_a_bad_row_is_named_by_file_and_row(project, run, stored):
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
    assert "1 session added; refused 1 session in returns.csv." in out

    ((text,),) = stored.rows("evidence", "SELECT record_json FROM records")
    assert stored.rows("evidence", "SELECT what, who, due, done FROM actions ORDER BY position") == [
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
    assert stored.rows("evidence", "SELECT count(*) FROM records") == [(1,)]


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
    copies = (
        "1 file was a copy of a session" if len(kept) == 1 else f"{len(kept)} files were copies of sessions"
    )
    assert f"{3000 - len(kept)} sessions added; {copies} already added." in again.stdout
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 3000
        assert db.execute("SELECT count(*) FROM actions").fetchone()[0] == sum(n % 4 for n in range(3000))


def test_actions_lists_what_is_overdue_and_due_and_writes_a_follow_up_calendar(project, run, records, stored):
    import icalendar

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


def test_a_backup_opens_and_holds_the_same_records(project, run, records, stored):
    run("evidence", "add", "records")
    code, out, _ = run("evidence", "backup", "copy.sqlite")
    named = database.describe(stored.url) if stored.url else "evidence/evidence.sqlite"
    assert code == 0 and out.strip() == f"Backed up 4 records from {named} to copy.sqlite."
    ids = "SELECT record_id, record_json FROM records ORDER BY record_id"
    with sqlite3.connect("copy.sqlite") as copy:
        assert copy.execute(ids).fetchall() == stored.rows("evidence", ids)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(copy.execute("SELECT * FROM actions").fetchall()) == len(
            stored.rows("evidence", "SELECT * FROM actions")
        )
    # The copy is a database the kit reads as it is.
    code, out, _ = run("evidence", "report", "--db", "copy.sqlite", "--out", "from-copy")
    assert code == 0 and "4 sessions" in out
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
    assert "No sessions added; refused 1 file." in out
