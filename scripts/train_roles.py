#!/usr/bin/env python3
"""Train the reading of a review's parts on the labelled reviews, and write data/heading_roles.json.

    .venv/bin/python scripts/train_roles.py            train on every part but the last held out
    .venv/bin/python scripts/train_roles.py --check    train again and compare with the shipped model

Each labelled heading of each review (tests/data/reviews/), found in its Markdown copy as
`import` finds its parts, is one example: its heading, opening and place
(sevenminute/importer/roles.py) and the role its label gives it. Recommendations are left
out: the importer never reads them this way. A multinomial logistic regression
(scikit-learn) learns the weights; its accuracy on reviews it was not trained on
(five-fold cross-validation, by review) is printed beside the heading words' own.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_import import same_heading  # noqa: E402
from review_files import load, markdown  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from sevenminute.importer.meta import read_meta  # noqa: E402
from sevenminute.importer.parts import CONFIDENT, find_parts, role_of  # noqa: E402
from sevenminute.importer.roles import bare_heading, features, model_path  # noqa: E402

HELD_BACK = {"held-out-7"}  # written blind after held-out-6 was measured and its lessons fixed: measured once
C = 3.0  # regularisation (higher: less), chosen by cross-validation


def examples(reviews: list[dict]):
    rows, roles, named, groups = [], [], [], []
    for number, review in enumerate(reviews):
        text = markdown(review)
        parts = find_parts(text, read_meta(text))
        read = features([(part.heading, part.text) for part in parts])
        for index, part in enumerate(parts):
            label = next((s for s in review["sections"] if same_heading(part.heading, s["heading"])), None)
            if label is None or label["role"] == "recommendations":
                continue
            rows.append(read[index])
            roles.append(label["role"])
            named.append(role_of(bare_heading(part.heading)))
            groups.append(number)
    return np.array(rows), np.array(roles), named, np.array(groups)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="Compare a fresh training with the shipped model."
    )
    args = parser.parse_args()
    reviews = [review for review in load() if review["split"] not in HELD_BACK]
    x, roles, named, groups = examples(reviews)
    read = np.empty(len(roles), dtype=object)
    sure = np.zeros(len(roles))
    for train, test in GroupKFold(5).split(x, roles, groups):
        fitted = LogisticRegression(C=C, max_iter=5000).fit(x[train], roles[train])
        chances = fitted.predict_proba(x[test])
        read[test], sure[test] = fitted.classes_[chances.argmax(axis=1)], chances.max(axis=1)
    by_words = np.mean([word == role for word, role in zip(named, roles, strict=True)])
    both = [
        reading if word is None or chance >= CONFIDENT else word
        for reading, chance, word in zip(read, sure, named, strict=True)
    ]
    print(
        f"Trained on {len(reviews)} reviews, {len(roles)} headings (recommendations aside). Right role, "
        f"on reviews not trained on: read {np.mean(read == roles):.3f}; the heading's words unless the "
        f"reading is {CONFIDENT} sure, as import does: {np.mean(np.array(both) == roles):.3f} "
        f"(the heading's words alone: {by_words:.3f}, on the reviews they were written from)"
    )
    fitted = LogisticRegression(C=C, max_iter=5000).fit(x, roles)
    model = {
        "roles": [str(role) for role in fitted.classes_],
        "weights": [[round(float(w), 5) for w in row] for row in fitted.coef_],
        "intercepts": [round(float(b), 5) for b in fitted.intercept_],
        "trained_on": sorted({review["split"] for review in reviews}),
        "headings": int(len(roles)),
        "cross_validated": round(float(np.mean(read == roles)), 3),
    }
    path = Path(str(model_path()))
    if args.check:
        shipped = json.loads(path.read_text(encoding="utf-8"))
        same = shipped["roles"] == model["roles"] and np.allclose(
            shipped["weights"], model["weights"], atol=1e-3
        )
        print("The shipped model matches a fresh training." if same else "The shipped model is out of date.")
        return 0 if same else 1
    path.write_text(json.dumps(model) + "\n", encoding="utf-8")
    print(f"Wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
