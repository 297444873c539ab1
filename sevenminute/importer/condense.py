"""Condense: whole sentences or list items from the start of a part, within a word budget.

`condense` keeps what fits as Markdown and returns the rest, so another section can use it;
`one_line` gives the first sentence in a few words, for a recommendation or the summary.
"""

from __future__ import annotations

import re

from .text import sentences, shorten

RECOMMENDATION_WORDS = 28


def _pieces(text: str) -> list[str]:
    """Sentences and list items, in order."""
    return [piece for line in text.split("\n") if line.strip() for piece in sentences(line)]


def condense(text: str, budget: int) -> tuple[str, str]:
    """Whole sentences (or list items) from the start of `text`, up to `budget` words.

    Returns the kept text (Markdown) and what was left over, so another section can use it.
    """
    pieces = _pieces(text)
    kept: list[str] = []
    used = 0
    for index, piece in enumerate(pieces):
        words = piece.split()
        if used + len(words) <= budget:
            kept.append(piece)
            used += len(words)
            continue
        if kept:
            return _markdown(kept), "\n".join(pieces[index:])
        # one very long first sentence: keep its start; the rest is left over
        return _markdown([shorten(piece, budget)]), "\n".join(pieces[index + 1 :])
    return _markdown(kept), ""


def _markdown(pieces: list[str]) -> str:
    """Pieces as Markdown paragraphs; list items stay a list, and sentences share a paragraph."""
    blocks: list[str] = []
    for piece in pieces:
        item = re.match(r"^(?:[-*•]|\d+[.)]|\(?[a-z][.)])\s+(.*)$", piece)
        if item:
            line = f"- {item.group(1)}"
            if blocks and blocks[-1].startswith("- "):
                blocks[-1] += "\n" + line
            else:
                blocks.append(line)
        elif blocks and not blocks[-1].startswith("- ") and len(blocks[-1].split()) < 60:
            blocks[-1] += " " + piece
        else:
            blocks.append(piece)
    return "\n\n".join(blocks)


def one_line(text: str, words: int = RECOMMENDATION_WORDS) -> str:
    """The first sentence of `text`, in at most `words` words, without links or emphasis."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a Markdown link keeps its words
    text = re.sub(r"\*+|\\|\[\s*recommendations?\s+\d+\s*\]", "", text, flags=re.I)
    found = sentences(text)
    return shorten(found[0], words) if found else ""
