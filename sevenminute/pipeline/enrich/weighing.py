"""Weighing the evidence for a theme: how like each sentence is to the theme's own sentences,
and how likely, from all its evidence, a practitioner would name the theme.

Likeness: each sentence of the summary and the sections (of five words or more) is compared
with the theme's name, description, questions and `signals` by a small sentence model
(meaning.py). A sentence is like only the three themes it is nearest, and only where it is
more like them than like the bank's `background` sentences (what any briefing says).

Likelihood: a logistic model over six measures of the evidence, trained on the labelled corpus
(`scripts/train_themes.py`, weights in `data/theme_model.json`): the term score (capped), a
heading naming the theme, the sentences that mean it where no term was found, the closest
sentence's likeness, the mean of the two closest, and the term score beside the briefing's
strongest. A theme is found when its likelihood reaches the model's threshold.
"""

from __future__ import annotations

import importlib.resources
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from . import meaning

MEANING_MIN = 0.45  # a sentence at least this like a theme's own sentences means it
MEANING_WORDS = 5  # a shorter sentence or heading means nothing by itself
MEANING_RANK = 3  # a sentence means only the themes it is most like: its nearest three
MEANING_CAP = 3  # sentences that count by meaning in a short briefing...
MEANING_SENTENCES = 30  # ...and proportionally fewer in a longer one (chance likenesses grow with length)
TERM_CAP = 8  # a term score above this says no more about whether the theme is the briefing's
FEATURES = ("terms", "named", "meant", "closest", "two closest", "beside strongest")


def likeness(said: Sequence[tuple[bool, str]], anchors: Sequence[Sequence[str]], background: Sequence[str]):
    """For each sentence (`said`: whether it is a heading, and its words) and each theme (its
    `anchors`: the theme's own sentences), how like the theme the sentence is: as counted (0
    where the theme is not among the sentence's nearest, or it is no more than background),
    and plain (for the closest sentences the weighing measures). Both are 0 for a heading or
    a sentence too short to mean anything."""
    vectors = meaning.embed_kept([sentence for _, sentence in said])
    flat = meaning.embed_kept([anchor for theme in anchors for anchor in theme])
    split = np.split(flat, np.cumsum([len(theme) for theme in anchors])[:-1])
    alike = np.stack([(vectors @ theme.T).max(axis=1) for theme in split], axis=1)
    ignored = [
        n for n, (heading, sentence) in enumerate(said) if heading or len(sentence.split()) < MEANING_WORDS
    ]
    alike[ignored] = 0.0
    plain = alike.copy()  # before the filters: how close each sentence is, for the weighing
    if background:
        ordinary = (vectors @ meaning.embed_kept(list(background)).T).max(axis=1)
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

    def features(self, strongest: int) -> list[float]:
        return [
            min(self.terms, TERM_CAP),
            float(self.named),
            self.meant,
            self.closest,
            self.two_closest,
            self.terms / max(strongest, 1),
        ]


@dataclass(frozen=True)
class ThemeModel:
    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def likelihood(self, weighed: Weighed, strongest: int) -> float:
        total = self.intercept + sum(
            w * x for w, x in zip(self.weights, weighed.features(strongest), strict=True)
        )
        return 1.0 / (1.0 + math.exp(-total))


def model_path():
    return importlib.resources.files("sevenminute") / "data" / "theme_model.json"


@cache
def theme_model() -> ThemeModel:
    data = json.loads(model_path().read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"theme_model.json is for other features: {data['features']}")
    return ThemeModel(tuple(data["weights"]), data["intercept"], data["threshold"])
