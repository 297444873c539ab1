"""Stage 3, count: the figures for a period, read from the store, for the board's report.

Every figure is defined once here, as the report's "How these figures are counted" says:

- a session is in the period when it was held in it (its session date);
- people reached: the number attending, added up; teams: different team names within an
  agency; agencies: different agency names (letter case and spaces aside);
- actions are those agreed at the period's sessions. Due: not done, with a date from the
  "as of" day to 30 days after it; overdue: not done, with a date before the "as of" day.
  The "as of" day is the period's last day when that is in the past, else today;
- change in confidence: the mean "after" minus the mean "before", over the sessions that
  gave both; usefulness: the mean over the sessions that gave it;
- a session counts under each of its briefing's themes, so themes add up to more than
  the total. A briefing the library does not have counts under "Not in the library".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .library import Library
from .store import StoredSession

DUE_WITHIN_DAYS = 30
REFLECTIONS_SHOWN = 10
# The report names the longest overdue actions, not every one: a board reads a page, not 700 of
# them. `evidence actions` lists them all, for whoever chases them.
OVERDUE_SHOWN = 25
NOT_IN_LIBRARY = "Not in the library"
NO_THEME = "No theme found"


@dataclass(frozen=True)
class Figures:
    """The figures for one group of sessions: a briefing, a theme, or all of them."""

    label: str
    sessions: int
    people: int
    teams: int
    agencies: int
    agreed: int
    done: int
    due: int
    overdue: int
    confidence_before: float | None
    confidence_after: float | None
    confidence_n: int
    usefulness: float | None
    usefulness_n: int
    note: str = ""

    @property
    def confidence_change(self) -> float | None:
        if self.confidence_before is None or self.confidence_after is None:
            return None
        return self.confidence_after - self.confidence_before


@dataclass(frozen=True)
class Reflection:
    text: str
    title: str
    team: str
    date: datetime.date


@dataclass(frozen=True)
class OverdueAction:
    """An action not done by its date, named for the board: what, who, by when, where agreed."""

    what: str
    who: str
    due: datetime.date
    team: str
    agency: str
    title: str  # the briefing's
    held: datetime.date  # the session's date


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    as_of: datetime.date


@dataclass(frozen=True)
class EvidenceFigures:
    period: Period
    total: Figures
    briefings: list[Figures]
    themes: list[Figures]
    reflections: list[Reflection]
    overdue: list[OverdueAction]  # every one counted in total.overdue, the longest overdue first


def as_of_day(end: datetime.date | None, today: datetime.date) -> datetime.date:
    """The day due and overdue are counted from: the period's end when it is past, else today."""
    return min(end, today) if end is not None else today


def is_due(due: datetime.date | None, as_of: datetime.date, within: int = DUE_WITHIN_DAYS) -> bool:
    return due is not None and as_of <= due <= as_of + datetime.timedelta(days=within)


def is_overdue(due: datetime.date | None, as_of: datetime.date) -> bool:
    return due is not None and due < as_of


def count(label: str, sessions: list[StoredSession], as_of: datetime.date, note: str = "") -> Figures:
    """The figures for `sessions`, with due and overdue counted as on `as_of`."""
    actions = [action for session in sessions for action in session.actions]
    open_dates = [action.due for action in actions if not action.done]
    both = [s for s in sessions if s.confidence_before is not None and s.confidence_after is not None]
    rated = [s.usefulness for s in sessions if s.usefulness is not None]
    return Figures(
        label=label,
        sessions=len(sessions),
        people=sum(session.attending for session in sessions),
        teams=len({(_plain(s.agency), _plain(s.team)) for s in sessions}),
        agencies=len({_plain(s.agency) for s in sessions}),
        agreed=len(actions),
        done=sum(action.done for action in actions),
        due=sum(is_due(due, as_of) for due in open_dates),
        overdue=sum(is_overdue(due, as_of) for due in open_dates),
        confidence_before=_mean(s.confidence_before for s in both),
        confidence_after=_mean(s.confidence_after for s in both),
        confidence_n=len(both),
        usefulness=_mean(rated),
        usefulness_n=len(rated),
        note=note,
    )


def gather(
    sessions: list[StoredSession],
    library: Library,
    start: datetime.date | None,
    end: datetime.date | None,
    today: datetime.date,
) -> EvidenceFigures:
    """The report's figures for `sessions` (those held in the period), by briefing and by theme.

    `start` and `end` are the period asked for; when open, the first and last session's dates."""
    as_of = as_of_day(end, today)
    dates = [session.date for session in sessions] or [today]
    period = Period(start or min(dates), end or max(dates), as_of)
    by_briefing: dict[str, list[StoredSession]] = {}
    for session in sessions:
        by_briefing.setdefault(session.slug, []).append(session)
    briefings, by_theme = [], {}
    for slug, held in by_briefing.items():
        known = library.briefing(slug)
        in_library = library.has(slug)
        title = known.title if known else held[-1].title
        briefings.append(count(title, held, as_of, note="" if in_library else NOT_IN_LIBRARY))
        themes = [theme.name for theme in known.themes] if known else []
        for theme in themes or [NO_THEME if in_library else NOT_IN_LIBRARY]:
            by_theme.setdefault(theme, []).extend(held)
    themes = [count(name, held, as_of) for name, held in by_theme.items()]
    last = {NO_THEME: 1, NOT_IN_LIBRARY: 2}
    return EvidenceFigures(
        period=period,
        total=count("All briefings", sessions, as_of),
        briefings=sorted(briefings, key=lambda row: (-row.sessions, row.label)),
        themes=sorted(themes, key=lambda row: (last.get(row.label, 0), -row.sessions, row.label)),
        reflections=recent_reflections(sessions, library),
        overdue=overdue_actions(sessions, library, as_of),
    )


def overdue_actions(
    sessions: list[StoredSession], library: Library, as_of: datetime.date
) -> list[OverdueAction]:
    """The actions counted as overdue on `as_of`, each with its team, who, by when and briefing."""
    found = []
    for session in sessions:
        known = library.briefing(session.slug)
        title = known.title if known else session.title
        for action in session.actions:
            if not action.done and action.due is not None and is_overdue(action.due, as_of):
                found.append(
                    OverdueAction(
                        action.what, action.who, action.due, session.team, session.agency, title, session.date
                    )
                )
    return sorted(found, key=lambda item: (item.due, item.title, item.team, item.what))


def recent_reflections(sessions: list[StoredSession], library: Library) -> list[Reflection]:
    """The most recent reflections written down, each with its briefing, team and date."""
    written = [session for session in sessions if session.reflections.strip()]
    written.sort(key=lambda session: (session.date, session.record_id), reverse=True)
    reflections = []
    for session in written[:REFLECTIONS_SHOWN]:
        known = library.briefing(session.slug)
        title = known.title if known else session.title
        reflections.append(Reflection(session.reflections.strip(), title, session.team, session.date))
    return reflections


def _plain(name: str) -> str:
    return " ".join(name.casefold().split())


def _mean(values: Iterable[int | None]) -> float | None:
    numbers = [value for value in values if value is not None]
    return sum(numbers) / len(numbers) if numbers else None
