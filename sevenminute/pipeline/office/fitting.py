"""Fitting text to slides without shrinking it: blocks are measured line by line at a given size,
and what does not fit one slide continues on the next, split between sentences or list items,
never inside a sentence (unless one sentence is taller than a whole slide).

Widths are measured with the kit's own typeface (Atkinson Hyperlegible, shipped with it) and a
margin, so the same source always gives the same slides, and text measured to fit still fits in
the common fonts the slides name (Arial, or Liberation Sans where LibreOffice shows them)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

import fontpkg_atkinson_hyperlegible as atkinson

from .blocks import Block, Run

MARGIN = 1.08  # Arial sets a line about 2% wider than Atkinson Hyperlegible; room to spare
LINE = 1.2  # line height, as a multiple of the type size (PowerPoint's single spacing)
AFTER = 0.45  # space after a paragraph, as a multiple of the type size
INDENT = 1.1  # a list level's indent, as a multiple of the type size


@dataclass(frozen=True)
class Box:
    """Where text goes, in points."""

    width: float
    height: float


@cache
def _font(bold: bool, italic: bool, size: float):
    from PIL import ImageFont  # python-pptx's own dependency

    style = ("Bold" if bold else "") + ("Italic" if italic else "") or "Regular"
    return ImageFont.truetype(str(atkinson.ROOT / "files" / f"AtkinsonHyperlegible-{style}.ttf"), size)


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    return _font(bold, italic, round(size * 4)).getlength(text) / 4 * MARGIN


def size_of(block: Block, size: float) -> float:
    """The type size of a block on a slide whose body text is `size`: headings a little larger."""
    return round(size * 1.15) if block.kind == "heading" else size


def indent(block: Block, size: float) -> float:
    """Where a block's text starts, from the left of its box."""
    if block.kind == "heading":  # its level is its rank, not an indent
        return 0.0
    listed = block.kind in ("bullet", "number")
    return INDENT * size * (block.level + (1 if listed else 0))


