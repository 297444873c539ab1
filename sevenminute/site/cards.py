"""The library's cards: each briefing as the library lists it, kept in the build manifest.

No template engine, Markdown or PDF library is loaded here, so a build with nothing to do
stays quick."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..pipeline.enrich.handout import Handout


def format_size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


@dataclass(frozen=True)
class Logo:
    """The partnership's logo: a file in `assets/`, or inside the page when self-contained."""

    name: str  # "logo.svg"
    type: str  # its media type
    data_uri: str | None = None

    def href(self, root: str, for_print: bool = False) -> str:
        """Where a page finds the logo; the PDF always takes the file (WeasyPrint is handed it)."""
        return (None if for_print else self.data_uri) or f"{root}assets/{self.name}"


@dataclass(frozen=True)
class ThemeCount:
    key: str
    name: str
    count: int


@dataclass(frozen=True)
class Card:
    """A briefing as the library lists it: plain data, kept in the build manifest so the
    library can be rebuilt without reading every briefing again."""

    slug: str
    title: str
    subtitle: str
    partnership: str
    published_iso: str
    published_text: str
    review_kind: str
    summary: str
    themes: tuple[ThemeCount, ...]  # the briefing's main themes (those its questions come from)
    section_titles: tuple[str, ...]
    pdf_bytes: int | None

    @classmethod
    def from_handout(cls, handout: Handout, pdf_bytes: int | None) -> Card:
        briefing = handout.briefing
        return cls(
            handout.slug,
            briefing.title,
            briefing.subtitle or "",
            briefing.partnership,
            briefing.published.isoformat(),
            handout.published,
            handout.review_kind,
            briefing.summary,
            tuple(ThemeCount(t.key, t.name, 0) for t in handout.question_themes),
            tuple(section.title for section in briefing.sections),
            pdf_bytes,
        )

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        data["themes"] = [[t.key, t.name] for t in self.themes]
        return data

    @classmethod
    def from_json(cls, data: dict) -> Card:
        fields = dict(data)
        fields["themes"] = tuple(ThemeCount(key, name, 0) for key, name in data["themes"])
        fields["section_titles"] = tuple(data["section_titles"])
        return cls(**fields)

    @property
    def theme_keys(self) -> list[str]:
        return [theme.key for theme in self.themes]

    @property
    def pdf_size(self) -> str | None:
        return format_size(self.pdf_bytes) if self.pdf_bytes else None

    @property
    def search_text(self) -> str:
        parts = [self.title, self.subtitle, self.partnership, self.summary, self.review_kind]
        parts += [theme.name for theme in self.themes] + list(self.section_titles)
        text = unicodedata.normalize("NFKD", " ".join(parts).lower())
        return " ".join(re.findall(r"[a-z0-9]+", text))
