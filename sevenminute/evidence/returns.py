"""Stage 1, read (CSV): returns in the kit's column layout, each session turned into a record.

For sessions exported by the facilitator page as CSV, recorded on paper and typed into a
spreadsheet, or exported from an online form. One row per action; rows with the same
record_id are one session, and so are rows with no record_id but the same briefing, date
and team (their id is made from those three, so adding the same file again changes
nothing). Each session becomes the record the facilitator page would export and is checked
against the same schema; a fault is reported at its row and column, as the spreadsheet
shows them. The page's CSV carries every field of its JSON, so either file of a session
makes the same record; the columns added for that may be left out of a typed return.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .library import Library
from .records import (
    FORMAT,
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    TYPED,
    RecordFault,
    Refusal,
    SessionRecord,
    check_record,
    named,
)
from .records import field_name as schema_field_name

COLUMNS = (
    "record_id",
    "briefing_slug",
    "briefing_title",
    "content_hash",
    "date",
    "team",
    "agency",
    "facilitator",
    "attending",
    "reflections",
    "embedded",
    "usefulness",
    "confidence_before",
    "confidence_after",
    "will_do_differently",
    "action",
    "who",
    "by_when",
    "action_done",
)
# Every field of the record, in columns a typed return may leave out (and older pages did).
MORE_COLUMNS = (
    "attendees",
    "action_done_on",
    "briefing_partnership",
    "briefing_published",
    "kit_version",
    "exported_at",
    "updated_at",
)
LAYOUT = COLUMNS + MORE_COLUMNS
ACTION_COLUMNS = ("action", "who", "by_when", "action_done", "action_done_on")
KEPT_AS_WRITTEN = ("reflections", "embedded")  # free text: its spaces and line ends are the team's
SCORES = ("usefulness", "confidence_before", "confidence_after")
# The column a schema field comes from, for faults found by the schema.
COLUMN_OF = {
    "record_id": "record_id",
    "briefing.slug": "briefing_slug",
    "briefing.title": "briefing_title",
    "briefing.content_hash": "content_hash",
    "briefing.partnership": "briefing_partnership",
    "briefing.published": "briefing_published",
    **{name: name for name in ("kit_version", "exported_at", "updated_at")},
    "session.attendees": "attendees",
    "attendee.name": "attendees",
    "attendee.role": "attendees",
    **{f"session.{name}": name for name in ("date", "team", "agency", "facilitator", "attending")},
    **{f"session.{name}": name for name in ("reflections", "embedded")},
    **{f"session.evaluation.{name}": name for name in (*SCORES, "will_do_differently")},
    "action.what": "action",
    "action.who": "who",
    "action.by": "by_when",
    "action.done": "action_done",
    "action.done_on": "action_done_on",
}
# Sessions typed without a record_id get one made from their briefing, date and team.
CSV_NAMESPACE = uuid.UUID("5f3c9e1e-7b1a-4c55-9d0e-2f6a3b8c1d47")
# The quote the page puts before a cell a spreadsheet would run as a formula (and before text
# that already starts with quotes and then such a character, so that quote comes back too).
FORMULA_GUARD = re.compile(r"^'(?='*[=+\-@\t\r])")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
DONE = {"yes": True, "y": True, "done": True, "no": False, "n": False, "": False}


@dataclass
class _Session:
    """The rows of one session, by their row numbers in the spreadsheet (the header is row 1)."""

    first: dict[str, str]
    first_row: int
    actions: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def read_csv_records(path: Path, library: Library) -> tuple[list[SessionRecord], list[Refusal]]:
    """The sessions in a CSV return as records, and the sessions refused, each at its row."""
    where = named(path)
    rows, refusal = _rows(path)
    if refusal:
        return [], [Refusal(where, refusal)]
    sessions: dict[str, _Session] = {}
    for number, row in rows:
        key = row["record_id"].lower() or "|".join(row[name] for name in ("briefing_slug", "date", "team"))
        session = sessions.setdefault(key, _Session(row, number))
        if any(row[name] for name in ACTION_COLUMNS):
            session.actions.append((number, row))
    added_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    records, refused = [], []
    for session in sessions.values():
        try:
            records.append(_record(session, library, where, added_at))
        except RecordFault as fault:
            refused += [Refusal(where, reason, session.first_row) for reason in fault.reasons]
    return records, refused


def _rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], str | None]:
    """The file's rows as {column: cell}, numbered as a spreadsheet numbers them; or why not."""
    if path.stat().st_size > MAX_FILE_BYTES:
        return [], "this file is over 1 MB; split it into smaller files"
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], (
            "this file is not UTF-8 text. In Excel, save it with Save As and choose "
            "'CSV UTF-8 (Comma delimited)'"
        )
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return [], f"this is not a readable CSV file ({error})"
    if not table:
        return [], "this file is empty"
    header = [name.strip().lower() for name in table[0]]
    while header and header[-1] == "":  # spreadsheets add empty columns at the end
        header.pop()
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name for name in header if name not in LAYOUT]
    if missing or unknown:
        parts = [f"missing: {', '.join(missing)}"] if missing else []
        parts += [f"not expected: {', '.join(unknown) or 'an empty name'}"] if unknown else []
        return [], (
            f"row 1 should name the kit's columns ({'; '.join(parts)}). The columns are: {','.join(COLUMNS)}"
            f" (and, if you have them, {','.join(MORE_COLUMNS)})"
        )
    rows = []
    for number, cells in enumerate(table[1:], 2):
        if any(cell.strip() for cell in cells):
            cells += [""] * (len(header) - len(cells))
            row = {
                name: _cell(cell, name in KEPT_AS_WRITTEN) for name, cell in zip(header, cells, strict=False)
            }
            rows.append((number, {name: row.get(name, "") for name in LAYOUT}))
    return rows, None


