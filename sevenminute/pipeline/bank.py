"""The question bank: themes that recur in safeguarding learning, each with its questions.

The bank is a YAML file inside the package (`data/question_bank.yaml`), written in the
project's own words, validated like a briefing when first used.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..problems import BriefingError, Problem
from .characters import all_safe
from .load import load

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Theme(BaseModel):
    """A theme of safeguarding learning: how to recognise it, and what to ask about it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Key
    name: Text
    description: Text
    terms: tuple[Text, ...] = Field(min_length=1)
    # A term counts only in a sentence that also names one of these (a parent or carer for a
    # parental theme), so "cannabis" about the child is not parental substance misuse.
    subject: tuple[Text, ...] = ()
    # A term does not count in a sentence that also holds one of these ("victim" beside
    # "father" is not a father who poses a risk).
    against: tuple[Text, ...] = ()
    # How a briefing says it in plain words, as whole sentences: a sentence of the briefing
    # that means much the same counts as a mention, whatever its words (see enrich/meaning.py).
    signals: tuple[Text, ...] = ()
    questions: tuple[Text, ...] = Field(min_length=3, max_length=6)


class QuestionBank(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    standard_questions: tuple[Text, ...] = Field(min_length=3, max_length=3)
    # Sentences any briefing might say, which mean no theme: a sentence of a briefing more like
    # these than like a theme's own sentences adds nothing to that theme by meaning.
    background: tuple[Text, ...] = ()
    themes: tuple[Theme, ...]

    def theme(self, key: str) -> Theme:
        return next(theme for theme in self.themes if theme.key == key)

    @property
    def keys(self) -> list[str]:
        return [theme.key for theme in self.themes]


def bank_path() -> Path:
    return Path(str(importlib.resources.files("sevenminute") / "data" / "question_bank.yaml"))


@cache
def question_bank(path: Path | None = None) -> QuestionBank:
    """The bank, loaded and checked once a process.

    The shipped bank is read with libyaml's fast loader; only when it does not check out is
    it read again with the kit's own loader, which knows the line of every value."""
    path = path or bank_path()
    try:
        fast = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER)  # noqa: S506 (a safe loader)
        if all_safe(fast):
            return _checked(QuestionBank.model_validate(fast), path)
    except (yaml.YAMLError, ValidationError, BriefingError):
        pass
    source = load(path)
    try:
        bank = QuestionBank.model_validate(source.data)
    except ValidationError as error:
        raise BriefingError([_problem(source, detail) for detail in error.errors()]) from None
    return _checked(bank, path)


def _problem(source, detail: dict) -> Problem:
    """A bank problem in plain words, at the line of the file it is about."""
    loc, kind = tuple(detail["loc"]), detail["type"]
    name = loc[-1] if loc else ""
    theme = f"theme {loc[1] + 1}" if len(loc) > 1 and loc[0] == "themes" else "the bank"
    if kind == "extra_forbidden":
        allowed = ", ".join(Theme.model_fields if loc[0] == "themes" else QuestionBank.model_fields)
        return source.problem(
            loc, f"question bank: `{name}` is not a key {theme} can have; the keys are {allowed}", key=True
        )
    if kind == "missing":
        message = f"question bank: `{name}` is missing from {theme}; add a `{name}:` line"
        return source.problem(loc[:-1], message)
    return source.problem(loc, f"question bank: {theme}, `{name}`: {detail['msg']}")


def _checked(bank: QuestionBank, path: Path) -> QuestionBank:
    if len(set(bank.keys)) != len(bank.keys):
        raise BriefingError(Problem(path, 1, 1, "question bank: two themes share a key"))
    return bank


# The bank in another language -------------------------------------------------------------


class ThemeWords(BaseModel):
    """A theme's words in another language: its name, description and questions, the questions
    in the English order (the first translates the first)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    description: Text
    questions: tuple[Text, ...]


class BankWords(BaseModel):
    """`question_bank.<code>.yaml`: the bank's words in another language, by theme key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reviewed: bool = False  # by a speaker of the language; until then, a translation to review
    standard_questions: tuple[Text, ...] = Field(min_length=3, max_length=3)
    themes: dict[Key, ThemeWords]


@cache
def bank_in(language: str) -> QuestionBank:
    """The bank with its standard questions and each theme's name, description and questions in
    `language` (its terms and signals stay the English, which themes are found by)."""
    english = question_bank()
    path = bank_path().with_name(f"question_bank.{language}.yaml")
    source = load(path)
    try:
        words = BankWords.model_validate(source.data)
    except ValidationError as error:
        raise BriefingError([_problem(source, detail) for detail in error.errors()]) from None
    themes = []
    for theme in english.themes:
        own = words.themes.get(theme.key)
        if own is None or len(own.questions) != len(theme.questions):
            raise BriefingError(
                Problem(path, 1, 1, f"question bank ({language}): theme {theme.key} needs its name, "
                        f"description and {len(theme.questions)} questions, in the English order")
            )  # fmt: skip
        themes.append(theme.model_copy(update=own.model_dump()))
    return english.model_copy(
        update={"standard_questions": words.standard_questions, "themes": tuple(themes)}
    )


def in_language(bank: QuestionBank, english: QuestionBank, question: str, key: str | None = None) -> str:
    """The English `question` (a standard question, or theme `key`'s) as `bank` asks it."""
    if key is None:
        return bank.standard_questions[english.standard_questions.index(question)]
    return bank.theme(key).questions[english.theme(key).questions.index(question)]
