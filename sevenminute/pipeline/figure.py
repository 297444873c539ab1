"""The seven-point figure for the printed handout: geometry computed here, markup in figure.svg.

On screen the figure is an HTML list of links (templates/handout.html); on paper it is an
inline SVG, which WeasyPrint draws far faster than seven positioned HTML boxes and which
keeps its shape exactly. Coordinates are in points, in a view box just big enough for the
circles, printed at that size: a font size here is the size on paper.

Every label is fitted to its circle with the typeface's own letter widths: wrapped into at
most three lines (four for the title in the centre) at the largest size that fits, never
below `MIN_SIZE`. A word too long for any line is hyphenated (British English patterns);
only when even that fails is the label shortened after a word, with an ellipsis. `check`
asks the author for a `label:` before that happens (`part_label_fits`).
"""

from __future__ import annotations

import math
import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, combinations

from .dates import ENGLISH
from .enrich.handout import Handout
from .language import translate

PART_RADIUS = 30.0  # each part's circle, in points
ORBIT = 70.0  # from the centre of the figure to the centre of each part's circle
CENTRE_RADIUS = 35.5
PART_STROKE = 1.5  # the white ring round each part's circle
PARTS = 7
INSET = 2.5  # clear space inside a circle's edge that no letter enters, in points
MIN_SIZE = 8.0  # the smallest type on the figure, in points
PART_SIZES = (9.5, 9.0, 8.5, MIN_SIZE)  # tried largest first; all seven labels share one size
TITLE_SIZES = (12.0, 11.0, 10.0, 9.0, 8.5, MIN_SIZE)
PART_LINES, TITLE_LINES = 3, 4
NUMBER_SIZE = 12.0
NUMBER_GAP = 2.0  # between a part's number and its label
LEADING = 1.12  # baseline to baseline, in ems
ASCENT, DESCENT = 0.72, 0.22  # the tallest letter above, and the deepest below, a baseline, in ems
ELLIPSIS = "…"
UNKNOWN_WIDTH = 1.0  # ems, for a letter the typeface lacks (another typeface draws it, maybe wider)
SPACE, JOINED, HYPHEN = " ", "", "-"  # what follows a piece of text: a space, nothing, or a hyphen if broken


@dataclass(frozen=True)
class Label:
    """Lines of text centred on a point: each line with the y of its baseline."""

    lines: tuple[tuple[float, str], ...]
    size: float
    shortened: bool = False  # words were left off, and an ellipsis marks where


@dataclass(frozen=True)
class FigurePart:
    number: int
    x: float
    y: float
    number_y: float  # the baseline of the part's number
    label: Label


@dataclass(frozen=True)
class Figure:
    parts: tuple[FigurePart, ...]
    title: Label
    description: str
    width: float
    height: float
    cx: float  # the centre circle's centre
    cy: float
    part_radius: float = PART_RADIUS
    centre_radius: float = CENTRE_RADIUS
    part_stroke: float = PART_STROKE
    number_size: float = NUMBER_SIZE


def _ring() -> tuple[list[tuple[float, float]], float, float, float]:
    """Each part's centre, clockwise from the top, as (x, y) from the figure's centre; the figure's
    width and height; and how far below its top edge its centre lies."""
    angles = [-math.pi / 2 + 2 * math.pi * index / PARTS for index in range(PARTS)]
    points = [(ORBIT * math.cos(angle), ORBIT * math.sin(angle)) for angle in angles]
    reach = PART_RADIUS + PART_STROKE / 2
    top = reach - min(y for _, y in points)
    return points, 2 * (max(abs(x) for x, _ in points) + reach), top + max(y for _, y in points) + reach, top


