"""Files written whole: to a temporary file beside the target, then renamed over it, so a
reader (or a build killed halfway) sees the old file or the new one, never half of one. The
one module that replaces files: everything the kit writes for keeps comes through here."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NEW_FILE_MODE = 0o644  # readable by all, as a file made by hand would be


@contextmanager
def replacing(path: Path, suffix: str = ".part", new_mode: int = NEW_FILE_MODE) -> Iterator[Path]:
    """A temporary file beside `path` to fill in any way (a library may write it itself);
    renamed over `path` when the block ends, removed when it fails. The file keeps the mode
    of the one it replaces (a new one gets `new_mode`, set before it takes the name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            mode = new_mode
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def replace_file(path: Path, data: bytes | str, suffix: str = ".part", new_mode: int = NEW_FILE_MODE) -> None:
    """Write `data` (text as UTF-8, its line endings as given) to `path` whole or not at all."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with replacing(path, suffix, new_mode) as temporary, open(temporary, "wb") as stream:
        stream.write(payload)
        stream.flush()
        os.fsync(stream.fileno())
