"""Weighing the evidence for a theme: how like each sentence is to the theme's own sentences,
and how likely, from all its evidence, a practitioner would name the theme.

Likeness: each sentence of the summary and the sections (of five words or more) is compared
with the theme's name, description, questions and `signals` by a small sentence model
(meaning.py). A sentence is like only the three themes it is nearest, and only where it is
more like them than like the bank's `background` sentences (what any briefing says).

Reading as a whole: the mean of the briefing's sentence vectors, put to one small logistic
model per theme (trained on the same corpus), says how much the briefing as a whole reads like
the briefings a practitioner named the theme for. It hears a theme that runs through many
sentences in words none of them says outright.

Likelihood: a logistic model over seven measures of the evidence, trained on the labelled
corpus (`scripts/train_themes.py`, weights in `data/theme_model.json`): the term score
(capped), a heading naming the theme, the sentences that mean it where no term was found, the
closest sentence's likeness, the mean of the two closest, the term score beside the briefing's
strongest, and how much the whole reads like the theme. A theme is found when its likelihood
reaches the model's threshold.
"""

from __future__ import annotations

import importlib.resources
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from . import kept, meaning

MEANING_MIN = 0.45  # a sentence at least this like a theme's own sentences means it
MEANING_WORDS = 5  # a shorter sentence or heading means nothing by itself
MEANING_RANK = 3  # a sentence means only the themes it is most like: its nearest three
MEANING_CAP = 3  # sentences that count by meaning in a short briefing...
WHOLE_SENTENCES = 6  # a briefing of fewer sentences that mean something is too short to read as a whole,
WHOLE_MOST = 45  # and one of more is longer than any the reading was learnt on (the corpus's run to 42)
MEANING_SENTENCES = 30  # ...and proportionally fewer in a longer one (chance likenesses grow with length)
TERM_CAP = 8  # a term score above this says no more about whether the theme is the briefing's
FEATURES = ("terms", "named", "meant", "closest", "two closest", "beside strongest", "reads like")


def _ignored(said: Sequence[tuple[bool, str]]) -> list[int]:
    """Headings and sentences too short to mean anything by themselves."""
    return [
        n for n, (heading, sentence) in enumerate(said) if heading or len(sentence.split()) < MEANING_WORDS
    ]


def _vectors(said: Sequence[tuple[bool, str]]) -> np.ndarray:
    """Each sentence's vector; zeros for those too short to mean anything, which are never
    embedded (nothing is measured on them)."""
    ignored = set(_ignored(said))
    meant = [n for n in range(len(said)) if n not in ignored]
    vectors = np.zeros((len(said), meaning.DIMENSIONS), dtype=np.float32)
    vectors[meant] = kept.embed_kept([said[n][1] for n in meant])
    return vectors


def whole(said: Sequence[tuple[bool, str]]) -> np.ndarray:
    """The briefing as a whole: the mean vector of its sentences that mean something, of
    length 1. Zeros when fewer than WHOLE_SENTENCES do (two sentences are not a whole), or more
    than WHOLE_MOST: in a long briefing the mean blurs a theme that runs through one part of it,
    so it is weighed on its parts' evidence, as the reading was not learnt on any so long."""
    vectors = np.delete(_vectors(said), _ignored(said), axis=0)
    if not WHOLE_SENTENCES <= len(vectors) <= WHOLE_MOST:
        return np.zeros(meaning.DIMENSIONS, dtype=np.float32)
    mean = vectors.mean(axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)


