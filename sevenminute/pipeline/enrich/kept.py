"""Sentence vectors kept between runs: in memory, in the vectors shipped for the question bank,
and per sentence in an SQLite file in the user's cache folder. A build embeds (meaning.embed)
only the sentences it has not seen before, so an edit costs only the sentences it changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.resources
import sqlite3
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..kit import user_cache
from . import meaning
from .meaning import DIMENSIONS, MODEL_ID


def cache_folder() -> Path:
    """Where vectors are kept between runs: the user's cache folder, not the project."""
    return user_cache("meaning")


def key_of(text: str) -> bytes:
    """A sentence's key in every store: the model and the exact text, hashed."""
    return hashlib.sha256(f"{MODEL_ID}\n{text}".encode()).digest()[:KEY_BYTES]


KEY_BYTES = 16
REMEMBER_MOST = 20_000  # vectors kept in memory by one process (30 MB) before it starts again
SHIPPED = "bank_vectors.npz"  # the question bank's own sentences, embedded when the kit was made


def shipped_path():
    return importlib.resources.files("sevenminute") / "data" / SHIPPED


@lru_cache(maxsize=1)
def _shipped() -> dict[bytes, np.ndarray]:
    """The bank's sentences' vectors, shipped with the kit (`scripts/embed_bank.py` writes them),
    so a user's first build never embeds them. A missing or damaged file is simply not used."""
    try:
        with shipped_path().open("rb") as file, np.load(file, allow_pickle=False) as data:
            keys, vectors = data["keys"], data["vectors"]
    except (OSError, ValueError, KeyError):
        return {}
    if vectors.shape != (len(keys), DIMENSIONS) or keys.shape[1:] != (KEY_BYTES,):
        return {}
    return {key.tobytes(): vector for key, vector in zip(keys, vectors, strict=True)}


class _Kept:
    """Vectors kept per sentence between runs, in an SQLite file in the user's cache folder.

    One row a sentence, so an edit embeds only the sentences it changed. SQLite makes each
    write all or nothing (a build killed mid-write leaves the file as it was) and lets several
    builds read and write at once (write-ahead log; a writer waits its turn). A file that
    cannot be opened, read or written is put aside once and made again, and if that fails too
    the build goes on without it: the cache only ever saves time."""

    def __init__(self, path: Path):
        self.path = path
        self.connection: sqlite3.Connection | None = None
        self.broken = False
        self.lock = threading.Lock()  # the editor checks drafts on a pool of threads

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path, timeout=WAIT_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS vectors "
                "(key BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID"
            )
        except BaseException:
            connection.close()
            raise
        self.connection = connection

    def _connect(self) -> sqlite3.Connection | None:
        if self.connection is None and not self.broken:
            try:
                self._open()
            except sqlite3.OperationalError:
                # Busy (another build is making the file, or turning on its log) or not there
                # to open: never a reason to delete a file another build is writing. This
                # time goes on without the cache; the next try opens it.
                pass
            except (OSError, sqlite3.Error):
                self._start_again()
        return self.connection

    def _start_again(self) -> None:
        """Put a damaged file aside and make a new one; give up for this process if that fails."""
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self.connection.close()
            self.connection = None
        if self.broken:
            return
        self.broken = True  # until the new file is made
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._open()
            self.broken = False
        except (OSError, sqlite3.Error):
            self.connection = None

    def read(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        with self.lock:
            return self._read(keys)

    def write(self, pairs: dict[bytes, np.ndarray]) -> None:
        with self.lock:
            self._write(pairs)

    def _read(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        connection = self._connect()
        if connection is None:
            return found
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in connection.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk
                ):
                    if len(blob) == DIMENSIONS * 4:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.OperationalError:
            return found  # busy past waiting: embed instead
        except sqlite3.Error:
            self._start_again()
        return found

    def _write(self, pairs: dict[bytes, np.ndarray]) -> None:
        connection = self._connect()
        if connection is None or not pairs:
            return
        rows = [
            (key, np.ascontiguousarray(vector, dtype=np.float32).tobytes()) for key, vector in pairs.items()
        ]
        try:
            with connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)", rows)
        except sqlite3.OperationalError:
            return  # another build held the file past waiting: these are kept next time
        except sqlite3.Error:
            self._start_again()


WAIT_SECONDS = 10.0
_kept: dict[Path, _Kept] = {}
_remembered: dict[bytes, np.ndarray] = {}


def kept() -> _Kept:
    path = cache_folder() / "vectors.sqlite3"
    if path not in _kept:
        _kept[path] = _Kept(path)
    return _kept[path]


def embed_kept(texts: Sequence[str]) -> np.ndarray:
    """`meaning.embed`, with each sentence's vector kept: in memory, in the vectors shipped for the
    question bank, and in the user's cache folder. A build embeds only sentences it has not
    seen before, so an edit costs only the sentences it changed."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    keys = [key_of(text) for text in texts]
    shipped = _shipped()
    wanted = {key: text for key, text in zip(keys, texts, strict=True) if key not in _remembered}
    wanted = {key: text for key, text in wanted.items() if key not in shipped}
    found: dict[bytes, np.ndarray] = {}
    if wanted:
        found = kept().read(list(wanted))
        if missing := [key for key in wanted if key not in found]:
            made = dict(zip(missing, meaning.embed([wanted[key] for key in missing]), strict=True))
            kept().write(made)
            found.update(made)
    vectors = np.stack([found.get(key, _remembered.get(key, shipped.get(key))) for key in keys])
    if len(_remembered) + len(found) > REMEMBER_MOST:
        _remembered.clear()
    _remembered.update(found)
    return vectors
