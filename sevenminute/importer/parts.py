"""Find the parts: the review split at its headings, each part given the role it plays.

A heading that says "recommendations" (or "actions agreed"...) makes its part, and the
sub-headings under it, the recommendations. Every other part's role is read from its heading,
its opening words and its place (roles.py); where that reading and the heading's own words
(ROLES) differ, or the heading has none, the role counts as a guess, and the report says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .meta import KIND_WORDS, MONTHS, PSEUDONYM, Meta, read_meta
from .roles import bare_heading, role_model
from .text import short

# The parts of a review, the words that name them. The first role whose words a heading
# contains is the part's role; a heading with none of them keeps the role of the part before.
ROLES: list[tuple[str, tuple[str, ...]]] = [
    ("introduction", ("why we ", "why this ", "why the review", "why a review")),  # before "carried out"
    ("recommendations", ("recommendation", "actions for", "agreed actions", "actions agreed")),
    (
        "good-practice",
        (
            "good practice",
            "worked well",
            "went well",
            "strengths",
            "actions taken",
            "what has changed",
            "made a difference",
            "did well",
            "done well",
            "build on",
        ),
    ),
    (
        "family",
        (
            "family involvement",
            "family's view",
            "family view",
            "voice of",
            "voices of",
            "'s views",
            "’s views",
            "views of",
            "contribution",
            "family's perspective",
            "family perspective",
            "involvement of",
            "hearing from",
            "in the words",
            "in their words",
            "'s words",
            "’s words",
            "involving",
            "and her family",
            "and his family",
            "and their family",
            "with the family",
            "told us",
        ),
    ),
    (
        "further",
        (
            "further information",
            "resources",
            "useful links",
            "contacts",
            "contact us",
            "helpline",
            "references",
            "glossary",
            "next steps",
            "support and",
            "more information",
            "find out more",
            "appendix",
        ),
    ),
    (
        "scope",
        (
            "lines of enquiry",
            "terms of reference",
            "methodology",
            "method",
            "how the audit",
            "scope",
            "how the review",
            "carried out",
            "how we did",
            "approach",
            "set out to",
            "process",
        ),
    ),
    (
        "findings",
        (
            "finding",
            "found",
            "theme",
            "results",
            "analysis",
            "areas of concern",
            "missed opportunit",
            "what needs to improve",
            "concern",
        ),
    ),
    (
        "learning",
        (
            "learning",
            "lessons",
            "key messages",
            "practice points",
            "reflections",
            "for practice",
            "what this means",
            "implications",
            "learned",
            "take from",
            "tells us",
            "learnt",
        ),
    ),
    (
        "what-happened",
        (
            "what happened",
            "the case",
            "case summary",
            "case synopsis",
            "chronology",
            "incident",
            "practice episode",
            "'s story",
            "’s story",
            "events",
            "timeline",
        ),
    ),
    (
        "introduction",
        ("introduction", "synopsis", "background", "summary", "overview", "about this", "purpose"),
    ),
]


@dataclass
class Part:
    heading: str
    role: str
    lines: list[str] = field(default_factory=list)
    guessed: bool = False
    why: str = ""  # how a guessed role was chosen, for the report

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


_LEAD_IN = re.compile(
    r"^\s*\**(recommendations?|findings|good practice|learning|key learning)\**\s*:\s*(\S.*)$", re.I
)
_NUMBERED_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+(\S.*)$")

# A "Recommendation N" line, with its text after it or on the next line; `recommendations` reads them.
RECOMMENDATION_LINE = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?\[?recommendation\s+(\d+|[a-z])\b\]?(?:\*\*)?(?:\s*[:.\-–)]\s*(.*)|\s*)$", re.I
)


def _heading(line: str, following: str) -> str | None:
    """The heading text if `line` looks like a heading, else None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 90:
        return None
    if stripped.startswith("#"):
        return stripped.lstrip("#").strip() or None
    bold = re.fullmatch(r"\*\*(.+?)\*\*:?", stripped)
    if bold:
        return bold.group(1).strip()
    words = stripped.split()
    unnumbered = re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", stripped)  # "2. Finding one: ..."
    theme = re.match(
        r"^(?:theme|finding|key finding|key learning|learning point)\s*(?:\d+|one|two|three|four|five|six)?"
        r"\s*[:\-–]\s*(\S.*)$",
        unnumbered,
        re.I,
    )
    if theme and len(words) <= 16:
        return unnumbered.rstrip(":")
    before_list = re.match(r"^\s*(?:[-*•]|\d+[.)]|\(?[a-z][.)])\s", following)
    if (
        before_list
        and len(words) <= 8
        and stripped[0].isupper()
        and not stripped.endswith((".", ",", ";", ":"))
    ):
        return stripped
    numbered = _NUMBERED_HEADING.match(stripped)
    if numbered and len(numbered.group(1).split()) <= 8 and not stripped.endswith((".", ",", ";")):
        return numbered.group(1).strip()
    letters = [c for c in stripped if c.isalpha()]
    if letters and len(words) <= 8 and all(c.isupper() for c in letters) and len(letters) > 3:
        return stripped.title()
    few_words = (
        len(words) <= 8
        and not stripped.endswith((".", ",", ";"))
        and not stripped.startswith(("-", "*", "•"))
    )
    if (
        few_words
        and stripped[0].isupper()
        and (len(following.split()) > 12 or (following and role_of(stripped)))
    ):
        return stripped.rstrip(":")  # a short line before a paragraph, or one that names a part
    return None