@cache
def _advances(bold: bool) -> dict[int, float]:
    """Each character's advance in Atkinson Hyperlegible, in ems."""
    import fontpkg_atkinson_hyperlegible as atkinson
    from fontTools.ttLib import TTFont

    name = "AtkinsonHyperlegible-Bold.ttf" if bold else "AtkinsonHyperlegible-Regular.ttf"
    with TTFont(atkinson.ROOT / "files" / name, lazy=True) as font:
        metrics, per_em = font["hmtx"].metrics, font["head"].unitsPerEm
        return {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """`text`'s width set at `size` points (kerning left out: it only ever narrows a line here)."""
    advances = _advances(bold)
    return size * sum(advances.get(ord(char), UNKNOWN_WIDTH) for char in text)


# The language of the figure being set. Only English words are broken: Pyphen has no Welsh
# dictionary, and a word is better unbroken than broken wrongly.
_LANGUAGE: ContextVar[str] = ContextVar("figure_language", default=ENGLISH)


@cache
def _hyphenator():
    import pyphen  # WeasyPrint's own hyphenation dictionaries

    return pyphen.Pyphen(lang="en_GB", left=3, right=3)


def _pieces(text: str, hyphenate: bool) -> tuple[tuple[str, str], ...]:
    """`text` as pieces a line may break after, each with what follows it: a line may break at a
    space, after a hyphen already there and, when `hyphenate`, inside a long word."""
    pieces = []
    for word in text.split() or [""]:
        for part in re.split(r"(?<=[-‐–/])(?=\w)", word):
            cuts = _hyphenator().positions(part) if hyphenate and _LANGUAGE.get() == ENGLISH else []
            syllables = [part[a:b] for a, b in zip([0, *cuts], [*cuts, len(part)], strict=True)]
            pieces += [(syllable, HYPHEN) for syllable in syllables[:-1]] + [(syllables[-1], JOINED)]
        pieces[-1] = (pieces[-1][0], SPACE)
    return tuple(pieces)


def _line(pieces: tuple[tuple[str, str], ...]) -> str:
    inner = "".join(text + (SPACE if after == SPACE else "") for text, after in pieces[:-1])
    text, after = pieces[-1]
    return inner + text + (HYPHEN if after == HYPHEN else "")


@dataclass(frozen=True)
class _Slots:
    """Where a label's lines go in a circle: baselines from its centre, each line's room, and the
    baseline of the part's number above them (if it has one)."""

    baselines: tuple[float, ...]
    widths: tuple[float, ...]
    number: float | None


def _slots(count: int, size: float, radius: float, numbered: bool) -> _Slots:
    """`count` lines at `size` (under a number when `numbered`) as a block centred in the circle;
    each line's room is the circle's width at the line's edge farther from the centre."""
    room, leading = radius - INSET, size * LEADING
    head = NUMBER_SIZE * ASCENT + NUMBER_GAP if numbered else 0.0
    height = head + (count - 1) * leading + (ASCENT + DESCENT) * size
    first = -height / 2 + head + ASCENT * size
    baselines = tuple(first + n * leading for n in range(count))
    widths = []
    for baseline in baselines:
        far = max(abs(baseline - ASCENT * size), abs(baseline + DESCENT * size))
        widths.append(2 * math.sqrt(room * room - far * far) if far < room and height / 2 < room else 0.0)
    return _Slots(baselines, tuple(widths), -height / 2 + NUMBER_SIZE * ASCENT if numbered else None)


def _wrap(pieces, size: float, slots: _Slots, bold: bool) -> list[str] | None:
    """The pieces set in exactly the slots' lines, breaking at as few hyphens as can be and then
    as evenly as can be; None when they do not fit."""
    count, total = len(slots.widths), len(pieces)
    if total < count:
        return None
    space, hyphen = text_width(SPACE, size, bold), text_width(HYPHEN, size, bold)
    advances = (text_width(text, size, bold) + (space if after == SPACE else 0) for text, after in pieces)
    sums = [0.0, *accumulate(advances)]

    def width(start: int, end: int) -> float:
        last = pieces[end - 1][1]
        return sums[end] - sums[start] - (space if last == SPACE else 0) + (hyphen if last == HYPHEN else 0)

    if width(0, total) - space * (count - 1) > sum(slots.widths):
        return None  # more text than room, however it is broken
    best, best_score = None, (math.inf, math.inf)
    for cuts in combinations(range(1, total), count - 1):
        bounds = (0, *cuts, total)
        spans = zip(bounds, bounds[1:], slots.widths, strict=False)
        fill = max(width(a, b) / room if room else math.inf for a, b, room in spans)
        score = (sum(pieces[cut - 1][1] == HYPHEN for cut in cuts), fill)
        if fill <= 1 and score < best_score:
            best, best_score = bounds, score
    if best is None:
        return None
    return [_line(pieces[a:b]) for a, b in zip(best, best[1:], strict=False)]


def _set(text: str, size: float, radius: float, lines: int, numbered: bool, bold: bool, hyphenate: bool):
    """`text` at `size` in the fewest lines that fit, as (lines, slots), or None."""
    pieces = _pieces(text, hyphenate)
    for count in range(1, lines + 1):
        slots = _slots(count, size, radius, numbered)
        found = _wrap(pieces, size, slots, bold)
        if found:
            return found, slots
    return None


def _whole(text: str, size: float, radius: float, lines: int, numbered: bool, bold: bool):
    """`text` whole at `size`: unhyphenated if it fits so, else hyphenated; or None."""
    return _set(text, size, radius, lines, numbered, bold, False) or _set(
        text, size, radius, lines, numbered, bold, True
    )


def _shortened(text: str, size: float, radius: float, lines: int, numbered: bool, bold: bool):
    """As much of `text` as fits with an ellipsis after it: ending after a whole word if any
    fits, else after a syllable, else after as many letters of the first word as fit."""
    pieces = _pieces(text, True)
    ends = [n for n in range(len(pieces) - 1, 0, -1) if pieces[n - 1][1] == SPACE]
    ends += [n for n in range(len(pieces) - 1, 0, -1) if pieces[n - 1][1] != SPACE]
    for end in ends:
        shorter = _line(pieces[:end]).rstrip(" ,;:.-‐–—/") + ELLIPSIS
        found = _whole(shorter, size, radius, lines, numbered, bold)
        if found:
            return found
    slots = _slots(1, size, radius, numbered)
    first = text.split()[0] if text.split() else ""
    keep = len(first)
    while keep and text_width(first[:keep] + ELLIPSIS, size, bold) > slots.widths[0]:
        keep -= 1
    return [first[:keep] + ELLIPSIS], slots


def _label(text: str, sizes, radius: float, lines: int, numbered: bool, bold: bool, at: float):
    """(Label, number's baseline) for `text` on a circle centred at height `at`: at the largest
    of `sizes` it fits whole, else shortened at the smallest."""
    for size in sizes:
        found = _whole(text, size, radius, lines, numbered, bold)
        if found:
            break
    shortened = found is None
    set_lines, slots = _shortened(text, size, radius, lines, numbered, bold) if shortened else found
    placed = tuple((round(at + y, 2), line) for y, line in zip(slots.baselines, set_lines, strict=True))
    return Label(placed, size, shortened), None if slots.number is None else round(at + slots.number, 2)


def part_label_fits(text: str) -> bool:
    """True when `text` fits a part's circle whole at the smallest size (what `check` asks)."""
    return _whole(text, MIN_SIZE, PART_RADIUS, PART_LINES, True, False) is not None


def shortened_part_label(text: str) -> str:
    """What a part's circle shows of `text` at the smallest size."""
    label, _ = _label(text, (MIN_SIZE,), PART_RADIUS, PART_LINES, True, False, at=0)
    return " ".join(line for _, line in label.lines)


def figure_texts(handout: Handout) -> list[str]:
    """Each part's words on the figure: its `label:` if it has one, else its title."""
    return [handout.briefing.sections[s.number - 1].label or s.title for s in handout.sections]


def _part_size(texts: list[str]) -> float:
    """One size for all seven labels: the largest at which each fits whole, unhyphenated when it
    fits so at the smallest size; else the smallest size."""
    plain = [_set(t, MIN_SIZE, PART_RADIUS, PART_LINES, True, False, False) is not None for t in texts]
    for size in PART_SIZES:
        if all(
            _set(t, size, PART_RADIUS, PART_LINES, True, False, not p)
            for t, p in zip(texts, plain, strict=True)
        ):
            return size
    return MIN_SIZE


def seven_point_figure(handout: Handout) -> Figure:
    token = _LANGUAGE.set(handout.language)
    try:
        return _figure(handout)
    finally:
        _LANGUAGE.reset(token)


def _figure(handout: Handout) -> Figure:
    texts = figure_texts(handout)
    size = _part_size(texts)
    points, width, height, top = _ring()
    cx, cy = width / 2, top
    parts = []
    for section, text, (x, y) in zip(handout.sections, texts, points, strict=True):
        label, number_y = _label(text, (size,), PART_RADIUS, PART_LINES, True, False, at=cy + y)
        parts.append(FigurePart(section.number, round(cx + x, 2), round(cy + y, 2), number_y, label))
    title, _ = _label(handout.briefing.title, TITLE_SIZES, CENTRE_RADIUS, TITLE_LINES, False, True, at=cy)
    description = translate(
        handout.language,
        "The seven parts of this briefing: %(parts)s",
        parts="; ".join(f"{section.number}, {section.title}" for section in handout.sections),
    )
    return Figure(tuple(parts), title, description, *(round(value, 2) for value in (width, height, cx, cy)))
