"""The output folder: every file written atomically, one build at a time, and a register of
the kit's own files so that `clean` removes only what the kit made."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..files import replace_file
from ..problems import BriefingError, display_path

LOCK_FILE = ".sevenminute.lock"
REGISTER = ".sevenminute-files"  # every file the kit wrote into the output folder, one a line


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write to a temporary file beside `path`, then rename: readers see the old file or the new
    one. Returns `path`."""
    replace_file(path, data)
    return path


def write_if_changed(path: Path, data: bytes) -> Path:
    """Write `path` only when its bytes change, so an unchanged output keeps its time stamp.
    Returns `path`, the kit's own file either way."""
    if not (path.is_file() and path.read_bytes() == data):
        write_atomic(path, data)
    return path


class Register:
    """The files a build wrote, or kept as they were, in the output folder: each part of the
    build hands in what it made, and the register is written when the build ends."""

    def __init__(self) -> None:
        self.paths: set[Path] = set()

    def add(self, *paths: Path) -> None:
        self.paths.update(paths)


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for one build (or clean) at a time; the second is told, not made to wait.

    The lock is the operating system's (flock), so a build that is killed releases it."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BriefingError(
                f"Another build is writing to {display_path(out)}/ right now. Wait for it to finish, "
                "then run this again."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def recording(out: Path) -> Iterator[Register]:
    """A register of the files the build hands in, added to `out`'s when the build ends (even
    when it fails), so `clean` removes only what the kit made."""
    for stale in out.rglob(".*.part"):  # left by a build that was killed mid-write
        stale.unlink(missing_ok=True)
    register = Register()
    try:
        yield register
    finally:
        root = os.path.abspath(out)
        known = {os.path.relpath(path, root) for path in read_register(out)}
        known |= {os.path.relpath(os.path.abspath(path), root) for path in register.paths}
        lines = sorted(
            line for line in known if not line.startswith("..") and os.path.isfile(os.path.join(root, line))
        )
        write_if_changed(out / REGISTER, ("\n".join(lines) + "\n").encode())


def read_register(out: Path) -> list[Path]:
    """The files the kit has written into `out`, as its register lists them."""
    try:
        text = (out / REGISTER).read_text(encoding="utf-8")
    except OSError:
        return []
    root = os.path.abspath(out)
    paths = [os.path.normpath(os.path.join(root, line)) for line in text.splitlines() if line.strip()]
    return [Path(path) for path in paths if path.startswith(root + os.sep)]


def take_down(out: Path, folder: str, register: list[Path], also: list[str] = ()) -> int:
    """Remove the files the kit made in `out/folder/` (by its `register`, and `also`), and the
    folder when that leaves it empty; files the kit did not make stay. Returns how many went."""
    root = (out / folder).resolve()
    made = {path for path in register if path.resolve().is_relative_to(root)}
    made |= {out / path for path in also}
    removed = 0
    for path in made:
        if path.is_file():
            path.unlink()
            removed += 1
    for directory in sorted((p for p in [root, *root.rglob("*")] if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(directory.iterdir()):
            directory.rmdir()
    return removed


def clean(out: Path) -> tuple[int, list[Path]]:
    """Remove the files the kit made in `out` (and folders left empty); return how many it
    removed and the files it left because it did not make them."""
    if not out.is_dir():
        return 0, []
    with output_lock(out):
        made = read_register(out)
        removed = 0
        for path in made:
            if path.is_file():
                path.unlink()
                removed += 1
        for stale in out.rglob(".*.part"):
            stale.unlink(missing_ok=True)
        (out / REGISTER).unlink(missing_ok=True)
        for folder in sorted((p for p in out.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            if not any(folder.iterdir()):
                folder.rmdir()
        left = [p for p in out.rglob("*") if p.is_file() and p.name != LOCK_FILE]
    (out / LOCK_FILE).unlink(missing_ok=True)
    if not left and not any(out.iterdir()):
        out.rmdir()
    return removed, left
