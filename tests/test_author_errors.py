"""An author makes a mistake and is told where, in plain words, while the other briefings still build."""

from __future__ import annotations

from conftest import valid_briefing, write_text, write_yaml


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_six_sections_are_reported_at_the_sections_line_and_the_rest_still_build(project, run):
    data = valid_briefing()
    data["sections"] = data["sections"][:6]
    write_yaml(project / "briefings" / "child-z.yaml", data)
    sections_line = (project / "briefings" / "child-z.yaml").read_text().splitlines().index("sections:") + 1

    code, out, err = run("build")

    assert code == 1
    assert (
        f"briefings/child-z.yaml:{sections_line}:1: a briefing needs exactly seven sections, "
        "in delivery order; this one has six"
    ) in err
    assert "5 briefings built, 1 failed" in out
    assert (project / "output" / "family-a" / "family-a.pdf").is_file()
    assert not (project / "output" / "child-z").exists()


def test_a_misspelt_key_gets_a_did_you_mean(project, run):
    write_text(
        project / "briefings" / "child-z.yaml",
        """
        title: Child Z
        partnership: Anytown Partnership
        published: 2024-03-01
        review: {kind: CSPR}
        summary: A short summary.
        sectoins: []
    """,
    )
    code, _, err = run("check", "briefings/child-z.yaml")
    assert code == 1
    assert (
        "briefings/child-z.yaml:6:1: `sectoins` is not a key a briefing can have; did you mean `sections`?"
        in err
    )
    assert "Traceback" not in err


def test_an_unknown_key_inside_a_section_is_named_with_its_section(project, run):
    data = valid_briefing()
    data["sections"][2]["note"] = "for the facilitator"
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    line, column = next(
        (n, text.index("note:") + 1)
        for n, text in enumerate(path.read_text().splitlines(), 1)
        if "note:" in text
    )
    code, _, err = run("check", str(path))
    assert code == 1
    assert (
        f"child-z.yaml:{line}:{column}: `note` is not a key a briefing can have in section 3; "
        "did you mean `notes`?" in err
    )


def test_a_date_in_words_is_explained(project, run):
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(published="1st June 2022"))
    code, _, err = run("check", "child-z")
    assert code == 1
    assert (
        "briefings/child-z.yaml:3:12: `published` should be a year (2023), a month (2023-01) or a "
        "day (2023-01-15), as precisely as the source gives it; found '1st June 2022'" in err
    )


def test_an_impossible_date_is_explained(project, run):
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing())
    path = project / "briefings" / "child-z.yaml"
    path.write_text(path.read_text().replace("'2024-03-01'", "2024-02-30"))
    code, _, err = run("check", "child-z")
    assert code == 1
    assert "briefings/child-z.yaml:3:12: '2024-02-30' looks like a date but is not a real one" in err


def test_too_many_theme_questions_is_said_with_the_limits_the_format_declares(project, run):
    """The limits come from the model: the file's check and the command line's option agree."""
    from sevenminute.pipeline.model import THEME_QUESTIONS_MOST

    write_yaml(
        project / "briefings" / "child-z.yaml", valid_briefing(theme_questions=THEME_QUESTIONS_MOST + 8)
    )
    code, _, err = run("check", "child-z")
    assert code == 1
    assert (
        f"`theme_questions` should be a number from 0 to {THEME_QUESTIONS_MOST}; found the number 20" in err
    )
    code, _, err = run("build", "child-z", "--theme-questions", str(THEME_QUESTIONS_MOST + 1))
    assert code == 2 and f"0<=x<={THEME_QUESTIONS_MOST}" in err


def test_a_duplicate_key_names_both_lines(project, run):
    write_text(
        project / "briefings" / "child-z.yaml",
        """
        title: Child Z
        partnership: Anytown Partnership
        title: Child Y
    """,
    )
    code, _, err = run("check", "child-z")
    assert code == 1
    assert "briefings/child-z.yaml:3:1: `title` is given twice (first on line 1); keep one of them" in err


def test_broken_yaml_points_at_the_line(project, run):
    write_text(
        project / "briefings" / "child-z.yaml",
        """
        title: Child Z
        summary: The review said: do better
    """,
    )
    code, out, err = run("build")
    assert code == 1
    assert "briefings/child-z.yaml:2:25: a colon followed by a space starts a new key here" in err
    assert "5 briefings built, 1 failed" in out


def test_a_missing_required_key_and_a_wrong_type_are_both_reported(project, run):
    data = valid_briefing(summary=None)
    data["sections"][1]["body"] = ["a list", "not text"]
    write_yaml(project / "briefings" / "child-z.yaml", data)
    code, _, err = run("check", "child-z")
    assert code == 1
    lines = _lines(err)
    assert any(line.endswith("`summary` is missing; add a `summary:` line [format]") for line in lines)
    assert any("section 2 `body` should be text, but here it is a list of 2" in line for line in lines)


def test_a_review_kind_in_the_wrong_case_gets_a_suggestion(project, run):
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(review={"kind": "cspr"}))
    code, _, err = run("check", "child-z")
    assert code == 1
    assert (
        "`kind` must be one of CSPR, LCSPR, rapid-review, audit, thematic, SAR, DHR, other; "
        "found 'cspr'; did you mean `CSPR`?" in err
    )


def test_yaml_cannot_construct_objects(project, run):
    write_text(
        project / "briefings" / "child-z.yaml",
        """
        title: !!python/object/apply:os.system ["echo hacked"]
    """,
    )
    code, out, err = run("check", "child-z")
    assert code == 1
    assert "hacked" not in out
    assert "briefings/child-z.yaml:1:8:" in err


def test_an_empty_file_is_explained(project, run):
    (project / "briefings" / "child-z.yaml").write_text("")
    code, _, err = run("check", "child-z")
    assert code == 1
    assert "briefings/child-z.yaml:1:1: the file is empty" in err


def test_a_valid_briefing_checks_clean(project, run):
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(themes_confirmed="2024-03-02"))
    code, out, err = run("check", "child-z")
    assert code == 0, err
    assert "briefings/child-z.yaml: 28 words, about 0:13 at 130 words a minute" in out
    assert "1 briefing checked: 0 errors, 0 warnings" in out and err == ""
