"""Rough edges a new user met on a fresh clone, each told as the story of what they saw."""

from __future__ import annotations

import json

import yaml
from conftest import valid_briefing, write_yaml


def _check(run, *names) -> list[dict]:
    code, out, err = run("check", *names, "--format", "json")
    assert "Traceback" not in err
    return json.loads(out)


def _planted(project, text: str, **changes):
    data = valid_briefing(**changes)
    data["sections"][2]["body"] = f"An opening line.\n\n{text}\n"
    return write_yaml(project / "briefings" / "child-z.yaml", data)


def test_any_national_insurance_shaped_number_is_reported_once_and_not_as_an_acronym(project, run):
    # HMRC's example prefix QQ is no valid number but is plainly one; AB was also called an acronym.
    for number in ("QQ 12 34 56 C", "AB 12 34 56 C"):
        path = _planted(project, f"Her number was {number} on the form.")
        found = [(f["code"], f["message"]) for f in _check(run, str(path)) if f["severity"] != "info"]
        assert [code for code, _ in found] == ["ni-number"], found
        assert number in found[0][1]


def test_a_titled_name_is_quoted_whole(project, run):
    path = _planted(project, "Mrs Patricia Hughes, a neighbour, called the police.")
    (found,) = [f for f in _check(run, str(path)) if f["code"] == "personal-name"]
    assert "“Mrs Patricia Hughes”" in found["message"]


def test_jargon_is_noted_at_its_first_use_and_explained_under_terms_used(project, run):
    path = _planted(project, "The core group met twice. The core group did not invite the father.")
    notes = [f for f in _check(run, str(path)) if f["code"] == "jargon"]
    assert len(notes) == 1 and notes[0]["severity"] == "info"
    assert "“core group” is safeguarding jargon" in notes[0]["message"]
    assert "child protection plan" in notes[0]["message"]  # what it means, in plain words
    code, _, err = run("build", str(path), "--format", "html")
    assert code == 0, err
    page = (project / "output" / "child-z" / "index.html").read_text()
    terms = page[page.index("Terms used") :]
    assert "<dt>core group</dt>" in terms and "carry out a child protection plan" in terms


def test_check_takes_a_folder_as_every_briefing_in_it(project, run):
    code, out, _ = run("check", "briefings/")
    assert code == 0
    assert "5 briefings checked" in out


def test_two_briefings_with_one_title_are_warned_about_in_check_and_build(project, run):
    data = yaml.safe_load((project / "briefings" / "family-a.yaml").read_text())
    data["title"] = "Mark and Lloyd"
    write_yaml(project / "briefings" / "family-b.yaml", data)
    found = [f for f in _check(run, "family-b") if f["code"] == "same-title"]
    assert len(found) == 1 and found[0]["line"] == 1  # the title line of the re-dumped file
    assert "briefings/mark-and-lloyd.yaml has the same title, “Mark and Lloyd”" in found[0]["message"]
    code, out, err = run("build", "--format", "html")
    assert code == 0
    assert "briefings/family-b.yaml:1:1: warning: briefings/mark-and-lloyd.yaml has the same title" in err


def test_a_utf16_file_is_named_as_utf16_with_how_to_save_it_as_utf8(project, run):
    path = project / "briefings" / "child-z.yaml"
    path.write_bytes("title: Child Z\n".encode("utf-16"))
    (found,) = _check(run, str(path))
    assert "saved as UTF-16 text" in found["message"] and "save it as UTF-8" in found["message"]
    assert "binary" not in found["message"]


def test_the_delivery_time_is_singular_for_one_minute_and_never_split(project, run):
    data = valid_briefing()
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    assert run("build", str(path), "--format", "html")[0] == 0
    page = (project / "output" / "child-z" / "index.html").read_text()
    assert '<span class="no-break">About 1 minute</span>, then discussion' in page


def test_new_takes_the_partnership_from_the_settings_and_any_case_of_kind(project, run):
    (project / "partnership.yaml").write_text("name: Riverside Safeguarding Partnership\n")
    code, out, err = run("new", "child-y", "--no-input", "--kind", "sar", "--published", "2025-02-28")
    assert code == 0, err
    data = yaml.safe_load((project / "briefings" / "child-y.yaml").read_text())
    assert data["partnership"] == "Riverside Safeguarding Partnership"
    assert data["review"]["kind"] == "SAR"


def test_new_names_a_date_that_does_not_exist(project, run):
    code, _, err = run("new", "child-y", "--no-input", "--published", "2025-02-30")
    assert code == 2
    assert "February 2025 has no 30th" in err and "%Y" not in err
    assert not (project / "briefings" / "child-y.yaml").exists()


def test_outside_a_project_nothing_is_created_and_the_user_is_told_how_to_start(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    code, _, err = run("new", "child-y", "--no-input")
    assert code == 2 and "there is no briefings/ folder in" in err and "mkdir briefings" in err
    code, _, err = run("build")
    assert code == 2 and "start a project here with: python build.py new" in err
    assert list(tmp_path.iterdir()) == []
    code, out, err = run(
        "new", "child-y", "--title", "Child Y", "--kind", "CSPR", input="y\nAnytown Partnership\n\ny\n"
    )
    assert code == 0, err
    assert "Started a project in" in out and (tmp_path / "briefings" / "child-y.yaml").is_file()


def test_a_date_that_does_not_exist_is_named_alike_by_every_command(project, run):
    """One date type for the command line: `new` and `evidence report` say the same."""
    for args in (
        ("new", "child-y", "--no-input", "--published", "2025-02-30"),
        ("evidence", "report", "--from", "2025-02-30"),
    ):
        code, _, err = run(*args)
        assert code == 2 and "February 2025 has no 30th; it has 28 days" in err, (args, err)
    code, _, err = run("evidence", "report", "--to", "31/01/2025")
    assert code == 2 and "write the date as YYYY-MM-DD, for example 2025-02-28; found '31/01/2025'" in err
