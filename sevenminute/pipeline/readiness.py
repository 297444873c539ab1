"""Stage 2b, readiness: whether a valid briefing may go out as it stands.

A published briefing may not carry text still to be written (TODO, TBC, the "…" that
`import` leaves where it cut): the build refuses it, at the line to fix. Dates in the
future or before 2000 are warnings: usually a slip of the keyboard.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from ..problems import Problem, Remedy
from .load import Location, Source
from .model import Briefing, reading_order
from .signoff import sign_off_problems

PLACEHOLDER = re.compile(r"\b(?:TODO|TBC|TBA|XXX|FIXME|lorem ipsum)\b|\.\.\.\s*$|…\s*$", re.MULTILINE)
EARLIEST_YEAR = 2000


def readiness(
    source: Source, briefing: Briefing, *, sign_off: bool = False, today: datetime.date | None = None
) -> list[Problem]:
    """Errors that stop a briefing being published as it stands (with `sign_off` required, a
    sign-off of its content as it stands among them), and warnings about its dates."""
    problems = list(_dates(source, briefing, today or datetime.date.today()))
    problems += sign_off_problems(source, briefing, required=sign_off)
    if briefing.status == "published":
        problems += [
            source.problem(loc, f"{_quoted(needle)} marks text still to be written, and this "
                "briefing is published", needle=needle, code="placeholder", remedy=Remedy("finish-or-draft"))
            for loc, needle in placeholders(briefing)
        ]  # fmt: skip
    return sorted(problems, key=lambda p: (p.line, p.column))


def placeholders(briefing: Briefing) -> Iterator[tuple[Location, str]]:
    """Where text is still to be written: the first placeholder in each piece of text."""
    for loc, text in _published_text(briefing):
        match = PLACEHOLDER.search(text)
        if match:
            yield loc, match.group(0).strip()


def _published_text(briefing: Briefing) -> list[tuple[Location, str]]:
    """Everything a reader of the page, handout or facilitator page meets, in reading order."""
    texts = reading_order(briefing)
    extra: list[tuple[Location, str | None]] = [
        (("audience",), briefing.audience),
        (("review", "title"), briefing.review.title),
    ]
    extra += [
        (("sections", index, "notes"), section.notes) for index, section in enumerate(briefing.sections)
    ]
    extra += [(("resources", index, "title"), item.title) for index, item in enumerate(briefing.resources)]
    extra += [(("changes", index, "note"), change.note) for index, change in enumerate(briefing.changes)]
    return texts + [(loc, text) for loc, text in extra if text]


def _dates(source: Source, briefing: Briefing, today: datetime.date) -> Iterator[Problem]:
    published = briefing.published
    if published.first_day > today:
        yield _date_warning(source, ("published",), f"`published` is {published.iso}, in the future")
    elif published.year < EARLIEST_YEAR:
        yield _date_warning(source, ("published",), f"`published` is {published.iso}, before {EARLIEST_YEAR}")
    days: list[tuple[Location, str, datetime.date | None]] = [
        (("updated",), "`updated`", briefing.updated),
        (("withdrawn_on",), "`withdrawn_on`", briefing.withdrawn_on),
    ]
    days += [
        (("changes", i, "date"), f"change {i + 1}'s date", c.date) for i, c in enumerate(briefing.changes)
    ]
    for loc, name, day in days:
        if day is None:
            continue
        if day > today:
            yield _date_warning(source, loc, f"{name} is {day.isoformat()}, in the future")
        elif day.year < EARLIEST_YEAR:
            yield _date_warning(source, loc, f"{name} is {day.isoformat()}, before {EARLIEST_YEAR}")
        elif day < published.first_day:
            yield _date_warning(
                source, loc, f"{name} is {day.isoformat()}, before the briefing was published"
            )


def _date_warning(source: Source, loc: Location, what: str) -> Problem:
    return source.problem(loc, f"{what}; check the date", severity="warning", code="date")


def _quoted(text: str) -> str:
    return f"“{text}”"
