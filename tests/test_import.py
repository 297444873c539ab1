"""`import`: a first draft of a briefing from a full review, with every recommendation kept."""

from __future__ import annotations

import html
import os
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

SEEDS = REPO.parent / "shared" / "seeds"
# The recommendations each source document makes (Mark and Lloyd lists actions, not recommendations).
EXPECTED = {"000": 6, "001": 8, "002": 0, "003": 6, "004": 14}

OWN_REVIEW = """
Anytown Safeguarding Children Partnership
Rapid review: Child Z
March 2024

Our story so far

Child Z is a toddler who lived with a parent and a grandparent. Health visitors saw the family
often, and nursery staff noticed bruises twice in one month, which they recorded and shared.

Things we noticed

The bruises were explained by falls and nobody compared the accounts. The grandparent was
never asked about the household, and the records in three agencies told three different stories.

What we ask of you

1. Compare what each agency was told before accepting an explanation for an injury.
2. Speak to every adult who lives in the household, not only the parent who attends.
3. Use one shared chronology when a child has two or more unexplained bruises.

Good practice

Nursery staff recorded both injuries on the day and told the health visitor at once.
"""


KIND = {"000": "LCSPR", "001": "CSPR", "002": "CSPR", "003": "audit", "004": "LCSPR"}
# One theme each shipped briefing is about, which the whole review should show too.
THEME = {
    "000": "domestic-abuse",
    "001": "fathers-and-men",
    "002": "domestic-abuse",
    "003": "domestic-abuse",
    "004": "information-sharing",
}


def _section(path: Path, title: str) -> str:
    data = yaml.safe_load(path.read_text())
    return next(s["body"] for s in data["sections"] if s["title"] == title)


def _recommendations(path: Path) -> dict[int, str]:
    body = _section(path, "Recommendations")
    return {int(n): text for n, text in re.findall(r"^(\d+)\. (.*)$", body, re.M)}


def _recommendation_numbers(path: Path) -> list[int]:
    return sorted(_recommendations(path))


def _words(text: str) -> str:
    return " ".join(re.sub(r"[*\\]", "", text).split())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside this checkout")
@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_each_source_document_imports_into_a_draft_that_checks_and_builds(project, run, prefix):
    source = next(SEEDS.glob(f"{prefix}_*.txt"))
    target = project / "briefings" / f"import-{prefix}.yaml"
    code, out, err = run("import", str(source), "--out", str(target))
    assert code == 0, err
    assert "Draft:" in out and "minutes at 130 words a minute" in out
    assert "Where each part of the review went:" in out
    code, _, err = run("check", str(target))
    assert code == 0, err  # warnings (TODOs, acronyms to spell out) are expected, errors are not
    code, _, err = run("build", str(target), "--format", "html")
    assert code == 0, err

    data = yaml.safe_load(target.read_text())
    assert len(data["sections"]) == 7
    assert data["review"]["kind"] == KIND[prefix]
    assert THEME[prefix] in data["themes"], data["themes"]
    words = sum(len(section["body"].split()) for section in data["sections"])
    assert words <= 7 * 130, f"the draft runs past seven minutes: {words} words"

    recommendations = _recommendations(target)
    assert sorted(recommendations) == list(range(1, EXPECTED[prefix] + 1)), recommendations
    review = _words(source.read_text())
    for number, text in recommendations.items():
        start = _words(text).rstrip("…").split()[:5]
        places = [m.start() for m in re.finditer(re.escape(" ".join(start)), review)]
        assert places, f"recommendation {number} is not the review's words: {text}"
        if prefix != "003":  # the audit lists its recommendations without numbers
            labelled = rf"(Recommendation {number}\b[^.]*|(^|\s){number}\.\s*)$"
            assert any(re.search(labelled, review[max(0, at - 40) : at]) for at in places), number
    if EXPECTED[prefix] == 0:
        assert "TODO" in _section(target, "Recommendations")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside this checkout")
@pytest.mark.parametrize("prefix", ["001", "004"])
def test_a_review_printed_to_pdf_imports_like_its_text(project, run, prefix):
    """The PDF's lines are joined back into paragraphs: the same parts and recommendations."""
    from weasyprint import HTML

    source = next(SEEDS.glob(f"{prefix}_*.txt"))
    paragraphs = [line for line in source.read_text().splitlines() if line.strip()]
    HTML(string="".join(f"<p>{html.escape(line)}</p>" for line in paragraphs)).write_pdf(
        project / "review.pdf"
    )
    assert run("import", str(source), "--out", "from-text.yaml")[0] == 0
    code, out, err = run("import", "review.pdf", "--out", "from-pdf.yaml")
    assert code == 0, err
    assert _recommendations(project / "from-pdf.yaml") == _recommendations(project / "from-text.yaml")
    text_draft = yaml.safe_load((project / "from-text.yaml").read_text())
    pdf_draft = yaml.safe_load((project / "from-pdf.yaml").read_text())
    assert [s["notes"] for s in pdf_draft["sections"]] == [s["notes"] for s in text_draft["sections"]]
    assert pdf_draft["themes"] == text_draft["themes"]


