"""Safeguarding acronyms and jargon: the glossary in the package, and finding them in a briefing.

The glossary (`data/glossary.yaml`) says what each acronym stands for and what it means,
and what each safeguarding phrase that is not an acronym means ("core group", "disguised
compliance"), in plain words. The handout's "Terms used" box and the plain-English check
both use it.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from ...problems import BriefingError
from ..characters import all_safe
from ..load import load
from ..model import Briefing, reading_order

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# Capitalised words of two or more capitals (MARAC, GP, ACEs, CP-IS, CiN); not a single
# capital, not a word in capitals that is an ordinary word shouted (checked by length).
ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:-[A-Z]{2,})?)(?![\w-])")
# Acronyms everyone in the UK reads without a second thought.
EVERYDAY = frozenset({"UK", "NHS", "TV", "OK"})
# Marks of unfinished text, which the placeholder check reports instead.
NOT_ACRONYMS = frozenset({"TODO", "TBC", "TBA", "XXX", "FIXME"})


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    acronym: Text
    stands_for: Text
    meaning: Text


class Phrase(BaseModel):
    """A word or phrase of safeguarding jargon; a trailing `*` matches any ending."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    phrase: Text
    meaning: Text

    @property
    def pattern(self) -> re.Pattern[str]:
        return _phrase_pattern(self.phrase)


@cache
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase of jargon as a pattern, built once: words apart by any space, `*` any ending."""
    words = r"\s+".join(re.escape(word) for word in phrase.rstrip("*").split())
    ending = r"\w*" if phrase.endswith("*") else r"s?"
    return re.compile(rf"(?<![\w-]){words}{ending}(?![\w-])", re.IGNORECASE)


class Glossary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: tuple[Term, ...]
    phrases: tuple[Phrase, ...] = ()

    def get(self, acronym: str) -> Term | None:
        return self._index().get(acronym) or self._index().get(acronym.upper())

    def canonical(self, acronym: str) -> str:
        """The acronym as the glossary writes it; a plural (GPs, CAMHS aside) as its singular."""
        if term := self.get(acronym):
            return term.acronym
        if acronym.endswith("s") and acronym[:-1].isupper() and len(acronym) > 2:
            singular = acronym[:-1]
            return term.acronym if (term := self.get(singular)) else singular
        return acronym

    def _index(self) -> dict[str, Term]:
        index = self.__dict__.get("_by_acronym")
        if index is None:
            index = {term.acronym: term for term in self.terms}
            index.update(
                {term.acronym.upper(): term for term in self.terms if term.acronym.upper() not in index}
            )
            self.__dict__["_by_acronym"] = index
        return index


def glossary_path() -> Path:
    return Path(str(importlib.resources.files("sevenminute") / "data" / "glossary.yaml"))


@cache
def glossary(path: Path | None = None) -> Glossary:
    """The glossary, loaded once a process (fast loader; the kit's own when it does not check out)."""
    path = path or glossary_path()
    try:
        fast = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )  # noqa: S506
        if all_safe(fast):
            return Glossary.model_validate(fast)
    except (yaml.YAMLError, ValidationError):
        pass
    source = load(path)
    try:
        return Glossary.model_validate(source.data)
    except ValidationError as error:
        raise BriefingError(
            [source.problem(detail["loc"], f"glossary: {detail['msg']}") for detail in error.errors()]
        ) from None


@dataclass(frozen=True)
class Use:
    """One use of an acronym in the briefing's text."""

    acronym: str
    start: int  # offset in the text
    spelled_out: bool  # written as "Words (ACR)" or "ACR (words)" here


def acronym_uses(text: str) -> Iterator[Use]:
    """Each acronym in `text`, with whether this use spells it out."""
    for match in ACRONYM.finditer(text):
        word = match.group(1)
        if word in EVERYDAY or word in NOT_ACRONYMS or (word.isupper() and len(word) > 7):
            continue
        before = text[: match.start()].rstrip()
        after = text[match.end() :].lstrip()
        in_brackets = before.endswith("(") and after.startswith(")")
        explained_after = after.startswith("(") and not after[1:].lstrip().startswith(")")
        yield Use(word, match.start(), in_brackets or explained_after)


def jargon_uses(text: str) -> Iterator[tuple[Phrase, str]]:
    """Each phrase of the glossary's jargon in `text`, with the words as written, in order."""
    found = [
        (match.start(), phrase, match.group(0))
        for phrase in glossary().phrases
        for match in phrase.pattern.finditer(text)
    ]
    for _, phrase, words in sorted(found, key=lambda item: item[0]):
        yield phrase, words


def terms_used(briefing: Briefing) -> list[Term | Phrase]:
    """The glossary's acronyms, then its jargon, that the briefing uses, each in the order it
    first uses them."""
    found: dict[str, Term] = {}
    jargon: dict[str, Phrase] = {}
    known = glossary()
    for _, text in reading_order(briefing):
        for use in acronym_uses(text):
            term = known.get(known.canonical(use.acronym))
            if term and term.acronym not in found:
                found[term.acronym] = term
        for phrase, words in jargon_uses(text):  # shown as the briefing first writes it
            jargon.setdefault(phrase.phrase, phrase.model_copy(update={"phrase": " ".join(words.split())}))
    return [*found.values(), *jargon.values()]
