"""Stage 1, read: a session record file checked against the schema, its faults in plain words.

The schema (`schema/session-record.schema.json`) is the contract with the facilitator page
and the only definition of the format: `jsonschema` checks a record against it, and this
module words what it finds for a trainer or a board officer, naming the field as the
record names it and saying what it should hold.
"""

from __future__ import annotations

import datetime
import importlib.resources
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import display_path

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

SCHEMA_FILE = "session-record.schema.json"
FORMAT = "seven-minute-session-record"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000  # a session record is a few kilobytes; a CSV of a year's returns, a few hundred
MAX_REASONS = 5  # a file with more faults is most likely not a record at all
TYPED = "csv"  # the kit_version of a record made from a CSV that does not name the kit's version

# What each field should hold, as a sentence ends: "session.date should be <this>".
SHOULD_HOLD = {
    "format": f"'{FORMAT}'",
    "record_id": "a unique id (a UUID), such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427",
    "kit_version": "the version of the kit that made the facilitator page",
    "exported_at": "a date and time with a time zone, such as 2025-01-31T14:05:00Z",
    "updated_at": "a date and time with a time zone, such as 2025-01-31T14:05:00Z",
    "briefing": "the briefing's slug, title and content_hash",
    "briefing.slug": "the briefing's file name without .yaml, in small letters and hyphens (family-a)",
    "briefing.title": "the briefing's title",
    "briefing.content_hash": "the hash the facilitator page gives, such as sha256:0123456789abcdef",
    "session.date": "a date written as YYYY-MM-DD",
    "session.team": "the team's name",
    "session.agency": "the service or agency's name",
    "session.attending": "a whole number from 0 to 1000",
    "session.attendees": "a list of people, each with a name",
    "session.actions": "a list of actions (it may be empty)",
    "action.what": "what was agreed",
    "action.by": "a date written as YYYY-MM-DD, or empty",
    "action.done": "true or false",
    "action.done_on": "a date written as YYYY-MM-DD, or empty",
    "attendee.name": "the person's name",
    "session.evaluation.usefulness": "a score from 1 to 5, or null when not asked",
    "session.evaluation.confidence_before": "a score from 1 to 5, or null when not asked",
    "session.evaluation.confidence_after": "a score from 1 to 5, or null when not asked",
    "session.evaluation.will_do_differently": "a list of things people will do differently, one entry each",
}
ITEM_NAMES = {"actions": "action", "attendees": "attendee"}
FieldNamer = Callable[[list], tuple[str, str]]
TYPE_WORDS = {"string": "text", "integer": "a whole number", "array": "a list", "object": "a set of fields"}


@dataclass(frozen=True)
class Refusal:
    """A file, or a row of one, that was not added, and why, for the person who sent it."""

    where: str
    reason: str
    session: int | None = None  # in a CSV file, the session's first row: the rest of the file is added

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class SessionRecord:
    """One checked record as exported, with the few facts the store needs read out of it."""

    data: dict
    where: str  # the file (and row) it came from, as the user named it

    @property
    def record_id(self) -> str:
        return self.data["record_id"].lower()

    @property
    def slug(self) -> str:
        return self.data["briefing"]["slug"]

    @property
    def session_date(self) -> datetime.date:
        return datetime.date.fromisoformat(self.data["session"]["date"])

    @property
    def changed_at(self) -> datetime.datetime | None:
        """When the session was last changed on the page: of two copies, the later replaces the
        earlier. None when the copy does not say: a CSV typed by hand or exported by an older page,
        whose exported_at is only when it was added. A JSON file without updated_at (another
        tool's) was last changed when it was exported, at the latest."""
        if self.data.get("updated_at"):
            return parse_time(self.data["updated_at"])
        if self.data.get("kit_version") == TYPED:
            return None
        return parse_time(self.data["exported_at"])


