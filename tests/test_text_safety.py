"""Text that is not safe everywhere it goes (control, non-character and bidi override characters)
is refused at its line and column, in plain words, whether typed as itself or as a YAML escape."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import valid_briefing, write_text, write_yaml

from sevenminute.pipeline.load import load
from sevenminute.pipeline.validate import validate
from sevenminute.problems import BriefingError

UNSAFE_IN_OUTPUT = ("\x00", "\x07", "\x1b", "\u202e", "\u2066", "\ufffe")


def _briefing(project, **changes):
    """The child-z briefing written as YAML; returns its path."""
    return write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(**changes))


def _replace(path, old: str, new: str) -> tuple[int, int]:
    """Put `new` (YAML source text) in place of `old` in the file; the line and column where `new` starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if old in line:
            return number, line.index(old) + 1
    raise AssertionError(old)


def _lines_about(err: str, name: str = "briefings/child-z.yaml") -> list[str]:
    return [line for line in err.splitlines() if line.startswith(f"{name}:")]


def test_escaped_control_characters_in_a_summary_are_refused_by_check_at_each_escape(project, run):
    path = _briefing(project, summary="PLACEHOLDER")
    line, column = _replace(path, "PLACEHOLDER", r'"a\0b\ac\e[31m"')

    code, _, err = run("check", "child-z")

    assert code == 1
    assert "Traceback" not in err
    problems = _lines_about(err)
    assert problems == [
        f"briefings/child-z.yaml:{line}:{column + 2}: `\\0` here stands for an invisible control character "
        "(code 0x00), which cannot go into a briefing; delete it (inside double quotes a backslash starts "
        "a code like this; to write a backslash itself, type two: \\\\) [characters]",
        f"briefings/child-z.yaml:{line}:{column + 5}: `\\a` here stands for an invisible control character "
        "(code 0x07), which cannot go into a briefing; delete it (inside double quotes a backslash starts "
        "a code like this; to write a backslash itself, type two: \\\\) [characters]",
        f"briefings/child-z.yaml:{line}:{column + 8}: `\\e` here stands for an invisible control character "
        "(code 0x1b), which cannot go into a briefing; delete it (inside double quotes a backslash starts "
        "a code like this; to write a backslash itself, type two: \\\\) [characters]",
    ]


def test_escaped_control_characters_never_reach_the_output_and_the_feed_stays_valid(project, run):
    write_text(project / "partnership.yaml", "base_url: https://example.org/briefings/\n")
    path = _briefing(project, summary="PLACEHOLDER")
    line, _ = _replace(path, "PLACEHOLDER", r'"a\0b\ac\e[31m"')

    code, out, err = run("build", "--format", "html")

    assert code == 1
    assert "Traceback" not in out + err
    assert any(
        x.startswith(f"briefings/child-z.yaml:{line}:") and "(code 0x07)" in x for x in err.splitlines()
    )
    assert not (project / "output" / "child-z").exists()
    for made in (project / "output").rglob("*"):
        if made.is_file() and made.suffix in (".html", ".xml", ".json", ".js"):
            text = made.read_text(encoding="utf-8")
            assert not any(char in text for char in UNSAFE_IN_OUTPUT), made
    ET.fromstring((project / "output" / "feed.xml").read_text(encoding="utf-8"))


def test_a_right_to_left_override_typed_into_a_section_is_refused_at_its_exact_place(project, run):
    path = _briefing(project)
    line, column = _replace(path, "number 3.", "number \u202e3.")

    code, _, err = run("check", "child-z")

    assert code == 1
    assert _lines_about(err) == [
        f"briefings/child-z.yaml:{line}:{column + 7}: there is a right-to-left override character (U+202E) "
        "here, which can make text display in a different order from how it reads; delete it (it often "
        "comes from text pasted out of another program; Arabic and Hebrew text displays the right way "
        "round without it) [characters]"
    ]


def test_an_escaped_isolate_character_is_refused_at_its_escape(project, run):
    path = _briefing(project)
    line, column = _replace(path, "Learning point number 3.", r'"Learning point \u2066number 3."')

    code, _, err = run("check", "child-z")

    assert code == 1
    (problem,) = _lines_about(err)
    assert problem.startswith(
        f"briefings/child-z.yaml:{line}:{column + 16}: `\\u2066` here stands for a left-to-right isolate "
        "character (U+2066), which can make text display in a different order from how it reads; delete it"
    )


@pytest.mark.parametrize(
    ("escape", "words"),
    [
        (r"\uFFFE", "a non-character (U+FFFE)"),
        (r"\uffff", "a non-character (U+FFFF)"),
        (r"\ud800", "half of a broken character (U+D800)"),
        (r"\udc00", "half of a broken character (U+DC00)"),
        (r"\x9b", "an invisible control character (code 0x9b)"),
        (r"\N", "an invisible control character (code 0x85)"),
        (r"\x7f", "an invisible control character (code 0x7f)"),
    ],
)
def test_escapes_the_feed_cannot_carry_are_refused_not_a_crash(project, run, escape, words):
    path = _briefing(project, title="PLACEHOLDER")
    line, column = _replace(path, "PLACEHOLDER", f'"Child {escape}Z"')

    code, out, err = run("build", "child-z", "--format", "html")

    assert code == 1
    assert "Traceback" not in out + err and "fault in the kit" not in out + err
    assert any(
        x.startswith(f"briefings/child-z.yaml:{line}:{column + 7}: `{escape}` here stands for {words}")
        for x in err.splitlines()
    ), err
    assert not (project / "output" / "child-z").exists()


