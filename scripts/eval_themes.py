#!/usr/bin/env python3
"""Measure theme detection on the labelled corpus in tests/data/themes/.

    make eval                                   the tuning part
    make eval SPLIT=held-out                    a held-out part: look at it only at the end
    .venv/bin/python scripts/eval_themes.py --split all --show-all

Each corpus file is a short briefing labelled by a practitioner: `themes` (what they would
name), `also` (acceptable, not central) and `wrong` (what a keyword matcher might wrongly
give). The themes the kit *gives* a briefing are the ones it lists it under and draws its
questions from: its strongest few. A given theme is right when it is in `themes`, wrong
when it is in neither `themes` nor `also`. Precision is right / given; recall is right /
labelled, per theme and over the whole part.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sevenminute.pipeline.bank import question_bank  # noqa: E402
from sevenminute.pipeline.enrich.handout import MAIN_THEMES  # noqa: E402
from sevenminute.pipeline.enrich.themes import detect_themes, leading  # noqa: E402
from sevenminute.pipeline.model import Briefing, Section  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "themes"
TARGETS = {"precision": 0.9, "recall": 0.8, "theme precision": 0.7}


@dataclass
class Case:
    name: str
    split: str
    labelled: set[str]
    also: set[str]
    wrong: set[str]
    given: list[str]

    @property
    def right(self) -> set[str]:
        return self.labelled & set(self.given)

    @property
    def mistaken(self) -> set[str]:
        return set(self.given) - self.labelled - self.also

    @property
    def missed(self) -> set[str]:
        return self.labelled - set(self.given)


@dataclass
class Scores:
    cases: list[Case]
    right: Counter = field(default_factory=Counter)
    mistaken: Counter = field(default_factory=Counter)
    missed: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        for case in self.cases:
            self.right.update(case.right)
            self.mistaken.update(case.mistaken)
            self.missed.update(case.missed)

    @property
    def precision(self) -> float:
        given = sum(self.right.values()) + sum(self.mistaken.values())
        return sum(self.right.values()) / given if given else 1.0

    @property
    def recall(self) -> float:
        labelled = sum(self.right.values()) + sum(self.missed.values())
        return sum(self.right.values()) / labelled if labelled else 1.0

    def theme(self, key: str) -> tuple[float | None, float | None, int]:
        """Precision and recall for one theme (None when it was never given, or never labelled)."""
        right, mistaken, missed = self.right[key], self.mistaken[key], self.missed[key]
        precision = right / (right + mistaken) if right + mistaken else None
        recall = right / (right + missed) if right + missed else None
        return precision, recall, right + missed


def load_corpus(folder: Path = CORPUS) -> list[dict]:
    """Every labelled briefing: the corpus's own, and the shipped briefings (`shipped/`, whose
    labels name their `source`, the text being the briefing's own)."""
    cases = []
    for path in [*sorted(folder.glob("*.yaml")), *sorted(folder.glob("shipped/*.yaml"))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "source" in data:
            text = yaml.safe_load((ROOT / data["source"]).read_text(encoding="utf-8"))
            data.update({key: text.get(key) for key in ("title", "subtitle", "summary", "sections")})
        data["name"] = path.stem
        cases.append(data)
    return cases


def briefing_of(data: dict) -> Briefing:
    """The corpus text as a briefing, without the checks a real source must pass."""
    sections = [
        Section.model_construct(title=s["title"], body=s["body"], notes=None, label=None)
        for s in data["sections"]
    ]
    return Briefing.model_construct(
        title=data["title"],
        subtitle=data.get("subtitle"),
        summary=data["summary"],
        sections=sections,
        themes=[],
        exclude_themes=[],
    )


def given_themes(data: dict, by_meaning: bool = True) -> list[str]:
    """The themes the kit gives this briefing: its strongest few, as the library lists them."""
    found = leading(detect_themes(briefing_of(data), question_bank(), by_meaning=by_meaning))
    return [theme.key for theme in found[:MAIN_THEMES]]


def evaluate(split: str = "tune", folder: Path = CORPUS, by_meaning: bool = True) -> Scores:
    """Scores on one part of the corpus, several joined by commas ("tune,held-out"), or "all"."""
    wanted = set(split.split(","))
    cases = []
    for data in load_corpus(folder):
        if split != "all" and data.get("split", "tune") not in wanted:
            continue
        cases.append(
            Case(
                data["name"],
                data.get("split", "tune"),
                set(data.get("themes") or []),
                set(data.get("also") or []),
                set(data.get("wrong") or []),
                given_themes(data, by_meaning),
            )
        )
    return Scores(cases)


def report(scores: Scores, split: str, show_all: bool) -> list[str]:
    keys = question_bank().keys
    lines = [f"Theme detection on the {split} part: {len(scores.cases)} briefings", ""]
    lines.append(f"  {'theme':<28} {'precision':>9} {'recall':>7} {'labelled':>8}")
    for key in keys:
        precision, recall, labelled = scores.theme(key)
        if precision is None and recall is None:
            continue
        shown_p = f"{precision:.2f}" if precision is not None else "-"
        shown_r = f"{recall:.2f}" if recall is not None else "-"
        flag = "  below 0.7" if precision is not None and precision < TARGETS["theme precision"] else ""
        lines.append(f"  {key:<28} {shown_p:>9} {shown_r:>7} {labelled:>8}{flag}")
    lines += [
        "",
        f"  overall precision {scores.precision:.3f} (target {TARGETS['precision']}), "
        f"recall {scores.recall:.3f} (target {TARGETS['recall']})",
        "",
    ]
    wrongly = [case for case in scores.cases if case.mistaken]
    lines.append("Themes wrongly given:" if wrongly else "No theme wrongly given.")
    for case in wrongly:
        trap = " (a trap it fell for)" if case.mistaken & case.wrong else ""
        lines.append(f"  {case.name}: {', '.join(sorted(case.mistaken))}{trap}")
    missed = [case for case in scores.cases if case.missed]
    if missed:
        lines.append("Themes missed:")
        lines += [f"  {case.name}: {', '.join(sorted(case.missed))}" for case in missed]
    if show_all:
        lines.append("Every briefing, given themes:")
        lines += [f"  {case.name}: {', '.join(case.given) or '(none)'}" for case in scores.cases]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    splits = sorted({data.get("split", "tune") for data in load_corpus()})
    parser.add_argument(
        "--split", default="tune", help=f"One part, several joined by commas, or all: {', '.join(splits)}."
    )
    parser.add_argument("--show-all", action="store_true", help="List the themes given to every briefing.")
    parser.add_argument(
        "--terms-only", action="store_true", help="Find themes by their terms alone, without meaning."
    )
    args = parser.parse_args()
    unknown = set(args.split.split(",")) - {*splits, "all"}
    if unknown:
        parser.error(f"no part called {', '.join(sorted(unknown))}: the parts are {', '.join(splits)}")
    scores = evaluate(args.split, by_meaning=not args.terms_only)
    print("\n".join(report(scores, args.split, args.show_all)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
