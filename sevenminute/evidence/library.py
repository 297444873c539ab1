"""Which briefings the library has (`briefings/<slug>.yaml`), with their titles, hashes and themes.

A record may name a briefing the library does not have (yet, or any more): it is kept, and
counted apart. A briefing's themes are the ones its library card shows (`main_themes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..pipeline.briefing import read_handout
from ..problems import BriefingError


@dataclass(frozen=True)
class Theme:
    key: str
    name: str


@dataclass(frozen=True)
class LibraryBriefing:
    """A briefing as the library has it now."""

    slug: str
    title: str
    content_hash: str
    themes: tuple[Theme, ...]


class Library:
    """The briefings in a folder, each read once and only when asked about."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._read: dict[str, LibraryBriefing | None] = {}

    def source(self, slug: str) -> Path:
        return self.folder / f"{slug}.yaml"

    def has(self, slug: str) -> bool:
        return self.source(slug).is_file()

    def briefing(self, slug: str) -> LibraryBriefing | None:
        """The briefing called `slug`, or None when the library has none or it cannot be read."""
        if slug not in self._read:
            self._read[slug] = self._load(slug) if self.has(slug) else None
        return self._read[slug]

    def _load(self, slug: str) -> LibraryBriefing | None:
        from ..pipeline.render import content_hash  # the template engine, only when a record asks

        source = self.source(slug)
        try:
            handout = read_handout(source)
        except BriefingError:  # `check` reports its problems; here it just has no themes
            return None
        themes = tuple(Theme(theme.key, theme.name) for theme in handout.main_themes)
        return LibraryBriefing(slug, handout.briefing.title, content_hash(handout), themes)
