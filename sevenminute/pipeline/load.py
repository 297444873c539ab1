"""Stage 1, load: read a YAML source safely and remember where every value came from.

PyYAML's safe loader never constructs objects; on top of it we refuse duplicate keys,
treat yes/no/on/off as words rather than booleans (they are prose here), and record the
line and column of every key and value so later stages can point at them. Characters that are
not safe in every output (control characters, non-characters, bidi overrides) are refused,
whether written as themselves or as escapes like "\\a" or "\\u202e", all in one error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import BriefingError, Problem, Remedy
from . import characters

MAX_BYTES = 1_000_000  # a seven-minute briefing is a few kilobytes; this is generous
MAX_NODES = 20_000  # stops "billion laughs" alias bombs long before they cost anything

Location = tuple[str | int, ...]


class _ProseLoader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 booleans, so `title: No` stays the word "No"."""


_ProseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Source:
    """A loaded YAML file: its plain data and where each part of it was written."""

    path: Path
    data: Any
    value_marks: dict[Location, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Location, tuple[int, int]] = field(default_factory=dict)
    text: str = ""  # the file as read, for pointing inside long values

    def find(self, loc: Location, needle: str) -> tuple[int, int]:
        """Line and column of `needle` inside the value at `loc` (of the value when not found).

        Searches the file from where the value starts, so a phone number in the middle of a
        block of text is reported at its own line. When `needle` wraps onto a second line in
        the file, its first word is found instead."""
        line, column = self.where(loc)
        lines = self.text.splitlines()
        for target in (needle, needle.split()[0] if needle.split() else needle):
            for number in range(line, min(len(lines), line + 400) + 1):
                start = lines[number - 1].find(target, column - 1 if number == line else 0)
                if start >= 0:
                    return number, start + 1
        return line, column

    def where(self, loc: Location, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or its key) at `loc`, or of its nearest parent."""
        marks = self.key_marks if key else self.value_marks
        loc = tuple(loc)
        while loc:
            if loc in marks:
                return marks[loc]
            if key and loc in self.value_marks:
                return self.value_marks[loc]
            loc = loc[:-1]
        return self.value_marks.get((), (1, 1))

    def problem(
        self,
        loc: Location,
        message: str,
        *,
        key: bool = False,
        needle: str | None = None,
        severity: str = "error",
        code: str = "format",
        remedy: Remedy | None = None,
    ) -> Problem:
        """A problem at the value (or key) at `loc`, or at `needle` inside that value."""
        line, column = self.find(loc, needle) if needle else self.where(loc, key=key)
        return Problem(self.path, line, column, message, severity, code, remedy)


_YAML_HINTS = {
    "mapping values are not allowed here": (
        "a colon followed by a space starts a new key here; if it is part of the text, "
        "put the whole value in quotes or use a | block"
    ),
    "found character '\\t' that cannot start any token": (
        "there is a tab character here; YAML needs spaces for indentation"
    ),
    "could not find expected ':'": (
        "expected `key: value` here; check this line's indentation against the line above"
    ),
    "did not find expected key": ("the indentation here does not line up with the keys above it"),
    "did not find expected '-' indicator": (
        "the indentation here does not line up with the list items above it"
    ),
    "found unexpected end of stream": "a quotation mark opened here is never closed",
    "found undefined alias": "this refers to an anchor (*name) that is not defined",
    "but found another document": (
        "the file holds more than one YAML document (a line with ---); keep one briefing a file"
    ),
    "expected a single document in the stream": (
        "the file holds more than one YAML document (a line with ---); keep one briefing a file"
    ),
}


def _yaml_problem(path: Path, error: yaml.YAMLError) -> Problem:
    raw = getattr(error, "problem", None) or str(error)
    hint = next((text for known, text in _YAML_HINTS.items() if raw.startswith(known)), None)
    # An unclosed quote is reported at the end of the file; point at where it opened.
    marks = ("context_mark", "problem_mark") if "end of stream" in raw else ("problem_mark", "context_mark")
    mark = getattr(error, marks[0], None) or getattr(error, marks[1], None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(path, line, column, hint or f"this is not valid YAML ({raw})", code="yaml")


def _reader_problem(path: Path, text: str, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML refuses (a control character, often pasted from a word processor)."""
    code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
    return characters.problem_at(path, text, error.position, chr(code))


