"""An author uses the commands: help that shows an example, clear exit codes, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO, SHIPPED, valid_briefing, write_yaml

from sevenminute.site import output as publish


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["schema"]])
def test_every_command_explains_itself_with_an_example(run, command):
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert "Example" in out and "python build.py" in out


def test_wrong_usage_exits_2_with_a_hint(project, run):
    code, _, err = run("build", "--format", "epub")
    assert code == 2
    assert "'epub' is not one of 'html', 'pdf', 'large-print', 'pptx', 'docx', 'all'" in err
    code, _, err = run("build", "no-such-briefing")
    assert code == 2
    assert "There is no briefing called 'no-such-briefing'. The briefings in briefings/ are:" in err
    code, _, err = run("publish")
    assert code == 2 and "No such command 'publish'" in err


def test_build_py_builds_everything_and_reports_each_problem_on_one_line(project):
    write_yaml(project / "briefings" / "broken.yaml", valid_briefing(sectoins=[]))
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "briefings/broken.yaml:" in result.stderr and "did you mean `sections`?" in result.stderr
    assert "5 briefings built, 1 failed, in " in result.stdout
    for slug in ("family-a", "mark-and-lloyd"):
        assert (project / "output" / slug / f"{slug}.pdf").stat().st_size > 10_000


def test_build_one_briefing_from_outside_the_briefings_folder_into_another_folder(project, run, tmp_path):
    source = write_yaml(tmp_path / "Draft Briefing.yaml", valid_briefing())
    code, out, err = run("build", str(source), "--out", "preview", "--format", "html")
    assert code == 0, err
    assert (project / "preview" / "draft-briefing" / "index.html").is_file()
    assert not (project / "preview" / "draft-briefing" / "draft-briefing.pdf").exists()
    assert "1 briefing built, 0 failed" in out
    assert 'href="draft-briefing/index.html"' in (project / "preview" / "index.html").read_text()


def test_a_build_interrupted_while_writing_keeps_the_old_pdf_whole(project, run, monkeypatch):
    assert run("build", "family-a")[0] == 0
    pdf = project / "output" / "family-a" / "family-a.pdf"
    before = pdf.read_bytes()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # as if the author pressed Ctrl-C mid-write

    monkeypatch.setattr(publish.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        publish.write_atomic(pdf, b"%PDF-half")
    assert pdf.read_bytes() == before
    assert [p.name for p in pdf.parent.iterdir() if p.name.endswith(".part")] == []


def test_a_handout_that_runs_over_two_pages_is_flagged(project, run):
    data = valid_briefing()
    for section in data["sections"]:
        section["body"] = "\n\n".join(["Practitioners should ask who lives in the home and why. " * 5] * 6)
    write_yaml(project / "briefings" / "long.yaml", data)
    code, _, err = run("build", "long")
    assert code == 0
    assert "briefings/long.yaml:1:1: warning: the printed handout runs to" in err
    assert "it should fit on one sheet (2 pages)" in err


def test_the_schema_editors_read_matches_the_format_the_kit_checks(run):
    code, out, _ = run("schema")
    assert code == 0
    assert out == (REPO / "schema" / "briefing.schema.json").read_text(), (
        "schema/briefing.schema.json is out of date: "
        "run python build.py schema --out schema/briefing.schema.json"
    )
    for source in SHIPPED:
        assert source.read_text().startswith("# yaml-language-server: $schema=../schema/briefing.schema.json")
