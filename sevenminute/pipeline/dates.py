"""Dates as precise as the source gives them: a year, a month or a day; read, shown and sorted."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from babel.dates import format_date

ENGLISH = "en"  # the language the kit is written in

_WRITTEN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A year (2022), a month (2022-06) or a day (2022-06-01), never more precise than its source."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """From what YAML gives: 2023 (a number), "2023-01" (text) or 2023-01-15 (a date).

        Raises ValueError("partial_date") for anything else, or a month or day that does not exist."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, datetime.datetime):
            raise ValueError("partial_date")
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError("partial_date")
        found = _WRITTEN.match(str(value).strip())
        if not found:
            raise ValueError("partial_date")
        year, month, day = (int(part) if part else None for part in found.groups())
        try:
            datetime.date(year, month or 1, day or 1)
        except ValueError:
            raise ValueError("partial_date") from None
        return cls(year, month, day)

    @property
    def iso(self) -> str:
        """As written in a source and in HTML's `datetime`: 2022, 2022-06 or 2022-06-01."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    @property
    def text(self) -> str:
        """British style, as precise as the source: 2022, June 2022 or 1 June 2022."""
        return self.text_in(ENGLISH)

    def text_in(self, language: str) -> str:
        """As precise as the source, in `language`: 2022, June 2022, 1 June 2022; Mehefin 2022."""
        if self.month is None:
            return str(self.year)
        first = self.first_day
        return format_month(first, language) if self.day is None else format_day(first, language)

    @property
    def first_day(self) -> datetime.date:
        """The first day of the period, where a format needs a whole date (an Atom feed)."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        """The last day of the period: a date is "in the future" only when all of it is."""
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        if self.day is None:
            following = datetime.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return following - datetime.timedelta(days=1)
        return self.first_day

    def __str__(self) -> str:
        return self.iso


def format_day(day: datetime.date, language: str = ENGLISH) -> str:
    """A day as a handout prints it: "1 June 2022"; in Welsh, "4 Mawrth 2025" (Babel's names
    of the months, from CLDR)."""
    if language == ENGLISH:
        return f"{day.day} {day:%B %Y}"
    return format_date(day, "d MMMM y", locale=language)


def format_month(day: datetime.date, language: str = ENGLISH) -> str:
    """A month as a handout prints it: "June 2022", "Mehefin 2022"."""
    if language == ENGLISH:
        return f"{day:%B %Y}"
    return format_date(day, "LLLL y", locale=language)
