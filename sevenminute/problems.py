"""What can go wrong with a source file, worded for the person who wrote it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """The path as an author would type it: relative to the current folder when inside it."""
    path = Path(path)
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a source file, at a line and column (both counted from 1)."""

    path: Path
    line: int
    column: int
    message: str
    severity: str = "error"  # or "warning"
    code: str = "format"  # a short name for the kind of problem, for tools and --format json

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "path": display_path(self.path),
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class BriefingError(Exception):
    """The kit's one error type: carries problems an author can act on.

    Raised anywhere in the pipeline; turned into messages and an exit code only in the CLI.
    """

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems if isinstance(problems, list) else []
        self.text = problems if isinstance(problems, str) else "\n".join(map(str, self.problems))
        super().__init__(self.text)