def line_starts(block: Block, size: float, width: float) -> list[int]:
    """The offsets in the block's text where each of its lines starts, wrapped at `width` points."""
    text = block.text
    size = size_of(block, size)
    width = width - indent(block, size)
    styles = _styles(block)
    space = text_width(" ", size)
    starts: list[int] = [0]
    used = 0.0
    for line_break, unit in _units(text):
        measured = sum(
            text_width(text[start:end], size, bold or block.kind == "heading", italic)
            for start, end, bold, italic in _pieces(styles, unit.start(), unit.end())
        )
        if line_break and used:
            starts.append(unit.start())
            used = 0.0
        if used and used + space + measured > width:
            starts.append(unit.start())
            used = 0.0
        if not used and measured > width:  # a long address: the slide breaks it across lines
            extra = int(measured // width)
            starts += [unit.start()] * extra
            measured -= extra * width
        used = measured if not used else used + space + measured
    return starts


def block_height(lines: int, block: Block, size: float) -> float:
    size = size_of(block, size)
    return lines * size * LINE + size * AFTER


def paginate(blocks: list[Block], size: float, box: Box) -> list[list[Block]]:
    """The blocks on as many slides as they need at `size`. A block longer than the room left is
    split between two of its sentences, never inside one, and its second half continues, with no
    new bullet, on the next; a heading goes on with what follows it. Only a sentence taller than
    a whole slide is split between lines."""
    pages: list[list[Block]] = [[]]
    room = box.height
    queue = list(blocks)
    while queue:
        block = queue.pop(0)
        needed = _height(block, size, box.width)
        if needed <= room:
            pages[-1].append(block)
            room -= needed
            continue
        split = _sentence_split(block, size, box.width, room) if block.kind != "heading" else None
        if split is None and not pages[-1]:
            split = _line_split(block, size, box.width, room)
        if split:
            pages[-1].append(split[0])
            queue.insert(0, split[1])
        elif pages[-1]:
            queue.insert(0, block)
            while len(pages[-1]) > 1 and leads_in(pages[-1][-1]):  # not alone at the foot
                queue.insert(0, pages[-1].pop())
        else:  # taller than a whole slide, even alone: it takes the slide and runs over
            pages[-1].append(block)
            room = 0
            continue
        pages.append([])
        room = box.height
    return [page for page in pages if page]


# Where a sentence ends and the next begins: after . ? ! (and any closing quote or bracket), and
# before a capital, a digit or an opening quote or bracket; "e.g. the" is not a sentence's end.
SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def leads_in(block: Block) -> bool:
    """A heading, or a line that introduces what follows ("...four lines of enquiry:")."""
    return block.kind == "heading" or block.text.rstrip().endswith(":")


def filled(page: list[Block], size: float, box: Box) -> float:
    """How much of the box a slide's blocks fill, from 0 to 1."""
    return sum(_height(block, size, box.width) for block in page) / box.height


@lru_cache(maxsize=4096)  # a part is measured again for each height its slides are tried at
def _height(block: Block, size: float, width: float) -> float:
    return block_height(len(line_starts(block, size, width)), block, size)


def _sentence_split(block: Block, size: float, width: float, room: float) -> tuple[Block, Block] | None:
    """The block cut after its last sentence that still fits in `room`, or None."""
    starts = line_starts(block, size, width)  # a sentence's first lines wrap as they do in the block
    for match in reversed(list(SENTENCE_END.finditer(block.text))):
        if len(block.text[: match.start()].split()) < 2:  # "8. More training": an item's number
            continue
        if block_height(bisect_left(starts, match.end()), block, size) > room:
            continue
        head, tail = split_runs(block.runs, match.end())
        if head and tail and not all(run.bold for run in head):  # a bold label stays with its text
            return block.with_runs(head), continued(block, tail)
    return None


def _line_split(block: Block, size: float, width: float, room: float) -> tuple[Block, Block] | None:
    """A sentence taller than a slide, alone on it, cut between its lines where the room ends."""
    starts = line_starts(block, size, width)
    fits = int((room - size_of(block, size) * AFTER) // (size_of(block, size) * LINE))
    if fits < 1 or fits >= len(starts) or block.kind == "heading":
        return None
    head, tail = split_runs(block.runs, starts[fits])
    return block.with_runs(head), continued(block, tail)


def continued(block: Block, runs: tuple[Run, ...]) -> Block:
    """The rest of a split block: a list item goes on at its text's indent, with no new marker."""
    if block.kind in ("bullet", "number"):
        return Block("paragraph", runs, block.level + 1)
    return block.with_runs(runs)


def split_runs(runs: tuple[Run, ...], offset: int) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """Runs cut at a character offset of their joined text; the space at the cut is dropped."""
    head: list[Run] = []
    tail: list[Run] = []
    position = 0
    for run in runs:
        end = position + len(run.text)
        if end <= offset:
            head.append(run)
        elif position >= offset:
            tail.append(run)
        else:
            cut = offset - position
            head.append(Run(run.text[:cut], run.bold, run.italic, run.url))
            tail.append(Run(run.text[cut:], run.bold, run.italic, run.url))
        position = end
    head = _trimmed(head, end=True)
    tail = _trimmed(tail, end=False)
    return tuple(head), tuple(tail)


def _trimmed(runs: list[Run], end: bool) -> list[Run]:
    while runs:
        index = -1 if end else 0
        run = runs[index]
        text = run.text.rstrip() if end else run.text.lstrip()
        if text:
            runs[index] = Run(text, run.bold, run.italic, run.url)
            break
        runs.pop(index)
    return runs


def _styles(block: Block) -> list[tuple[int, int, bool, bool]]:
    spans = []
    position = 0
    for run in block.runs:
        spans.append((position, position + len(run.text), run.bold, run.italic))
        position += len(run.text)
    return spans


def _pieces(styles, start: int, end: int):
    for first, last, bold, italic in styles:
        low, high = max(first, start), min(last, end)
        if low < high:
            yield low, high, bold, italic


def _units(text: str):
    """Each word (with what is glued to it), and whether a forced line break comes before it."""
    previous = 0
    for match in re.finditer(r"\S+", text):
        yield "\n" in text[previous : match.start()], match
        previous = match.end()
