"""The handout a board is proud to publish: three questions that matter, led by the author's
own, the standard three to close; one voice; the way on to the full review and to advice;
and a line for the person delivering it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml
from conftest import REPO, SHIPPED, valid_briefing, write_text, write_yaml
from pypdf import PdfReader

from sevenminute.pipeline.bank import question_bank
from sevenminute.pipeline.helplines import helplines
from sevenminute.pipeline.settings import HOW_TO_USE

STANDARD = list(question_bank().standard_questions)
SLUGS = [path.stem for path in SHIPPED]


def box(page: str) -> str:
    """The questions box of a handout page."""
    return re.search(r'<section class="questions".*?</section>', page, re.S).group(0)


def questions_in(page: str) -> list[str]:
    items = re.findall(r"<li[^>]*>(.*?)</li>", box(page), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def pdf_words(path: Path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", "", text)


def test_every_shipped_handout_leads_with_three_questions_and_closes_with_the_standard_three(built):
    out, report = built
    for card in report.built:
        page = (out / card.slug / "index.html").read_text()
        asked = questions_in(page)
        assert len(asked) <= 6, (card.slug, asked)
        assert asked[-3:] == STANDARD, card.slug
        lead = re.findall(r'<ol class="lead-questions">(.*?)</ol>', box(page), re.S)
        assert lead and 1 <= lead[0].count("<li") <= 3, card.slug
        printed = pdf_words(out / card.slug / f"{card.slug}.pdf")
        for text in asked:
            assert re.sub(r"\s+", "", text.split(" (")[0]) in printed, (card.slug, text)


def test_an_authors_own_questions_lead_and_themes_fill_to_three(project, run):
    own = ["What would you do if a father you had never met answered the door?"]
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(questions=own))
    assert run("build", "child-z", "--format", "html")[0] == 0
    asked = questions_in((project / "output" / "child-z" / "index.html").read_text())
    assert asked[0] == own[0]
    assert asked[-3:] == STANDARD
    assert len(asked) <= 6


def test_an_author_who_asks_for_more_questions_gets_them(project, run):
    own = [f"Question {n} of the author's own, about this child?" for n in range(1, 6)]
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(questions=own))
    assert run("build", "child-z", "--format", "html")[0] == 0
    asked = questions_in((project / "output" / "child-z" / "index.html").read_text())
    assert asked[:5] == own and asked[5:] == STANDARD


def test_every_question_speaks_to_the_reader_as_you():
    bank = question_bank()
    texts = list(bank.standard_questions) + [q for theme in bank.themes for q in theme.questions]
    wrong = [text for text in texts if re.search(r"\b(we|We|us|our|Our|ourselves)\b", text)]
    assert wrong == []
    for source in SHIPPED:
        for question in yaml.safe_load(source.read_text()).get("questions", []):
            assert not re.search(r"\b(we|We|our|Our)\b", question), (source.name, question)


def test_the_printed_handout_leads_to_the_full_review(project, run):
    review = {"kind": "CSPR", "title": "Child Z: the full review", "url": "https://anytown.example/child-z"}
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(review=review))
    assert run("build", "child-z")[0] == 0
    page = (project / "output" / "child-z" / "index.html").read_text()
    assert 'Full review: <a href="https://anytown.example/child-z">Child Z: the full review</a>' in page
    assert "Fullreview:ChildZ:thefullreview–https://anytown.example/child-z" in pdf_words(
        project / "output" / "child-z" / "child-z.pdf"
    )


def test_contacts_and_helplines_are_printed_under_get_advice(project, run):
    contacts = [
        {"name": "Anytown children's services front door", "phone": "0300 123 4567", "note": "24 hours"},
        {"name": "National Domestic Abuse Helpline", "url": "https://www.nationaldahelpline.org.uk/"},
    ]
    write_text(
        project / "partnership.yaml",
        "name: Anytown Safeguarding Children Partnership\ncontact: learning@anytown.example\n"
        "contacts:\n  - name: Anytown safeguarding advice line\n    phone: 0300 765 4321\n",
    )
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(contacts=contacts))
    assert run("build", "child-z")[0] == 0
    page = (project / "output" / "child-z" / "index.html").read_text()
    advice = re.search(r'<section class="contacts".*?</section>', page, re.S).group(0)
    assert "<h2" in advice and "Get advice" in advice
    assert '<a href="tel:03001234567">0300 123 4567</a>' in advice and "(24 hours)" in advice
    assert "Anytown safeguarding advice line" in advice  # the partnership's own, from its settings
    printed = pdf_words(project / "output" / "child-z" / "child-z.pdf")
    assert "Getadvice:Anytownchildren'sservicesfrontdoor:03001234567(24hours)" in printed
    assert "Contact: learning@anytown.example" in page


def test_every_shipped_handout_gives_national_helplines_that_fit_it_and_still_fits_one_sheet(built):
    out, report = built
    assert not [problem for problem in report.problems if "one sheet" in problem.message]
    domestic_abuse = "NationalDomesticAbuseHelpline(runbyRefuge):08082000247(free,24hours)"
    nspcc = "NSPCCHelpline:08088005000(foranyoneworriedaboutachild,professionalsincluded)"
    for slug in SLUGS:
        pdf = out / slug / f"{slug}.pdf"
        assert len(PdfReader(pdf).pages) == 2, slug  # one sheet, printed both sides
        printed = pdf_words(pdf)
        assert domestic_abuse in printed and nspcc in printed, slug
        page = (out / slug / "index.html").read_text()
        advice = re.search(r'<section class="contacts".*?</section>', page, re.S).group(0)
        assert '<a href="tel:08082000247">0808 2000 247</a>' in advice
        assert 'href="https://www.nationaldahelpline.org.uk/"' in advice  # the web page links each service
    family = pdf_words(out / "family-a" / "family-a.pdf")  # working with fathers
    assert "MensAdviceLine(runbyRespect):08088010327" in family.replace("'", "").replace("’", "")
    assert "RespectPhoneline:08088024040" in family
    leicester = pdf_words(out / "leicester-domestic-abuse-audit" / "leicester-domestic-abuse-audit.pdf")
    assert "Getadvice:Police:999(inanemergency;otherwise101)·NationalDomesticAbuseHelpline" in leicester


def test_a_helpline_is_named_by_key_so_its_number_is_kept_once(project, run):
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(helplines=["nspcc-helpline"]))
    assert run("build", "child-z")[0] == 0
    assert "NSPCCHelpline:08088005000" in pdf_words(project / "output" / "child-z" / "child-z.pdf")
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(helplines=["nspcc-helpine"]))
    code, _, err = run("check", "child-z")
    assert code == 1
    assert "`nspcc-helpine` is not a helpline the kit keeps; did you mean `nspcc-helpline`?" in err
    write_yaml(project / "briefings" / "child-z.yaml", valid_briefing(helplines=["samaritans"]))
    _, _, err = run("check", "child-z")
    assert (
        "`samaritans` is not a helpline the kit keeps; the kit keeps: national-domestic-abuse-helpline" in err
    )


def test_every_helpline_number_is_recorded_with_the_page_it_was_checked_against():
    record = (REPO / "seeds" / "README.md").read_text()
    kept = helplines()
    assert kept
    for key, helpline in kept.items():
        assert re.fullmatch(r"0\d{3} \d{3} \d{4}|0\d{3} \d{4} \d{3}", helpline.phone), (
            key
        )  # a whole UK number
        assert helpline.phone in record and f"`{key}`" in record
        for page in helpline.checked:
            assert str(page) in record, (key, page)


def test_example_settings_never_put_their_contact_under_a_real_partnerships_name(project, run):
    write_text(
        project / "partnership.yaml", (REPO / "partnership.yaml").read_text().replace("logo:", "# logo:")
    )
    assert run("build", "family-a", "--format", "html")[0] == 0
    page = html.unescape((project / "output" / "family-a" / "index.html").read_text())
    assert "South Gloucestershire Children's Partnership" in page
    assert "learning@example.org" not in page
    library = (project / "output" / "index.html").read_text()
    assert "learning@example.org" in library  # the example's own library page may show it


def test_the_person_delivering_it_is_told_how_to_use_it(project, run):
    assert run("build", "family-a", "--format", "html")[0] == 0
    for page in ("index.html", "facilitate.html"):
        text = (project / "output" / "family-a" / page).read_text()
        assert "How to use this briefing" in text and HOW_TO_USE in text
    own = "Use it in a team meeting of its own; the team lead chooses one question to start."
    write_text(project / "partnership.yaml", f"name: Anytown\nhow_to_use: {own}\n")
    assert run("build", "family-a", "--format", "html")[0] == 0
    for page in ("index.html", "facilitate.html"):
        assert own in (project / "output" / "family-a" / page).read_text()


def test_a_question_is_drawn_from_the_briefings_own_recommendations_and_can_be_switched_off(project, run):
    briefing = valid_briefing()
    briefing["sections"][5] = {
        "title": "Recommendations",
        "body": '1. "Police make sure an appropriate adult is present at any search of a child."\n'
        "2. Schools review how they record concerns raised by staff.",
    }
    write_yaml(project / "briefings" / "child-z.yaml", briefing)
    assert run("build", "child-z", "--format", "html")[0] == 0
    asked = questions_in((project / "output" / "child-z" / "index.html").read_text())
    drawn = (
        "Recommendation 1 of the review reads: “Police make sure an appropriate adult is present at any "
        "search of a child.” What would that mean in your setting, and what would you do first? "
        "(from this briefing)"
    )
    assert drawn in asked and len(asked) <= 6
    briefing["briefing_questions"] = False
    write_yaml(project / "briefings" / "child-z.yaml", briefing)
    assert run("build", "child-z", "--format", "html")[0] == 0
    assert not any(
        "Recommendation 1" in text
        for text in questions_in((project / "output" / "child-z" / "index.html").read_text())
    )


def test_a_briefings_own_paraphrase_is_never_quoted_as_the_reviews_words(project, run):
    # Mark and Lloyd's learning is written in the briefing's words, not the review's.
    assert run("build", "mark-and-lloyd")[0] == 0
    folder = project / "output" / "mark-and-lloyd"
    asked = questions_in((folder / "index.html").read_text())
    drawn = (
        "This briefing's learning includes: “Monitor family support better at the Universal Plus level.” "
        "What would this mean for your own work, and what would you change? (from this briefing)"
    )
    assert asked[2] == drawn  # the third question
    printed = pdf_words(folder / "mark-and-lloyd.pdf")
    assert "Thisbriefing'slearningincludes:“MonitorfamilysupportbetterattheUniversalPluslevel.”" in printed
    assert "review'slearning" not in printed
    # A recommendation the author wrote in their own words is theirs too.
    briefing = valid_briefing()
    briefing["sections"][5] = {
        "title": "Recommendations",
        "body": "1. Schools review how they record concerns raised by staff members.",
    }
    write_yaml(project / "briefings" / "child-z.yaml", briefing)
    assert run("build", "child-z", "--format", "html")[0] == 0
    asked = questions_in((project / "output" / "child-z" / "index.html").read_text())
    assert (
        "Recommendation 1, in this briefing's words: “Schools review how they record concerns raised by "
        "staff members.” What would that mean in your setting, and what would you do first? "
        "(from this briefing)"
    ) in asked
    assert not any("of the review reads" in text for text in asked)


def test_the_author_keeps_or_drops_each_theme_and_check_notes_when_they_never_did(project, run):
    code, out, err = run("check", "family-a")
    assert code == 0
    assert (
        "note: the themes that choose this briefing's questions were found by the kit and never confirmed"
        in err
    )
    code, out, err = run("themes", "family-a", "--confirm", input="y\nn\n" + "y\n" * 10)
    assert code == 0, err
    assert "Working with fathers and male carers [fathers-and-men]" in out or "[fathers-and-men]" in out
    assert "Keep this theme?" in out
    source = (project / "briefings" / "family-a.yaml").read_text()
    data = yaml.safe_load(source)
    assert len(data["exclude_themes"]) == 1 and data["exclude_themes"][0] not in data["themes"]
    assert data["themes_confirmed"]
    assert "# The briefing" in source or source.startswith("# yaml-language-server")  # comments kept
    code, _, err = run("check", "family-a", "--strict")
    assert code == 0 and "never confirmed" not in err