class RecordFault(Exception):
    """What is wrong with one record, as reasons worded for a person."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("; ".join(reasons))


def parse_time(text: str) -> datetime.datetime:
    """An ISO 8601 time with its zone, in UTC; ValueError when it has none."""
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    return moment.astimezone(datetime.UTC)


@cache
def schema() -> dict:
    """The session record's schema, as installed with the kit."""
    text = (importlib.resources.files("sevenminute.schema") / SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator() -> Draft202012Validator:
    # jsonschema is imported here, when a record is first checked, not by every command's start.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def check_record(data: object, where: str, name: FieldNamer | None = None) -> SessionRecord:
    """`data` as a SessionRecord, or RecordFault with every fault found (the first few).

    `name` names a field in the faults (by default as the record names it: "session.date").
    """
    if not isinstance(data, dict):
        raise RecordFault(["this file does not hold a session record (a record is one JSON object)"])
    if "format" not in data and {"schema_version", "record"} <= data.keys():
        raise RecordFault(
            [
                "this record was exported by an earlier facilitator page, before records had an id. "
                "Build the briefings again, open the new facilitator page and export the session again"
            ]
        )
    if data.get("format") != FORMAT:
        raise RecordFault([f"this file is not a session record: it does not say format: {FORMAT}"])
    version = data.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise RecordFault(
            [
                f"this record is format version {version}, newer than this kit reads "
                f"(version {FORMAT_VERSION}). Update the kit, then add it again"
            ]
        )
    errors = sorted(_validator().iter_errors(data), key=lambda error: list(map(str, error.absolute_path)))
    reasons = [_reason(error, name or field_name) for error in errors]
    if not reasons:
        for key in ("exported_at", "updated_at"):
            if key in data and not _is_time(data[key]):
                label, _ = (name or field_name)([key])
                reasons.append(f"{label} should be {SHOULD_HOLD[key]}; found {_shown(data[key])}")
    if reasons:
        unique = list(dict.fromkeys(reasons))
        more = len(unique) - MAX_REASONS
        raise RecordFault(unique[:MAX_REASONS] + ([f"and {more} more"] if more > 0 else []))
    return SessionRecord(data, where)


def _is_time(value: str) -> bool:
    try:
        parse_time(value)
    except ValueError:
        return False
    return True


def field_name(path: list) -> tuple[str, str]:
    """The field as a person reads it ("action 2, by") and its key in SHOULD_HOLD ("action.by")."""
    for index, part in enumerate(path):
        if isinstance(part, int):
            rest = [str(name) for name in path[index + 1 :]]
            item = ITEM_NAMES.get(path[index - 1])
            if item is not None:
                return f"{item} {part + 1}" + (f", {'.'.join(rest)}" if rest else ""), ".".join([item, *rest])
            head = ".".join(map(str, path[:index]))
            return f"{head}, entry {part + 1}", head
    dotted = ".".join(map(str, path))
    return dotted, dotted


def _reason(error: ValidationError, namer: FieldNamer) -> str:
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        label, key = namer([*path, error.message.split("'")[1]])
        owner = key.split(".")[0] if key.split(".")[0] in ITEM_NAMES.values() else "record"
        return f"{label} is missing; every {owner} needs it"
    label, key = namer(path)
    if kind == "additionalProperties":
        unknown = ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
        holder = f"{label} has" if label else "the record has"
        return f"{holder} a field the format does not know: {unknown} (check its spelling)"
    if key == "format_version":
        return f"format_version should be {FORMAT_VERSION}; found {_shown(error.instance)}"
    if kind == "minLength" and error.validator_value == 1:
        return f"{label} is empty; fill it in"
    should = SHOULD_HOLD.get(key)
    if should is None and kind == "type" and error.validator_value in TYPE_WORDS:
        should = TYPE_WORDS[error.validator_value]
    if should is None:  # a rule the wording does not know yet: the schema's own words
        return f"{label or 'the record'}: {error.message}"
    return f"{label} should be {should}; found {_shown(error.instance)}"


def _shown(value: object) -> str:
    """A value as the file gives it, shortened: '1/2/24', 12, null."""
    text = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        text = "'" + value + "'"
    return text if len(text) <= 60 else text[:57] + "…"


def named(path: Path) -> str:
    """A file as the person named it: found in a folder they gave, it is already relative to
    the current folder (and `display_path`, resolving links, costs more than checking it)."""
    return path.as_posix() if not path.is_absolute() else display_path(path)


def read_json_record(path: Path) -> SessionRecord:
    """The one record in a JSON file; RecordFault when it cannot be read or is not valid."""
    where = named(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise RecordFault(["this file is over 1 MB; a session record is a few kilobytes"])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordFault(["this file is not UTF-8 text; export the record again"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordFault(
            [
                f"this is not readable JSON: it goes wrong at line {error.lineno}, column {error.colno}, so "
                "it may have been cut short or edited. Export the record again"
            ]
        ) from None
    return check_record(data, where)
