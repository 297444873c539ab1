"""The shipped briefings say what their sources say.

The expected recommendations below were written by hand from each source document (see
seeds/README.md for which source each briefing draws on), not copied from the briefings:
each recommendation's number as the source numbers it, and two or three distinctive words
that any faithful paraphrase of it keeps. The second half pins the factual corrections
recorded in seeds/README.md, so that a later edit cannot quietly undo them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

BRIEFINGS = Path(__file__).resolve().parent.parent / "briefings"


def load(slug: str) -> dict:
    return yaml.safe_load((BRIEFINGS / f"{slug}.yaml").read_text(encoding="utf-8"))


def plain(text: str) -> str:
    """Lower case, one space between words, straight apostrophes, no Markdown emphasis."""
    text = text.replace("’", "'").replace("‘", "'").replace("*", "")
    return " ".join(text.split()).lower()


def section(briefing: dict, title: str) -> dict:
    matches = [part for part in briefing["sections"] if part["title"].lower() == title.lower()]
    assert matches, f"no section titled {title!r}"
    return matches[0]


def bodies(briefing: dict) -> str:
    """What the handout prints from the seven parts, as plain text."""
    return plain(" ".join(f"{part['title']} {part['body']}" for part in briefing["sections"]))


def everything(briefing: dict) -> str:
    """Every line of the briefing a reader or facilitator can see: printed text, notes, links, contacts."""
    parts = [briefing["title"], briefing.get("subtitle") or "", briefing["summary"]]
    for part in briefing["sections"]:
        parts += [part["title"], part["body"], part.get("notes") or ""]
    parts += briefing.get("questions", [])
    parts += [resource["title"] for resource in briefing.get("resources", [])]
    for contact in briefing.get("contacts", []):
        parts += [str(contact.get(key) or "") for key in ("name", "phone", "url", "note")]
    return plain(" ".join(parts))


ITEM = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*)?(\d{1,2})\.(?:\*\*)?\s+(.*)$")
GROUP = re.compile(r"^\s*\*\*([^*]+)\*\*\s*$")


def recommendations(briefing: dict) -> tuple[dict[int, str], dict[int, str]]:
    """The numbered items of the Recommendations part, {number: text}, and the group heading
    each falls under, {number: heading} (empty heading when the part has no groups)."""
    items: dict[int, str] = {}
    groups: dict[int, str] = {}
    heading = ""
    current = None
    for line in section(briefing, "Recommendations")["body"].splitlines():
        if not line.strip():
            current = None
        elif group := GROUP.match(line):
            heading, current = group.group(1).strip(), None
        elif item := ITEM.match(line):
            current = int(item.group(1))
            assert current not in items, f"recommendation {current} appears twice"
            items[current], groups[current] = item.group(2), heading
        elif current is not None and line.startswith(" "):
            items[current] += " " + line.strip()
    return {number: plain(text) for number, text in items.items()}, groups


# Each source's recommendations, numbered as the source numbers them, with words from each.
SOURCE_RECOMMENDATIONS: dict[str, dict[int, tuple[str, ...]]] = {
    # Leicester audit: six bullets (unnumbered in the source, numbered 1-6 in its order).
    "leicester-domestic-abuse-audit": {
        1: ("procedures", "recording"),
        2: ("domestic abuse information", "safeguarding"),
        3: ("marac", "outcomes", "representative's agency"),
        4: ("lived experience", "voice", "central"),
        5: ("diversity", "equality", "wider context"),
        6: ("early help", "conferences", "core groups"),
    },
    # Family A: eight numbered recommendations.
    "family-a": {
        1: ("practice briefing", "child protection in england"),
        2: ("domestic abuse training", "review"),
        3: ("gps", "recorded"),
        4: ("domestic abuse act 2021", "children as victims"),
        5: ("fathers as equal parents", "2023"),
        6: ("safeguarding adults board", "community safety partnership", "perpetrators"),
        7: ("marac", "domestic violence protection orders", "children's plans"),
        8: ("care leavers", "services"),
    },
    # Children O, P and Q: recommendations 1 to 6 (the source prints them as 1, 3, 5, 2, 4, 6).
    "children-o-p-and-q": {
        1: ("professional curiosity", "focus groups"),
        2: ("learning audit", "section 42", "family safeguarding teams"),
        3: ("family safeguarding model", "adult safeguarding", "care act 2014"),
        4: ("drug and alcohol", "women sensitive", "coercive control"),
        5: ("awareness training", "coercive control"),
        6: ("advocacy services", "bracknell forest"),
    },
    # Child O: fourteen recommendations in four groups.
    "child-o-hartlepool-stockton": {
        1: ("agenda", "other agencies"),
        2: ("trauma", "health needs"),
        3: ("gap", "emotional"),
        4: ("harbour", "parental consent"),
        5: ("group supervision", "complex case"),
        6: ("gps", "core group"),
        7: ("schools", "marac"),
        8: ("training", "publicity", "mappa"),
        9: ("single point of contact", "children's services"),
        10: ("middlesbrough", "stockton and hartlepool"),
        11: ("social workers", "schools"),
        12: ("flagging", "children in need"),
        13: ("safeguarding in education", "challenge"),
        14: ("language", "reflect"),
    },
}

# Child O's four groups, as the source sets them out: a word of each group's heading.
CHILD_O_GROUPS: dict[str, tuple[int, ...]] = {
    "immediate": (1,),
    "information sharing": (6, 7, 9, 10, 11),
    "training": (2, 4, 5, 8, 13, 14),
    "scrutiny": (3, 12),
}


@pytest.mark.parametrize("slug", sorted(SOURCE_RECOMMENDATIONS))
def test_every_recommendation_of_the_source_is_there_under_its_own_number(slug):
    expected = SOURCE_RECOMMENDATIONS[slug]
    items, _ = recommendations(load(slug))
    assert sorted(items) == sorted(expected), f"{slug}: has {sorted(items)}, source has {sorted(expected)}"
    text = bodies(load(slug))
    for number, words in expected.items():
        missing = [word for word in words if word not in items[number]]
        assert not missing, f"{slug}: recommendation {number} lacks {missing}: {items[number]!r}"
        assert all(word in text for word in words)


def test_child_o_recommendations_keep_the_sources_four_groups():
    _, groups = recommendations(load("child-o-hartlepool-stockton"))
    for word, numbers in CHILD_O_GROUPS.items():
        for number in numbers:
            assert word in groups.get(number, "").lower(), (
                f"recommendation {number} is under {groups.get(number)!r}, not the group on {word!r}"
            )


# Corrections: each pair is text a correction took out, which must not come back.
REMOVED: list[tuple[str, str]] = [
    ("leicester-domestic-abuse-audit", "include them in the"),
    ("leicester-domestic-abuse-audit", "managers gave no direction"),
    ("leicester-domestic-abuse-audit", "never escalated"),
    ("leicester-domestic-abuse-audit", "was found to be left at risk"),
    ("leicester-domestic-abuse-audit", "outcomes from the multi-agency risk assessment conference"),
    ("leicester-domestic-abuse-audit", "probation one and a school one"),
    ("leicester-domestic-abuse-audit", "and others can too"),
    ("leicester-domestic-abuse-audit", "0808 80 200"),
    ("child-o-hartlepool-stockton", "licence banning him"),
    ("child-o-hartlepool-stockton", "this never reached the core group or marac"),
    ("child-o-hartlepool-stockton", "identification and referral to improve safety"),
    ("child-o-hartlepool-stockton", "ambulance calls"),
    ("child-o-hartlepool-stockton", "too narrow to see the whole picture"),
    ("child-o-hartlepool-stockton", "he was reported at the home"),
    ("family-a", "surprised"),
    ("family-a", "the partnership uses the national practice briefing"),
    ("family-a", "the current review of domestic abuse training draws on"),
    ("family-a", "the partnership makes sure professionals"),
    ("family-a", "his part in the children's lives"),
    ("family-a", "abuse between the adults around them"),
    ("family-a", "pre-proceedings stage before any court case"),
    ("children-o-p-and-q", "(the mother)"),
    ("children-o-p-and-q", "open to services throughout"),
    ("children-o-p-and-q", "their father stopped the children"),
    ("children-o-p-and-q", "the board makes sure all relevant frontline staff"),
    ("mark-and-lloyd", "the boys were on cp plans when lloyd died"),
    ("mark-and-lloyd", "ambassadors promoting clare's law"),
    ("mark-and-lloyd", "he is now in foster care"),
    ("mark-and-lloyd", "extra health visiting support"),
    ("mark-and-lloyd", "led to prompt protection"),
]


@pytest.mark.parametrize(("slug", "phrase"), REMOVED, ids=[f"{s}:{p}" for s, p in REMOVED])
def test_corrected_wording_does_not_come_back(slug, phrase):
    assert phrase not in everything(load(slug))


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.;:!?])\s+", text) if part]


def test_leicester_dash_assessment_is_about_adults_who_pose_a_risk_not_taken_part_in_by_them():
    text = bodies(load("leicester-domestic-abuse-audit"))
    about_dash = [s for s in sentences(text) if "(dash)" in s or " dash " in s]
    assert about_dash, "the audit's point about the DASH risk assessment is missing"
    for sentence in about_dash:
        assert "pose a risk" in sentence, sentence
        assert "take account of them" in sentence, sentence
        for wrong in ("include them", "involve", "take part", "taking part", "participat", "complete"):
            assert wrong not in sentence, f"{wrong!r} reads as if the adults join the assessment: {sentence}"


def test_leicester_oversight_and_meetings_say_no_more_than_the_audit():
    improve = plain(section(load("leicester-domestic-abuse-audit"), "What needs to improve")["body"])
    assert "unclear if managers gave direction" in improve
    assert "in one case, information from the multi-agency risk assessment conference (marac)" in improve
    recommendation = recommendations(load("leicester-domestic-abuse-audit"))[0][6]
    assert recommendation.startswith("csc and early help to consider")


def test_leicester_contacts_are_the_sources_and_complete():
    briefing = load("leicester-domestic-abuse-audit")
    contacts = briefing.get("contacts", [])
    phones = {str(contact.get("phone")) for contact in contacts}
    assert "999" in phones
    assert "101" in everything(briefing)
    for contact in contacts:
        digits = re.sub(r"\D", "", str(contact.get("phone") or ""))
        assert len(digits) in (3, 11), f"{contact['name']}: {contact.get('phone')} is not a whole number"


def test_child_o_keeps_the_reviews_most_of_all_point():
    text = plain(section(load("child-o-hartlepool-stockton"), "Recommendations")["body"])
    point = next((s for s in sentences(text) if "most of all" in s), "")
    for word in ("lived experience", "heart of practice", "schools", "forefront"):
        assert word in point, f"the 'most of all' point lacks {word!r}: {point!r}"


def test_child_o_keeps_the_licence_and_the_release_conditions_apart_and_in_order():
    happened = section(load("child-o-hartlepool-stockton"), "What happened")["body"]
    events = [plain(line) for line in happened.splitlines() if line.strip().startswith("- ")]
    licence = [i for i, event in enumerate(events) if "licence" in event]
    release = [i for i, event in enumerate(events) if "release from custody" in event]
    assert len(licence) == 1 and len(release) == 1, events
    at_marac, released = events[licence[0]], events[release[0]]
    assert "marac" in at_marac.lower() or "multi-agency risk assessment conference" in at_marac
    assert "elsewhere in the country" in at_marac
    assert "cleveland" not in at_marac and "contact" not in at_marac
    assert "cleveland" in released and "contacting mother" in released
    assert licence[0] < release[0], "the licence came first, the release from custody later"


def test_child_o_recommendations_are_for_the_partnership_to_consider():
    text = plain(section(load("child-o-hartlepool-stockton"), "Recommendations")["body"])
    assert "asks the partnership to consider" in text


def test_family_a_recommendations_keep_the_sources_considers():
    items, _ = recommendations(load("family-a"))
    for number in (1, 2, 5, 8):
        assert "consider" in items[number], f"recommendation {number}: {items[number]!r}"
    notes = plain(" ".join(part.get("notes") or "" for part in load("family-a")["sections"]))
    assert "surprised" not in notes


def test_mark_and_lloyd_keeps_clares_law_apart_from_the_ambassadors():
    actions = plain(section(load("mark-and-lloyd"), "Actions taken")["body"])
    clause = next(part for part in actions.split(",") if "ambassadors" in part)
    assert "clare" not in clause, clause
