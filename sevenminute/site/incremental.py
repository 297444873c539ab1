"""Incremental builds: a fingerprint of the kit and each source, and the manifest of what the
last build made from what, so a briefing whose inputs are unchanged is not built again."""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..pipeline.kit import kit_package, kit_templates
from ..pipeline.language import PROJECT_CATALOGUES
from ..pipeline.sources import english_of, language_of
from ..problems import Problem
from .options import BuildOptions
from .output import write_if_changed


def input_digest(source: Path, kit: str) -> str:
    """A hash of one source with the kit's fingerprint: equal only when nothing it depends on changed."""
    paths = (
        [source, english_of(source)] if language_of(source) else [source]
    )  # a version's themes: its English
    data = b""
    for path in paths:
        with contextlib.suppress(OSError):
            data += path.read_bytes()
    return digest(data + kit.encode())


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def kit_fingerprint(options: BuildOptions) -> str:
    """A hash of everything besides the source that shapes a briefing's outputs: the kit's
    version and code, its templates, assets and data, the settings and logo, and the options."""
    parts = [
        __version__,
        options.formats,
        str(options.theme_questions),
        str(options.self_contained),
        options.language,
        *options.twins,
    ]
    parts.append(options.settings.model_dump_json())
    package = kit_package()
    files = sorted(kit_templates().rglob("*")) + sorted(package.rglob("*.py"))
    files += sorted((package / "data").glob("*"))
    files += sorted(PROJECT_CATALOGUES.glob("*.po"))  # a partnership's own words in other languages
    if options.logo is not None:
        files.append(options.logo)
    fingerprint = hashlib.sha256("\0".join(parts).encode())
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            fingerprint.update(path.name.encode() + b"\0" + path.read_bytes())
    return fingerprint.hexdigest()


@dataclass
class BuildManifest:
    """What the last build made, and from what, kept in `output/.sevenminute-build.json`.

    It is written after the outputs it lists, so it never claims a file a build did not finish."""

    kit: str = ""
    briefings: dict[str, dict] = field(default_factory=dict)
    library: str = ""
    library_pages: dict[str, str] = field(default_factory=dict)  # each page, and what it was made from
    assets: list[str] = field(default_factory=list)

    FILE = ".sevenminute-build.json"
    KEYS = ("kit", "briefings", "library", "library_pages", "assets")

    @classmethod
    def read(cls, out: Path) -> BuildManifest:
        try:
            data = json.loads((out / cls.FILE).read_text(encoding="utf-8"))
            return cls(**{key: data[key] for key in cls.KEYS})
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def as_json(self) -> dict:
        return {key: getattr(self, key) for key in self.KEYS}

    def write(self, out: Path, before: dict | None = None) -> Path:
        """Write the manifest, unless it says what `before` (as read) already said; returns its path."""
        data = self.as_json()
        if data == before and (out / self.FILE).is_file():
            return out / self.FILE
        return write_if_changed(out / self.FILE, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())


def problem_json(problem: Problem) -> list:
    """A warning as the manifest keeps it, in the command line's words, to repeat when the
    briefing is skipped next time."""
    return [problem.line, problem.column, problem.text, problem.severity, problem.code]


def problem_from_json(source: Path, data: list) -> Problem:
    return Problem(source, *data)
