#!/usr/bin/env python3
"""Measure `import` on the labelled corpus of reviews (tests/data/reviews/), in every file type.

    make eval-import                          the tuning part
    make eval-import SPLIT=held-out           the held-out part: look at it only at the end

Each review is written as Markdown, text, Word and PDF (scripts/review_files.py) and read
back as `import` reads it. For each file type and overall it prints: recommendations found
(their text) and numbered as in the review; headings given the role the label gives them;
kind, date (to the day when the review gives one) and title right; and the words of each
labelled key finding kept in the draft.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from review_files import KINDS, load, write_all  # noqa: E402

from sevenminute.importer.draft import draft_briefing  # noqa: E402
from sevenminute.importer.meta import read_meta  # noqa: E402
from sevenminute.importer.parts import split_parts  # noqa: E402
from sevenminute.importer.read import read_review  # noqa: E402
from sevenminute.importer.recommendations import recommendations  # noqa: E402
from sevenminute.importer.text import printable  # noqa: E402

TARGETS = {"recommendations": 1.0, "headings": 0.9, "kind": 0.95, "date": 0.95}


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _bare(heading: str) -> str:
    return " ".join(words(re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[a-z][.)])\s+", "", heading, flags=re.I)))


def same_heading(a: str, b: str) -> bool:
    """Headings match whatever their numbering, capitals or punctuation."""
    return _bare(a) == _bare(b)


def measure(review: dict, path: Path) -> dict:
    text = printable(read_review(path))
    meta = read_meta(text)
    parts = split_parts(text, meta)
    recs = recommendations(text, parts)
    draft = yaml.safe_load(draft_briefing(text).yaml)
    found: dict = {}
    labelled = review["sections"]
    right_roles, problems = 0, []
    for section in labelled:
        part = next((p for p in parts if same_heading(p.heading, section["heading"])), None)
        if part is not None and part.role == section["role"]:
            right_roles += 1
        else:
            problems.append(
                f"heading “{section['heading']}” ({section['role']}): "
                + (f"read as {part.role}" if part else "not found as a heading")
            )
    found["headings"] = (right_roles, len(labelled))
    wanted = [rec for section in labelled for rec in section.get("recommendations") or []]
    texts = right_numbers = 0
    for rec in wanted:
        target = set(words(rec["text"]))
        best = max(
            recs, key=lambda item: len(target & set(words(item[1]))) / max(len(target), 1), default=None
        )
        kept = len(target & set(words(best[1]))) / max(len(target), 1) if best else 0.0
        if kept >= 0.8:
            texts += 1
            if best[0].lower() == str(rec["number"]).lower():
                right_numbers += 1
            else:
                problems.append(f"recommendation {rec['number']} numbered {best[0]}")
        else:
            problems.append(f"recommendation {rec['number']} not found")
    if len(recs) > len(wanted):
        problems.append(f"{len(recs) - len(wanted)} recommendations too many")
    found["recommendations"] = (texts if len(recs) <= len(wanted) else 0, len(wanted))
    found["numbering"] = (right_numbers, len(wanted))
    found["kind"] = (int((meta.kind or "other") == review["kind"]), 1)
    if not found["kind"][0]:
        problems.append(f"kind {meta.kind or 'other'}, not {review['kind']}")
    found["date"] = (int(meta.date == str(review["date"])), 1)
    if not found["date"][0]:
        problems.append(f"date {meta.date}, not {review['date']}")
    found["title"] = (int(str(draft.get("title")).lower() == review["title"].lower()), 1)  # as written
    if not found["title"][0]:
        problems.append(f"title “{draft.get('title')}”, not “{review['title']}”")
    body = set(words(" ".join(s.get("body") or "" for s in draft.get("sections") or [])))
    kept = [len(set(words(k)) & body) / max(len(set(words(k))), 1) for k in review.get("key_findings") or []]
    found["key findings"] = (sum(kept), len(kept))
    return {"found": found, "problems": problems}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split", default="tune", help="a part (tune, held-out...), several joined by commas, or all"
    )
    parser.add_argument("--show", action="store_true", help="List what went wrong in each file.")
    args = parser.parse_args()
    wanted = set(args.split.split(","))
    reviews = [r for r in load() if args.split == "all" or r.get("split", "tune") in wanted]
    if not reviews:
        parser.error(f"no reviews in the part called {args.split}")
    totals: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        for review, kind, path in write_all(Path(scratch), reviews):
            result = measure(review, path)
            for measure_name, (got, of) in result["found"].items():
                for key in (kind, "all"):
                    totals[key][measure_name][0] += got
                    totals[key][measure_name][1] += of
            problems += [f"  {path.name}: {p}" for p in result["problems"]]
    columns = ["recommendations", "numbering", "headings", "kind", "date", "title", "key findings"]
    print(
        f"Import measured on the {args.split} part: {len(reviews)} reviews, each in {len(KINDS)} file types"
    )
    print()
    print(f"  {'file':<6}" + "".join(f"{c:>17}" for c in columns))
    for key in (*KINDS, "all"):
        cells = []
        for column in columns:
            got, of = totals[key][column]
            cells.append(f"{got / of:>17.3f}" if of else f"{'-':>17}")
        print(f"  {key:<6}" + "".join(cells))
    print()
    print("  targets: " + ", ".join(f"{k} {v:.0%}" for k, v in TARGETS.items()))
    if args.show and problems:
        print("\nWhat went wrong:")
        print("\n".join(problems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
