"""A part's role, read from its heading, its opening words and where it comes.

Reviews name their parts in endless ways ("Practice to build on", "Who Mr G was", "What the
audit tells us"), and a list of words only knows the ways it was given. So each part is read
as a whole: the heading (without its number) and the part's first two sentences, each as a
vector from the sentence model the kit uses for themes (pipeline/enrich/meaning.py), and its
place in the review (0 first, 1 last). A logistic model over those, trained on the labelled
reviews (`scripts/train_roles.py`, weights in `data/heading_roles.json`), gives each role's
likelihood. Recommendations are never read this way: a part is the recommendations when its
heading says so (or, failing that, when it holds the longest numbered list), as a wrong
guess there costs most.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..pipeline.enrich import kept, meaning

OPENING_SENTENCES = 2
PLACE_WEIGHT = 1.0  # a part's place, 0 to this: first parts are often, not always, the introduction
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Za-z][.)])\s+")


def bare_heading(heading: str) -> str:
    """The heading without its number: "4.2 What we found" is "What we found"."""
    return _NUMBER.sub("", heading).strip()


def opening(text: str, heading: str) -> str:
    """A part's first sentences (its heading, when it has no words of its own)."""
    sentences = [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]
    return " ".join(sentences[:OPENING_SENTENCES]) or bare_heading(heading)


def features(parts: list[tuple[str, str]]) -> np.ndarray:
    """Each part (heading, text) as the model reads it: heading, opening and place."""
    if not parts:
        return np.zeros((0, 2 * meaning.DIMENSIONS + 1), dtype=np.float32)
    headings = kept.embed_kept([bare_heading(heading) or heading for heading, _ in parts])
    openings = kept.embed_kept([opening(text, heading) for heading, text in parts])
    places = np.array([[PLACE_WEIGHT * n / max(len(parts) - 1, 1)] for n in range(len(parts))])
    return np.hstack([headings, openings, places]).astype(np.float32)


@dataclass(frozen=True)
class RoleModel:
    roles: tuple[str, ...]
    weights: np.ndarray  # one row a role
    intercepts: np.ndarray

    def read(self, parts: list[tuple[str, str]]) -> list[tuple[str, float]]:
        """For each part (heading, text), in the review's order: its likeliest role and how likely."""
        scores = features(parts) @ self.weights.T + self.intercepts
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        chances = scores / scores.sum(axis=1, keepdims=True)
        return [(self.roles[int(row.argmax())], float(row.max())) for row in chances]


def model_path():
    return importlib.resources.files("sevenminute") / "data" / "heading_roles.json"


@cache
def role_model() -> RoleModel:
    data = json.loads(model_path().read_text(encoding="utf-8"))
    return RoleModel(
        tuple(data["roles"]),
        np.array(data["weights"], dtype=np.float32),
        np.array(data["intercepts"], dtype=np.float32),
    )
