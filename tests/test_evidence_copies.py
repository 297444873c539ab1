"""Issue 30: records never lose what a team wrote. A team lead exports one session as JSON and
as CSV from the real facilitator page and sends both; the board officer adds them in either
order, with older copies and CSVs from older pages, and is told plainly what changed."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from evidence_records import HEADER
from test_session_record import _export, _fill_session

from sevenminute.evidence.library import Library
from sevenminute.evidence.returns import COLUMNS, read_csv_records

PAGE = "family-a/facilitate.html"
PEOPLE = [
    {"name": "Sam Patel", "role": "social worker"},
    {"name": "Jo Reid"},
    {"name": "Ama Owusu", "role": ""},
]


def _session(page) -> None:
    """A session with every field filled in, some of it awkward for a spreadsheet."""
    _fill_session(
        page, "2026-11-20", "East locality team", "Children's social care", 9,
        [("Add fathers to the visit checklist", "Practice lead", "2027-01-31"), ("=SUM(A1) cases", "", ""),
         ("'-quoted already", "@admin", "2026-12-01")],
        Facilitator="Siobhán Ní Bhriain",
    )  # fmt: skip
    page.get_by_label("Names and roles (optional)").fill("Sam Patel, social worker\nJo Reid\nAma Owusu,")
    page.get_by_label("Key reflections").fill(
        '  We rarely ask fathers about "safety" at home.\n\nAnd, we should.\n'
    )
    page.get_by_label("How we will know the learning is embedded").fill("\tAudit in six months")
    page.get_by_label("Done").nth(1).check()
    page.get_by_label("How useful was the session? (1 not at all, 5 very)").select_option("4")
    page.get_by_label("Confidence on this topic after (1 to 5)").select_option("5")
    page.get_by_label("One thing each person will do differently").fill(
        "Ask about dads\nCheck who lives there"
    )


def _both(page, folder: Path, name: str) -> tuple[Path, Path]:
    """Export JSON, then CSV, as a team lead pressing both buttons; saved into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / f"{name}.json", folder / f"{name}.csv"
    for path, button in zip(paths, ("Export JSON", "Export CSV"), strict=True):
        _export(page, button).save_as(path)
    return paths


def _stored(db: str) -> list[dict]:
    with sqlite3.connect(db) as connection:
        return [json.loads(row[0]) for row in connection.execute("SELECT record_json FROM records")]


