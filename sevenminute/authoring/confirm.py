"""The author confirms a briefing's themes: each detected theme shown with its evidence, kept
or dropped, and the choice written into the source as `themes:` and `exclude_themes:`.

The source is edited line by line, so the author's comments and layout stay as they were.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from ..pipeline.enrich.themes import DetectedTheme
from ..pipeline.load import Location, Source
from ..pipeline.model import Briefing
from ..problems import Problem, Remedy

MEANT_WORDS = 12  # a sentence found by meaning is quoted up to this many words
READS_LIKE = 0.5  # the briefing as a whole is said to read like a theme's from this likeness


def evidence_lines(theme: DetectedTheme) -> list[str]:
    """Where the theme was found, one line a part of the briefing: section 3: “father” ×2,
    and a sentence that means it, marked “by meaning”; last, whether the briefing as a whole
    reads like those the theme is named for."""
    places: dict[str, list[str]] = {}
    for item in theme.evidence:
        if item.meaning:
            words = item.term.split()
            quoted = " ".join(words[:MEANT_WORDS]) + (" …" if len(words) > MEANT_WORDS else "")
            places.setdefault(item.where, []).append(f"by meaning “{quoted}”")
        else:
            places.setdefault(item.where, []).append(
                f"“{item.term}”" + (f" ×{item.count}" if item.count > 1 else "")
            )
    lines = [f"{where}: {', '.join(terms)}" for where, terms in places.items()]
    if theme.reads_like is not None and theme.reads_like >= READS_LIKE:
        lines.append(f"as a whole: reads like briefings on this theme ({theme.reads_like:.0%})")
    return lines


def confirm(
    source: Path,
    detected: Sequence[DetectedTheme],
    keep: Callable[[DetectedTheme], bool],
    today: datetime.date | None = None,
) -> tuple[list[str], list[str]]:
    """Ask `keep` about each detected theme; write the kept ones as `themes:`, the dropped ones
    as `exclude_themes:` and the date as `themes_confirmed:` in `source`. Returns (kept, dropped)."""
    kept = [theme.key for theme in detected if keep(theme)]
    dropped = [theme.key for theme in detected if theme.key not in kept]
    day = (today or datetime.date.today()).isoformat()
    text = source.read_text(encoding="utf-8-sig")
    text = set_top_level(text, "themes", f"[{', '.join(kept)}]", "the questions come from these")
    text = set_top_level(text, "exclude_themes", f"[{', '.join(dropped)}]", "detected, and dropped")
    text = set_top_level(text, "themes_confirmed", day, "the author kept or dropped each theme")
    source.write_text(text, encoding="utf-8")
    return kept, dropped


def set_top_level(text: str, key: str, value: str, comment: str) -> str:
    """`text` with the top-level `key:` set to `value`, in place of any earlier value (a
    block list under it included), else on a new line before `sections:`."""
    lines = text.split("\n")
    line = f"{key}: {value}  # {comment}"
    start = next((i for i, ln in enumerate(lines) if re.match(rf"^{key}\s*:", ln)), None)
    if start is not None:
        end = start + 1
        while end < len(lines) and re.match(r"^\s+(-|#)|^\s*$", lines[end]) and lines[end].strip() != "":
            end += 1
        lines[start:end] = [line]
    else:
        at = next((i for i, ln in enumerate(lines) if re.match(r"^sections\s*:", ln)), len(lines))
        lines.insert(at, line)
    return "\n".join(lines)


def unconfirmed(source: Source, briefing: Briefing) -> list[Problem]:
    """A note (not a warning) when a published briefing's themes were found by the kit alone."""
    if briefing.status != "published" or briefing.themes_confirmed is not None:
        return []
    where: Location = ("title",)
    return [
        source.problem(
            where,
            "the themes that choose this briefing's questions were found by the kit and never confirmed",
            key=True,
            severity="info",
            code="themes-unconfirmed",
            remedy=Remedy("confirm-themes", source.path.stem),
        )
    ]
