"""Questions from the briefing itself: one built from its own recommendations or learning.

A theme's questions fit any case on that theme; this one fits only this case, because it
quotes what this review asked for. It is taken from the first recommendation (or, with
none, the first learning point) that reads as one plain sentence of a useful length, and
quoted whole, so nothing is reworded or cut. Briefings put a review's learning in their
own words, so the quotation is the briefing's ("in this briefing's words") unless the
author wrote the item inside quotation marks, as the review's own words.
"""

from __future__ import annotations

import re

from ..model import Briefing

RECOMMENDATIONS = re.compile(r"recommend", re.I)
LEARNING = re.compile(r"learning|lessons|what to do|remember|key messages", re.I)
_QUOTED = re.compile(r'^(?:“([^“”]+)”|"([^"“”]+)")$')  # the whole item, inside quotation marks
_ITEM = re.compile(r"^\s*(?:(\d+)[.)]|[-*•]|\(?([a-z])\))\s+(.+)$")
MIN_WORDS, MAX_WORDS = 6, 32
ASK_RECOMMENDATION = "What would that mean in your setting, and what would you do first?"
ASK_LEARNING = "What would this mean for your own work, and what would you change?"


def own_question(briefing: Briefing) -> str | None:
    """A question quoting one of the briefing's recommendations or learning points, or None."""
    for pattern, ask in ((RECOMMENDATIONS, _recommendation_question), (LEARNING, _learning_question)):
        for section in briefing.sections:
            if not pattern.search(section.title):
                continue
            for label, text, quoted in _items(section.body):
                return ask(label, text, quoted)
    return None


def _items(body: str) -> list[tuple[str | None, str, bool]]:
    """List items (numbered, lettered or bulleted) that are a single plain sentence, each with
    whether the author marked it as the review's own words (the whole item in quotation marks)."""
    found = []
    for line in body.splitlines():
        item = _ITEM.match(line)
        if not item:
            continue
        text, quoted = _unquoted(item.group(3).strip())
        text = _plain(text)
        words = len(text.split())
        one_sentence = not re.search(r"[.!?]\s+\S", text)
        if MIN_WORDS <= words <= MAX_WORDS and one_sentence and not text.endswith(("…", "...", ":")):
            found.append((item.group(1) or item.group(2), text, quoted))
    return found


def _unquoted(text: str) -> tuple[str, bool]:
    """The item without the quotation marks around it, and whether it had them."""
    whole = _QUOTED.match(text)
    return ((whole.group(1) or whole.group(2)).strip(), True) if whole else (text, False)


def _plain(text: str) -> str:
    """Markdown reduced to its words: links keep their text, emphasis marks go."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)", "", text).strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _recommendation_question(label: str | None, text: str, quoted: bool) -> str:
    which = f"Recommendation {label}" if label and label.isdigit() else "One recommendation"
    if quoted:
        return f"{which} of the review reads: “{text}” {ASK_RECOMMENDATION}"
    return f"{which}, in this briefing's words: “{text}” {ASK_RECOMMENDATION}"


def _learning_question(_label: str | None, text: str, quoted: bool) -> str:
    whose = "The review's" if quoted else "This briefing's"
    return f"{whose} learning includes: “{text}” {ASK_LEARNING}"
