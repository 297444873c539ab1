#!/usr/bin/env python3
"""Embed the question bank's own sentences and ship their vectors with the kit.

    .venv/bin/python scripts/embed_bank.py

Writes sevenminute/data/bank_vectors.npz: for each sentence the sentence model reads from the
bank (each theme's name, description, questions and signals, and the background), its key
(the model and the text, hashed) and its vector. A build looks there before its own cache, so
a user's first build never embeds the bank. Run this after changing the bank's sentences;
tests/test_meaning.py fails until it is run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sevenminute.pipeline.bank import question_bank  # noqa: E402
from sevenminute.pipeline.enrich import kept, meaning  # noqa: E402
from sevenminute.pipeline.enrich.terms import bank_sentences  # noqa: E402


def main() -> int:
    sentences = bank_sentences(question_bank())
    keys = np.array([np.frombuffer(kept.key_of(text), dtype=np.uint8) for text in sentences])
    vectors = meaning.embed(sentences)
    target = ROOT / "sevenminute" / "data" / kept.SHIPPED
    with target.open("wb") as out:
        np.savez_compressed(out, keys=keys, vectors=vectors)
    print(f"{len(sentences)} sentences of the bank embedded into {target.relative_to(ROOT)} "
          f"({target.stat().st_size / 1024:.0f} KB)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
