"""A build's options: what every briefing in one build is made with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..pipeline.dates import ENGLISH
from ..pipeline.settings import Settings

# pptx: slides; docx: a Word handout; large-print: the handout at 16 point and up
FORMATS = ("html", "pdf", "large-print", "pptx", "docx", "all")


@dataclass(frozen=True)
class BuildOptions:
    """Everything a worker needs to build one briefing, the same for every briefing in a build."""

    out: Path
    formats: str
    theme_questions: int | None  # None: enough to lead with three questions
    settings: Settings
    logo: Path | None
    self_contained: bool
    drafts: bool = False  # list drafts in the library (a local library for review only)
    language: str = ENGLISH  # the library's language: a version's (cy) in its own folder (out/cy)
    twins: tuple[str, ...] = ()  # the languages the library is also published in

    @property
    def assets(self) -> Path:
        return self.out / "assets"

    @property
    def web(self) -> bool:
        return self.formats in ("html", "all")

    @property
    def pdf(self) -> bool:
        return self.formats in ("pdf", "all")