def test_an_escape_past_the_last_character_is_refused_not_a_crash(project, run):
    path = _briefing(project, title="PLACEHOLDER")
    line, column = _replace(path, "PLACEHOLDER", r'"Child \U00110000Z"')

    code, out, err = run("check", "child-z")

    assert code == 1
    assert "Traceback" not in out + err
    assert (
        f"briefings/child-z.yaml:{line}:{column + 7}: `\\U00110000` here is not a real character; delete it"
        in err
    )


def test_every_unsafe_character_in_the_file_is_reported_at_once_in_line_order(project, run):
    path = _briefing(project)
    bell_line, _ = _replace(path, "Learning point number 5.", r'"Learning point \a5."')
    override_line, _ = _replace(path, "number 2.", "number \u202e2.")
    escape_key_line, _ = _replace(path, "partnership:", '"partner\\eship":')

    code, _, err = run("check", "child-z")

    assert code == 1
    lines = [int(x.split(":")[1]) for x in _lines_about(err)]
    assert lines == sorted([bell_line, override_line, escape_key_line])
    assert all("[characters]" in x for x in _lines_about(err))


def test_keys_are_checked_as_well_as_values(tmp_path):
    path = write_text(tmp_path / "child-z.yaml", 'title: Child Z\n"sum\\x07mary": A summary.\n')
    with pytest.raises(BriefingError) as raised:
        load(path)
    (problem,) = raised.value.problems
    assert (problem.line, problem.column, problem.code) == (2, 5, "characters")
    assert "(code 0x07)" in problem.message


def test_an_override_in_the_partnership_settings_stops_the_build_with_its_place(project, run):
    write_text(project / "partnership.yaml", "name: Riverside \u202eSafeguarding Partnership\n")

    code, out, err = run("build", "--format", "html")

    assert code == 1
    assert "partnership.yaml:1:17: there is a right-to-left override character (U+202E) here" in err
    assert "Nothing built: fix partnership.yaml first." in out + err


def test_ordinary_text_with_tabs_emoji_accents_welsh_and_arabic_still_builds(project, run):
    data = valid_briefing(
        title="Siobhán and Dafydd",
        summary="Tabs\tand emoji 😀 👨‍👩‍👧 and “curly quotes” – all fine.",
    )
    data["sections"][1]["body"] = "Line one.\nLine two, with a tab:\there.\r\nAnd Zoë, Siân, Łukasz."
    data["sections"][2]["body"] = "Mae’r plentyn yn ddiogel. قالت الأم إنها شعرت بالأمان. והילד דיבר."
    data["sections"][3]["body"] = "Right-to-left mark \u200f and non-breaking\u00a0space are ordinary."
    write_yaml(project / "briefings" / "child-z.yaml", data)
    write_text(
        project / "partnership.yaml",
        "name: Cyngor Sir Ddinbych – Siobhán's team\nbase_url: https://example.org/\n",
    )

    briefing = validate(load(project / "briefings" / "child-z.yaml"))
    assert briefing.title == "Siobhán and Dafydd"
    code, _, err = run("build", "child-z", "--format", "html")
    assert code == 0, err
    html = (project / "output" / "child-z" / "index.html").read_text(encoding="utf-8")
    for words in ("Siobhán", "😀", "Mae’r plentyn yn ddiogel", "قالت الأم إنها شعرت بالأمان", "Łukasz"):
        assert words in html
    ET.fromstring((project / "output" / "feed.xml").read_text(encoding="utf-8"))


def test_a_partnerships_own_bank_or_glossary_with_unsafe_text_is_refused_at_its_line(tmp_path):
    from sevenminute.pipeline.bank import bank_path, question_bank
    from sevenminute.pipeline.enrich.glossary import glossary, glossary_path

    bank = tmp_path / "bank.yaml"
    text = bank_path().read_text(encoding="utf-8")
    bank.write_text(text.replace("name: Domestic abuse", "name: Domestic \u202eabuse", 1), encoding="utf-8")
    with pytest.raises(BriefingError) as refused:
        question_bank(bank)
    problem = refused.value.problems[0]
    assert "right-to-left override character (U+202E)" in problem.message
    assert problem.line == 8
    terms = tmp_path / "glossary.yaml"
    text = glossary_path().read_text(encoding="utf-8")
    terms.write_text(text.replace("stands_for: anti-social behaviour", 'stands_for: "anti\\e[31m"', 1))
    with pytest.raises(BriefingError) as refused:
        glossary(terms)
    assert "`\\e` here stands for an invisible control character" in refused.value.problems[0].message