def test_unusual_headings_still_give_seven_sections_and_the_report_says_what_it_guessed(project, run):
    review = project / "child-z-review.txt"
    review.write_text(OWN_REVIEW)
    code, out, err = run("import", str(review), "--out", "briefings/child-z.yaml")
    assert code == 0, err
    # the report names each heading, where it went, and why where it guessed
    read = r"— guessed: its heading and opening read as"
    assert re.search(
        rf"“Our story so far” \(\d+ words\) → What happened {read} what happened \(0\.\d\d\)", out
    ), out
    assert re.search(rf"“Things we noticed” \(\d+ words\) → What the review found {read} findings", out)
    assert re.search(
        r"“What we ask of you” .*→ Recommendations — guessed: it has the longest numbered list", out
    )
    assert re.search(r"“Good practice” \(\d+ words\) → Good practice and changes\n", out)
    assert "“Learning for practice”: nothing of its own" in out or "left as TODO" in out
    target = project / "briefings" / "child-z.yaml"
    data = yaml.safe_load(target.read_text())
    assert len(data["sections"]) == 7
    assert data["title"] == "Child Z"
    assert data["partnership"] == "Anytown Safeguarding Children Partnership"
    assert data["review"]["kind"] == "rapid-review"
    assert str(data["published"]) == "2024-03"  # the month the review gives, no invented day
    assert data["status"] == "draft"
    assert data["summary"].startswith("Child Z is a toddler")
    assert "toddler" in _section(target, "What happened")
    assert "nobody compared" in _section(target, "What the review found")
    assert "Anytown" not in _section(target, "Introduction")  # the title lines are not body text
    assert _recommendation_numbers(target) == [1, 2, 3]
    # A toddler walks: the babies theme (injury in babies who cannot move about) would not fit.
    assert "babies-and-injury" not in (data.get("themes") or []), data.get("themes")
    assert run("check", "briefings/child-z.yaml")[0] == 0


LETTERED = """
# Learning review: Adult M

## Background

Adult M is a man in his sixties who lived alone and cared for his brother. Neighbours raised
concerns with the housing officer twice, and the GP saw him for a fall in the same month.

## Recommendation A

The board should ask every agency how it records carers' own needs.

## Recommendation B

Housing staff should know how to raise a safeguarding concern about an adult.

**Recommendation C:** Review the carers' assessment pathway within six months.

## Further information

- Carers' support line: https://carers.example.org/support
- Adult safeguarding procedures <https://procedures.example.org/adults>
"""


def test_lettered_recommendations_under_headings_and_further_information_links(project, run):
    review = project / "adult-m.md"
    review.write_text(LETTERED)
    code, out, err = run("import", str(review), "--out", "briefings/adult-m.yaml")
    assert code == 0, err
    target = project / "briefings" / "adult-m.yaml"
    body = _section(target, "Recommendations")
    assert body.splitlines() == [
        "- (a) The board should ask every agency how it records carers' own needs.",
        "- (b) Housing staff should know how to raise a safeguarding concern about an adult.",
        "- (c) Review the carers' assessment pathway within six months.",
    ]
    data = yaml.safe_load(target.read_text())
    assert data["resources"] == [
        {"title": "Carers' support line", "url": "https://carers.example.org/support"},
        {"title": "Adult safeguarding procedures", "url": "https://procedures.example.org/adults"},
    ]
    assert data["review"]["kind"] == "other"  # "learning review" names no kind the format knows
    assert "# TODO: one of CSPR" in target.read_text()
    assert "Kind: other (not stated near the top; check it)" in out
    assert run("check", "briefings/adult-m.yaml")[0] == 0


def test_a_part_too_large_is_split_and_what_was_cut_is_reported(project, run):
    sentences = [
        f"Finding {n}: the agencies involved did not share what they knew about the risk at home."
        for n in range(1, 41)
    ]
    review = project / "big.md"
    review.write_text(
        "# Child safeguarding practice review: Child V\n\n## Findings\n\n" + " ".join(sentences) + "\n\n"
        "## Recommendations\n\n1. Share what you know about risk at home with every agency involved.\n"
    )
    code, out, err = run("import", str(review), "--out", "briefings/child-v.yaml")
    assert code == 0, err
    target = project / "briefings" / "child-v.yaml"
    found = _section(target, "What the review found")
    learning = _section(target, "Learning for practice")
    assert found.startswith("Finding 1:")
    assert re.match(r"Finding \d+:", learning) and "Finding 1:" not in learning  # the rest, not a repeat
    assert (
        "“Learning for practice”: nothing of its own, so it takes the rest of “What the review found”." in out
    )
    assert re.search(r"“What the review found”: kept \d+ words, cut \d+\.", out)
    words = sum(len(s["body"].split()) for s in yaml.safe_load(target.read_text())["sections"])
    assert f"Draft: {words} words" in out


