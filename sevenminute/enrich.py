"""Stage 3, enrich: add what the author did not write.

A `Handout` is a validated `Briefing` plus everything the pages need computed in Python:
its slug, section numbers and anchors, delivery timings and the reflection questions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .model import REVIEW_KIND_NAMES, Briefing, Section

WORDS_PER_MINUTE = 130  # a steady speaking pace for reading a briefing aloud to a team
SESSION_MINUTES = 7
LONGEST_FIGURE_WORD = 11  # letters that fit across a circle of the figure at its usual size

# The questions partnerships close every briefing with, in substance (DESIGN.md).
STANDARD_QUESTIONS = (
    "What stands out for you from this briefing, and what are your main reflections?",
    "How will the team put this learning into daily practice, and how will we know it has made a difference?",
    "What needs to go into our team or service improvement plan as a result?",
)


@dataclass(frozen=True)
class HandoutSection:
    number: int
    title: str
    body: str
    notes: str | None
    words: int

    @property
    def anchor(self) -> str:
        return f"part-{self.number}"

    @property
    def long_title(self) -> bool:
        """True when a word of the title is too long for a circle of the seven-point figure."""
        return max(len(word) for word in self.title.split()) > LONGEST_FIGURE_WORD

    @property
    def seconds(self) -> int:
        return round(self.words * 60 / WORDS_PER_MINUTE)


@dataclass(frozen=True)
class ReflectionQuestion:
    text: str
    origin: str  # "author" (written for this briefing) or "standard" (asked of every briefing)


@dataclass(frozen=True)
class Handout:
    """A briefing ready to render."""

    briefing: Briefing
    source: Path
    slug: str
    sections: tuple[HandoutSection, ...]
    questions: tuple[ReflectionQuestion, ...]

    @property
    def words(self) -> int:
        return sum(section.words for section in self.sections)

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE

    @property
    def review_kind(self) -> str:
        return REVIEW_KIND_NAMES[self.briefing.review.kind]

    @property
    def published(self) -> str:
        return format_date(self.briefing.published)


def format_date(day: date) -> str:
    """British style, as on a handout: 1 June 2022."""
    return f"{day.day} {day:%B %Y}"


def slugify(name: str) -> str:
    """A web-safe name for a briefing's folder, from its file name: "Family A.yaml" -> "family-a"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "briefing"


def count_words(markdown: str) -> int:
    """Words a facilitator would say aloud: Markdown punctuation and link targets do not count."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    return len(re.findall(r"[\w’'-]+", text))


def enrich(briefing: Briefing, source: Path) -> Handout:
    sections = tuple(_section(number, section) for number, section in enumerate(briefing.sections, 1))
    questions = tuple(ReflectionQuestion(text, "author") for text in briefing.questions) + tuple(
        ReflectionQuestion(text, "standard") for text in STANDARD_QUESTIONS
    )
    return Handout(briefing, source, slugify(source.stem), sections, questions)


def _section(number: int, section: Section) -> HandoutSection:
    return HandoutSection(number, section.title, section.body, section.notes, count_words(section.body))
