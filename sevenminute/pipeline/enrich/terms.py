"""A theme's terms, as theme detection matches them: words lowercased and stemmed (Snowball's
English stemmer), each term split into its words once a process, a trailing `*` matching any
ending and `...` a gap of a few words; and what a theme means in sentences, for the sentence
model (its anchors)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from ..bank import QuestionBank, Theme

_stemmer = Stemmer.Stemmer("english")
_stems: dict[str, str] = {}


def words(text: str, *, terms: bool = False) -> list[str]:
    """Lowercase words, without possessive 's, Markdown link targets or punctuation.

    With `terms`, a `*` right after a word is kept: it marks a term matching any ending.
    """
    text = re.sub(r"\]\([^)]*\)", "]", text.lower())
    text = re.sub(r"['’]s\b", "", text)
    return re.findall(r"[a-z0-9]+\*?" if terms else r"[a-z0-9]+", text)


def stem(word: str) -> str:
    found = _stems.get(word)
    if found is None:
        found = _stems[word] = _stemmer.stemWord(word)
    return found


@dataclass(frozen=True)
class Term:
    text: str
    parts: tuple[tuple[bool | None, str], ...]  # (is_prefix, prefix or stem); (None, "") is a gap


@dataclass(frozen=True)
class CompiledTheme:
    theme: Theme
    terms: tuple[Term, ...]
    subject: tuple[Term, ...]  # one must share the sentence, when there are any
    against: tuple[Term, ...]  # none may share the sentence
    anchors: tuple[str, ...]  # what the theme means, in sentences: name, description, questions, signals


GAP_WORDS = 3  # "spoke to ... alone": up to this many words in between


def _term(text: str) -> Term:
    parts: list[tuple[bool | None, str]] = []
    for index, segment in enumerate(text.split("...")):
        if index:
            parts.append((None, ""))  # a gap of up to GAP_WORDS words, within one sentence
        parts += [(True, w[:-1]) if w.endswith("*") else (False, stem(w)) for w in words(segment, terms=True)]
    return Term(text, tuple(parts))


def _unique(terms: Iterable[Term]) -> tuple[Term, ...]:
    """Terms that match the same words ("adult at risk", "adults at risk") count once."""
    seen: dict[tuple[tuple[bool, str], ...], Term] = {}
    for term in terms:
        seen.setdefault(term.parts, term)
    return tuple(seen.values())


def anchors(theme: Theme) -> tuple[str, ...]:
    """What a theme means, in sentences: its name, description, questions and signals."""
    return (theme.name, theme.description, *theme.questions, *theme.signals)


def bank_sentences(bank: QuestionBank) -> list[str]:
    """Every sentence of the bank the sentence model reads (each theme's anchors, and the
    background), each once: the vectors shipped with the kit (`scripts/embed_bank.py`)."""
    return list(dict.fromkeys([*(a for theme in bank.themes for a in anchors(theme)), *bank.background]))


@lru_cache(maxsize=4)
def compile_bank(bank: QuestionBank) -> tuple[CompiledTheme, ...]:
    """The bank's terms, split and stemmed once a process (a bank is frozen, so it is its own key)."""
    return tuple(
        CompiledTheme(
            theme,
            _unique(_term(term) for term in theme.terms),
            tuple(_term(term) for term in theme.subject),
            tuple(_term(term) for term in theme.against),
            anchors(theme),
        )
        for theme in bank.themes
    )
