"""Theme detection: which themes of the question bank a briefing is about, and why.

Deterministic and explainable. The briefing's title, summary and sections are split into
words and stemmed (Snowball's English stemmer, so "fathers" meets "father" and "sharing"
meets "share"); each theme's terms are matched as phrases, a trailing `*` matching any
ending, and where two terms overlap ("coercive control" and "coerc*") the longer counts.

A theme scores for each part of the briefing it appears in: 4 for the title, 3 for the
summary or a section's title, 2 for a section's text, and 1 more for each further
mention in the same part, at most 2 more. So a theme that runs through the briefing
beats one mentioned many times in one place. A theme named in the title or a section's
title is always found.

A term counts only where it is about the right person or thing: a theme's `subject` terms
must share its sentence (a parent for parental substance misuse, so a child's own cannabis
use does not count), and none of its `against` terms may ("victim" beside "father").

A theme is also found by meaning, where a briefing says it in words no term has ("every
visit was with her mother in the room"): each sentence is compared with the theme's own
sentences by a small sentence model, and the evidence, terms and meaning together, is weighed
by a model trained on the labelled corpus (weighing.py, `make eval`). The score (terms, and
1 for each sentence that means the theme) is what the author sees and orders the themes;
the likelihood decides which are found. By terms alone (`by_meaning=False`, for `import`'s
whole-review reading and for comparison), a theme is found at a score of 4 and at least 30%
of the briefing's strongest: a passing mention or a side issue is not a theme.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..bank import QuestionBank, Theme
from ..model import Briefing
from .terms import GAP_WORDS, Term, compile_bank, stem, words
from .weighing import MEANING_MIN, ThemeModel, Weighed, likeness, meaning_cap, theme_model, whole

WEIGHTS = {"title": 4, "summary": 3, "section title": 3, "section": 2}
REPEAT_CAP = 2  # further mentions in one part that add to a score, 1 each
MIN_SCORE = 4  # measured on the labelled corpus (make eval): see README
RELATIVE_STRENGTH = 0.3  # a theme under 30% of the briefing's strongest is a side issue, not its theme


@dataclass(frozen=True)
class Evidence:
    term: str  # the term found, or for a match by meaning the briefing's sentence
    where: str  # "title", "summary", "section 3: Domestic abuse"
    count: int
    meaning: bool = False  # found by what the sentence means, not by a term


@dataclass(frozen=True)
class DetectedTheme:
    theme: Theme
    score: int
    evidence: tuple[Evidence, ...]
    pinned: bool = False
    named: bool = False  # a heading of the briefing names it
    likelihood: float | None = None  # that a practitioner would name it, weighing all the evidence
    reads_like: float | None = None  # how much the briefing as a whole reads like those on the theme

    @property
    def key(self) -> str:
        return self.theme.key

    @property
    def name(self) -> str:
        return self.theme.name

    @property
    def in_summary(self) -> bool:
        """The title or summary names it: of two themes as strong, this one leads."""
        return any(item.where in ("title", "summary") and not item.meaning for item in self.evidence)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+|\n\s*[-*•]\s+|\n\s*\n|\n(?=\s*\d+[.)]\s)")


@dataclass(frozen=True)
class _Place:
    where: str  # "title", "summary", "section 3 heading: Domestic abuse", "section 3: Domestic abuse"
    weight: int
    order: tuple[int, int]  # reading order: title, summary, then each section's heading and text
    heading: bool = False  # a match in a heading is enough: the author gave the theme a heading


class _Text:
    """The briefing's words, stemmed and indexed once, each word knowing its place.

    Places and sentences are joined with an empty word between them, so no phrase spans two;
    each word knows its sentence, for a theme's `subject` and `against` terms.
    """

    def __init__(self, parts: Sequence[tuple[_Place, str]]):
        self.raw: list[str] = []
        self.places: list[_Place | None] = []
        self.sentences: list[int] = []
        self.said: list[tuple[_Place, str]] = [(parts[0][0], "")]  # each sentence as written, from 1
        sentence = 0
        for place, text in parts:
            for piece in _SENTENCE_BREAK.split(text):
                found = words(piece)
                if not found:
                    continue
                sentence += 1
                plain = re.sub(r"\*\*|__|\]\([^)]*\)|[\[\]]", "", piece)  # Markdown marks and link targets
                self.said.append((place, " ".join(plain.split()).strip(" -*•")))
                self.raw += [*found, ""]
                self.places += [place] * len(found) + [None]
                self.sentences += [sentence] * len(found) + [0]
        self.stems = [stem(word) if word else "" for word in self.raw]
        self.index: dict[str, list[int]] = defaultdict(list)
        for position, value in enumerate(self.stems):
            self.index[value].append(position)
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for position, word in enumerate(self.raw):
            self.by_word[word].append(position)
        self.vocabulary = sorted(self.by_word)

    def spans(self, term: Term) -> list[tuple[int, int]]:
        """Where `term` is found, as (first word, after the last word)."""
        first_prefix, first = term.parts[0]
        if first_prefix:
            low = bisect.bisect_left(self.vocabulary, first)
            high = bisect.bisect_left(self.vocabulary, first + "\uffff")
            starts = [p for word in self.vocabulary[low:high] for p in self.by_word[word]]
        else:
            starts = self.index.get(first, [])
        if len(term.parts) == 1:
            return [(start, start + 1) for start in starts]
        found = []
        for start in starts:
            end = self._end(term.parts, 1, start + 1)
            if end is not None:
                found.append((start, end))
        return found

    def _end(self, parts: tuple[tuple[bool | None, str], ...], index: int, position: int) -> int | None:
        """Where a match of `parts[index:]` from `position` ends, or None; gaps stay in a sentence."""
        if index == len(parts):
            return position
        prefix, value = parts[index]
        if prefix is None:
            for skip in range(GAP_WORDS + 1):
                if skip and (position + skip - 1 >= len(self.raw) or not self.raw[position + skip - 1]):
                    return None
                end = self._end(parts, index + 1, position + skip)
                if end is not None:
                    return end
            return None
        if position >= len(self.raw) or not self.raw[position]:
            return None
        word = self.raw[position]
        if not (word.startswith(value) if prefix else self.stems[position] == value):
            return None
        return self._end(parts, index + 1, position + 1)

    def sentences_with(self, terms: Sequence[Term]) -> set[int]:
        """The sentences in which one of `terms` appears."""
        return {self.sentences[start] for term in terms for start, _ in self.spans(term)}

    def matches(self, terms: Sequence[Term]) -> list[tuple[_Place, Term, int]]:
        """Each place (and sentence) where one of `terms` is found; the longer term wins where
        two overlap."""
        candidates = sorted(
            (start, start - end, index) for index, term in enumerate(terms) for start, end in self.spans(term)
        )
        used: set[int] = set()
        found = []
        for start, negative_length, index in candidates:
            span = range(start, start - negative_length)
            if used.isdisjoint(span):
                used.update(span)
                found.append((self.places[start], terms[index], self.sentences[start]))
        return found


def _text(briefing: Briefing) -> _Text:
    parts = [
        (_Place("title", WEIGHTS["title"], (0, 0), True), f"{briefing.title} {briefing.subtitle or ''}"),
        (_Place("summary", WEIGHTS["summary"], (1, 0)), briefing.summary),
    ]
    for number, section in enumerate(briefing.sections, 1):
        where = f"section {number} heading: {section.title}"
        heading = _Place(where, WEIGHTS["section title"], (2 + number, 0), True)
        body = _Place(f"section {number}: {section.title}", WEIGHTS["section"], (2 + number, 1))
        parts += [(heading, section.title), (body, section.body)]
    return _Text(parts)


def weigh_themes(
    briefing: Briefing, bank: QuestionBank, *, by_meaning: bool = True, model: ThemeModel | None = None
) -> list[tuple[Theme, int, Weighed, list[Evidence]]]:
    """Every theme not excluded, with its score, its evidence measured, and the evidence.
    `model` reads the briefing as a whole (the shipped model unless another is given)."""
    model = model or theme_model()
    text = _text(briefing)
    excluded = set(briefing.exclude_themes)
    compiled_themes = compile_bank(bank)
    alike = plain = reading = None
    if by_meaning:
        said = [(place.heading, sentence) for place, sentence in text.said]
        alike, plain = likeness(said, [theme.anchors for theme in compiled_themes], bank.background)
        reading = whole(said)
    cap = meaning_cap(len(text.said))
    weighed: list[tuple[Theme, int, Weighed, list[Evidence]]] = []
    for number, compiled in enumerate(compiled_themes):
        theme = compiled.theme
        if theme.key in excluded:
            continue
        about = text.sentences_with(compiled.subject) if compiled.subject else None
        unlike = text.sentences_with(compiled.against) if compiled.against else set()
        per_place: dict[_Place, list[Term]] = defaultdict(list)
        said: set[int] = set()  # sentences where a term was found
        for place, term, sentence in text.matches(compiled.terms):
            if (about is None or sentence in about) and sentence not in unlike:
                per_place[place].append(term)
                said.add(sentence)
        terms = sum(place.weight + min(len(here) - 1, REPEAT_CAP) for place, here in per_place.items())
        counts: dict[tuple[str, str], int] = defaultdict(int)  # (place, term) -> mentions
        for place in sorted(per_place, key=lambda place: place.order):
            for term in per_place[place]:
                counts[place.where, term.text] += 1
        evidence = [Evidence(term, where, n) for (where, term), n in counts.items()]
        meant: list[int] = []
        closest = (0.0, 0.0)
        if alike is not None:
            column = alike[:, number]
            meant = [
                sentence
                for sentence in np.argsort(-column, kind="stable")
                if column[sentence] >= MEANING_MIN
                and sentence not in said  # meaning adds what the terms missed; it does not count twice
                and (about is None or sentence in about)
                and sentence not in unlike
            ][:cap]
            top = np.sort(plain[:, number])[::-1]
            closest = (float(top[0]), float(top[:2].mean()))
            evidence += [
                Evidence(text.said[n][1], text.said[n][0].where, 1, meaning=True) for n in sorted(meant)
            ]
        named = any(place.heading for place in per_place)
        reads_like = model.reads_like(theme.key, reading) if reading is not None else None
        measured = Weighed(terms, named, len(meant), *closest, reads_like)
        weighed.append((theme, terms + len(meant), measured, evidence))
    return weighed


def whole_vector(briefing: Briefing) -> np.ndarray:
    """The briefing as a whole: the mean vector of its sentences that mean something."""
    return whole([(place.heading, sentence) for place, sentence in _text(briefing).said])


def detect_themes(briefing: Briefing, bank: QuestionBank, *, by_meaning: bool = True) -> list[DetectedTheme]:
    """The bank's themes this briefing is about, most likely first; pinned themes lead.

    `by_meaning=False` finds themes by their terms alone (to measure what meaning adds)."""
    pinned = set(briefing.themes)
    weighed = weigh_themes(briefing, bank, by_meaning=by_meaning)
    strongest = max((measured.terms for _, _, measured, _ in weighed), default=0)
    model = theme_model() if by_meaning else None
    found: list[DetectedTheme] = []
    for theme, score, measured, evidence in weighed:
        chance = model.likelihood(measured, strongest) if model else None
        if (
            theme.key in pinned
            or measured.named
            or (model.found(measured, strongest) if model else score >= MIN_SCORE)
        ):
            found.append(
                DetectedTheme(
                    theme,
                    score,
                    tuple(evidence),
                    theme.key in pinned,
                    measured.named,
                    chance,
                    measured.reads_like,
                )
            )
    return sorted(
        found, key=lambda d: (not d.pinned, -d.score, not d.in_summary, -(d.likelihood or 0), d.key)
    )


def leading(detected: Sequence[DetectedTheme]) -> tuple[DetectedTheme, ...]:
    """The themes a briefing is about, for its questions and its place in the library: those
    the author pinned or named in a heading, and the rest that the weighing found (or, by
    terms alone, at least 30% as strong as the strongest: a side issue is left out)."""
    if all(d.likelihood is not None or d.pinned for d in detected):
        return tuple(detected)
    strongest = max((d.score for d in detected if not d.pinned), default=0)
    return tuple(d for d in detected if d.pinned or d.named or d.score >= RELATIVE_STRENGTH * strongest)


def _same(text: str) -> str:
    return " ".join(words(text))


def theme_questions(
    detected: Sequence[DetectedTheme], count: int, already_asked: Iterable[str] = ()
) -> list[tuple[str, DetectedTheme]]:
    """Up to `count` questions: one from each of the strongest themes in turn, then a second
    from each, and so on; never a question already asked."""
    asked = {_same(text) for text in already_asked}
    chosen: list[tuple[str, DetectedTheme]] = []
    depth = 0
    while len(chosen) < count and any(depth < len(d.theme.questions) for d in detected):
        for theme in detected:
            if len(chosen) == count:
                break
            if (
                depth < len(theme.theme.questions)
                and _same(question := theme.theme.questions[depth]) not in asked
            ):
                asked.add(_same(question))
                chosen.append((question, theme))
        depth += 1
    return chosen