def likeness(said: Sequence[tuple[bool, str]], anchors: Sequence[Sequence[str]], background: Sequence[str]):
    """For each sentence (`said`: whether it is a heading, and its words) and each theme (its
    `anchors`: the theme's own sentences), how like the theme the sentence is: as counted (0
    where the theme is not among the sentence's nearest, or it is no more than background),
    and plain (for the closest sentences the weighing measures). Both are 0 for a heading or
    a sentence too short to mean anything."""
    vectors = _vectors(said)
    flat = kept.embed_kept([anchor for theme in anchors for anchor in theme])
    split = np.split(flat, np.cumsum([len(theme) for theme in anchors])[:-1])
    alike = np.stack([(vectors @ theme.T).max(axis=1) for theme in split], axis=1)
    alike[_ignored(said)] = 0.0
    plain = alike.copy()  # before the filters: how close each sentence is, for the weighing
    if background:
        ordinary = (vectors @ kept.embed_kept(list(background)).T).max(axis=1)
        alike[alike <= ordinary[:, None]] = 0.0
    if alike.shape[1] > MEANING_RANK:
        nearest = -np.partition(-alike, MEANING_RANK - 1, axis=1)[:, MEANING_RANK - 1 : MEANING_RANK]
        alike[alike < nearest] = 0.0
    return alike, plain


def meaning_cap(sentences: int) -> int:
    return max(1, round(MEANING_CAP * min(1.0, MEANING_SENTENCES / max(sentences, 1))))


@dataclass(frozen=True)
class Weighed:
    """A theme's evidence, measured."""

    terms: int  # the term score
    named: bool
    meant: int  # sentences that mean it where no term was found
    closest: float  # likeness of the closest sentence
    two_closest: float  # mean likeness of the two closest
    reads_like: float | None = None  # how much the briefing as a whole reads like the theme's (0 to 1);
    # None for a briefing too short to read as a whole

    def features(self, strongest: int) -> list[float]:
        """The measures the weighing weighs: all of FEATURES, or without the last when the
        briefing could not be read as a whole."""
        measures = [
            min(self.terms, TERM_CAP),
            float(self.named),
            self.meant,
            self.closest,
            self.two_closest,
            self.terms / max(strongest, 1),
        ]
        return measures if self.reads_like is None else [*measures, self.reads_like]


def _logistic(total: float) -> float:
    return 1.0 / (1.0 + math.exp(-total))


@dataclass(frozen=True)
class Stage:
    """Weights over the measures, and the likelihood at which a theme is found."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float


@dataclass(frozen=True)
class ThemeModel:
    read: Stage  # for a briefing read as a whole: every measure
    unread: Stage  # for a briefing too short to read as a whole: all but how it reads
    wholes: dict[str, tuple[np.ndarray, float]]  # per theme: weights and intercept on the whole's vector

    def reads_like(self, key: str, whole: np.ndarray) -> float | None:
        """How much a briefing, as a whole (its mean sentence vector), reads like those on the
        theme; None when it is too short to read as a whole."""
        if not whole.any():
            return None
        if key not in self.wholes:
            return 0.0
        weights, intercept = self.wholes[key]
        return _logistic(float(weights @ whole) + intercept)

    def stage(self, weighed: Weighed) -> Stage:
        return self.unread if weighed.reads_like is None else self.read

    def likelihood(self, weighed: Weighed, strongest: int) -> float:
        stage = self.stage(weighed)
        measures = weighed.features(strongest)
        return _logistic(stage.intercept + sum(w * x for w, x in zip(stage.weights, measures, strict=True)))

    def found(self, weighed: Weighed, strongest: int) -> bool:
        return self.likelihood(weighed, strongest) >= self.stage(weighed).threshold


def model_path():
    return importlib.resources.files("sevenminute") / "data" / "theme_model.json"


@cache
def theme_model() -> ThemeModel:
    data = json.loads(model_path().read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"theme_model.json is for other features: {data['features']}")
    stages = {
        name: Stage(tuple(data[name]["weights"]), data[name]["intercept"], data[name]["threshold"])
        for name in ("read", "unread")
    }
    wholes = {
        key: (np.array(whole["weights"], dtype=np.float32), whole["intercept"])
        for key, whole in data["wholes"].items()
    }
    return ThemeModel(stages["read"], stages["unread"], wholes)
