"""Import from the files reviews really come in: the stories of a new user's first reviews,
told through one review written (scripts/review_files.py) as Markdown, text, Word and PDF."""

from __future__ import annotations

import copy
import re
import sys

import pytest
import yaml
from conftest import REPO, script

sys.path.insert(0, str(REPO / "scripts"))
import review_files  # noqa: E402

from sevenminute.importer.draft import draft_briefing  # noqa: E402
from sevenminute.importer.meta import read_meta  # noqa: E402
from sevenminute.importer.parts import split_parts  # noqa: E402
from sevenminute.importer.read import read_review  # noqa: E402
from sevenminute.importer.recommendations import recommendations  # noqa: E402
from sevenminute.importer.text import printable  # noqa: E402

# A local review whose first paragraph mentions the rapid review before it, with a full date,
# numbered capitalised headings, findings under "What we found", and lettered recommendations.
REVIEW = {
    "name": "child-h",
    "kind": "LCSPR",
    "document_title": "Local Child Safeguarding Practice Review: Child H",
    "title": "Child H",
    "partnership": "Northshire Safeguarding Children Partnership",
    "date": "2024-03-04",
    "date_text": "Published: 4 March 2024",
    "heading_style": "numbered-caps",
    "recommendations_style": "lettered",
    "sections": [
        {
            "heading": "Executive summary",
            "role": "introduction",
            "paragraphs": [
                "This review followed a rapid review held in May 2023. It looks at how agencies worked "
                "with Child H, aged six, and her mother in the year before Child H was admitted to "
                "hospital with a head injury."
            ],
        },
        {
            "heading": "What happened",
            "role": "what-happened",
            "paragraphs": [
                "Child H lived with her mother and her mother's new partner. The school noticed bruises "
                "twice and spoke to her mother, who said Child H had fallen in the park."
            ],
        },
        {
            "heading": "What we found",
            "role": "findings",
            "paragraphs": ["The review found four things that need to change."],
            "bullets": [
                "Nobody asked Child H what life at home was like.",
                "The school's worries never reached the GP or the health visitor.",
                "The new partner's history was never checked by any agency.",
                "Each injury was treated as if it were the first.",
            ],
        },
        {
            "heading": "Recommendations",
            "role": "recommendations",
            "recommendations": [
                {"number": "a", "text": "Schools should share any unexplained bruise with the GP and health "
                 "visitor on the same day.", "lead": "Education"},
                {"number": "b", "text": "Social workers should see every child alone at each visit and "
                 "record what the child says in their own words.", "lead": "Children's social care"},
                {"number": "c", "text": "Agencies should check the history of any new adult living in a "
                 "child's home when a concern is raised.", "lead": "Police"},
                {"number": "d", "text": "The partnership should audit how repeated injuries are recorded "
                 "across agencies within a year.", "lead": "Partnership"},
            ],
        },
    ],
}  # fmt: skip


