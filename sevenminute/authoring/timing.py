"""How long a briefing takes to read aloud: each part and all seven, at a speaking pace, worded
as `check` and the editor say it."""

from __future__ import annotations

from dataclasses import dataclass

from ..pipeline.model import SESSION_MINUTES, WORDS_PER_MINUTE, Briefing, count_words


def clock(seconds: float) -> str:
    """Minutes and seconds, as a clock shows them: 6:55."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass(frozen=True)
class SectionTime:
    number: int
    title: str
    words: int
    seconds: float

    @property
    def text(self) -> str:
        return f"{self.words} words, about {clock(self.seconds)} to read aloud"


@dataclass(frozen=True)
class Timing:
    pace: int  # words a minute
    sections: tuple[SectionTime, ...]

    @property
    def words(self) -> int:
        return sum(section.words for section in self.sections)

    @property
    def minutes(self) -> float:
        return self.words / self.pace

    @property
    def words_over(self) -> int:
        return max(0, self.words - SESSION_MINUTES * self.pace)

    @property
    def text(self) -> str:
        """The time of the seven parts against the session's, as the editor's meter says it."""
        seconds, budget = self.minutes * 60, SESSION_MINUTES * 60
        over = ": over seven minutes" if seconds > budget else ""
        return f"{clock(seconds)} of {clock(budget)} ({self.words} words at {self.pace} a minute){over}"


def timing(briefing: Briefing, pace: int = WORDS_PER_MINUTE) -> Timing:
    return timing_of([(section.title, section.body) for section in briefing.sections], pace)


def timing_of(parts: list[tuple[str, str]], pace: int = WORDS_PER_MINUTE) -> Timing:
    """The time to read each part (its title and text) aloud at `pace`, and all of them."""
    sections = []
    for number, (title, body) in enumerate(parts, 1):
        words = count_words(body)
        sections.append(SectionTime(number, title, words, words * 60 / pace))
    return Timing(pace, tuple(sections))