def role_of(heading: str) -> str | None:
    lowered = heading.lower()
    for role, words in ROLES:
        if any(word in lowered for word in words):
            return role
    return None


def split_parts(text: str, meta: Meta | None = None) -> list[Part]:
    """The review's parts, each with the role it plays (see the module's docstring).

    Lines at the top that only name the review (its title, partnership, date) are left out.
    """
    parts = find_parts(text, meta)
    _read_roles(parts)
    return parts


def find_parts(text: str, meta: Meta | None = None) -> list[Part]:
    """The review split at its headings, each part with the role its heading's words give it,
    if any (else the role of the part before, as a guess)."""
    meta = meta or read_meta(text)
    lines = text.replace("\r\n", "\n").split("\n")
    parts = [Part("(the opening, before any heading)", "introduction", guessed=True, why="it comes first")]
    opening = True
    for index, line in enumerate(lines):
        if opening and _names_the_review(line, meta):
            continue
        following = next((ln for ln in lines[index + 1 : index + 4] if ln.strip()), "")
        lead_in = _LEAD_IN.match(line)
        if lead_in:  # "Recommendations: partner agencies should..." starts a part on one line
            parts.append(Part(lead_in.group(1).strip(), role_of(lead_in.group(1)) or parts[-1].role))
            parts[-1].lines.append(lead_in.group(2))
            opening = False
            continue
        heading = _heading(line, following)
        numbered = RECOMMENDATION_LINE.match(line)
        if heading and not (numbered and numbered.group(2)):  # "Recommendation 1: text" is not a heading
            role = role_of(heading)
            parts.append(Part(heading, role or parts[-1].role, guessed=role is None))
            opening = False
        else:
            parts[-1].lines.append(line)
    return [part for part in parts if part.text or part.role == "recommendations"]


def _read_roles(parts: list[Part]) -> None:
    """Give each part its role as read from its heading, opening and place; the
    recommendations, and the sub-headings under them, stay as their heading says."""
    read = role_model().read([(part.heading, part.text) for part in parts])
    for index, (part, (role, chance)) in enumerate(zip(parts, read, strict=True)):
        named = role_of(bare_heading(part.heading))
        if (index == 0 and part.heading.startswith("(")) or named == "recommendations":
            continue  # the opening, before any heading, is the introduction; recommendations stay
        before = parts[index - 1] if index else None
        if named and named != role and chance < CONFIDENT:
            continue  # its heading's own words, over a reading that is not sure
        if (
            before
            and named is None
            and (
                (before.role == "recommendations" and _actions(part.text))  # "For schools": more actions
                or chance < UNSURE  # neither words nor a reading: it goes on with the part before
            )
        ):
            part.role, part.guessed, part.why = before.role, True, f"it follows “{short(before.heading, 40)}”"
            continue
        part.role, part.guessed = role, named != role
        part.why = f"its heading and opening read as {role.replace('-', ' ')} ({chance:.2f})" + (
            f"; its heading's words suggest {named.replace('-', ' ')}" if named else ""
        )


CONFIDENT = 0.6  # a reading this sure wins over the heading's own words (measured: make eval-import)
UNSURE = 0.35  # a reading less sure than this, of a heading without words of a part, is no reading
_ACTION = re.compile(
    r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)])\s|.*\b(?:should|must|will|recommendation\s+\d+)\b", re.I | re.M
)


def _actions(text: str) -> bool:
    """Whether a part holds actions: a numbered or lettered item, a recommendation by its
    number, or what someone should do."""
    return bool(_ACTION.search(text))


def _names_the_review(line: str, meta: Meta) -> bool:
    """A line at the top that only gives the review's title, partnership or date ("Why we
    looked at Mr T's care" names Mr T, but is a heading: the name must be half the line)."""
    stripped = line.strip().strip("*#").strip()
    if not stripped:
        return False
    if len(stripped.split()) > 12 or stripped.endswith((".", "!", "?", ":")):
        return False
    lowered = stripped.lower()
    known = [v.lower() for v in (meta.title, meta.partnership, meta.review_title) if v]
    if role_of(re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", stripped)):  # "1. EXECUTIVE SUMMARY" is a heading
        return False
    return bool(
        any(lowered in value or (value in lowered and 2 * len(value) >= len(lowered)) for value in known)
        or (len(stripped.split()) <= 8 and re.search(rf"(?:\d{{1,2}}\s+)?(?:{MONTHS})\s+\d{{4}}", stripped))
        or PSEUDONYM.fullmatch(stripped)
        or re.search(r"\b(partnership|board)\b", lowered)
        or any(re.search(pattern, stripped, re.I) for _, pattern in KIND_WORDS)
        or (stripped.isupper() and len(stripped.split()) <= 3)
    )
