"""What the review is: its name, partnership, date and kind, from its first lines.

The top of a review usually names it ("Rapid review: Child Z"), its partnership and its month;
`read_meta` reads them so the draft can fill them in and the parts can leave those lines out.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

# Words near the top of a review that say what kind it is, most specific first.
KIND_WORDS: list[tuple[str, str]] = [
    ("SAR", r"safeguarding adults? review|\bSAR\b"),
    ("DHR", r"domestic homicide review|domestic abuse related death review|\bDHR\b"),
    ("rapid-review", r"rapid review"),
    ("LCSPR", r"local child(?:ren['’]?s)? safeguarding practice review|\bLCSPR\b"),
    ("audit", r"\baudit\b"),
    ("thematic", r"\bthematic\b"),
    ("CSPR", r"child(?:ren['’]?s)? safeguarding practice review|\bCSPR\b|serious case review"),
]


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
PSEUDONYM = re.compile(
    r"\b(?:(?:Child(?:ren)?|Baby|Family|Adult|Young Person|Sibling)s?\s+[A-Z](?:(?:,\s*|\s+and\s+)[A-Z])*"
    r"|(?:Mrs|Mr|Ms|Miss)\.?\s+[A-Z])\b(?![’'-])"
)


@dataclass(frozen=True)
class Meta:
    title: str | None
    partnership: str | None
    date: str | None
    kind: str | None
    review_title: str | None


def read_meta(text: str) -> Meta:
    """What the review's first lines say about it: its name, partnership, date and kind."""
    lines = [line.strip().strip("*#").strip() for line in text.splitlines() if line.strip()][:15]
    top = " ".join(lines)
    joined = " ".join(top.split())
    partnership = next((name for name in map(_partnership, lines) if name), None)
    date = None
    for line in lines:
        found = re.search(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?({MONTHS})\s+(\d{{4}})\b", line)
        if found:  # as precise as the review: "4 March 2024" or "March 2024"
            day, month, year = found.groups()
            number = MONTHS.split("|").index(month) + 1
            date = f"{year}-{number:02d}"
            if day and _is_day(int(year), number, int(day)):
                date += f"-{int(day):02d}"
            break
    kind = _kind(joined)
    named = PSEUDONYM.search(joined)
    title = named.group(0) if named else None
    review_title = next(
        (
            ln
            for ln in lines
            if re.search(r"\b(review|audit|briefing|brief)\b", ln, re.I)
            and len(ln.split()) <= 15
            and not ln.endswith(".")
        ),
        None,
    )
    if kind in ("thematic", "audit") and review_title and not PSEUDONYM.search(review_title):
        title = None  # a thematic review or audit is named by its subject, not by one child in it
    if title is None and review_title:
        short = _without_kind(review_title)
        title = short if len(short.split()) <= 10 else None
    return Meta(title, partnership, date, kind, review_title)


def _without_kind(title: str) -> str:
    """A thematic review's or audit's own subject, without the words naming the kind of
    document: "Thematic review: Neglect in the under-fives" gives "Neglect in the under-fives",
    "Multi-agency audit of strategy discussions" gives "Strategy discussions"."""
    before, colon, after = title.partition(":")
    if colon and after.strip() and re.search(r"\b(review|audit|report|briefing)\b", before, re.I):
        return after.strip()
    match = re.match(r"^.*?\b(?:review|audit|report)\s+(?:of|into)\s+(?:the\s+)?(.+)$", title, re.I)
    if match:
        return match.group(1)[:1].upper() + match.group(1)[1:]
    return title


def _kind(text: str) -> str | None:
    """The kind the review names first: its title ("Local Child Safeguarding Practice Review:
    Child H") comes before any other review it mentions ("after a rapid review in 2023")."""
    found = []
    for order, (key, pattern) in enumerate(KIND_WORDS):
        match = re.search(pattern, text, re.I)
        if match:
            found.append((match.start(), order, key))
    return min(found)[2] if found else None


_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’-]*|&|and|of|on|the)$")


def _partnership(text: str) -> str | None:
    """The name before the first "Partnership" or "Board": up to seven capitalised words."""
    words = text.split()
    for index, word in enumerate(words):
        if not re.fullmatch(r"(?:partnership|board)[\W]*", word, re.I):
            continue
        start = index
        while start > 0 and index - start < 7 and _NAME_WORD.match(words[start - 1]):
            start -= 1
        name = words[start : index + 1]
        while name and name[0] in ("&", "and", "of", "on", "the", "The"):
            name = name[1:]
        if len(name) >= 2:
            name[-1] = name[-1].rstrip(".,;:")
            return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name)
    return None


def _is_day(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True
