"""The seven-point figure for the printed handout: geometry computed here, markup in figure.svg.

On screen the figure is an HTML list of links (templates/handout.html); on paper it is an
inline SVG, which WeasyPrint draws far faster than seven positioned HTML boxes and which
keeps its shape exactly. Coordinates are in a 200 x 200 view box.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from .enrich.handout import Handout

CENTRE = 100.0
ORBIT = 71.0  # distance from the centre to each part's circle
PART_RADIUS = 29.0
CENTRE_RADIUS = 36.0
LABEL_SIZE = 7.0
LABEL_WIDTH = 50.0  # usable width across a part's circle for its label
CHAR_WIDTH = 0.56  # average advance of a letter, in ems, for Atkinson Hyperlegible


@dataclass(frozen=True)
class Label:
    """Lines of text centred on a point: each line with the y of its baseline."""

    lines: tuple[tuple[float, str], ...]
    size: float


@dataclass(frozen=True)
class FigurePart:
    number: int
    x: float
    y: float
    label: Label


@dataclass(frozen=True)
class Figure:
    parts: tuple[FigurePart, ...]
    title: Label
    description: str
    centre: float = CENTRE
    part_radius: float = PART_RADIUS
    centre_radius: float = CENTRE_RADIUS


def _label(
    text: str, width_chars: int, max_lines: int, size: float, room: float, top: float | None, middle: float
) -> Label:
    """Wrap `text` into at most `max_lines` lines, shrinking the type until the longest fits `room`.

    Lines start at baseline `top`, or are centred on `middle` when `top` is None.
    """
    lines = textwrap.wrap(text, width_chars, break_long_words=False) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
        lines[-1] = textwrap.shorten(lines[-1], width_chars + 4, placeholder="…")
    longest = max(len(line) for line in lines)
    size = round(min(size, room / (CHAR_WIDTH * max(longest, 1))), 2)
    leading = size * 1.15
    first = top if top is not None else middle - (len(lines) - 1) * leading / 2 + size * 0.35
    return Label(tuple((round(first + n * leading, 2), line) for n, line in enumerate(lines)), size)


def seven_point_figure(handout: Handout) -> Figure:
    parts = []
    for index, section in enumerate(handout.sections):
        angle = -math.pi / 2 + 2 * math.pi * index / len(handout.sections)
        x, y = round(CENTRE + ORBIT * math.cos(angle), 2), round(CENTRE + ORBIT * math.sin(angle), 2)
        label = _label(section.title, 12, 3, LABEL_SIZE, LABEL_WIDTH, top=y + 8, middle=y)
        parts.append(FigurePart(section.number, x, y, label))
    title = _label(handout.briefing.title, 12, 3, 11.0, 2 * CENTRE_RADIUS - 10, top=None, middle=CENTRE)
    description = "The seven parts of this briefing: " + "; ".join(
        f"{section.number}, {section.title}" for section in handout.sections
    )
    return Figure(tuple(parts), title, description)
