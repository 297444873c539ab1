"""Stage 2, store: the partnership's session records, in its database (sevenminute.database):
an SQLite file in the project by default, or PostgreSQL when the partnership names one.

Each record is added in a transaction of its own, so a stop at any moment (a closed
laptop, a killed process) keeps every record already added, whole, and no part of the
one being added. The tables change by the database's migrations; a database made by a newer
kit is refused rather than misread.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from .. import database
from ..files import replacing
from ..pipeline.settings import load_settings
from ..problems import BriefingError
from .records import SessionRecord

DATABASE = Path("evidence") / "evidence.sqlite"
ADD_HELP = "python build.py evidence add FOLDER"
CHAIN = "evidence"
_RECORD_COLUMNS = (
    "record_id, briefing_slug, briefing_title, content_hash, session_date, team, agency, facilitator, "
    "attending, reflections, usefulness, confidence_before, confidence_after, changed_at, added_at, "
    "source, record_json"
)
_ACTION_COLUMNS = "record_id, position, what, who, due, done, done_on"


def address(project: Path = Path(".")) -> str:
    """Where `project` keeps its evidence: SEVENMINUTE_DATABASE_URL, else partnership.yaml's
    database_url, else evidence/evidence.sqlite in the project."""
    return database.address(project / DATABASE, lambda: load_settings(project)[0].database_url)


def _insert(columns: str, table: str) -> sa.TextClause:
    names = [name.strip() for name in columns.split(",")]
    return sa.text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + name for name in names)})")


_INSERT_RECORD = _insert(_RECORD_COLUMNS, "records")
_INSERT_ACTION = _insert(_ACTION_COLUMNS, "actions")


@dataclass(frozen=True)
class StoredAction:
    position: int
    what: str
    who: str
    due: datetime.date | None
    done: bool
    done_on: datetime.date | None


@dataclass(frozen=True)
class StoredSession:
    """A session as the report and the calendar read it."""

    record_id: str
    slug: str
    title: str
    date: datetime.date
    team: str
    agency: str
    attending: int
    reflections: str
    usefulness: int | None
    confidence_before: int | None
    confidence_after: int | None
    actions: tuple[StoredAction, ...]


class EvidenceStore:
    """The database, open. Use with `with`, or call `close`. `where` is the SQLite file, or a
    database URL (sevenminute.database.address)."""

    def __init__(self, where: Path | str, *, create: bool = False):
        self.where = str(where)
        if not create and not database.exists(self.where, CHAIN):
            raise BriefingError(
                f"There is no evidence database at {database.describe(self.where)} yet. Add session "
                f"records first: {ADD_HELP}"
            )
        database.ready(self.where, CHAIN)

    def __enter__(self) -> EvidenceStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing is held open between uses; kept for `with` and for callers that close."""

    def _writing(self):  # noqa: ANN202 (a context manager)
        return database.writing(self.where, CHAIN, "records", "actions")

    def add(self, record: SessionRecord) -> str:
        """Add or replace one record, in one transaction. Says what happened: "added", "updated",
        "already" (the same record is there, from either format), "older" (a later copy is
        there), "same-time" (a different copy changed at the same moment is there, and kept) or
        "undated" (this copy does not say when the session was last changed, and the one there
        does: it is kept), "filled-in" (the reverse: this copy replaces it) or "retyped" (neither
        says: this copy, added last, replaces the other, as a typed return corrected would).

        Later means changed later on the facilitator page, never added or exported later."""
        with self._writing() as db:
            text = db.execute(
                sa.text("SELECT record_json FROM records WHERE record_id = :id"), {"id": record.record_id}
            ).scalar()
            if text is None:
                _write(db, record)
                return "added"
            there = SessionRecord(json.loads(text), "")
            if _essence(there.data) == _essence(record.data):
                return "already"
            # Read from the record, not the changed_at column: records typed in a CSV used to be
            # stamped there with the time they were added.
            stored, changed = there.changed_at, record.changed_at
            if changed is None and stored is not None:
                return "undated"
            if changed is not None and stored is not None and changed < stored:
                return "older"
            if changed is not None and changed == stored:
                return "same-time"
            outcome = "updated" if stored is not None else "filled-in" if changed is not None else "retyped"
            _delete(db, record.record_id)
            _write(db, record)
            return outcome

    def remove(self, record_id: str) -> bool:
        """Take one record out of the figures (the hub keeps it, and why, in its own log)."""
        with self._writing() as db:
            return _delete(db, record_id)

    def count(self) -> int:
        return database.count(self.where, CHAIN, "records")

    def sessions(
        self, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> list[StoredSession]:
        """The sessions held from `start` to `end` (both included; open when None), oldest first."""
        where = "WHERE session_date BETWEEN :start AND :end"
        bounds = {
            "start": (start or datetime.date.min).isoformat(),
            "end": (end or datetime.date.max).isoformat(),
        }
        actions: dict[str, list[StoredAction]] = {}
        with database.reading(self.where, CHAIN) as db:
            for row in db.execute(
                sa.text(
                    "SELECT a.record_id, a.position, a.what, a.who, a.due, a.done, a.done_on FROM actions a "
                    f"JOIN records r ON r.record_id = a.record_id {where} ORDER BY a.record_id, a.position"
                ),
                bounds,
            ):
                due, done_on = (datetime.date.fromisoformat(day) if day else None for day in (row[4], row[6]))
                actions.setdefault(row[0], []).append(
                    StoredAction(row[1], row[2], row[3], due, bool(row[5]), done_on)
                )
            rows = db.execute(
                sa.text(
                    "SELECT record_id, briefing_slug, briefing_title, session_date, team, agency, attending, "
                    f"reflections, usefulness, confidence_before, confidence_after FROM records {where} "
                    "ORDER BY session_date, team, record_id"
                ),
                bounds,
            ).all()
        return [
            StoredSession(
                row[0],
                row[1],
                row[2],
                datetime.date.fromisoformat(row[3]),
                *row[4:11],
                actions=tuple(actions.get(row[0], ())),
            )  # fmt: skip
            for row in rows
        ]

    def backup(self, target: Path) -> None:
        """A consistent copy of the whole database at `target`, an SQLite file, written whole or
        not at all. From SQLite, SQLite's own backup; from a server's database, its rows copied
        in one snapshot into a new file, which `--db` reads as it is."""
        with replacing(target) as partial:
            if database.is_url(self.where):
                database.copy(self.where, partial, CHAIN)
                database.let_go(partial)  # closed, its log written into it, before it is renamed
                return
            source = database.engine(self.where).raw_connection()
            copy = sqlite3.connect(partial)
            try:
                source.driver_connection.backup(copy)
            finally:
                copy.close()
                source.close()


def _write(db: sa.Connection, record: SessionRecord) -> None:
    data, session = record.data, record.data["session"]
    evaluation = session.get("evaluation", {})
    db.execute(
        _INSERT_RECORD,
        {
            "record_id": record.record_id,
            "briefing_slug": record.slug,
            "briefing_title": data["briefing"]["title"],
            "content_hash": data["briefing"]["content_hash"],
            "session_date": session["date"],
            "team": session["team"].strip(),
            "agency": session["agency"].strip(),
            "facilitator": session.get("facilitator", ""),
            "attending": session["attending"],
            "reflections": session.get("reflections", ""),
            "usefulness": evaluation.get("usefulness"),
            "confidence_before": evaluation.get("confidence_before"),
            "confidence_after": evaluation.get("confidence_after"),
            "changed_at": record.changed_at.isoformat() if record.changed_at else "",  # empty: not said
            "added_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "source": record.where,
            "record_json": json.dumps(data, ensure_ascii=False, sort_keys=True),
        },
    )
    actions = [
        {
            "record_id": record.record_id,
            "position": position,
            "what": action["what"],
            "who": action.get("who", ""),
            "due": action.get("by") or None,
            "done": int(action.get("done", False)),
            "done_on": action.get("done_on") or None,
        }
        for position, action in enumerate(session["actions"], 1)
    ]
    if actions:
        db.execute(_INSERT_ACTION, actions)


def _delete(db: sa.Connection, record_id: str) -> bool:
    db.execute(sa.text("DELETE FROM actions WHERE record_id = :id"), {"id": record_id})
    gone = db.execute(sa.text("DELETE FROM records WHERE record_id = :id"), {"id": record_id})
    return gone.rowcount > 0


def _essence(data: dict) -> dict:
    """What a record says, leaving out when and by what it was exported, and what does not
    change its meaning: spaces around text, and a field left empty or left out."""
    said = {
        key: value for key, value in data.items() if key not in ("exported_at", "updated_at", "kit_version")
    }
    return _plain(said)


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if not _empty(item)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.strip() if isinstance(value, str) else value


def _empty(value: object) -> bool:
    """Left empty: "", null, false (an action not done), [] or {}. Not 0 (no one attending)."""
    return value is None or value is False or (isinstance(value, str | list | dict) and not _plain(value))
