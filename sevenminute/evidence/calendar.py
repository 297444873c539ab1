"""Stage 4, remind: the follow-up calendar (iCalendar, RFC 5545) a team lead adds to theirs.

One all-day event for each action not yet done, on the day it is due, and one for each
session three months after it, when the kit suggests the team looks again at what it
agreed. Each event's UID is made from its record's id, so importing a newer calendar
updates the events rather than doubling them.
"""

from __future__ import annotations

import calendar as months
import datetime
from collections.abc import Iterable

from .. import __version__
from .store import StoredAction, StoredSession

FOLLOW_UP_MONTHS = 3
UID_DOMAIN = "seven-minute-briefing-kit"
FOLD_AT = 75  # octets, the line break included in none of them


def months_after(day: datetime.date, count: int) -> datetime.date:
    """The same day `count` months on; the month's last day when it is shorter (30 Nov → 28 Feb)."""
    month = day.month - 1 + count
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, months.monthrange(year, month)[1]))


def follow_up_day(session: StoredSession) -> datetime.date:
    return months_after(session.date, FOLLOW_UP_MONTHS)


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded so no line is over 75 octets, never inside a UTF-8 character."""
    pieces, current, size = [], "", 0
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > FOLD_AT:
            pieces.append(current)
            current, size = " ", 1  # a continuation line starts with one space
        current += character
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def _event(uid: str, day: datetime.date, summary: str, description: str, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def action_summary(action: StoredAction) -> str:
    return f"Action due: {action.what}" + (f" ({action.who})" if action.who else "")


def follow_up_calendar(sessions: Iterable[StoredSession], now: datetime.datetime) -> tuple[str, int, int]:
    """The calendar's text, and how many action and follow-up events it holds."""
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Seven-minute briefing kit//{__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Seven-minute briefing follow-ups",
    ]
    actions = follow_ups = 0
    for session in sessions:
        held = (
            f"the {session.title} session with {session.team} ({session.agency}) on {session.date:%d %B %Y}"
        )
        for action in session.actions:
            if action.done or action.due is None:
                continue
            who = f" Who: {action.who}." if action.who else ""
            lines += _event(
                f"{session.record_id}-action-{action.position}@{UID_DOMAIN}",
                action.due,
                action_summary(action),
                f"Agreed at {held}.{who}",
                stamp,
            )
            actions += 1
        agreed = [action.what for action in session.actions]
        lines += _event(
            f"{session.record_id}-follow-up@{UID_DOMAIN}",
            follow_up_day(session),
            f"Three-month follow-up: {session.title} with {session.team}",
            f"Look again at what was agreed at {held}: is the learning embedded?"
            + ("\nActions agreed:\n" + "\n".join(f"- {what}" for what in agreed) if agreed else ""),
            stamp,
        )
        follow_ups += 1
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines), actions, follow_ups