def _older_page_csv(path: Path, target: Path) -> Path:
    """The same file as a facilitator page before issue 30 wrote it: its first 19 columns only."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(row[: len(COLUMNS)] for row in rows)
    return target


def test_a_session_exported_as_json_and_csv_is_one_record_whichever_is_added_first_and_keeps_the_names(
    project, run, open_page
):
    page, _ = open_page(PAGE)
    _session(page)
    as_json, as_csv = _both(page, project / "records", "east")

    for number, order in enumerate(((as_json, as_csv), (as_csv, as_json))):
        db = f"evidence/{number}.sqlite"
        code, out, err = run("evidence", "add", *map(str, order), "--db", db)
        assert code == 0, err
        said = {line.split(":")[0].split(",")[0]: line for line in out.splitlines()}
        assert said[order[1].relative_to(project).as_posix()].endswith("already in the database")
        assert "1 session added; 1 file was a copy of a session already added." in out
        (record,) = _stored(db)
        assert record["session"]["attendees"] == PEOPLE

    # Adding both again adds nothing, and says so in sessions, not records.
    code, out, _ = run("evidence", "add", "records", "--db", "evidence/0.sqlite")
    assert code == 0 and "No sessions added; 2 files were copies of sessions already added." in out


def test_no_field_is_lost_when_a_session_goes_through_the_csv_layout(project, open_page):
    page, _ = open_page(PAGE)
    _session(page)
    as_json, as_csv = _both(page, project / "records", "east")
    exported = json.loads(as_json.read_text(encoding="utf-8"))

    (record,), refused = read_csv_records(as_csv, Library(Path("briefings")))

    assert refused == []
    assert record.data == exported | {
        "exported_at": record.data["exported_at"]
    }  # the moment each was written
    # Pressing the second button does not make the session "changed": both say the same moment.
    assert record.data["updated_at"] == exported["updated_at"]
    assert exported["session"]["attendees"] == PEOPLE
    assert [action["what"] for action in exported["session"]["actions"]] == [
        "Add fathers to the visit checklist",
        "=SUM(A1) cases",
        "'-quoted already",
    ]


def test_a_copy_is_later_only_when_the_session_was_changed_later_on_the_page(project, run, open_page):
    page, _ = open_page(PAGE)
    _session(page)
    before_json, before_csv = _both(page, project / "before", "east")
    old_csv = _older_page_csv(before_csv, project / "before" / "east-older-page.csv")
    page.get_by_label("Done").nth(0).check()  # the three-month follow-up
    after_json, after_csv = _both(page, project / "after", "east")

    # The follow-up's copy is added first; the earlier export, added after it, is older.
    code, out, _ = run("evidence", "add", "after/east.csv", "before/east.json", "before/east.csv")
    assert code == 0
    assert "before/east.json: ignored: the database has a copy changed later on the facilitator page" in out
    assert "1 session added; 2 files were copies of sessions already added." in out
    # A CSV from an older page (no names, no time of change) never replaces a copy that says.
    code, out, _ = run("evidence", "add", str(old_csv.relative_to(project)))
    assert code == 0 and "does not say when the session was last changed" in out
    (kept,) = _stored("evidence/evidence.sqlite")
    assert [action["done"] for action in kept["session"]["actions"]] == [True, True, False]
    assert kept["session"]["attendees"] == PEOPLE

    # Added the other way round, the older page's CSV first: the export that says replaces it.
    code, out, _ = run("evidence", "add", str(old_csv.relative_to(project)), "--db", "evidence/other.sqlite")
    assert code == 0 and "1 session added." in out
    code, out, _ = run("evidence", "add", "after/east.json", "--db", "evidence/other.sqlite")
    assert code == 0 and "1 session updated with a later copy." in out
    (kept,) = _stored("evidence/other.sqlite")
    assert kept["session"]["attendees"] == PEOPLE


@pytest.mark.parametrize("again", [False, True])
def test_three_sessions_in_five_files_are_counted_as_sessions(project, run, open_page, again):
    page, _ = open_page(PAGE)
    folder = project / "records"
    for team in ("East locality team", "West locality team", "Health visiting south"):
        page.get_by_role("button", name="New session").click()
        _fill_session(page, "2026-11-20", team, "Children's social care", 7)
        name = team.split()[0].lower()
        if team.startswith("Health"):
            _export(page).save_as(folder / f"{name}.json")
        else:
            _both(page, folder, name)

    code, out, _ = run("evidence", "add", "records")
    assert code == 0
    assert out.splitlines()[-1].startswith("3 sessions added; 2 files were copies of sessions already added.")
    if again:
        code, out, _ = run("evidence", "add", "records")
        assert code == 0
        assert out.splitlines()[-1].startswith(
            "No sessions added; 5 files were copies of sessions already added."
        )


def test_a_typed_return_corrected_and_added_again_replaces_the_first(project, run):
    row = ",family-a,,,14/01/2025,Early help hub,Early help,Ann,{},,,,,,,Add a prompt,Ann,2025-02-14,no"
    returns = project / "returns.csv"
    returns.write_text(f"{HEADER}\n{row.format(9)}\n", encoding="utf-8")
    assert run("evidence", "add", "returns.csv")[0] == 0
    returns.write_text(f"{HEADER}\n{row.format(11)}\n", encoding="utf-8")  # nine was a typing slip

    code, out, _ = run("evidence", "add", "returns.csv")

    assert code == 0
    assert "returns.csv, row 2: updated: neither copy says when the session was last changed" in out
    assert "No sessions added; 1 session updated with a later copy." in out
    (kept,) = _stored("evidence/evidence.sqlite")
    assert kept["session"]["attending"] == 11