def _utf16(raw: bytes) -> bool:
    """Whether `raw` is UTF-16 text: its byte-order mark, or ASCII letters each beside a zero byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = raw[:400]
    return len(sample) >= 8 and (
        sample[1::2].count(0) > 0.8 * len(sample[1::2]) or sample[0::2].count(0) > 0.8 * len(sample[0::2])
    )


def read_text(path: Path) -> str:
    """The file's text, or a problem saying why it cannot be read as a briefing."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BriefingError(
                Problem(
                    path,
                    1,
                    1,
                    f"the file is {size:,} bytes; a briefing source may be at most "
                    f"{MAX_BYTES:,} bytes. Is this the right file?",
                )
            )
        raw = path.read_bytes()
        if _utf16(raw):
            raise BriefingError(
                Problem(
                    path,
                    1,
                    1,
                    "this file is saved as UTF-16 text (Word and Notepad's “Unicode”); save it as UTF-8 "
                    "(in most editors: Save As, then choose the UTF-8 encoding)",
                )
            )
        if b"\x00" in raw:
            raise BriefingError(Problem(path, 1, 1, "this looks like a binary file, not YAML text"))
    except FileNotFoundError:
        raise BriefingError(Problem(path, 1, 1, "there is no such file")) from None
    except IsADirectoryError:
        raise BriefingError(Problem(path, 1, 1, "this is a folder, not a briefing file")) from None
    except OSError as error:
        raise BriefingError(Problem(path, 1, 1, f"the file cannot be read ({error.strerror})")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise BriefingError(
            Problem(
                path,
                line,
                column,
                "this is not UTF-8 text; save the file as UTF-8 "
                "(in most editors: Save As, then choose the UTF-8 encoding)",
            )
        ) from None
    if "\x00" in text:
        raise BriefingError(Problem(path, 1, 1, "this looks like a binary file, not YAML text"))
    return text


def load(path: Path) -> Source:
    """Load a YAML source into plain data with marks. Raises BriefingError."""
    text = read_text(path)
    # Unsafe characters written as themselves are all reported; the rest of the file is still
    # read (with them blanked out) to find the ones written as escapes.
    problems = characters.raw_problems(path, text)
    try:
        loader = _ProseLoader(characters.blank_out(text) if problems else text)
    except yaml.reader.ReaderError as error:
        raise BriefingError(_reader_problem(path, text, error)) from None
    source = Source(path, None, text=text)
    builder = _Builder(loader, source)
    try:
        try:
            node = loader.get_single_node()
        except ValueError:  # a \U escape past the last character (PyYAML calls chr() on it)
            raise BriefingError(characters.bad_escape_problem(path, text, loader.get_mark().index)) from None
        source.data = builder.build(node, ()) if node is not None else None
    except yaml.YAMLError as error:
        problems = problems or [_yaml_problem(path, error)]  # blanking may have caused it
    except BriefingError as error:
        problems += error.problems
    except RecursionError:
        problems.append(Problem(path, 1, 1, "the file is nested too deeply to be a briefing"))
    finally:
        loader.dispose()
    problems += builder.problems
    if problems:
        raise BriefingError(
            sorted(set(problems), key=lambda problem: (problem.line, problem.column, problem.message))
        )
    return source


class _Builder:
    """Turns composed YAML nodes into plain data, recording marks and refusing duplicates."""

    def __init__(self, loader: _ProseLoader, source: Source):
        self.loader = loader
        self.source = source
        self.nodes = 0
        self.problems: list[Problem] = []  # unsafe characters from escapes, gathered as we go
        self._checked: set[int] = set()  # scalar nodes already checked (aliases repeat them)

    def _scalar(self, node: yaml.Node) -> Any:
        """The scalar's value, with its unsafe characters noted; an impossible date is refused."""
        try:
            value = self.loader.construct_object(node)
        except ValueError:
            raise self._refusal(
                node,
                f"'{node.value}' looks like a date but is not a real one; "
                "write dates as YYYY-MM-DD, for example 2022-06-01",
            ) from None
        if isinstance(value, str) and id(node) not in self._checked:
            self._checked.add(id(node))
            self.problems += characters.scalar_problems(
                self.source.path,
                self.source.text,
                node.start_mark.index,
                node.end_mark.index,
                value,
                double_quoted=node.style == '"',
            )
        return value

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _refusal(self, node: yaml.Node, message: str) -> BriefingError:
        """The error that refuses the file at `node`."""
        return BriefingError(Problem(self.source.path, *self._mark(node), message))

    def build(self, node: yaml.Node, loc: Location) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._refusal(
                node,
                f"the file has more than {MAX_NODES:,} "
                "values (often from repeated YAML aliases); a briefing needs far fewer",
            )
        self.source.value_marks.setdefault(loc, self._mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, loc: Location) -> dict:
        self.loader.flatten_mapping(node)
        result: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._refusal(key_node, "a key must be a plain word, not a list or mapping")
            key = str(self._scalar(key_node))
            if key in first_seen:
                raise self._refusal(
                    key_node, f"`{key}` is given twice (first on line {first_seen[key]}); keep one of them"
                )
            first_seen[key] = key_node.start_mark.line + 1
            self.source.key_marks[(*loc, key)] = self._mark(key_node)
            result[key] = self.build(value_node, (*loc, key))
        return result
