"""A sign-off that nothing gets past (issue 32), on the command line: `python build.py sign-off`
records who signed a briefing off, when, and a digest of what it publishes; with `sign_off:
required` the build publishes a briefing only while its content is as signed off, and says
what changed."""

from __future__ import annotations

import datetime

import yaml
from conftest import write_text

from sevenminute.pipeline.model import Briefing
from sevenminute.pipeline.signoff import GROUPS, NOT_COVERED

REQUIRED = "name: Anytown Safeguarding Children Partnership\nsign_off: required\n"


def _dated(call):
    """Run a call that dates what it writes today: (its result, the days it may have used), two
    when it ran across midnight."""
    before = datetime.date.today()
    result = call()
    return result, {before, datetime.date.today()}


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _status(path, line: str) -> None:
    """Give the briefing a status line (the shipped ones are published by default)."""
    text = path.read_text(encoding="utf-8")
    assert "\nstatus:" not in text
    path.write_text(text.replace("\npublished:", f"\n{line}\npublished:", 1), encoding="utf-8")


def _part_text(path, number: int) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["sections"][number - 1]["body"]


def test_every_field_of_the_format_is_either_covered_by_name_or_left_out_on_purpose():
    named = {key for keys in GROUPS.values() for key in keys} | NOT_COVERED | {"sections"}
    assert set(Briefing.model_fields) == named  # a new field needs a decision, and a name for it


def test_signing_off_writes_who_when_and_the_digest_and_publishes_it_keeping_the_comments(project, run):
    path = project / "briefings" / "family-a.yaml"
    _status(path, "status: draft  # until the group signs it off")
    (code, out, err), days = _dated(
        lambda: run("sign-off", "family-a", "--by", "Sam Patel, chair of the learning group")
    )
    assert code == 0, err
    assert "Signed off briefings/family-a.yaml (“Family A”) by Sam Patel, chair of the learning group" in out
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["status"] == "published"
    record = data["signed_off"]
    assert record["by"] == "Sam Patel, chair of the learning group"
    assert record["on"] in days
    assert record["hash"].startswith("sha256:") and len(record["hash"]) == 71
    assert "part 3 text" in record["parts"]
    assert "# yaml-language-server" in path.read_text(encoding="utf-8")  # the author's comments stay
    assert run("check", "family-a")[0] == 0


def test_with_sign_off_required_an_edit_after_it_stops_publication_and_says_what_changed(project, run):
    write_text(project / "partnership.yaml", REQUIRED)
    path = project / "briefings" / "family-a.yaml"
    assert run("sign-off", "family-a", "--by", "Sam Patel, chair")[0] == 0
    signed = yaml.safe_load(path.read_text(encoding="utf-8"))["signed_off"]["on"]
    code, _, err = run("build", "family-a", "--format", "html")
    assert code == 0, err
    assert (project / "output" / "family-a" / "index.html").is_file()

    sentence = _part_text(path, 3).split(".")[0]
    _edit(path, sentence, sentence + ", as the review found")
    code, _, err = run("build", "family-a", "--format", "html")
    assert code == 1
    day = f"{signed:%-d %B %Y}"
    assert f"part 3 text changed since it was signed off by Sam Patel, chair, on {day}" in err
    assert "python build.py sign-off family-a" in err
    code, _, err = run("check", "family-a")
    assert code == 1 and "part 3 text changed since it was signed off" in err

    code, _, err = run("sign-off", "family-a", "--by", "Ravi Shah, approver")
    assert code == 1 and "this sign-off corrects it, so say what changed" in err  # a correction says why
    change = "Said where part 3's finding comes from"
    (code, _, err), days = _dated(
        lambda: run("sign-off", "family-a", "--by", "Ravi Shah, approver", "--change", change)
    )
    assert code == 0, err
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["changes"][-1] in [
        {"date": day, "note": change} for day in days
    ]
    code, _, err = run("build", "family-a", "--format", "html")
    assert code == 0, err
    page = (project / "output" / "family-a" / "index.html").read_text(encoding="utf-8")
    assert "as the review found" in page and "Said where part 3&#39;s finding comes from" in page


def test_comments_and_status_are_not_content_but_questions_and_contacts_are(project, run):
    write_text(project / "partnership.yaml", REQUIRED)
    path = project / "briefings" / "family-a.yaml"
    assert run("sign-off", "family-a", "--by", "Sam Patel, chair")[0] == 0
    _edit(path, "\nsections:", "\n# a note for the next author\nsections:")
    assert run("check", "family-a")[0] == 0
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("questions:\n", "questions:\n  - What would you have asked the family?\n", 1)
    )
    code, _, err = run("check", "family-a")
    assert code == 1 and "the questions changed since it was signed off" in err


def test_without_the_setting_unsigned_briefings_build_and_a_change_after_sign_off_is_a_warning(project, run):
    path = project / "briefings" / "family-a.yaml"
    assert run("build", "mark-and-lloyd", "--format", "html")[0] == 0  # never signed off: built
    assert run("sign-off", "family-a", "--by", "Sam Patel, chair")[0] == 0
    _edit(path, "title: Family A", "title: Family A revisited")
    code, _, err = run("build", "family-a", "--format", "html")
    assert code == 0
    assert "warning: the title changed since it was signed off by Sam Patel, chair" in err


def test_a_briefing_with_text_still_to_write_is_not_signed_off_and_the_file_is_untouched(project, run):
    path = project / "briefings" / "family-a.yaml"
    _status(path, "status: draft")
    sentence = _part_text(path, 2).split(".")[0]
    _edit(path, sentence, sentence + " TODO check the dates")
    before = path.read_bytes()
    code, out, err = run("sign-off", "family-a", "--by", "Sam Patel, chair")
    assert code == 1 and out == ""
    assert "briefings/family-a.yaml:" in err and "“TODO” marks text still to be written" in err
    assert path.read_bytes() == before


def test_a_sign_off_needs_a_name_and_a_withdrawn_briefing_cannot_be_signed_off(project, run):
    code, _, err = run("sign-off", "family-a", "--by", "  ")
    assert code == 1 and "Say who signs it off" in err
    path = project / "briefings" / "family-a.yaml"
    _status(path, "status: withdrawn\nwithdrawn_on: 2024-05-02\nwithdrawn_reason: Taken down")
    code, _, err = run("sign-off", "family-a", "--by", "Sam Patel, chair")
    assert code == 1 and "is withdrawn, so it cannot be signed off" in err
