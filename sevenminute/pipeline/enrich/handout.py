"""Stage 3, enrich: add what the author did not write.

A `Handout` is a validated `Briefing` plus everything the pages need computed in Python:
its slug, section numbers and anchors, delivery timings and the reflection questions.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..bank import bank_in, in_language, question_bank
from ..dates import ENGLISH, format_day
from ..helplines import helpline_contacts
from ..language import translate
from ..model import (
    DEFAULT_THEME_QUESTIONS,
    LEAD_QUESTIONS,
    REVIEW_KIND_NAMES,
    WORDS_PER_MINUTE,
    Briefing,
    Contact,
    Section,
    count_words,
)
from ..sources import Outputs, language_of, slug_of, versions_of
from ..versions import status_of
from .glossary import Phrase, Term, terms_used
from .own_questions import own_question
from .themes import DetectedTheme, detect_themes, leading, theme_questions

MAIN_THEMES = 4  # themes a briefing is listed under in the library


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
    def seconds(self) -> int:
        return round(self.words * 60 / WORDS_PER_MINUTE)


@dataclass(frozen=True)
class ReflectionQuestion:
    text: str
    origin: str  # "author" (the author's own), "briefing" (built from its recommendations or learning),
    # "theme" (from the bank) or "standard" (every briefing)
    theme: DetectedTheme | None = None


@dataclass(frozen=True)
class Handout:
    """A briefing ready to render."""

    briefing: Briefing
    source: Path
    slug: str
    sections: tuple[HandoutSection, ...]
    themes: tuple[DetectedTheme, ...]
    questions: tuple[ReflectionQuestion, ...]
    terms: tuple[Term | Phrase, ...] = ()  # the glossary's acronyms and jargon used, for "Terms used"
    helplines: tuple[Contact, ...] = ()  # the national helplines the briefing names, for "Get advice"
    english: Handout | None = None  # a version's: its English briefing's handout

    @property
    def outputs(self) -> Outputs:
        """Where its files go in the output folder."""
        return Outputs(self.slug)

    def without_theme_questions(self, drop: int) -> Handout:
        """This handout with its last `drop` theme questions left off (the weakest themes' go first)."""
        themed = [index for index, question in enumerate(self.questions) if question.origin == "theme"]
        gone = set(themed[len(themed) - drop :]) if drop else set()
        kept = tuple(question for index, question in enumerate(self.questions) if index not in gone)
        return dataclasses.replace(self, questions=kept)

    def without_jargon(self) -> Handout:
        """This handout with only the acronyms under "Terms used", not the jargon phrases."""
        return dataclasses.replace(self, terms=tuple(term for term in self.terms if isinstance(term, Term)))

    @property
    def lead_questions(self) -> tuple[ReflectionQuestion, ...]:
        """The questions that lead the box: the author's own, then the strongest themes'."""
        return tuple(question for question in self.questions if question.origin != "standard")

    @property
    def standard_questions(self) -> tuple[ReflectionQuestion, ...]:
        """The three every briefing closes with."""
        return tuple(question for question in self.questions if question.origin == "standard")

    @property
    def theme_question_count(self) -> int:
        return sum(question.origin == "theme" for question in self.questions)

    @property
    def main_themes(self) -> tuple[DetectedTheme, ...]:
        """What the briefing is about, for the library: the themes its questions come from,
        then the strongest others, up to four."""
        chosen = list(self.question_themes)
        chosen += [theme for theme in leading(self.themes) if theme not in chosen]
        return tuple(chosen[:MAIN_THEMES])

    @property
    def question_themes(self) -> tuple[DetectedTheme, ...]:
        """The themes the handout's questions were drawn from, strongest first."""
        used = {question.theme.key for question in self.questions if question.theme}
        return tuple(theme for theme in self.themes if theme.key in used)

    @property
    def words(self) -> int:
        return sum(section.words for section in self.sections)

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE

    @property
    def language(self) -> str:
        """The language it is written in: "en", or a version's code ("cy")."""
        return language_of(self.source) or ENGLISH

    @property
    def twins(self) -> tuple[str, ...]:
        """The languages the same briefing is published in besides this one's: a briefing's
        versions ("cy"), or a version's English."""
        if self.language != ENGLISH:
            return (ENGLISH,)
        return tuple(
            code for code, path in versions_of(self.source).items() if status_of(path) == "published"
        )

    @property
    def review_kind(self) -> str:
        return translate(self.language, REVIEW_KIND_NAMES[self.briefing.review.kind])

    @property
    def published(self) -> str:
        """As precise as the source: 2022, June 2022 or 1 June 2022; or "2022 (estimated)", or
        "date not given", when the source gives no date (in the handout's language)."""
        return self.briefing.published_in(self.language)

    @property
    def draft(self) -> bool:
        return self.briefing.status == "draft"

    @property
    def corrections(self) -> tuple[str, ...]:
        """Each change after publication as the page prints it, newest first:
        "Updated 3 March 2024: corrected the timeline in part 2"."""
        briefing, language = self.briefing, self.language

        def updated(day, note: str | None = None) -> str:
            when = format_day(day, language)
            if note is None:
                return translate(language, "Updated %(day)s", day=when)
            return translate(language, "Updated %(day)s: %(note)s", day=when, note=note)

        lines = [(change.date, updated(change.date, change.note)) for change in briefing.changes]
        if briefing.updated and briefing.updated not in {change.date for change in briefing.changes}:
            lines.append((briefing.updated, updated(briefing.updated)))
        return tuple(text for _, text in sorted(lines, key=lambda line: line[0], reverse=True))


def enrich(
    briefing: Briefing, source: Path, *, theme_questions: int | None = DEFAULT_THEME_QUESTIONS
) -> Handout:
    """The handout for `briefing`; `theme_questions` applies when the briefing sets no number
    itself, and by default the themes fill the box's leading questions up to three."""
    sections = tuple(_section(number, section) for number, section in enumerate(briefing.sections, 1))
    bank = question_bank()
    themes = tuple(detect_themes(briefing, bank))
    drawn = (
        own_question(briefing)
        if briefing.briefing_questions and len(briefing.questions) < LEAD_QUESTIONS
        else None
    )
    if briefing.theme_questions is not None:
        count = briefing.theme_questions
    elif theme_questions is not None:
        count = theme_questions
    else:
        count = max(0, LEAD_QUESTIONS - len(briefing.questions) - (drawn is not None))
    return Handout(
        briefing,
        source,
        slug_of(source),
        sections,
        themes,
        reflection_questions(briefing, themes, count, drawn),
        tuple(terms_used(briefing)),
        helpline_contacts(briefing.helplines),
    )


def reflection_questions(
    briefing: Briefing, themes: tuple[DetectedTheme, ...], count: int, drawn: str | None = None
) -> tuple[ReflectionQuestion, ...]:
    """The author's questions, then one `drawn` from the briefing's own recommendations or
    learning, then `count` from the strongest themes, then the standard three."""
    bank = question_bank()
    own = [ReflectionQuestion(text, "author") for text in briefing.questions]
    if drawn:
        own.append(ReflectionQuestion(drawn, "briefing"))
    themed = [
        ReflectionQuestion(text, "theme", theme)
        for text, theme in theme_questions(
            leading(themes), count, [*briefing.questions, *bank.standard_questions]
        )
    ]
    standard = [
        ReflectionQuestion(text, "standard")
        for text in bank.standard_questions
        if text not in briefing.questions
    ]
    return tuple(own + themed + standard)


def _section(number: int, section: Section) -> HandoutSection:
    return HandoutSection(number, section.title, section.body, section.notes, count_words(section.body))


def in_version(english: Handout, briefing: Briefing, source: Path) -> Handout:
    """The handout of `briefing`, the version at `source` of the briefing `english` is the
    handout of (family-a.cy.yaml of family-a.yaml): its own parts, questions and contacts, and
    the English version's themes, asked in its language by the bank's translation.

    Themes are found in the English: the kit reads meaning in English only. The question drawn
    from the English recommendations is left out (it is in English words), and so is "Terms
    used", whose glossary is English; the version's author explains its acronyms as it goes."""
    language = language_of(source)
    assert language, f"{source} is not named as a version"
    bank, english_bank = bank_in(language), question_bank()
    themes = tuple(dataclasses.replace(theme, theme=bank.theme(theme.key)) for theme in english.themes)
    found = {theme.key: theme for theme in themes}
    asked = [ReflectionQuestion(text, "author") for text in briefing.questions]
    for question in english.questions:
        if question.origin == "theme" and question.theme:
            text = in_language(bank, english_bank, question.text, question.theme.key)
            asked.append(ReflectionQuestion(text, "theme", found[question.theme.key]))
        elif question.origin == "standard":
            asked.append(ReflectionQuestion(in_language(bank, english_bank, question.text), "standard"))
    return Handout(
        briefing,
        source,
        english.slug,
        tuple(_section(number, section) for number, section in enumerate(briefing.sections, 1)),
        themes,
        tuple(asked),
        (),
        helpline_contacts(briefing.helplines, language),
        english,
    )
