"""A briefing's Welsh version (issue 35, its first part): briefings/<name>.cy.yaml beside
briefings/<name>.yaml. `check` pairs the two and reports, at its line, any difference in
parts, list items, questions, contacts, resources or helplines, and which changed after the
other; the build never publishes a Welsh version as if it were an English briefing, but into
the Welsh library with it."""

from __future__ import annotations

import copy

from conftest import valid_briefing, write_yaml

RECOMMENDATIONS = (
    "The review asks agencies to:\n\n1. Ask about fathers.\n2. Share plans.\n3. Check records.\n"
)


def _pair(project, welsh_changes=None, **english_changes):
    english = valid_briefing(
        updated="2024-04-01",
        questions=["How do we hear from fathers?"],
        resources=[{"title": "Working together", "url": "https://www.gov.uk/working-together"}],
        **english_changes,
    )
    english["sections"][5]["body"] = RECOMMENDATIONS
    welsh = copy.deepcopy(english)
    welsh["title"] = "Plentyn Z"
    for key, value in (welsh_changes or {}).items():
        welsh[key] = value
    write_yaml(project / "briefings" / "child-z.yaml", english)
    return write_yaml(project / "briefings" / "child-z.cy.yaml", welsh), welsh


def _line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(text))


def test_a_welsh_version_with_six_parts_is_reported_at_its_sections_line(project, run):
    english = valid_briefing()
    sections = english["sections"][:6]
    path, _ = _pair(project, {"sections": sections})
    code, out, err = run("check", "child-z")
    out += err
    assert code == 1
    at = _line_of(path, "sections:")
    assert (
        f"briefings/child-z.cy.yaml:{at}:1: the Welsh version has 6 parts and the English 7 parts: a version "
        "has the same parts, in the same order [version-mismatch]" in out
    )


def test_a_recommendation_left_out_of_the_welsh_is_reported_at_its_part(project, run):
    english = valid_briefing()
    sections = copy.deepcopy(english["sections"])
    sections[5]["body"] = (
        "Mae'r adolygiad yn gofyn i asiantaethau:\n\n1. Holi am dadau.\n2. Rhannu cynlluniau.\n"
    )
    path, _ = _pair(project, {"sections": sections})
    code, out, err = run("check", "child-z")
    out += err
    assert code == 1
    line = next(line for line in out.splitlines() if "part 6 has" in line)
    assert "part 6 has 2 list items in the Welsh version and 3 in the English" in line
    lines = path.read_text().splitlines()
    reported = lines[int(line.split(":")[1]) - 1].strip()
    sixth_body = [n for n, text in enumerate(lines, 1) if text.strip().startswith("body:")][5]
    assert int(line.split(":")[1]) in (sixth_body, sixth_body + 1), (reported, sixth_body)


def test_a_question_or_resource_missing_from_one_side_is_counted(project, run):
    path, _ = _pair(project, {"questions": [], "resources": []})
    code, out, err = run("check", "child-z")
    out += err
    assert code == 1
    at = _line_of(path, "questions:")
    assert f"child-z.cy.yaml:{at}:1: the Welsh version has 0 questions and the English 1 question" in out
    assert "the Welsh version has 0 resources and the English 1 resource" in out


def test_which_version_changed_after_the_other_is_said_at_the_one_behind(project, run):
    path, _ = _pair(project, {"updated": "2024-03-01"})
    code, out, err = run("check", "child-z")
    out += err
    assert code == 0  # a note to act on, not an error
    assert (
        f"briefings/child-z.cy.yaml:{_line_of(path, 'updated:')}:1: warning: the English version changed on "
        "1 April 2024, after the Welsh (1 March 2024): bring the Welsh version up to date" in out
    )
    _pair(project, {"updated": "2024-05-02"})
    _, out, err = run("check", "child-z")
    out += err
    assert (
        "briefings/child-z.yaml:" in out
        and "the Welsh version changed on 2 May 2024, after the English" in out
    )
    _pair(project)  # the same day: nothing said
    code, out, err = run("check", "child-z")
    out += err
    assert code == 0 and "version-" not in out


def test_the_build_never_publishes_a_welsh_version_as_an_english_briefing(project, run):
    _pair(project)
    code, out, err = run("build")
    assert code == 0, err
    assert (project / "output" / "child-z").is_dir() and not (project / "output" / "child-z-cy").exists()
    assert "Plentyn Z" not in (project / "output" / "index.html").read_text(encoding="utf-8")
    assert "Plentyn Z" in (project / "output" / "cy" / "child-z" / "index.html").read_text(encoding="utf-8")
    code, out, err = run("build", "child-z.cy")  # the Welsh version named: built with its briefing
    assert code == 0, err
    assert "1 briefing built" in out or "up to date" in out
    (project / "briefings" / "child-z.yaml").unlink()
    code, _, err = run("build", "child-z.cy")
    assert code == 2 and "child-z.cy.yaml is the Welsh version of child-z.yaml, which is not there" in err