def _cell(text: str, as_written: bool = False) -> str:
    return FORMULA_GUARD.sub("", text if as_written else text.strip())


def _record(session: _Session, library: Library, where: str, added_at: str) -> SessionRecord:
    """The record the facilitator page would have exported for this session, checked."""
    row, faults = session.first, []
    known = library.briefing(row["briefing_slug"])
    title, digest = row["briefing_title"], row["content_hash"]
    if known is not None:
        title, digest = title or known.title, digest or known.content_hash
    elif not digest and library.has(row["briefing_slug"]):
        faults.append(
            f"row {session.first_row}, content_hash is empty and the library's briefing "
            f"{row['briefing_slug']} has problems, so it cannot be worked out: fill it in, or fix the "
            f"briefing (python build.py check {row['briefing_slug']})"
        )
    elif not digest:
        faults.append(
            f"row {session.first_row}, content_hash is empty and the library has no briefing called "
            f"{row['briefing_slug'] or '(no briefing_slug)'} to take it from: copy it from the briefing's "
            "facilitator page export"
        )
    evaluation = {name: _score(row[name], session.first_row, name, faults) for name in SCORES}
    evaluation["will_do_differently"] = [line.strip() for line in row["will_do_differently"].splitlines()]
    evaluation["will_do_differently"] = [line for line in evaluation["will_do_differently"] if line]
    actions = []
    for number, action in session.actions:
        done = DONE.get(action["action_done"].lower())
        if done is None:
            found = action["action_done"]
            faults.append(f"row {number}, action_done should be yes, no or blank; found '{found}'")
        item = {
            "what": action["action"],
            "who": action["who"],
            "by": _date(action["by_when"]),
            "done": bool(done),
        }
        if action["action_done_on"]:
            item["done_on"] = _date(action["action_done_on"])
        actions.append(item)
    record_id = row["record_id"] or str(
        uuid.uuid5(CSV_NAMESPACE, "|".join(row[name] for name in ("briefing_slug", "date", "team")))
    )
    briefing = {"slug": row["briefing_slug"], "title": title, "content_hash": digest}
    briefing |= {
        key: row[f"briefing_{key}"] for key in ("partnership", "published") if row[f"briefing_{key}"]
    }
    # A return that does not say when it was exported (typed, or from an older page) is stamped
    # when added and marked as typed: that stamp is not when the session changed, so it never
    # makes this copy "later" (SessionRecord.changed_at).
    exported_at, kit = (
        (row["exported_at"], row["kit_version"] or TYPED) if row["exported_at"] else (added_at, TYPED)
    )
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "record_id": record_id,
        "kit_version": kit,
        "exported_at": exported_at,
        "briefing": briefing,
        "session": {
            "date": _date(row["date"]),
            "team": row["team"],
            "agency": row["agency"],
            "facilitator": row["facilitator"],
            "attending": int(row["attending"]) if row["attending"].isdigit() else row["attending"],
            "reflections": row["reflections"],
            "actions": actions,
            "embedded": row["embedded"],
            "evaluation": evaluation,
        },
    }
    if row["updated_at"]:
        data["updated_at"] = row["updated_at"]
    if row["attendees"]:
        data["session"]["attendees"] = _attendees(row["attendees"])
    namer = _column_namer(session.first_row, [number for number, _ in session.actions])
    try:
        record = check_record(data, f"{where}, row {session.first_row}", name=namer)
    except RecordFault as fault:
        raise RecordFault(faults + fault.reasons) from None
    if faults:
        raise RecordFault(faults)
    return record


def _column_namer(first_row: int, action_rows: list[int]):  # noqa: ANN202 (a naming function)
    """Names a schema field by the row and column it came from: "row 4, by_when"."""

    def name(path: list) -> tuple[str, str]:
        _, key = schema_field_name(path)
        row = first_row
        if len(path) > 2 and path[1] == "actions" and isinstance(path[2], int):
            row = action_rows[path[2]]
        column = COLUMN_OF.get(key)
        return (f"row {row}, {column}" if column else f"row {row}"), key

    return name


def _attendees(text: str) -> list[dict[str, str]]:
    """One person a line, as the facilitator page takes them: name, then the role after a comma."""
    people = []
    for line in text.splitlines():
        name, comma, role = line.strip().partition(",")
        if line.strip():
            people.append({"name": name.strip(), **({"role": role.strip()} if comma else {})})
    return people


def _score(text: str, row: int, column: str, faults: list[str]) -> int | None:
    if text == "":
        return None
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    faults.append(f"row {row}, {column} should be a whole number from 1 to 5, or blank; found '{text}'")
    return None


def _date(text: str) -> str:
    """A date as YYYY-MM-DD; a UK spreadsheet's 31/01/2025 is read as the day it means."""
    found = UK_DATE.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            return text  # the schema says what is wrong with it
    return text
