"""Which files are briefings, and the name each is published under."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..problems import BriefingError

SOURCE_SUFFIXES = (".yaml", ".yml")
# Another language's version of a briefing sits beside it, named with the language's code
# (briefings/family-a.cy.yaml for Welsh), as mkdocs-static-i18n names its files.
LANGUAGES = {"cy": "Welsh"}


FACILITATOR_PAGE = "facilitate.html"
# The files a briefing's page offers: handout, large-print handout, slides, Word file.
DOWNLOADS = ("pdf", "large-print", "pptx", "docx")
LARGE_PRINT = "large-print"
BILINGUAL = "bilingual"  # a Welsh version's handout and its English one, in one PDF (in output/cy/)


@dataclass(frozen=True)
class Outputs:
    """Where one briefing's files go, relative to the output folder: worked out here alone, as
    MkDocs's File knows its own destination."""

    slug: str

    @property
    def page(self) -> str:
        return f"{self.slug}/index.html"

    @property
    def facilitator(self) -> str:
        return f"{self.slug}/{FACILITATOR_PAGE}"

    def name(self, kind: str) -> str:
        """The file name of the handout ("pdf"), large-print handout ("large-print"), slides
        ("pptx") or Word file ("docx")."""
        if kind == LARGE_PRINT:
            return f"{self.slug}-large-print.pdf"
        if kind == BILINGUAL:
            return f"{self.slug}-bilingual.pdf"
        return f"{self.slug}.{kind}"

    def download(self, kind: str) -> str:
        """The handout ("pdf"), slides ("pptx") or Word file ("docx")."""
        return f"{self.slug}/{self.name(kind)}"

    @property
    def pdf(self) -> str:
        return self.download("pdf")

    @property
    def every(self) -> list[str]:
        """Every file a briefing may have, page first."""
        return [self.page, *(self.download(kind) for kind in DOWNLOADS), self.facilitator]


def outputs_of(source: Path) -> Outputs:
    """Where the briefing at `source` is published: its folder is named after its file."""
    return Outputs(slug_of(source))


def slug_of(source: Path) -> str:
    """The name a briefing is published under, from its file's: a version in another language
    has its briefing's (family-a.cy.yaml is family-a, in that language's library)."""
    stem = Path(source.stem)
    return slugify(stem.stem if language_of(source) else source.stem)


def english_of(version: Path) -> Path:
    """The briefing a version in another language is a version of: family-a.cy.yaml's family-a.yaml."""
    stem = Path(version.stem).stem
    for suffix in SOURCE_SUFFIXES:
        if (found := version.with_name(stem + suffix)).is_file():
            return found
    return version.with_name(stem + version.suffix)


def slugify(name: str) -> str:
    """A web-safe name for a briefing's folder, from its file name: "Family A.yaml" -> "family-a"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "briefing"


def is_briefing_file(path: Path) -> bool:
    """Briefing sources are YAML files; names starting with `_` are settings, not briefings, and
    one named for a language (family-a.cy.yaml) is another language's version of a briefing."""
    return (
        path.suffix.lower() in SOURCE_SUFFIXES
        and not path.name.startswith(("_", "."))
        and language_of(path) is None
    )


def language_of(path: Path) -> str | None:
    """The language code a version's file is named with ("cy"), or None for the briefing itself."""
    code = Path(path.stem).suffix.lstrip(".").lower()
    return code if code in LANGUAGES else None


def versions_of(source: Path) -> dict[str, Path]:
    """The other languages' versions of the briefing at `source` that exist beside it, by code."""
    found = {}
    for code in LANGUAGES:
        for suffix in SOURCE_SUFFIXES:
            version = source.with_name(f"{source.stem}.{code}{suffix}")
            if version.is_file():
                found[code] = version
                break
    return found


def find_sources(names: Sequence[str], briefings_dir: Path, *, versions: bool = False) -> list[Path]:
    """The source files for `names` (paths, folders of briefings, or briefing names in
    `briefings_dir`); all in `briefings_dir` when empty. A version in another language named
    (family-a.cy) stands for its briefing, which is built and checked with its versions; with
    `versions`, for itself (to sign it off)."""
    if not names:
        if not briefings_dir.is_dir():
            raise BriefingError(
                f"There is no {briefings_dir}/ folder here, so nothing was built or written. Run the "
                f"kit from your project folder (the one with {briefings_dir}/ in it), name the briefing "
                "files to use, or start a project here with: python build.py new"
            )
        return sorted(path for path in briefings_dir.iterdir() if path.is_file() and is_briefing_file(path))
    found: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():  # a folder means every briefing in it
            found += sorted(item for item in path.iterdir() if item.is_file() and is_briefing_file(item))
            continue
        candidates = [path, briefings_dir / name, *(briefings_dir / f"{name}{s}" for s in SOURCE_SUFFIXES)]
        match = next((candidate for candidate in candidates if candidate.is_file()), None)
        if match is not None and language_of(match) and not versions:
            english = english_of(match)
            if not english.is_file():
                raise BriefingError(
                    f"{match} is the {LANGUAGES[language_of(match)]} version of {english.name}, which is not "
                    "there: a version is built and checked with its briefing"
                )
            match = english
        if match is None:
            known = (
                ", ".join(p.stem for p in find_sources([], briefings_dir)) if briefings_dir.is_dir() else ""
            )
            hint = f" The briefings in {briefings_dir}/ are: {known}." if known else ""
            raise BriefingError(f"There is no briefing called '{name}'.{hint}")
        found.append(match)
    return found


def same_titles(titled: Sequence[tuple[Path, str, str | None]]) -> dict[Path, list[Path]]:
    """For each source (path, title, subtitle) whose title and subtitle another source has
    too (whatever their capitals and spaces), the other sources: the library would list two
    briefings a reader cannot tell apart."""
    by_name: dict[tuple[str, str], list[Path]] = {}
    for path, title, subtitle in titled:
        key = (" ".join(title.lower().split()), " ".join((subtitle or "").lower().split()))
        by_name.setdefault(key, []).append(path)
    return {
        path: [other for other in paths if other != path]
        for paths in by_name.values()
        if len(paths) > 1
        for path in paths
    }
