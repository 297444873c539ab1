"""Stage 2, store: the partnership's session records in one SQLite file.

Each record is added in a transaction of its own, so a stop at any moment (a closed
laptop, a killed process) keeps every record already added, whole, and no part of the
one being added. The journal is a write-ahead log with `synchronous=NORMAL`: a crash of the
kit loses nothing committed, and a power cut can at worst undo the last few records
added, never damage the file; those come back by adding the same files again, which is
safe. `FULL` would wait for the disk after every record and make adding thousands slow.

The tables change by numbered migrations (`PRAGMA user_version`); a database made by a
newer kit is refused rather than misread.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..files import replacing
from ..problems import BriefingError, display_path
from .records import SessionRecord

DATABASE = Path("evidence") / "evidence.sqlite"
ADD_HELP = "python build.py evidence add FOLDER"


def _create_tables(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE records (
            record_id TEXT PRIMARY KEY,
            briefing_slug TEXT NOT NULL,
            briefing_title TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            session_date TEXT NOT NULL,           -- YYYY-MM-DD
            team TEXT NOT NULL,
            agency TEXT NOT NULL,
            facilitator TEXT NOT NULL,
            attending INTEGER NOT NULL,
            reflections TEXT NOT NULL,
            usefulness INTEGER,                   -- 1 to 5, or NULL when not asked
            confidence_before INTEGER,
            confidence_after INTEGER,
            changed_at TEXT NOT NULL,             -- UTC; of two copies the later is kept
            added_at TEXT NOT NULL,
            source TEXT NOT NULL,                 -- the file it was added from
            record_json TEXT NOT NULL             -- the record exactly as exported
        )"""
    )
    db.execute("CREATE INDEX records_by_date ON records (session_date)")
    db.execute(
        """CREATE TABLE actions (
            record_id TEXT NOT NULL REFERENCES records (record_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,            -- 1, 2, ... in the record's order
            what TEXT NOT NULL,
            who TEXT NOT NULL,
            due TEXT,                             -- YYYY-MM-DD, or NULL when no date was set
            done INTEGER NOT NULL,
            done_on TEXT,
            PRIMARY KEY (record_id, position)
        )"""
    )
    db.execute("CREATE INDEX actions_open ON actions (done, due)")


# Migration n (counted from 1) takes a database from user_version n - 1 to n. Append only.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_create_tables]


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
    """The database, open. Use with `with`, or call `close`."""

    def __init__(self, path: Path, *, create: bool = False):
        self.path = path
        if not path.exists():
            if not create:
                raise BriefingError(
                    f"There is no evidence database at {display_path(path)} yet. Add session records "
                    f"first: {ADD_HELP}"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
        try:
            self._prepare()
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise BriefingError(
                f"{display_path(path)} is not an evidence database the kit can read ({error}). Name the "
                "database with --db, or restore a backup (python build.py evidence backup makes them)"
            ) from None
        except BaseException:
            self.db.close()
            raise

    def _prepare(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise BriefingError(
                f"{display_path(self.path)} was made by a newer version of the kit (database version "
                f"{version}; this kit knows up to version {len(MIGRATIONS)}). Update the kit to read it; "
                "nothing was changed"
            )
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        for number in range(version + 1, len(MIGRATIONS) + 1):
            with self._transaction():
                MIGRATIONS[number - 1](self.db)
                self.db.execute(f"PRAGMA user_version = {number}")

    def __enter__(self) -> EvidenceStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _transaction(self):  # noqa: ANN202 (a context manager)
        return _Transaction(self.db)

    def add(self, record: SessionRecord) -> str:
        """Add or replace one record, in one transaction. Says what happened: "added", "updated",
        "already" (the same record is there, from either format), "older" (a later copy is
        there), "same-time" (a different copy changed at the same moment is there, and kept) or
        "undated" (this copy does not say when the session was last changed, and the one there
        does: it is kept), "filled-in" (the reverse: this copy replaces it) or "retyped" (neither
        says: this copy, added last, replaces the other, as a typed return corrected would).

        Later means changed later on the facilitator page, never added or exported later."""
        with self._transaction():
            row = self.db.execute(
                "SELECT record_json FROM records WHERE record_id = ?", (record.record_id,)
            ).fetchone()
            if row is None:
                self._insert(record)
                return "added"
            there = SessionRecord(json.loads(row[0]), "")
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
            self.db.execute("DELETE FROM actions WHERE record_id = ?", (record.record_id,))
            self.db.execute("DELETE FROM records WHERE record_id = ?", (record.record_id,))
            self._insert(record)
            return outcome

    def remove(self, record_id: str) -> bool:
        """Take one record out of the figures (the hub keeps it, and why, in its own log)."""
        with self._transaction():
            self.db.execute("DELETE FROM actions WHERE record_id = ?", (record_id,))
            return self.db.execute("DELETE FROM records WHERE record_id = ?", (record_id,)).rowcount > 0

    def _insert(self, record: SessionRecord) -> None:
        data, session = record.data, record.data["session"]
        evaluation = session.get("evaluation", {})
        self.db.execute(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.record_id,
                record.slug,
                data["briefing"]["title"],
                data["briefing"]["content_hash"],
                session["date"],
                session["team"].strip(),
                session["agency"].strip(),
                session.get("facilitator", ""),
                session["attending"],
                session.get("reflections", ""),
                evaluation.get("usefulness"),
                evaluation.get("confidence_before"),
                evaluation.get("confidence_after"),
                record.changed_at.isoformat() if record.changed_at else "",  # empty: the copy does not say
                datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                record.where,
                json.dumps(data, ensure_ascii=False, sort_keys=True),
            ),
        )
        self.db.executemany(
            "INSERT INTO actions VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    record.record_id,
                    position,
                    action["what"],
                    action.get("who", ""),
                    action.get("by") or None,
                    int(action.get("done", False)),
                    action.get("done_on") or None,
                )
                for position, action in enumerate(session["actions"], 1)
            ],
        )

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM records").fetchone()[0]

    def sessions(
        self, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> list[StoredSession]:
        """The sessions held from `start` to `end` (both included; open when None), oldest first."""
        where = "WHERE session_date BETWEEN ? AND ?"
        bounds = ((start or datetime.date.min).isoformat(), (end or datetime.date.max).isoformat())
        actions: dict[str, list[StoredAction]] = {}
        for row in self.db.execute(
            f"SELECT a.* FROM actions a JOIN records USING (record_id) {where} ORDER BY record_id, position",
            bounds,
        ):
            due, done_on = (datetime.date.fromisoformat(day) if day else None for day in (row[4], row[6]))
            actions.setdefault(row[0], []).append(
                StoredAction(row[1], row[2], row[3], due, bool(row[5]), done_on)
            )
        return [
            StoredSession(
                row[0],
                row[1],
                row[2],
                datetime.date.fromisoformat(row[3]),
                *row[4:11],
                actions=tuple(actions.get(row[0], ())),
            )  # fmt: skip
            for row in self.db.execute(
                "SELECT record_id, briefing_slug, briefing_title, session_date, team, agency, attending, "
                f"reflections, usefulness, confidence_before, confidence_after FROM records {where} "
                "ORDER BY session_date, team, record_id",
                bounds,
            )
        ]

    def backup(self, target: Path) -> None:
        """A consistent copy of the whole database at `target`, written whole or not at all."""
        with replacing(target) as partial:
            copy = sqlite3.connect(partial)
            try:
                self.db.backup(copy)
            finally:
                copy.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (a Ctrl+C included)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type | None, *rest: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


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
