"""Text helpers: a review's text made printable, split into sentences, and shortened to a budget.

Shared by the steps after reading; they depend on nothing else in the importer.
"""

from __future__ import annotations

import re

# Controls, non-characters and bidi embeddings, overrides and isolates (which the kit refuses
# in a briefing: they can make text display in another order than it reads).
_NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


_LABEL = re.compile(r"\(?([0-9]{1,2}|[a-zA-Z])[.)]?")


def row_label(cell: str) -> str | None:
    """The number or letter a table row is led by ("1", "(a)", "B."), if it is one."""
    label = _LABEL.fullmatch(cell.strip())
    return label.group(1) if label else None


def is_header(cells: list[str]) -> bool:
    """Whether a table row is a header: short cells ("No. | Recommendation | Lead agency"),
    none of them a row's number."""
    return len(cells) >= 2 and row_label(cells[0]) is None and all(len(cell.split()) <= 3 for cell in cells)


def table_rows(text: str) -> str:
    """Rows of a Markdown table (| 1 | text | lead |) or of tab-separated text as lines; a row led
    by a number or letter (a recommendations table) becomes a numbered item: "1. text", and the
    header row above such rows is dropped."""
    out = []
    header: list[str] = []  # the cells of the row just written, were it a table's header
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        elif "\t" in stripped:
            cells = [cell.strip() for cell in stripped.split("\t")]
        else:
            out.append(line)
            header = []
            continue
        cells = [cell for cell in cells if cell]
        if not cells or all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells):
            continue  # the line under a Markdown table's header
        label = row_label(cells[0])
        if label and is_header(header):
            out.pop()
        out.append(f"{label}. {cells[1]}" if label and len(cells) > 1 else " — ".join(cells))
        header = cells
    return "\n".join(out)


def printable(text: str) -> str:
    """The review's text without the control characters a PDF or Word file can carry (YAML
    refuses them), with table rows as lines, tabs as spaces and every line ending as a newline."""
    text = table_rows(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\t", " ").replace("\f", "\n")
    return _NOT_PRINTABLE.sub("", text).replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")


def short(heading: str, length: int = 60) -> str:
    return heading if len(heading) <= length else heading[: length - 1].rstrip() + "…"


_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|cf|vs|approx|no|dr|mr|mrs|ms|st)|\b[A-Z])\.$", re.I)


def sentences(text: str) -> list[str]:
    """Sentences of one paragraph, not split after "e.g." and the like."""
    out: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(])", " ".join(text.split())):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return [piece for piece in out if piece]


def shorten(text: str, budget: int) -> str:
    """The start of `text` in at most `budget` words, cut after a comma or dash where one is
    past half way, ending in "…"; emphasis marks are dropped so none is left open. A whole
    sentence before a dash ("… within a year. — Education", a table's lead agency) is kept
    whole, without the aside and without "…"."""
    words = re.sub(r"\*+", "", text).split()
    if len(words) <= budget:
        return " ".join(words)
    cut = budget
    for index in range(budget, budget // 2, -1):
        if words[index - 1].endswith((",", ";", ":")) or words[index] in ("-", "–", "—"):
            cut = index
            break
    kept = words[:cut]
    while len(kept) > 1 and kept[-1].lower().strip(",;:") in (
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "for",
        "or",
        "with",
    ):
        kept.pop()
    whole = kept[-1].endswith((".", "!", "?")) and words[len(kept)] in ("-", "–", "—")
    return (
        " ".join(kept) if whole else " ".join(kept).rstrip(",;:") + "…"
    )  # a whole sentence, its aside left off
