#!/usr/bin/env python3
"""Train the weighing of theme evidence on the labelled corpus, and write data/theme_model.json.

    .venv/bin/python scripts/train_themes.py            train on every part but the last held out
    .venv/bin/python scripts/train_themes.py --check    train again and compare with the shipped model

Each (briefing, theme) pair is one example: its evidence measured (weighing.Weighed) and
whether a practitioner named the theme (themes labelled `also`, acceptable but not central,
are left out). The shipped briefings (tests/data/themes/shipped/) are not trained on: they are
three times as long as the corpus's and labelled only with their main themes; the tests check
them instead. A logistic regression (scikit-learn) learns six
weights. The threshold is the lowest at which the model, tried on briefings it was not
trained on (five-fold cross-validation, by briefing), keeps precision at PRECISION or above:
a wrong question on a handout is worse than a missing one.
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

from eval_themes import briefing_of, load_corpus  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from sevenminute.pipeline.bank import question_bank  # noqa: E402
from sevenminute.pipeline.enrich.handout import MAIN_THEMES  # noqa: E402
from sevenminute.pipeline.enrich.themes import weigh_themes  # noqa: E402
from sevenminute.pipeline.enrich.weighing import FEATURES, model_path  # noqa: E402

HELD_BACK = {"held-out-6", "shipped"}  # held-out-6 is measured once, at the end
PRECISION = 0.95
THRESHOLDS = [round(t, 2) for t in np.arange(0.10, 0.61, 0.05)]


def examples(parts: set[str]):
    rows, named, labelled, acceptable, groups = [], [], [], [], []
    bank = question_bank()
    for data in load_corpus():
        if data.get("split", "tune") not in parts:
            continue
        weighed = weigh_themes(briefing_of(data), bank)
        strongest = max((measured.terms for _, _, measured, _ in weighed), default=0)
        for theme, _, measured, _ in weighed:
            if theme.key in (data.get("also") or []):
                continue  # acceptable, not central: neither to be found nor to be left out
            rows.append(measured.features(strongest))
            named.append(measured.named)
            labelled.append(theme.key in (data.get("themes") or []))
            acceptable.append(theme.key in (data.get("themes") or []) + (data.get("also") or []))
            groups.append(data["name"])
    return (np.array(rows), np.array(named), np.array(labelled), np.array(acceptable), np.array(groups))


def figures(chance, named, labelled, acceptable, groups, threshold):
    """Precision and recall of the themes given (found, at most MAIN_THEMES a briefing)."""
    right = wrong = wanted = 0
    for group in np.unique(groups):
        rows = np.where(groups == group)[0]
        found = [i for i in rows[np.argsort(-chance[rows])] if named[i] or chance[i] >= threshold]
        given = found[:MAIN_THEMES]
        right += sum(labelled[i] for i in given)
        wrong += sum(not acceptable[i] for i in given)
        wanted += labelled[rows].sum()
    return right / max(right + wrong, 1), right / max(wanted, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="Compare a fresh training with the shipped model."
    )
    args = parser.parse_args()
    parts = {data.get("split", "tune") for data in load_corpus()} - HELD_BACK
    x, named, labelled, acceptable, groups = examples(parts)
    chance = np.zeros(len(labelled))
    for train, test in GroupKFold(5).split(x, labelled, groups):
        fitted = LogisticRegression(max_iter=5000).fit(x[train], labelled[train])
        chance[test] = fitted.predict_proba(x[test])[:, 1]
    print(f"Trained on {len(np.unique(groups))} briefings ({', '.join(sorted(parts))}); cross-validated:")
    threshold = THRESHOLDS[-1]
    for candidate in THRESHOLDS:
        precision, recall = figures(chance, named, labelled, acceptable, groups, candidate)
        print(f"  threshold {candidate:.2f}: precision {precision:.3f}, recall {recall:.3f}")
    for candidate in THRESHOLDS:
        if figures(chance, named, labelled, acceptable, groups, candidate)[0] >= PRECISION:
            threshold = candidate
            break
    fitted = LogisticRegression(max_iter=5000).fit(x, labelled)
    precision, recall = figures(chance, named, labelled, acceptable, groups, threshold)
    model = {
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in fitted.coef_[0]],
        "intercept": round(float(fitted.intercept_[0]), 6),
        "threshold": threshold,
        "trained_on": sorted(parts),
        "briefings": int(len(np.unique(groups))),
        "cross_validated": {"precision": round(precision, 3), "recall": round(recall, 3)},
    }
    print(
        f"Threshold {threshold:.2f}: precision {precision:.3f}, recall {recall:.3f} "
        "on briefings not trained on"
    )
    path = Path(str(model_path()))
    if args.check:
        shipped = json.loads(path.read_text(encoding="utf-8"))
        same = shipped["threshold"] == threshold and np.allclose(
            shipped["weights"], model["weights"], atol=1e-3
        )
        print("The shipped model matches a fresh training." if same else "The shipped model is out of date.")
        return 0 if same else 1
    path.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
