"""When a partnership outgrows one machine (issue 33): the hub's people, audit log and evidence
in PostgreSQL, named by database_url; the data moved there from the SQLite files; the tables
brought up to date by their migrations, and a database from a newer kit refused. The store's
and the intake's own tests also run on PostgreSQL (the `stored` fixture, and test_hub_records)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from conftest import REPO
from databases import postgresql_schema

from sevenminute import database
from sevenminute.hub.people import TRIES, People

PASSWORD = "correct horse battery staple"


@pytest.fixture
def server(project):
    """An empty PostgreSQL schema, named in partnership.yaml as a partnership would."""
    with postgresql_schema() as url:
        (project / "partnership.yaml").write_text(f"database_url: '{url}'\n", encoding="utf-8")
        yield url


def _add(run, email: str, role: str):
    return run("hub", "user", "add", email, "--role", role, input=PASSWORD + "\n")


def test_people_sign_in_and_lockout_are_kept_in_the_named_database_and_no_file_is_made(project, run, server):
    assert _add(run, "sam@example.org", "author")[0] == 0
    code, out, _ = run("hub", "user", "list")
    assert code == 0 and "sam@example.org" in out and out.strip().endswith("1 person")
    people = People()
    assert people.where == server
    for _ in range(TRIES):
        assert people.sign_in("sam@example.org", "wrong password", "198.51.100.7") is None
    assert people.sign_in("sam@example.org", PASSWORD, "198.51.100.8") is None  # locked, even so
    actions = [action for _, _, action, _ in people.audit()]
    assert actions == ["person added", *["sign-in failed"] * TRIES, "sign-in refused: too many tries"]
    assert not (project / "hub").exists() and not (project / "evidence").exists()
    code, _, err = run("evidence", "report")  # nothing added yet: said so, as for a missing file
    assert code == 1 and f"There is no evidence database at {database.describe(server)} yet" in err


def test_the_data_moves_from_the_sqlite_files_and_reads_the_same_afterwards(project, run, records):
    assert _add(run, "ravi@example.org", "approver")[0] == 0
    run("evidence", "add", "records")  # one of them is refused, on purpose
    _, before, _ = run("evidence", "report", "--out", "before")
    before_people = People(project / "hub" / "hub.sqlite").everyone()
    with postgresql_schema() as url:
        code, out, err = run("hub", "move-data", url)
        assert code == 0, err
        assert f"Copied hub/hub.sqlite into {database.describe(url)}" in out
        assert "Copied evidence/evidence.sqlite" in out and "start the hub again" in out
        (project / "partnership.yaml").write_text(f"database_url: '{url}'\n", encoding="utf-8")
        people = People()
        assert people.everyone() == before_people
        assert people.signs_in("ravi@example.org", PASSWORD).role == "approver"  # the same hash
        _, after, _ = run("evidence", "report", "--out", "after")
        assert after.replace("after/", "before/") == before  # the same figures
        shown = (project / "after" / "index.html").read_text(encoding="utf-8")
        assert "from the partnership&#39;s PostgreSQL database." in shown and "postgresql://" not in shown
        assert (project / "after" / "index.html").read_text(encoding="utf-8").count("<tr") == (
            project / "before" / "index.html"
        ).read_text(encoding="utf-8").count("<tr")
        assert _add(run, "bo@example.org", "board")[0] == 0  # the audit log's numbers carry on
        log = people.audit()
        assert [action for _, _, action, _ in log][-2:] == ["data moved", "person added"]
        code, _, err = run("hub", "move-data", url)
        assert code == 1 and "already holds hub data" in err and "Traceback" not in err
    with sqlite3.connect(project / "hub" / "hub.sqlite") as db:  # left as it was
        assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 1


def test_a_database_that_cannot_be_reached_is_said_so_plainly(project):
    (project / "partnership.yaml").write_text(
        "database_url: 'postgresql://hub@127.0.0.1:1/sevenminute'\n", encoding="utf-8"
    )
    for args in (["hub", "user", "list"], ["evidence", "report"], ["evidence", "add", "."]):
        done = subprocess.run(
            [sys.executable, str(REPO / "build.py"), *args], cwd=project, capture_output=True, text=True
        )
        assert done.returncode == 1, args
        assert "the kit could not open the database postgresql://hub@127.0.0.1:1/sevenminute" in done.stderr
        assert "Check that the database server is running" in done.stderr
        assert "Traceback" not in done.stderr + done.stdout


# The hub's tables as a kit from before the migrations made them, at its version 3.
_VERSION_3 = """
CREATE TABLE people (email TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
    password_hash TEXT NOT NULL, added_at TEXT NOT NULL);
CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
    what TEXT NOT NULL, briefing TEXT);
CREATE TABLE sessions (id TEXT PRIMARY KEY, email TEXT NOT NULL REFERENCES people (email) ON DELETE CASCADE,
    seen TEXT NOT NULL);
CREATE TABLE attempts (at TEXT NOT NULL, email TEXT NOT NULL, address TEXT NOT NULL, ok INTEGER NOT NULL);
CREATE TABLE briefings (name TEXT PRIMARY KEY, review TEXT, comment TEXT, change TEXT, last_editor TEXT,
    last_edited TEXT);
PRAGMA user_version = 3;
"""


def test_a_hub_file_from_before_the_migrations_is_taken_over_and_one_from_a_newer_kit_refused(project, run):
    hub = project / "hub" / "hub.sqlite"
    hub.parent.mkdir()
    from sevenminute.hub.people import _hasher

    with sqlite3.connect(hub) as db:
        db.executescript(_VERSION_3)
        db.execute(
            "INSERT INTO people VALUES ('sam@example.org', 'Sam', 'author', ?, '2026-11-01T09:00:00+00:00')",
            (_hasher().hash(PASSWORD),),
        )
    people = People(hub)
    assert people.signs_in("sam@example.org", PASSWORD).role == "author"
    with sqlite3.connect(hub) as db:
        assert db.execute("SELECT version_num FROM hub_version").fetchall() == [("0004",)]
        assert db.execute("SELECT count(*) FROM arrivals").fetchone()[0] == 0  # the table version 4 adds

    newer = project / "newer" / "hub.sqlite"
    newer.parent.mkdir()
    with sqlite3.connect(newer) as db:
        db.execute("CREATE TABLE hub_version (version_num VARCHAR(32) PRIMARY KEY)")
        db.execute("INSERT INTO hub_version VALUES ('0009')")
    with pytest.raises(Exception, match="made by a newer version of the kit \\(database version 9; this kit"):
        People(newer).everyone()


def test_the_sign_off_steps_keep_their_state_and_history_in_the_named_database(project, server):
    """The workflow's own statements (a briefing's review state, made once and then changed) on
    PostgreSQL, as the hub takes them."""
    from sevenminute.hub.workflow import AWAITING, RETURNED, Desk, Refused

    people = People()
    author = people.add("sam@example.org", "author", PASSWORD, name="Sam Jones")
    approver = people.add("ravi@example.org", "approver", PASSWORD, name="Ravi Shah")
    published: list[bool] = []
    desk = Desk(people, project / "briefings", lambda: published.append(True))
    desk.saved(author, "family-a")
    desk.saved(author, "family-a")  # a second save: the same row, changed
    desk.submit(author, "family-a")
    assert desk.standing("family-a").review == AWAITING
    desk.give_back(approver, "family-a", "Say who the review was for.")
    standing = desk.standing("family-a")
    assert (standing.review, standing.comment, standing.last_editor) == (
        RETURNED,
        "Say who the review was for.",
        "sam@example.org",
    )
    with pytest.raises(Refused, match="not awaiting sign-off"):
        desk.sign_off(approver, "family-a")
    desk.submit(author, "family-a")
    desk.sign_off(approver, "family-a")
    assert published == [True] and desk.standing("family-a").review is None
    assert "signed_off:" in (project / "briefings" / "family-a.yaml").read_text(encoding="utf-8")
    assert [action for _, _, action, _ in people.audit("family-a")] == [
        "saved", "saved", "submitted for sign-off", "returned with a comment", "submitted for sign-off",
        "signed off and published",
    ]  # fmt: skip
