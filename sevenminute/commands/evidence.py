"""`evidence`: session records into the partnership's database, and out as the board's report.

evidence add      records exported by facilitator pages (JSON) or typed up (CSV)
evidence report   the board's report for a period: a web page and a PDF
evidence actions  actions due and overdue, and a follow-up calendar
evidence backup   a safe copy of the database
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from pathlib import Path

import click
import sqlalchemy

from .. import database
from ..evidence.calendar import action_summary, follow_up_calendar
from ..evidence.figures import DUE_WITHIN_DAYS, gather, is_due, is_overdue
from ..evidence.intake import read_records, record_files
from ..evidence.library import Library
from ..evidence.records import Refusal
from ..evidence.report import short_day, write_report
from ..evidence.store import EvidenceStore, address
from ..pipeline.settings import SETTINGS_FILE, load_settings
from ..problems import BriefingError, display_path
from ..site.output import write_atomic
from .common import BRIEFINGS, Day, echo_problems, plural, stop

SAID_OF_EACH = 20  # lines of one kind ("already in the database") before the rest are counted


class Days(click.ParamType):
    """A number of days: 30d, 30, 4w (weeks)."""

    name = "DAYS"

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 (click's own signature)
        if isinstance(value, int):
            return value
        found = re.fullmatch(r"\s*(\d{1,4})\s*(d|days?|w|weeks?)?\s*", str(value).lower())
        if not found:
            self.fail(
                f"{value!r} should be a number of days, such as 30d, or of weeks, such as 4w", param, ctx
            )
        return int(found.group(1)) * (7 if (found.group(2) or "d").startswith("w") else 1)


db_option = click.option(
    "--db",
    "db",
    default=None,
    metavar="FILE_OR_URL",
    help="The evidence database: an SQLite file, or a PostgreSQL address (default: "
    "partnership.yaml's database_url, else evidence/evidence.sqlite).",
)
today_option = click.option("--today", type=Day(), default=None, hidden=True)  # for tests: a fixed "today"


@click.group()
def evidence() -> None:
    """Evidence of learning: session records in, the board's report out.

    Team leads export a record of each session from the facilitator page (Export JSON), or
    type paper returns into a CSV file in the kit's columns; `add` puts them in the
    partnership's database (evidence/evidence.sqlite), `report` writes the board's report,
    `actions` lists what is due and writes a follow-up calendar, `backup` copies the database.

    \b
    Examples:
      python build.py evidence add records/
      python build.py evidence report --from 2025-01-01 --to 2025-03-31
      python build.py evidence actions --due-within 30d
      python build.py evidence backup backups/
    """


@evidence.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILES_OR_FOLDERS..."
)
@db_option
def add(paths: tuple[Path, ...], db: str | None) -> None:
    """Add session records to the database: JSON files exported by the facilitator page, or
    CSV files in the kit's column layout (see the README). Folders are searched for both.

    A file with a mistake is named, with the reason, and the others are still added. Adding
    the same session again, as JSON or CSV, changes nothing; a copy changed later on the
    facilitator page (after a follow-up, say) replaces the earlier one.

    \b
    Examples:
      python build.py evidence add records/
      python build.py evidence add ~/Downloads/seven-minute-record-family-a-2025-01-14.json
      python build.py evidence add returns-march.csv
    """
    db = db or address()
    files, refused = record_files(paths)
    for refusal in refused:
        click.echo(str(refusal), err=True)
    library = Library(BRIEFINGS)
    outcomes: Counter[str] = Counter()
    tally = _Tally()
    try:
        with EvidenceStore(db, create=True) as store:
            for file in files:
                records, refusals = read_records(file, library)
                refused += refusals
                for refusal in refusals:
                    click.echo(str(refusal), err=True)
                for record in records:
                    outcome = store.add(record)
                    outcomes[outcome] += 1
                    tally.count(file, record.record_id, outcome, len(records))
                    _say(record.where, outcome, outcomes[outcome])
                    if outcome in ADDING and not library.has(record.slug):
                        outcomes["unknown"] += 1
                        _say(record.where, "unknown", outcomes["unknown"], record.slug)
    except sqlalchemy.exc.OperationalError as error:  # the disk is full, another program holds it
        click.echo(
            f"Could not write to {database.describe(db)} ({database.first_line(error)}). The records "
            "added before this are kept; add the same files again once it is fixed.",
            err=True,
        )
        stop()
    for outcome, count in outcomes.items():
        if count > SAID_OF_EACH and outcome in SAID:
            click.echo(f"... and {count - SAID_OF_EACH} more {SAID[outcome].format(slug='…')}")
    click.echo(tally.summary(refused) + (f" The database is {database.describe(db)}." if outcomes else ""))
    if refused:
        stop()


SAID = {
    "already": "already in the database",
    "updated": (
        "updated: this copy was changed later on the facilitator page, and replaces the one in the database"
    ),
    "filled-in": (
        "updated: the copy in the database did not say when the session was last changed and this one "
        "does, so it replaces it"
    ),
    "retyped": (
        "updated: neither copy says when the session was last changed, so this one, added last, replaces it"
    ),
    "older": "ignored: the database has a copy changed later on the facilitator page",
    "same-time": "ignored: the database has a different copy changed at the same moment; it is kept",
    "undated": (
        "ignored: this copy does not say when the session was last changed (it was typed, or exported by "
        "an older facilitator page), and the one in the database does"
    ),
    "unknown": "kept; the library has no briefing called {slug}",
}
ADDING = ("added", "updated", "filled-in", "retyped")  # the record added is the one in the file


class _Tally:
    """What adding did, counted in sessions: new, updated, and files that were copies."""

    def __init__(self) -> None:
        self.added: set[str] = set()
        self.updated: set[str] = set()
        self.copies: Counter[Path] = Counter()  # copies of sessions already added, by file
        self.single: dict[Path, bool] = {}  # whether the file held one session

    def count(self, file: Path, record_id: str, outcome: str, in_file: int) -> None:
        if outcome == "added":
            self.added.add(record_id)
        elif outcome in ADDING and record_id not in self.added | self.updated:
            self.updated.add(record_id)
        else:  # the same, an older copy, or a later copy of a session this run added
            self.copies[file] += 1
            self.single[file] = in_file == 1

    def summary(self, refused: list[Refusal]) -> str:
        """ "3 sessions added; 2 files were copies of sessions already added; refused 1 file." """
        parts = [f"{plural(len(self.added), 'session')} added" if self.added else "No sessions added"]
        if self.updated:
            parts.append(f"{plural(len(self.updated), 'session')} updated with a later copy")
        copies = sum(self.copies.values())
        if copies and all(self.single.values()):  # each copy a file of its own
            parts.append(
                "1 file was a copy of a session already added"
                if copies == 1
                else f"{copies} files were copies of sessions already added"
            )
        elif copies:
            parts.append(
                f"{plural(copies, 'session')} in {plural(len(self.copies), 'file')} "
                f"{'was a copy' if copies == 1 else 'were copies'} of sessions already added"
            )
        whole = {refusal.where for refusal in refused if refusal.session is None}
        sessions = {(refusal.where, refusal.session) for refusal in refused if refusal.session is not None}
        if whole or sessions:
            said = [plural(len(whole), "file")] if whole else []
            if sessions:
                said.append(
                    f"{plural(len(sessions), 'session')} in {', '.join(sorted({w for w, _ in sessions}))}"
                )
            parts.append(f"refused {' and '.join(said)}")
        return "; ".join(parts) + "."


def _say(where: str, outcome: str, count: int, slug: str = "") -> None:
    if outcome in SAID and count <= SAID_OF_EACH:
        click.echo(f"{where}: {SAID[outcome].format(slug=slug)}")


@evidence.command()
@click.option(
    "--from", "start", type=Day(), default=None, help="The period's first day (default: the first session's)."
)
@click.option(
    "--to", "end", type=Day(), default=None, help="The period's last day (default: the last session's)."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("evidence") / "report",
    show_default=True,
    help="Folder to write index.html and report.pdf into.",
)
@db_option
@today_option
def report(
    start: datetime.date | None,
    end: datetime.date | None,
    out: Path,
    db: str | None,
    today: datetime.date | None,
) -> None:
    """Write the board's report: sessions held, people reached, actions and their progress,
    confidence and usefulness, by briefing and by theme, and recent reflections.

    Writes a web page (index.html) and a PDF (report.pdf) from the sessions held in the
    period. Actions due and overdue are counted as on the period's last day when that is
    past, else as on today.

    \b
    Examples:
      python build.py evidence report
      python build.py evidence report --from 2025-01-01 --to 2025-03-31
      python build.py evidence report --from 2025-04-01 --out board-june
    """
    if start and end and start > end:
        raise click.UsageError(f"--from ({start}) is after --to ({end}); swap them.")
    try:
        settings, _ = load_settings()
    except BriefingError as error:
        echo_problems(error.problems)
        click.echo(f"No report written: fix {SETTINGS_FILE} first.", err=True)
        stop()
    db = db or address()
    with EvidenceStore(db) as store:
        sessions = store.sessions(start, end)
    today = today or datetime.date.today()
    figures = gather(sessions, Library(BRIEFINGS), start, end, today)
    page, pdf = write_report(figures, settings, out, database.source_line(db), today)
    total, period = figures.total, figures.period
    click.echo(
        f"Wrote {display_path(page)} and {display_path(pdf)}: {plural(total.sessions, 'session')}, "
        f"{total.people} {'person' if total.people == 1 else 'people'}, "
        f"{plural(len(figures.briefings), 'briefing')}, {short_day(period.start)} to {short_day(period.end)}."
    )


@evidence.command()
@click.option(
    "--due-within",
    "within",
    type=Days(),
    default=DUE_WITHIN_DAYS,
    show_default="30d",
    help="List actions due within this many days (30d, 4w), as well as those overdue.",
)
@click.option(
    "--ics",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("evidence") / "follow-ups.ics",
    show_default=True,
    help="Where to write the follow-up calendar.",
)
@db_option
@today_option
def actions(within: int, ics: Path, db: str | None, today: datetime.date | None) -> None:
    """List the actions not yet done that are overdue or due soon, overdue first, and write a
    follow-up calendar to add to Outlook, Google or Apple Calendar.

    The calendar has an all-day event on each open action's due date, and one three months
    after each session: a reminder to look again at what the team agreed.

    \b
    Examples:
      python build.py evidence actions
      python build.py evidence actions --due-within 2w --ics ~/follow-ups.ics
    """
    today = today or datetime.date.today()
    with EvidenceStore(db or address()) as store:
        sessions = store.sessions()
    overdue, due = [], []
    for session in sessions:
        for action in session.actions:
            if action.done:
                continue
            if is_overdue(action.due, today):
                overdue.append((action.due, session, action))
            elif is_due(action.due, today, within):
                due.append((action.due, session, action))
    for heading, found in ((f"Overdue on {short_day(today)}", overdue), (f"Due within {within} days", due)):
        click.echo(f"{heading}: {len(found)}")
        for day, session, action in sorted(found, key=lambda item: (item[0], item[1].title, item[2].what)):
            what = " ".join(action_summary(action).removeprefix("Action due: ").split())  # on one line
            click.echo(
                f"  {short_day(day)}  {what}"
                f"  [{session.title}, {session.team}, session of {short_day(session.date)}]"
            )
    text, action_events, follow_ups = follow_up_calendar(sessions, datetime.datetime.now(datetime.UTC))
    write_atomic(ics, text)
    click.echo(
        f"Wrote {display_path(ics)}: {plural(action_events, 'action')} and "
        f"{plural(follow_ups, 'three-month follow-up')}, to add to a calendar."
    )


@evidence.command()
@click.argument("target", type=click.Path(path_type=Path), metavar="PATH")
@db_option
def backup(target: Path, db: str | None) -> None:
    """Copy the database safely, even while records are being added.

    PATH is a file, or a folder to put evidence-YYYY-MM-DD.sqlite in. An existing file is
    never overwritten.

    \b
    Examples:
      python build.py evidence backup backups/
      python build.py evidence backup /mnt/shared/evidence-before-march.sqlite
    """
    if target.is_dir():
        target = target / f"evidence-{datetime.date.today().isoformat()}.sqlite"
    if target.exists():
        click.echo(
            f"{display_path(target)} already exists; name another file, or move that one first.", err=True
        )
        stop()
    db = db or address()
    with EvidenceStore(db) as store:
        target.parent.mkdir(parents=True, exist_ok=True)
        store.backup(target)
        count = store.count()
    click.echo(f"Backed up {plural(count, 'record')} from {database.describe(db)} to {display_path(target)}.")