def _read(path):
    text = printable(read_review(path))
    meta = read_meta(text)
    parts = split_parts(text, meta)
    return text, meta, parts, recommendations(text, parts)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The review in every file type, lettered; and again with a recommendations table."""
    folder = tmp_path_factory.mktemp("reviews")
    lettered = {kind: path for _, kind, path in review_files.write_all(folder / "lettered", [REVIEW])}
    table = copy.deepcopy(REVIEW)
    table["recommendations_style"] = "table"
    for number, rec in enumerate(table["sections"][-1]["recommendations"], 1):
        rec["number"] = str(number)
    tabled = {kind: path for _, kind, path in review_files.write_all(folder / "table", [table], start=3)}
    return lettered, tabled


@pytest.mark.parametrize("kind", review_files.KINDS)
def test_lettered_recommendations_keep_their_letters_in_every_file_type(files, kind):
    _, _, _, found = _read(files[0][kind])
    wanted = REVIEW["sections"][-1]["recommendations"]
    assert [label for label, _ in found] == ["a", "b", "c", "d"]
    for (_, text), rec in zip(found, wanted, strict=True):
        assert text.startswith(rec["text"][:40])


@pytest.mark.parametrize("kind", review_files.KINDS)
def test_a_recommendations_table_gives_each_row_as_a_numbered_recommendation(files, kind):
    # The PDF of this one is set in two columns, as some partnerships print their reviews.
    _, _, parts, found = _read(files[1][kind])
    assert [label for label, _ in found] == ["1", "2", "3", "4"]
    assert found[1][1].startswith("Social workers should see every child alone")
    # the table's header row is neither a heading nor a recommendation
    assert not any("Lead agency" in part.heading or "Lead agency" in part.text for part in parts)


@pytest.mark.parametrize("kind", review_files.KINDS)
def test_a_local_review_that_mentions_a_rapid_review_is_a_local_review_with_its_full_date(files, kind):
    _, meta, _, _ = _read(files[0][kind])
    assert meta.kind == "LCSPR"
    assert meta.date == "2024-03-04"
    assert meta.partnership == "Northshire Safeguarding Children Partnership"
    assert meta.title == "Child H"


@pytest.mark.parametrize("kind", review_files.KINDS)
def test_capitalised_numbered_headings_are_headings_and_the_date_line_stays_out(files, kind):
    _, _, parts, _ = _read(files[0][kind])
    roles = {re.sub(r"^\d+\.\s*", "", part.heading).lower(): part.role for part in parts}
    assert roles["executive summary"] == "introduction"
    assert roles["what we found"] == "findings"
    assert roles["recommendations"] == "recommendations"
    assert not any("Published" in part.text for part in parts)


def test_findings_go_under_what_the_review_found_and_the_pdf_drops_its_running_heads(files, project, run):
    code, out, err = run("import", str(files[0]["pdf"]), "--out", "briefings/child-h.yaml", "--no-confirm")
    assert code == 0, err
    draft = yaml.safe_load((project / "briefings" / "child-h.yaml").read_text())
    found = next(s for s in draft["sections"] if s["title"] == "What the review found")
    assert "Nobody asked Child H what life at home was like." in found["body"]
    text = (project / "briefings" / "child-h.yaml").read_text()
    assert "Page 1" not in text and "Northshire Safeguarding Children Partnership – Child H" not in text
    assert draft["review"]["kind"] == "LCSPR" and str(draft["published"]) == "2024-03-04"
    assert "4 recommendations" in out


def test_make_eval_import_prints_each_file_type_and_the_targets():
    result = script("eval_import.py", "--split", "held-out", timeout=300)
    assert result.returncode == 0, result.stderr
    for kind in (*review_files.KINDS, "all"):
        assert re.search(rf"^  {kind}\s+\d\.\d{{3}}", result.stdout, re.M), result.stdout
    assert "targets: recommendations 100%" in result.stdout


def test_a_thematic_review_is_named_by_its_subject_not_by_one_young_person_in_it():
    text = (
        "Thematic Review: Transition to Adulthood\n\nWestmoor Safeguarding Children Partnership\n\n"
        "Published: 3 June 2025\n\nIntroduction\n\nThis review looked at five young people, among them "
        "Young Person A, as they turned eighteen and left children's services.\n"
    )
    meta = read_meta(text)
    assert meta.kind == "thematic"
    assert meta.title == "Transition to Adulthood"
    assert meta.date == "2025-06-03"


def _corpus(prefix: str) -> dict:
    return next(review for review in review_files.load() if review["name"].startswith(prefix))


def test_a_recommendations_table_broken_across_columns_and_pages_keeps_every_row_whole(tmp_path):
    # In two columns, row 3's number is left at the foot of page 2 and its text starts page 3;
    # row 4's recommendation runs on into the next column. Each comes back as one row.
    review = _corpus("62-")
    path = tmp_path / "review.pdf"
    review_files.pdf(review, path, 3)  # the third of a batch is set in two columns
    _, _, _, found = _read(path)
    wanted = review["sections"][-1]["recommendations"]
    assert [label for label, _ in found] == [rec["number"] for rec in wanted]
    for (_, text), rec in zip(found, wanted, strict=True):
        assert text.startswith(rec["text"]), text
        assert text.endswith(f"— {rec['lead']}"), text
    # In the draft, a recommendation too long for one line keeps its whole sentence and drops
    # the lead agency, with no "…" to say a sentence was cut.
    draft = yaml.safe_load(draft_briefing(printable(read_review(path))).yaml)
    lines = next(s["body"] for s in draft["sections"] if s["title"] == "Recommendations").splitlines()
    assert lines[0] == f"1. {wanted[0]['text']}"


def test_bold_headings_in_a_pdf_printed_by_libreoffice_start_their_part(tmp_path):
    # LibreOffice gives no font weight; its bold face is named "...-Bold". The short last line
    # of the paragraph before the list ("agencies.") is text, not a table's header row.
    review = _corpus("63-")
    docx = tmp_path / "review.docx"
    review_files.word(review, docx, 7)  # odd: headings in bold, not in heading styles
    review_files.print_word_files([tmp_path / "review.word.pdf"])
    text, _, parts, found = _read(tmp_path / "review.word.pdf")
    recommendations = next(part for part in parts if part.role == "recommendations")
    assert re.sub(r"^\d+\.\s*", "", recommendations.heading) == "Recommendations"
    assert "its member agencies." in text
    assert [label for label, _ in found] == ["a", "b", "c", "d", "e", "f"]


MR_T = """Safeguarding Adults Review: Mr T
Westmoor Safeguarding Adults Board
June 2025

Why we looked at Mr T's care

Mr T was 74 and lived alone after his wife died. The board reviewed his care because several
agencies knew he was struggling and none of them led.

Where things went wrong

Nobody visited when he stopped collecting his medicines. The housing officer's concerns were
never passed to the GP.

Strengths identified

The district nurse visited promptly after the first fall and arranged a key safe within a day.

Recommendations

1. The board should agree one lead professional for any adult who refuses care and is known to
three or more agencies.

For housing providers

2. Housing officers should report a tenant's missed rent and unanswered visits to adult social
care within a week.

Sources of help

The board's website lists local services for older people living alone, and a guide to
self-neglect for families.
"""


def test_each_part_is_read_from_its_heading_its_opening_and_its_place():
    parts = {part.heading: part for part in split_parts(MR_T, read_meta(MR_T))}
    # A heading naming the person is still a heading, not the review's title line.
    assert parts["Why we looked at Mr T's care"].role == "introduction"
    # No word of a part in the heading: read from its words, and the report says it guessed.
    wrong = parts["Where things went wrong"]
    assert wrong.role == "findings" and wrong.guessed
    assert wrong.why.startswith("its heading and opening read as findings (")
    assert parts["Strengths identified"].role == "good-practice"
    # Under the recommendations: more actions stay there; a list of help does not.
    assert parts["For housing providers"].role == "recommendations"
    assert parts["Sources of help"].role == "further"


def test_the_shipped_reading_of_parts_is_what_training_on_the_reviews_gives():
    result = script("train_roles.py", "--check", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The shipped model matches a fresh training." in result.stdout
