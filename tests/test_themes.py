"""Reflection questions: the themes a practitioner would name, the evidence, and the questions added."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import REPO, valid_briefing, write_yaml
from pypdf import PdfReader

from sevenminute.pipeline.bank import question_bank
from sevenminute.pipeline.enrich.handout import enrich
from sevenminute.pipeline.validate import read_briefing

BANK = question_bank()

# What a practitioner reading each shipped briefing would name as its main themes (these
# must be among the strongest four its questions come from), the themes it also deals with
# (which must at least be detected), and those that would be a wrong reading of it. The
# labels live beside the corpus (tests/data/themes/shipped/), which the weighing is trained on.
LABELS = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((REPO / "tests" / "data" / "themes" / "shipped").glob("*.yaml"))
}
MAIN = {slug: set(label["themes"]) for slug, label in LABELS.items()}
ALSO = {slug: set(label["also"]) for slug, label in LABELS.items()}
WRONG = {slug: set(label["wrong"]) for slug, label in LABELS.items()}


def _handout(path, **options):
    return enrich(read_briefing(path), path, **options)


def _keys(handout) -> list[str]:
    return [theme.key for theme in handout.themes]


def test_the_bank_covers_the_themes_partnerships_ask_about_with_three_questions_each():
    needed = {
        "domestic-abuse", "coercive-control", "neglect", "childs-voice", "professional-curiosity",
        "information-sharing", "multi-agency-working", "escalation", "disguised-compliance",
        "fathers-and-men", "substance-misuse", "parental-mental-health", "trauma-and-aces",
        "family-history", "moving-and-housing", "culture-and-identity", "case-recording",
        "supervision", "risk-forums", "hidden-harm",
    }  # fmt: skip
    assert needed <= set(BANK.keys)
    assert len(BANK.themes) >= 18
    assert all(len(theme.questions) >= 3 for theme in BANK.themes)
    every = [q for theme in BANK.themes for q in theme.questions] + list(BANK.standard_questions)
    assert len(every) == len(set(every)), "a question appears twice in the bank"
    assert BANK.standard_questions[0].startswith("What stands out for you")


@pytest.mark.parametrize("slug", sorted(MAIN))
def test_each_shipped_briefing_gets_the_themes_a_practitioner_would_name(slug):
    handout = _handout(REPO / "briefings" / f"{slug}.yaml")
    keys = _keys(handout)
    listed = {theme.key for theme in handout.main_themes}
    assert MAIN[slug] <= listed, f"{slug}: listed under {listed}, found {keys}"
    assert ALSO[slug] <= set(keys), f"{slug}: found {keys}"
    assert not WRONG[slug] & set(keys), f"{slug}: found {keys}"


def test_phrases_and_word_forms_count_but_one_passing_mention_does_not(project):
    theme = BANK.theme("coercive-control")
    passing = valid_briefing()
    passing["sections"][3]["body"] = "There was one mention of coercion in the notes."
    found = _handout(write_yaml(project / "briefings" / "passing.yaml", passing))
    assert "coercive-control" not in _keys(found)

    real = valid_briefing(summary="How coercive behaviour was missed.")
    real["sections"][1]["body"] = "The partner used coercion and controlling behaviour to isolate the mother."
    found = _handout(write_yaml(project / "briefings" / "real.yaml", real))
    detected = next(d for d in found.themes if d.key == "coercive-control")
    terms = {item.term for item in detected.evidence}
    assert len(terms) >= 2 and terms <= set(theme.terms)
    assert any(item.where == "summary" for item in detected.evidence)
    assert any(item.where.startswith("section 2:") for item in detected.evidence)


def test_a_briefing_the_bank_does_not_cover_gets_no_forced_match(project):
    data = valid_briefing(
        title="Fire safety in residential homes",
        summary="Learning from a fire drill audit: doors, alarms and evacuation routes.",
    )
    data["sections"] = [
        {"title": f"Fire point {n}", "body": "Test alarms weekly, keep fire doors shut and log each drill."}
        for n in range(1, 8)
    ]
    data["questions"] = ["Where is the nearest fire assembly point to your desk?"]
    handout = _handout(write_yaml(project / "briefings" / "fire.yaml", data))
    assert handout.themes == ()
    assert [q.text for q in handout.questions] == [data["questions"][0], *BANK.standard_questions]


def test_questions_come_author_first_then_themes_then_standard_and_never_repeat(project):
    own = BANK.theme("domestic-abuse").questions[0]
    data = valid_briefing(
        questions=["What did this review teach you?", own], summary="Domestic abuse unseen."
    )
    data["sections"][0]["body"] = "Domestic abuse was reported and a DASH risk assessment was done."
    data["sections"][1]["body"] = "The domestic abuse was not linked to the children by the agencies."
    handout = _handout(write_yaml(project / "briefings" / "child-z.yaml", data))
    origins = [q.origin for q in handout.questions]
    assert origins == ["author"] * 2 + ["theme"] * 1 + ["standard"] * 3  # themes fill the lead to three
    texts = [q.text for q in handout.questions]
    assert len(texts) == len(set(texts))
    assert handout.questions[2].theme.key == "domestic-abuse"


def test_pinned_themes_lead_and_excluded_ones_are_dropped():
    path = REPO / "briefings" / "family-a.yaml"
    briefing = read_briefing(path).model_copy(
        update={"themes": ["supervision"], "exclude_themes": ["domestic-abuse"], "theme_questions": 2}
    )
    handout = enrich(briefing, path)
    keys = _keys(handout)
    assert keys[0] == "supervision" and handout.themes[0].pinned
    assert "domestic-abuse" not in keys
    assert [q.origin for q in handout.questions].count("theme") == 2


def test_an_unknown_theme_key_is_an_error_with_a_suggestion(project, run):
    data = valid_briefing(themes=["domestic-abuse"], exclude_themes=["nelgect"])
    path = write_yaml(project / "briefings" / "child-z.yaml", data)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "nelgect" in text)
    code, _, err = run("check", str(path))
    assert code == 1
    assert f"briefings/child-z.yaml:{line}:" in err
    assert "`nelgect` is not a theme in the question bank; did you mean `neglect`?" in err


def test_the_number_of_theme_questions_is_set_in_the_source_or_on_the_command_line(project, run):
    path = project / "briefings" / "family-a.yaml"
    assert sum(q.origin == "theme" for q in _handout(path, theme_questions=1).questions) == 1
    data = valid_briefing(theme_questions=0, summary="Domestic abuse went unseen.")
    data["sections"][0]["body"] = "Domestic abuse and coercive control; the domestic abuse went unseen."
    child_z = _handout(write_yaml(project / "briefings" / "child-z.yaml", data), theme_questions=5)
    assert child_z.themes and not any(q.origin == "theme" for q in child_z.questions)

    code, out, err = run("themes", "family-a", "--theme-questions", "2", "--format", "json")
    assert code == 0, err
    assert sum(len(theme["questions"]) for theme in json.loads(out)) == 2


def test_themes_command_explains_each_theme_with_its_evidence(project, run):
    code, out, err = run("themes", "family-a")
    assert code == 0, err
    assert "Working with fathers and male carers [fathers-and-men]" in out and "score" in out
    assert "section 2: Working with fathers" in out
    assert "Questions for reflection, in order:" in out


def test_themes_command_json_lists_key_name_score_evidence_and_questions(project, run):
    code, out, err = run(
        "themes", "child-o-hartlepool-stockton", "--format", "json", "--theme-questions", "4"
    )
    assert code == 0, err
    found = json.loads(out)
    assert {"information-sharing", "risk-forums"} <= {item["key"] for item in found}
    for item in found:
        assert {"key", "name", "score", "evidence", "questions"} <= set(item)
        assert item["score"] > 0 and item["evidence"]
        assert all({"term", "where", "count"} <= set(e) for e in item["evidence"])
    added = [q for item in found for q in item["questions"]]
    assert len(added) == 4
    assert set(added) <= {q for theme in BANK.themes for q in theme.questions}


def test_questions_command_lists_the_bank_and_one_theme(run):
    code, out, _ = run("questions")
    assert code == 0
    assert all(f"[{key}]" in out for key in BANK.keys)
    assert BANK.standard_questions[1] in out

    code, out, _ = run("questions", "--theme", "neglect")
    assert code == 0
    assert "[neglect]" in out and "[domestic-abuse]" not in out
    assert all(q in out for q in BANK.theme("neglect").questions)

    code, _, err = run("questions", "--theme", "nelgect")
    assert code == 2
    assert "Did you mean neglect?" in err


def test_the_handout_shows_questions_with_their_themes_within_two_pages(built):
    out, report = built
    for slug in MAIN:
        html = (out / slug / "index.html").read_text()
        assert "Questions for reflection" in html
        reader = PdfReader(out / slug / f"{slug}.pdf")
        assert len(reader.pages) <= 2, slug
        text = " ".join(page.extract_text() for page in reader.pages)
        assert "Questions for reflection" in text
        handout = _handout(REPO / "briefings" / f"{slug}.yaml")
        themed = [q for q in handout.questions if q.origin == "theme"]
        drawn = [q for q in handout.questions if q.origin == "briefing"]
        assert len(drawn) <= 1, slug
        assert len(themed) == max(0, 3 - len(handout.briefing.questions) - len(drawn)), slug
        if themed:  # a theme question says which theme it comes from, and is printed
            assert 'class="question-source"' in html
            assert " ".join(themed[0].text.split()[:5]) in " ".join(text.split())


def test_theme_questions_give_way_so_a_long_briefing_still_prints_on_one_sheet(project):
    """Lengthen a briefing a little at a time: the kit leaves off theme questions, weakest
    first, before it lets the handout run to a third page, and says so."""
    import yaml

    from sevenminute.site.build import build

    path = project / "briefings" / "family-a.yaml"
    data = yaml.safe_load(path.read_text())
    data["theme_questions"] = 4  # the author asks for four questions from the themes
    extra = "Keep a short note of what the team agreed, who will act on it, and by when it will be done."
    for added in range(1, 30):
        data["sections"][6]["body"] += f"\n- {extra} ({added})\n"
        write_yaml(path, data)
        report = build([path], project / "output", formats="pdf")
        messages = [problem.message for problem in report.problems]
        if messages:
            break
    assert len(messages) == 1 and "left off the handout so that it fits on one sheet" in messages[0], messages
    assert report.problems[0].severity == "warning"
    pdf = PdfReader(project / "output" / "family-a" / "family-a.pdf")
    assert len(pdf.pages) == 2
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    for question in [*data["questions"], *BANK.standard_questions]:
        assert " ".join(question.split()[:6]) in text  # the author's and standard questions stay


def test_the_shipped_bank_passes_the_strict_loader():
    from sevenminute.pipeline.bank import bank_path
    from sevenminute.pipeline.load import load

    load(bank_path())  # duplicate keys, tabs and the like would raise here


def test_a_trainer_who_breaks_the_bank_is_told_the_line(tmp_path):
    from sevenminute.pipeline.bank import bank_path
    from sevenminute.problems import BriefingError

    text = bank_path().read_text(encoding="utf-8")
    broken = text.replace("    questions:", "    questoins:", 1)
    path = tmp_path / "question_bank.yaml"
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("    questoins:") + 1
    with pytest.raises(BriefingError) as caught:
        question_bank(path)
    assert f"question_bank.yaml:{line}:" in caught.value.text
    assert "question bank" in caught.value.text


def _story(project, name: str, title: str, summary: str, bodies: list[tuple[str, str]]):
    data = valid_briefing(title=title, summary=summary)
    for index, (heading, body) in enumerate(bodies):
        data["sections"][index] = {"title": heading, "body": body}
    return _handout(write_yaml(project / "briefings" / f"{name}.yaml", data))


def test_a_strip_searched_girl_gets_her_voice_challenge_and_bias_not_parental_drug_use(project):
    handout = _story(
        project,
        "child-q",
        "Child Q",
        "Police strip searched a Black fifteen-year-old girl at school after staff thought she smelled "
        "of cannabis. No appropriate adult was present and her account was not sought.",
        [
            (
                "What happened",
                "Teachers called the police because they suspected the girl had drugs. "
                "Two officers searched her in the medical room while she was on her period.",
            ),
            (
                "What the review found",
                "Her account was not sought. Staff did not question the decision "
                "and deferred to the police. The review found adultification: she was not seen as a child.",
            ),
            ("Race and bias", "The review concluded racism was likely to have been an influencing factor."),
            (
                "Recommendations",
                "1. Staff should be confident to challenge the police and to escalate.\n"
                "2. The child's voice must be heard in every decision about a search.",
            ),
        ],
    )
    keys = [theme.key for theme in handout.main_themes]
    assert "substance-misuse" not in [theme.key for theme in handout.themes]
    assert {"childs-voice", "escalation", "adultification-and-bias"} <= set(keys) | {
        theme.key for theme in handout.themes
    }
    assert not any("parent is using drugs" in question.text for question in handout.questions)


def test_a_father_who_was_the_victim_gets_no_question_about_risky_men(project):
    handout = _story(
        project,
        "family-b",
        "Family B",
        "A father was the victim of domestic abuse by the children's mother. Professionals assumed he "
        "was the abuser and did not ask him about his safety.",
        [
            (
                "What happened",
                "The father disclosed that the mother had hit him and controlled his money. "
                "Police recorded him as the perpetrator of the domestic abuse at first.",
            ),
            (
                "What the review found",
                "No one assessed the father as a parent or asked about his needs. "
                "The father was a victim, not a risk.",
            ),
        ],
    )
    keys = {theme.key for theme in handout.themes}
    assert "domestic-abuse" in keys
    assert "partners-and-visitors" not in keys
    assert not any(
        "visit" in question.text or "new partner" in question.text for question in handout.questions
    )


def test_a_briefing_on_winter_driving_gets_no_theme(project):
    handout = _story(
        project,
        "winter-driving",
        "Driving in winter",
        "Staff who drive to home visits in winter should plan their journeys, check their cars and tell "
        "the office where they are.",
        [
            ("Before you set off", "Check the weather forecast, your tyres and your lights."),
            ("On the road", "Leave more space, drive slowly on ice and keep a blanket in the car."),
            ("If you break down", "Call the office and your breakdown service, and stay with the car."),
        ],
    )
    assert handout.themes == ()
    assert [question.origin for question in handout.questions] == ["standard"] * 3
