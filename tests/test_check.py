"""`check` as a careful editor: timing, identifying detail, acronyms, links; `new`; editor support."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import REPO, SHIPPED, valid_briefing, write_yaml
from pypdf import PdfReader

from sevenminute.authoring.lint import nhs_check_digit_ok
from sevenminute.pipeline.enrich.glossary import glossary
from sevenminute.pipeline.model import briefing_schema


def _line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _findings(run, path, *options) -> list[dict]:
    """The errors and warnings `check` reports (its notes, such as unconfirmed themes, apart)."""
    code, out, err = run("check", str(path), "--format", "json", *options)
    assert "Traceback" not in err
    return [finding for finding in json.loads(out) if finding["severity"] != "info"]


def test_the_shipped_briefings_pass_check_strict(run, monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, err = run("check", "--strict")
    assert code == 0, err
    assert "5 briefings checked: 0 errors, 0 warnings" in out


def test_check_prints_a_timing_table_for_each_briefing(project, run):
    code, out, _ = run("check", "family-a", "--pace", "100")
    assert code == 0
    assert "briefings/family-a.yaml: 673 words, about 6:44 at 100 words a minute" in out
    assert "Working with fathers" in out and "total" in out


@pytest.mark.parametrize(
    ("code", "planted"),
    [
        ("postcode", "The family lived near TS24 7PW for a year."),
        ("phone-number", "Her mobile was 07700 900123 at the time."),
        ("phone-number", "The office number was +44 (0)20 7946 0018."),
        ("email-address", "She wrote from jo.bloggs@example.com often."),
        ("nhs-number", "His NHS number, 943 476 5919, was on the letter."),
        ("ni-number", "Her National Insurance (NI) number was JK 12 34 56 A."),
        ("date-of-birth", "The child was born on 3 March 2015 in hospital."),
        ("date-of-birth", "Date of birth: 03/03/2015."),
        ("street-address", "They moved to 14 Acacia Avenue last spring."),
        ("personal-name", "Mrs Henderson, the neighbour, raised it."),
        ("personal-name", "Sarah Jones from the school raised it."),
    ],
)
def test_identifying_detail_is_reported_at_its_line(project, run, code, planted):
    data = valid_briefing()
    data["sections"][2]["body"] = f"An opening line.\n\nAnother line.\n\n{planted}\n"
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    found = [f for f in _findings(run, path) if f["code"] == code]
    assert len(found) == 1, found
    assert found[0]["line"] == _line_of(path, planted.split()[0] + " " + planted.split()[1])
    assert found[0]["severity"] == "warning"
    assert "allow:" in found[0]["message"]


def test_the_nhs_number_check_digit_decides(project, run):
    assert nhs_check_digit_ok("9434765919") and not nhs_check_digit_ok("9434765918")
    data = valid_briefing()
    data["sections"][0]["body"] = "A reference 943 476 5918 that is not an NHS number."
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    assert not [f for f in _findings(run, path) if f["code"] == "nhs-number"]


def test_helplines_in_resources_pseudonyms_and_allowed_values_are_not_reported(project, run):
    data = valid_briefing(
        pseudonyms=["Sarah Jones"],
        allow=[{"value": "0300 123 4567", "reason": "the partnership's public front door"}],
        resources=[{"title": "National Domestic Abuse Helpline, 0808 2000 247, help@example.org"}],
    )
    data["sections"][1]["body"] = (
        "Call the front door on 0300 123 4567. Sarah Jones and Ms A agreed; Mr D did not."
    )
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    assert _findings(run, path) == []


def test_an_acronym_used_before_it_is_spelled_out_is_reported_once_with_the_fix(project, run):
    data = valid_briefing()
    data["sections"][1]["body"] = "The case went to MARAC twice."
    data["sections"][3]["body"] = (
        "At the Multi-Agency Risk Assessment Conference (MARAC) nobody asked. "
        "A child in need (CIN) plan followed."
    )
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    found = [f for f in _findings(run, path) if f["code"] == "acronym"]
    assert [(f["line"], f["message"][:7]) for f in found] == [(_line_of(path, "went to MARAC"), "“MARAC”")]
    assert "write “Multi-Agency Risk Assessment Conference (MARAC)” the first time" in found[0]["message"]


def test_an_over_long_briefing_names_its_longest_sections_and_words_to_cut(project, run):
    data = valid_briefing()
    data["sections"][4]["body"] = " ".join(["word"] * 700)
    data["sections"][5]["body"] = " ".join(["word"] * 300)
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    (found,) = [f for f in _findings(run, path) if f["code"] == "too-long"]
    assert found["line"] == _line_of(path, "sections:")
    assert "cut about 110 words" in found["message"]  # 700 + 300 + 5 × 4 = 1,020 against 7 × 130 = 910
    assert "5 “Part 5” (700 words) and 6 “Part 6” (300 words)" in found["message"]


def test_links_placeholders_and_repeated_titles(project, run):
    data = valid_briefing()
    data["sections"][2]["body"] = "See [the policy](www.example.org/policy) before acting."
    data["sections"][3]["body"] = "TODO: write this part."
    data["sections"][5]["title"] = "Part 5"
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    codes = {f["code"]: f["line"] for f in _findings(run, path)}
    assert codes == {
        "link": _line_of(path, "[the policy]"),
        "placeholder": _line_of(path, "TODO: write"),
        "repeated-title": [n for n, line in enumerate(path.read_text().splitlines(), 1) if "Part 5" in line][
            1
        ],
    }


def test_strict_makes_warnings_errors_and_json_lists_every_field(project, run):
    data = valid_briefing()
    data["sections"][0]["body"] = "The MARAC met."
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    code, out, err = run("check", str(path))
    assert code == 0 and "warning: “MARAC” is used before it is spelled out" in err and "[acronym]" in err
    code, out, _ = run("check", str(path), "--strict", "--format", "json")
    assert code == 1
    findings = json.loads(out)
    (note,) = [f for f in findings if f["code"] == "themes-unconfirmed"]
    assert note["severity"] == "info"  # --strict never turns a note into an error
    (finding,) = [f for f in findings if f["code"] != "themes-unconfirmed"]
    assert set(finding) >= {"path", "line", "column", "severity", "code", "message"}
    assert finding["severity"] == "error" and finding["path"] == "briefings/child-z.yaml"


def test_format_errors_have_a_code_too(project, run):
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(sectoins=[]))
    code, out, _ = run("check", "child-z", "--format", "json")
    assert code == 1
    assert {f["code"] for f in json.loads(out)} == {"format"}


def test_the_glossary_has_forty_terms_including_the_common_ones():
    terms = glossary().terms
    assert len(terms) >= 40
    needed = (
        "MARAC MAPPA CSC ICPC PLO CP CIN DASH ACEs CAMHS MASH SPOC LSCB CSPR LCSPR DSL EHA IDVA FGM CSE NFA"
    )
    needed += " GP"
    assert set(needed.split()) <= {term.acronym for term in terms}


def test_the_handout_shows_the_terms_the_briefing_uses(built):
    out, _ = built
    html = (out / "child-o-hartlepool-stockton" / "index.html").read_text()
    assert "Terms used" in html and "<dt>MARAC</dt>" in html
    text = " ".join(page.extract_text() for page in PdfReader(out / "family-a" / "family-a.pdf").pages)
    text = " ".join(text.split())
    assert "Terms used" in text
    assert "CSPR Child Safeguarding Practice Review" in text and "CP Child Protection" in text


def test_new_asks_its_questions_and_writes_a_briefing_that_builds(project, run, monkeypatch):
    from click.testing import CliRunner

    from sevenminute.cli import cli

    # No partnership.yaml names one, so none is offered: never another briefing's.
    partnership = "Anytown Safeguarding Children Partnership"
    answers = "\n".join(["Child Z", partnership, "2024-05-01", "audit", "y", ""]) + "\n"
    result = CliRunner().invoke(cli, ["new"], input=answers, prog_name="python build.py")
    assert result.exit_code == 0, result.output
    path = project / "briefings" / "child-z.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/briefing.schema.json")
    assert "What worked well" in text  # the audit structure
    data = yaml.safe_load(text)
    assert data["partnership"] == partnership
    assert str(data["published"]) == "2024-05-01" and data["review"]["kind"] == "audit"
    assert "Partnership [" not in result.output  # nothing offered
    code, out, err = run("build", "child-z")
    assert code == 0, err
    assert (project / "output" / "child-z" / "child-z.pdf").is_file()
    code, out, err = run("check", "child-z")
    assert code == 0 and "[placeholder]" in err  # the TODOs are still to write


def test_new_never_overwrites_and_works_without_input(project, run):
    code, out, err = run(
        "new", "child-y", "--no-input", "--title", "Child Y", "--kind", "thematic", "--partnership", "Anytown"
    )
    assert code == 0, err
    first = (project / "briefings" / "child-y.yaml").read_text()
    assert "Signs to look for" in first
    code, out, err = run("new", "child-y", "--no-input")
    assert code == 2 and "already exists" in err and "never overwrites" in err
    assert (project / "briefings" / "child-y.yaml").read_text() == first
    parts = [f"--part=Own part {n}" for n in range(1, 8)]
    code, out, err = run("new", "child-x", "--no-input", *parts)
    assert code == 0, err
    assert (
        yaml.safe_load((project / "briefings" / "child-x.yaml").read_text())["sections"][6]["title"]
        == "Own part 7"
    )


def test_new_never_takes_the_partnership_from_another_briefing(project, run):
    # Seen: a new briefing carried "South Gloucestershire Children's Partnership", the newest
    # shipped briefing's. It is partnership.yaml's name, or left to write in.
    code, _, err = run("new", "child-v", "--no-input", "--title", "Child V")
    assert code == 0, err
    written = yaml.safe_load((project / "briefings" / "child-v.yaml").read_text())
    assert written["partnership"] == "TODO: the partnership's name"
    code, _, err = run("check", "child-v")
    assert "[placeholder]" in err
    (project / "partnership.yaml").write_text("name: Riverside Safeguarding Partnership\n")
    code, _, err = run("new", "child-u", "--no-input", "--title", "Child U")
    assert code == 0, err
    written = yaml.safe_load((project / "briefings" / "child-u.yaml").read_text())
    assert written["partnership"] == "Riverside Safeguarding Partnership"
    code, out, _ = run("new", "child-t", input="Child T\n\n2024-05-01\naudit\ny\n\n")
    assert "Partnership [Riverside Safeguarding Partnership]" in out, out
    written = yaml.safe_load((project / "briefings" / "child-t.yaml").read_text())
    assert written["partnership"] == "Riverside Safeguarding Partnership"


def test_every_shipped_briefing_names_the_committed_schema_which_is_in_step():
    for path in SHIPPED:
        assert path.read_text().startswith("# yaml-language-server: $schema=../schema/briefing.schema.json")
    assert (REPO / "schema" / "briefing.schema.json").read_text() == briefing_schema()
    assert "pseudonyms" in briefing_schema() and "allow" in briefing_schema()
