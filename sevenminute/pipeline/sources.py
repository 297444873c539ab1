"""Which files are briefings, and the name each is published under."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from ..problems import BriefingError

SOURCE_SUFFIXES = (".yaml", ".yml")


def slugify(name: str) -> str:
    """A web-safe name for a briefing's folder, from its file name: "Family A.yaml" -> "family-a"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "briefing"


def is_briefing_file(path: Path) -> bool:
    """Briefing sources are YAML files; names starting with `_` are settings, not briefings."""
    return path.suffix.lower() in SOURCE_SUFFIXES and not path.name.startswith(("_", "."))


def find_sources(names: Sequence[str], briefings_dir: Path) -> list[Path]:
    """The source files for `names` (paths, or briefing names in `briefings_dir`); all when empty."""
    if not names:
        if not briefings_dir.is_dir():
            raise BriefingError(
                f"There is no {briefings_dir}/ folder here. Run the kit from the "
                "project folder, or name the briefing files to build."
            )
        return sorted(path for path in briefings_dir.iterdir() if path.is_file() and is_briefing_file(path))
    found: list[Path] = []
    for name in names:
        path = Path(name)
        candidates = [path, briefings_dir / name, *(briefings_dir / f"{name}{s}" for s in SOURCE_SUFFIXES)]
        match = next((candidate for candidate in candidates if candidate.is_file()), None)
        if match is None:
            known = (
                ", ".join(p.stem for p in find_sources([], briefings_dir)) if briefings_dir.is_dir() else ""
            )
            hint = f" The briefings in {briefings_dir}/ are: {known}." if known else ""
            raise BriefingError(f"There is no briefing called '{name}'.{hint}")
        found.append(match)
    return found
