"""Find the recommendations: every one, as (label, text), numbered or lettered as in the review.

They are taken from "Recommendation N" lines, "[Recommendation N]" marks, and items listed
under a recommendations heading; `label_line` gives each its one line in the draft.
"""

from __future__ import annotations

import re

from .condense import one_line
from .parts import RECOMMENDATION_LINE, Part
from .text import sentences

_RECOMMENDATION_MARK = re.compile(r"\*{0,2}\[\s*\*{0,2}recommendations?\s+(\d+)\s*\*{0,2}\]\*{0,2}", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:(\d+)[.)]|\(?([a-z])[.)]|[-*•])\s+(.+)$")


def recommendations(text: str, parts: list[Part]) -> list[tuple[str, str]]:
    """Every recommendation as (label, text), in the source's order and numbering.

    Found as "Recommendation N: ..." lines (or a "Recommendation N" heading with its text on
    the next line), "[Recommendation N]" marks after a sentence, or items listed under a
    Recommendations heading (numbered, lettered or bulleted, in any sub-groups). With none of
    these, the part with the longest numbered list is taken, and marked as a guess.
    """
    found = _listed([p for p in parts if p.role == "recommendations"])
    for part in parts:  # a heading "Recommendation A" with the recommendation as its text
        heading = RECOMMENDATION_LINE.match(part.heading)
        if heading and part.text:
            found.setdefault(heading.group(1).lower(), part.text.split("\n")[0])
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = RECOMMENDATION_LINE.match(line)
        if not match:
            continue
        body = (match.group(2) or "").strip()
        if not body:  # the heading's text is the next line that has some
            body = next((ln.strip() for ln in lines[index + 1 : index + 4] if ln.strip()), "")
        if body:
            found.setdefault(match.group(1).lower(), body)
    for match in _RECOMMENDATION_MARK.finditer(text):
        before = text[: match.start()].rstrip()
        sentence = sentences(re.split(r"\n\s*\n", before)[-1])[-1:] if before else []
        if sentence:
            found.setdefault(match.group(1), sentence[0])
    if not found:
        numbered = {id(p): sum(bool(re.match(r"^\s*\d+[.)]\s", ln)) for ln in p.lines) for p in parts}
        best = max(parts, key=lambda p: numbered[id(p)], default=None)
        if best is not None and numbered[id(best)] >= 2:
            best.role, best.guessed, best.why = "recommendations", True, "it has the longest numbered list"
            found = _listed([best])
    return sorted(found.items(), key=lambda kv: _label_order(kv[0]))


def without_recommendations(text: str) -> str:
    """Text with its recommendations taken out (they have their own section), and links
    that lead nowhere on the web reduced to their words."""
    lines = [line for line in text.splitlines() if not RECOMMENDATION_LINE.match(line)]
    text = _RECOMMENDATION_MARK.sub("", "\n".join(lines))
    return re.sub(r"\[([^\]]*)\]\((?!https?://)[^)]*\)", r"\1", text)


def _label_order(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (10_000, label)


def _listed(parts: list[Part]) -> dict[str, str]:
    """Numbered, lettered or bulleted items in `parts`, labelled as in the source where they are.

    A lead-in line that ends with a colon ("...aware of the following:") belongs to the items
    that follow it, so it is kept as the first recommendation when the items are bullets.
    """
    items: list[tuple[str | None, str]] = []
    for part in parts:
        for line in part.lines:
            item = _LIST_ITEM.match(line)
            if not item:
                continue
            label, body = item.group(1) or item.group(2), item.group(3)
            marked = _ITEM_MARK.match(body)
            if marked:  # "- **[Recommendation 6]** A pathway for..." keeps the review's number
                label, body = marked.group(1), body[marked.end() :]
            items.append((label, body))
    if any(label for label, _ in items):  # numbered or lettered: bullets elsewhere are not these
        items = [(label, body) for label, body in items if label]
    found: dict[str, str] = {}
    for counter, (label, body) in enumerate(items, 1):
        found.setdefault((label or str(counter)).lower(), body)
    return found


_ITEM_MARK = re.compile(r"^\W*recommendations?\s+(\d+)[\]*:.)\s–-]*", re.I)


def label_line(label: str, text: str) -> str:
    return f"{label}. {one_line(text)}" if label.isdigit() else f"- ({label}) {one_line(text)}"
