"""The library's cards: each briefing as the library lists it, kept in the build manifest.

No template engine, Markdown or PDF library is loaded here, so a build with nothing to do
stays quick."""

from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..pipeline.dates import ENGLISH, format_day
from ..pipeline.sources import Outputs

if TYPE_CHECKING:
    from ..pipeline.enrich.handout import Handout
    from ..pipeline.model import Briefing


def format_size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def _file_date(path: Path) -> str | None:
    """The day `path` last changed, YYYY-MM-DD (UTC), or None when it cannot be read."""
    try:
        moment = path.stat().st_mtime
    except OSError:
        return None
    return datetime.datetime.fromtimestamp(moment, datetime.UTC).date().isoformat()


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
    themes: tuple[ThemeCount, ...]  # the briefing's main themes, strongest first
    section_titles: tuple[str, ...]
    pdf_bytes: int | None
    status: str = "published"  # draft | published | withdrawn
    updated_iso: str | None = None  # the last correction or change, YYYY-MM-DD
    withdrawn_on: str | None = None  # YYYY-MM-DD
    withdrawn_reason: str | None = None
    pptx_bytes: int | None = None  # the slides
    docx_bytes: int | None = None  # the Word handout
    large_print_bytes: int | None = None  # the large-print handout
    published_stated: bool = True  # False: the source gives no date, so none is printed or fed as fact
    source_date: str | None = None  # YYYY-MM-DD: the day the source file last changed
    language: str = ENGLISH  # the language it is written in
    twins: tuple[str, ...] = ()  # the languages its other versions are published in ("cy"; "en")

    @classmethod
    def from_handout(
        cls, handout: Handout, pdf_bytes: int | None, pptx_bytes: int | None = None,
        docx_bytes: int | None = None, large_print_bytes: int | None = None,
    ) -> Card:  # fmt: skip
        briefing = handout.briefing
        updated = briefing.last_updated
        return cls(
            handout.slug,
            briefing.title,
            briefing.subtitle or "",
            briefing.partnership,
            briefing.published.iso,
            handout.published,
            handout.review_kind,
            briefing.summary,
            tuple(ThemeCount(t.key, t.name, 0) for t in handout.main_themes),
            tuple(section.title for section in briefing.sections),
            pdf_bytes,
            briefing.status,
            updated.isoformat() if updated else None,
            pptx_bytes=pptx_bytes,
            docx_bytes=docx_bytes,
            large_print_bytes=large_print_bytes,
            published_stated=briefing.published_stated,
            source_date=_file_date(handout.source),
            language=handout.language,
            twins=handout.twins,
        )

    @classmethod
    def withdrawn(cls, slug: str, briefing: Briefing) -> Card:
        """A withdrawn briefing as the withdrawals page lists it: its name and why, no content."""
        return cls(
            slug,
            briefing.title,
            briefing.subtitle or "",
            briefing.partnership,
            briefing.published.iso,
            briefing.published_text,
            "",
            "",
            (),
            (),
            None,
            "withdrawn",
            None,
            briefing.withdrawn_on.isoformat() if briefing.withdrawn_on else None,
            briefing.withdrawn_reason,
            published_stated=briefing.published_stated,
        )

    @property
    def outputs(self) -> Outputs:
        """Where its briefing's files are in the output folder."""
        return Outputs(self.slug)

    @property
    def published_stamp(self) -> str:
        """The first day of the publication date as an Atom date-time (a feed needs a whole date)."""
        year, month, day = (self.published_iso.split("-") + ["01", "01"])[:3]
        return f"{year}-{month}-{day}T00:00:00Z"

    @property
    def updated_stamp(self) -> str:
        """When the briefing last changed, as an Atom date-time (a feed entry must have one): the
        last correction; else the date published, when the source states it; else the day its
        source file last changed, which is true of the file and claims nothing of the review."""
        if self.updated_iso:
            return f"{self.updated_iso}T00:00:00Z"
        if not self.published_stated and self.source_date:
            return f"{self.source_date}T00:00:00Z"
        return self.published_stamp

    @property
    def last_modified(self) -> str:
        """For the sitemap: the last change, or the publication date as precise as the source
        gives it, or (with no date given) the day the source file last changed."""
        if self.updated_iso:
            return self.updated_iso
        if self.published_stated or not self.source_date:
            return self.published_iso
        return self.source_date

    @property
    def withdrawn_text(self) -> str:
        if not self.withdrawn_on:
            return ""
        year, month, day = (int(part) for part in self.withdrawn_on.split("-"))
        return format_day(datetime.date(year, month, day), self.language)

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        data["themes"] = [[t.key, t.name] for t in self.themes]
        return data

    @classmethod
    def from_json(cls, data: dict) -> Card:
        fields = dict(data)
        fields["themes"] = tuple(ThemeCount(key, name, 0) for key, name in data["themes"])
        fields["section_titles"] = tuple(data["section_titles"])
        fields["twins"] = tuple(data.get("twins", ()))
        return cls(**fields)

    @property
    def theme_keys(self) -> list[str]:
        return [theme.key for theme in self.themes]

    @property
    def pdf_size(self) -> str | None:
        return format_size(self.pdf_bytes) if self.pdf_bytes else None

    @property
    def pptx_size(self) -> str | None:
        return format_size(self.pptx_bytes) if self.pptx_bytes else None

    @property
    def docx_size(self) -> str | None:
        return format_size(self.docx_bytes) if self.docx_bytes else None

    @property
    def large_print_size(self) -> str | None:
        return format_size(self.large_print_bytes) if self.large_print_bytes else None

    @property
    def search_text(self) -> str:
        parts = [self.title, self.subtitle, self.partnership, self.summary, self.review_kind]
        parts += [theme.name for theme in self.themes] + list(self.section_titles)
        text = unicodedata.normalize("NFKD", " ".join(parts).lower())
        return " ".join(re.findall(r"[a-z0-9]+", text))
