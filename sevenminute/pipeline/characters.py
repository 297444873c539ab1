"""Characters not safe in every output (controls, non-characters, bidi overrides), and where they are."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..problems import Problem

# C0 controls but tab, newline and carriage return; DEL and the C1 controls; lone surrogates;
# the non-characters U+FFFE and U+FFFF (forbidden in XML); bidi embeddings, overrides and isolates.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)

# A backslash escape inside a double-quoted YAML scalar, as PyYAML reads them.
ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SINGLE_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "e": "\x1b", "N": "\x85"}

_BIDI_NAMES = {
    "\u202a": "a left-to-right embedding character",
    "\u202b": "a right-to-left embedding character",
    "\u202c": "a pop-directional-formatting character",
    "\u202d": "a left-to-right override character",
    "\u202e": "a right-to-left override character",
    "\u2066": "a left-to-right isolate character",
    "\u2067": "a right-to-left isolate character",
    "\u2068": "a first-strong isolate character",
    "\u2069": "a pop-directional-isolate character",
}
PASTED = "it often comes from text pasted out of another program"
BACKSLASH = (
    "inside double quotes a backslash starts a code like this; to write a backslash itself, type two: \\\\"
)


def _describe(char: str) -> tuple[str, str, str]:
    """What the character is, why it cannot stay, and a hint for removing it."""
    code = ord(char)
    if char in _BIDI_NAMES:
        return (
            f"{_BIDI_NAMES[char]} (U+{code:04X})",
            "which can make text display in a different order from how it reads",
            f"{PASTED}; Arabic and Hebrew text displays the right way round without it",
        )
    if 0xD800 <= code <= 0xDFFF:
        return (
            f"half of a broken character (U+{code:04X})",
            "which cannot be saved as text",
            "if you meant an emoji or symbol, type or paste the character itself",
        )
    if code in (0xFFFE, 0xFFFF):
        return f"a non-character (U+{code:04X})", "which web pages and the feed cannot carry", PASTED
    return f"an invisible control character (code {code:#04x})", "which cannot go into a briefing", PASTED


@lru_cache(maxsize=4)
def _newlines(text: str) -> list[int]:
    return [match.start() for match in re.finditer("\n", text)]


def line_column(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1) of `text[index]`, counting lines as an editor does."""
    newlines = _newlines(text)
    before = bisect_left(newlines, index)  # newlines before `index`
    return before + 1, index - (newlines[before - 1] + 1 if before else 0) + 1


def problem_at(path: Path, text: str, index: int, char: str, written: str | None = None) -> Problem:
    """The problem with `char`, found at `text[index]` (as the escape `written`, when it was one)."""
    what, why, hint = _describe(char)
    line, column = line_column(text, index)
    if written is None:
        message = f"there is {what} here, {why}; delete it ({hint})"
    else:
        emoji = f"{hint}; " if 0xD800 <= ord(char) <= 0xDFFF else ""
        message = f"`{written}` here stands for {what}, {why}; delete it ({emoji}{BACKSLASH})"
    return Problem(path, line, column, message, code="characters")


def raw_problems(path: Path, text: str) -> list[Problem]:
    """Every unsafe character written as itself anywhere in the file, at its own line and column."""
    return [problem_at(path, text, match.start(), match.group()) for match in UNSAFE.finditer(text)]


def blank_out(text: str) -> str:
    """`text` with each unsafe character replaced by a space, so it parses with unchanged positions."""
    return UNSAFE.sub(" ", text)


def _decoded(escape: str) -> str | None:
    kind, digits = escape[1], escape[2:]
    if kind in "xuU" and digits:
        code = int(digits, 16)
        return chr(code) if code <= 0x10FFFF else None
    return _SINGLE_ESCAPES.get(kind)


def scalar_problems(
    path: Path, text: str, start: int, end: int, value: str, *, double_quoted: bool
) -> list[Problem]:
    """Unsafe characters in the value of a scalar written at `text[start:end]`.

    In a double-quoted scalar each is reported at the backslash escape that made it; any not
    found that way are reported at the start of the scalar."""
    unsafe = UNSAFE.findall(value)
    if not unsafe:
        return []
    found: list[Problem] = []
    covered: Counter[str] = Counter()
    if double_quoted:
        for match in ESCAPE.finditer(text, start, end):
            char = _decoded(match.group())
            if char is not None and UNSAFE.fullmatch(char):
                found.append(problem_at(path, text, match.start(), char, written=match.group()))
                covered[char] += 1
    for char, count in Counter(unsafe).items():
        if count > covered[char]:
            found.append(problem_at(path, text, start, char))
    return found


def bad_escape_problem(path: Path, text: str, index: int) -> Problem:
    """A `\\U` escape beyond the last Unicode character; `index` is just after its backslash."""
    start = text.rfind("\\", 0, index + 1)
    start = start if start >= 0 else index
    written = text[start : start + 10]
    line, column = line_column(text, start)
    return Problem(
        path,
        line,
        column,
        f"`{written}` here is not a real character; delete it ({BACKSLASH})",
        code="characters",
    )


def all_safe(data: object) -> bool:
    """True when no text in `data` (loaded YAML: strings, lists, mappings) holds an unsafe
    character; a fast loader's result is used only then, or the kit's loader says where."""
    if isinstance(data, str):
        return not UNSAFE.search(data)
    if isinstance(data, dict):
        return all(all_safe(key) and all_safe(value) for key, value in data.items())
    if isinstance(data, list):
        return all(all_safe(item) for item in data)
    return True
