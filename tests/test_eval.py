"""The labelled theme corpus is well formed, and detection meets its targets on the tuning part
(`make eval`); the part held out to the end (held-out-8) is only measured, never asserted on,
so nobody tunes to it."""

from __future__ import annotations

import sys

from conftest import REPO, script

from sevenminute.pipeline.bank import question_bank

sys.path.insert(0, str(REPO / "scripts"))
import eval_themes  # noqa: E402

KEYS = set(question_bank().keys)


def test_every_corpus_file_is_labelled_with_the_banks_themes():
    corpus = eval_themes.load_corpus()
    assert len(corpus) >= 305  # 300 in the corpus's own words, and the five shipped
    parts: dict[str, set[str]] = {}
    for data in corpus:
        assert data["sections"] and data["summary"] and data["title"], data["name"]
        labelled = set(data.get("themes") or [])
        for field in ("themes", "also", "wrong"):
            assert set(data.get(field) or []) <= KEYS, (data["name"], field)
        assert not labelled & set(data.get("wrong") or []), data["name"]
        parts.setdefault(data["split"], set()).update(labelled)
    assert set(parts) == {"tune", "shipped", "held-out", *(f"held-out-{n}" for n in range(2, 9))}
    # Every theme is central somewhere in the tuning part and in each of the last parts.
    assert parts["tune"] == KEYS
    assert parts["held-out-4"] == KEYS
    assert parts["held-out-5"] == KEYS
    for part in ("held-out-6", "held-out-7", "held-out-8"):
        assert parts[part] == KEYS, part


def test_detection_meets_its_targets_on_the_parts_it_was_tuned_on():
    # Every part already seen read once; the tuning part's figures are its own cases'.
    seen = eval_themes.evaluate("tune,held-out,held-out-2")
    scores = eval_themes.Scores([case for case in seen.cases if case.split == "tune"])
    assert len(scores.cases) == sum(data.get("split", "tune") == "tune" for data in eval_themes.load_corpus())
    assert scores.precision >= 0.9
    assert scores.recall >= 0.8
    # No theme below 0.7 precision, over every part already seen (one theme given twice in a
    # small part is too few to judge alone).
    assert seen.precision >= 0.9 and seen.recall >= 0.8
    for key in {key for case in seen.cases for key in case.given}:
        precision, _, _ = seen.theme(key)
        assert precision is None or precision >= 0.7, key


def test_make_eval_prints_figures_per_theme_and_the_themes_wrongly_given():
    result = script("eval_themes.py", "--split", "held-out", "--terms-only", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Theme detection on the held-out part: 20 briefings" in result.stdout
    assert "overall precision" in result.stdout and "recall" in result.stdout
    assert "domestic-abuse" in result.stdout
    refused = script("eval_themes.py", "--split", "nonsense", timeout=300)
    assert refused.returncode == 2 and "no part called nonsense" in refused.stderr


def test_the_shipped_weighing_is_what_training_on_the_corpus_gives():
    result = script("train_themes.py", "--check", timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The shipped model matches a fresh training." in result.stdout
    assert "on briefings not trained on" in result.stdout
