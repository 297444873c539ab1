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
class Remedy:
    """What the author can do about a problem, as an action on what it concerns: the command
    line says it in words for a text editor (`command_line_words`), the browser's editor in
    words for its form (sevenminute.preview.advice)."""

    action: str  # a key of COMMAND_LINE_WORDS
    value: str = ""  # what it concerns: the text to allow, the briefing's name
    limit: int = 0  # a length to keep within, where the action has one

    def command_line_words(self) -> str:
        return COMMAND_LINE_WORDS[self.action].format(value=self.value, limit=self.limit)


COMMAND_LINE_WORDS = {
    "allow-or-replace": "if it is safe to publish, add it to `allow:` with a reason, otherwise replace "
    "it with the anonymised detail the review uses",
    "fill-in": "write something here or remove the line",
    "finish-or-draft": "finish the text, or set `status: draft` until it is ready",
    "confirm-themes": "run python build.py themes {value} --confirm to keep or drop each",
    "sign-off": "have an approver sign it off as it stands (python build.py sign-off {value} --by "
    '"Name, role", or Sign off in the hub), or set `status: draft` until then',
    "shorter-label": "add a `label:` under the title with a shorter name for the part, of up to "
    "{limit} characters, for the figure to use instead",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a source file, at a line and column (both counted from 1)."""

    path: Path
    line: int
    column: int
    message: str
    severity: str = "error"  # or "warning"
    code: str = "format"  # a short name for the kind of problem, for tools and --format json
    remedy: Remedy | None = None  # what to do, when `message` does not say it itself

    @property
    def text(self) -> str:
        """What is wrong and what to do, in the command line's words."""
        return f"{self.message}; {self.remedy.command_line_words()}" if self.remedy else self.message

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}: {self.text}"

    def as_dict(self) -> dict:
        return {
            "path": display_path(self.path),
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.text,
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
