"""A briefing and its version in another language (family-a.yaml and family-a.cy.yaml), checked
as a pair: the same number of parts, of list items in each part (recommendations among them),
of questions, contacts, resources and helplines; and which changed after the other.

Checked on the files as written, before validation, so that a Welsh version with six parts is
still compared with its English seven. A difference is reported at its line in the version."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path
from typing import Any

from ..problems import BriefingError, Problem
from .load import Source, load
from .sources import LANGUAGES, language_of

LIST_ITEM = re.compile(r"(?m)^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\S")
COUNTED = {  # each list's key, and what one of its items is called
    "questions": "question",
    "contacts": "contact",
    "resources": "resource",
    "helplines": "helpline",
}


def status_of(version: Path) -> str | None:
    """A version's status as written: "published" when it says none, "draft" while it is being
    translated (its briefing is then published alone); None when it cannot be read."""
    try:
        return _status(load(version).data)
    except BriefingError:
        return None


def _status(data: Any) -> str:
    return data.get("status", "published") if isinstance(data, dict) else "published"


def version_problems(english: Source, version: Source) -> list[Problem]:
    """What does not match between `english` and its `version` in another language."""
    name = LANGUAGES[language_of(version.path)]
    if not isinstance(english.data, dict) or not isinstance(version.data, dict):
        return []
    found: list[Problem] = []
    ours, theirs = english.data, version.data
    parts, their_parts = _list(ours, "sections"), _list(theirs, "sections")
    if len(parts) != len(their_parts):
        found.append(
            version.problem(
                ("sections",),
                f"the {name} version has {_count(len(their_parts), 'part')} and the English "
                f"{_count(len(parts), 'part')}: a version has the same parts, in the same order",
                key=True,
                code="version-mismatch",
            )
        )
    for number, (part, their_part) in enumerate(zip(parts, their_parts, strict=False), 1):
        items, their_items = _items(part), _items(their_part)
        if items != their_items:
            found.append(
                version.problem(
                    ("sections", number - 1, "body"),
                    f"part {number} has {_count(their_items, 'list item')} in the {name} version and "
                    f"{items} in the English: translate every point, recommendation or bullet, and add none",
                    code="version-mismatch",
                )
            )
    for key, noun in COUNTED.items():
        mine, yours = _list(ours, key), _list(theirs, key)
        if len(mine) != len(yours):
            where = (key,) if key in theirs else ()
            found.append(
                version.problem(
                    where,
                    f"the {name} version has {_count(len(yours), noun)} and the English "
                    f"{_count(len(mine), noun)}",
                    key=bool(where),
                    code="version-mismatch",
                )
            )
    found += _changed_after(english, version, name)
    if _status(version.data) == "draft":  # a translation under way: what is left to do
        found = [dataclasses.replace(p, severity="warning") if p.severity == "error" else p for p in found]
    return found


def _changed_after(english: Source, version: Source, name: str) -> list[Problem]:
    """A note when one side was changed (`updated:`, else `published:`) after the other."""
    ours, theirs = _changed(english.data), _changed(version.data)
    if ours is None or theirs is None or ours == theirs:
        return []
    if ours > theirs:
        later, earlier, source, other = "English", name, version, "the " + name
    else:
        later, earlier, source, other = name, "English", english, "the English"
    key = "updated" if "updated" in source.data else "published"
    return [
        source.problem(
            (key,),
            f"the {later} version changed on {_day(max(ours, theirs))}, after the {earlier} "
            f"({_day(min(ours, theirs))}): bring {other} version up to date, then change its `updated:` date",
            key=True,
            severity="warning",
            code="version-behind",
        )
    ]


def _changed(data: dict) -> datetime.date | None:
    for key in ("updated", "published"):
        value = data.get(key)
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                continue
    return None


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _list(data: dict, key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _items(part: Any) -> int:
    body = part.get("body") if isinstance(part, dict) else None
    return len(LIST_ITEM.findall(body)) if isinstance(body, str) else 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