def test_a_word_file_and_a_pdf_with_text_import_and_a_scan_is_explained(project, run):
    import docx
    from weasyprint import HTML

    document = docx.Document()
    document.add_heading("Rapid review: Child Y", level=1)
    document.add_paragraph("Anytown Safeguarding Children Partnership")
    document.add_heading("Background", level=2)
    document.add_paragraph("Child Y was known to three agencies. " * 6)
    document.add_heading("Recommendations", level=2)
    for text in ("Share injury records with the health visitor.", "Audit ten cases within a year."):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph().add_run("What went well").bold = True
    document.add_paragraph(
        "The school nurse kept a careful record of every visit and shared it the same day."
    )
    document.save(project / "child-y.docx")
    code, out, err = run("import", str(project / "child-y.docx"), "--out", "briefings/child-y.yaml")
    assert code == 0, err
    assert _recommendation_numbers(project / "briefings" / "child-y.yaml") == [1, 2]
    good = _section(project / "briefings" / "child-y.yaml", "Good practice and changes")
    assert good.startswith("The school nurse kept a careful record")  # a bold line is a heading
    assert "“What went well” (16 words) → Good practice and changes" in out

    body = "Words of the review here. " * 20
    html = "<h1>Rapid review: Child X</h1>"
    html += "".join(f"<h2>{heading}</h2><p>{body}</p>" for heading in ("Background", "Findings", "Learning"))
    html += "<h2>Recommendations</h2><p>Recommendation 1: Ask every adult at home about safety.</p>"
    HTML(string=html).write_pdf(project / "child-x.pdf")
    code, out, err = run("import", str(project / "child-x.pdf"), "--out", "briefings/child-x.yaml")
    assert code == 0, err
    assert "Ask every adult at home about safety" in (project / "briefings" / "child-x.yaml").read_text()

    HTML(string="<p></p>").write_pdf(project / "scan.pdf")
    code, _, err = run("import", str(project / "scan.pdf"), "--out", "briefings/scan.yaml")
    assert code == 1 and "no text layer" in err and "Traceback" not in err


def test_import_never_overwrites(project, run):
    review = project / "review.txt"
    review.write_text(OWN_REVIEW)
    before = (project / "briefings" / "family-a.yaml").read_text()
    code, _, err = run("import", str(review), "--out", "briefings/family-a.yaml")
    assert code == 1 and "never overwrites" in err
    assert (project / "briefings" / "family-a.yaml").read_text() == before


def test_files_it_cannot_read_get_a_plain_reason_and_no_draft(project, run):
    from pypdf import PdfWriter
    from weasyprint import HTML

    HTML(string="<h1>Review</h1>" + "<p>Some words of the review here.</p>" * 30).write_pdf(
        project / "open.pdf"
    )
    writer = PdfWriter(clone_from=project / "open.pdf")
    writer.encrypt("secret")
    writer.write(project / "locked.pdf")
    (project / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    (project / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (project / "latin.txt").write_bytes("Caf\xe9 review".encode("latin-1"))
    (project / "fake.docx").write_text("not a zip")
    (project / "broken.pdf").write_bytes(b"%PDF-1.7 nothing else")
    expected = {
        "locked.pdf": "password-protected",
        "old.doc": "save the review as .docx",
        "binary.txt": "not a text file",
        "latin.txt": "not UTF-8",
        "fake.docx": "not a Word .docx file",
        "broken.pdf": "cannot be read",
    }
    for name, reason in expected.items():
        code, out, err = run("import", name, "--out", f"briefings/{name}.yaml")
        assert code == 1, (name, out, err)
        assert reason in err and name in err, (name, err)
        assert "Traceback" not in err
        assert not (project / "briefings" / f"{name}.yaml").exists()


HEADINGS = [
    "# Background", "## Findings", "KEY LEARNING", "**Good practice**", "3. Recommendations",
    "Recommendations:", "Theme: Working together", "Further information", "Our story", "Appendix 2",
]  # fmt: skip
LINE = st.one_of(
    st.sampled_from(HEADINGS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120),
    st.builds(lambda n, t: f"{n}. {t}", st.integers(0, 30), st.text(max_size=60)),
    st.builds(lambda n, t: f"Recommendation {n}: {t}", st.integers(1, 20), st.text(max_size=60)),
    st.builds(lambda t: f"- {t} https://example.org/{t[:5]}", st.text(max_size=30)),
    st.just("Child Q lived with her mother and did not attend nursery for a month. " * 3),
    st.just(""),
)


@settings(
    max_examples=int(os.environ.get("SEVENMINUTE_IMPORT_EXAMPLES", "300")), deadline=None, derandomize=True
)
@given(st.lists(LINE, max_size=60))
def test_any_review_text_gives_a_draft_that_validates(lines):
    """Whatever the review holds, the draft is a source the kit accepts, with seven sections."""
    from sevenminute.importer.draft import draft_briefing
    from sevenminute.pipeline.validate import read_briefing

    draft = draft_briefing("\n".join(lines))
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "draft.yaml"
        path.write_text(draft.yaml, encoding="utf-8")
        briefing = read_briefing(path)
    assert len(briefing.sections) == 7
    assert draft.report[-1].startswith("Draft:")
