"""The hub's people: each an email address, a name, a role, and a password kept only as an
Argon2 hash (argon2-cffi, with its recommended parameters), in the hub's SQLite file in the
project (hub/hub.sqlite). Every change to people is written to the audit log with who made it.

Roles: an author writes, imports and submits for sign-off; an approver also signs off,
returns with a comment or withdraws; the board reads the evidence and reports; an admin
manages people.
"""

from __future__ import annotations

import datetime
import re
import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..problems import BriefingError, display_path

DATABASE = Path("hub") / "hub.sqlite"
ROLES = {
    "admin": "manages people",
    "author": "writes, imports and submits briefings for sign-off",
    "approver": "also signs off, returns with a comment, or withdraws",
    "board": "reads the evidence and the reports",
}
PASSWORD_LEAST = 12  # characters; a long passphrase is the advice (NCSC: three random words)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
SCHEMA_VERSION = 4
TRIES = 5  # wrong passwords for one account, or from one address, before sign-in is refused
LOCKED_FOR = datetime.timedelta(minutes=15)
IDLE = datetime.timedelta(minutes=30)  # a session unused this long ends
COMMAND_LINE = "command line"  # who made a change typed at the server's terminal, in the audit log
_PERSON = "people.email, name, role, substr(added_at, 1, 10)"  # a Person's columns


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    role: str
    added_on: str  # YYYY-MM-DD


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # Argon2id, RFC 9106's low-memory recommendation


@cache
def _stand_in() -> str:
    """A hash no password matches, checked when no account has the address: a sign-in takes as
    long, and answers alike, whether or not the account exists."""
    return _hasher().hash("no account has this address")


def _add_attempts(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,          -- random, 256 bits; the cookie carries it, signed
            email TEXT NOT NULL REFERENCES people (email) ON DELETE CASCADE,
            seen TEXT NOT NULL            -- UTC, the last request; IDLE after it, the session ends
        )"""
    )
    db.execute(
        """CREATE TABLE attempts (
            at TEXT NOT NULL,             -- UTC
            email TEXT NOT NULL,          -- as typed, lowercased
            address TEXT NOT NULL,        -- where the request came from
            ok INTEGER NOT NULL           -- 1: signed in; 0: a wrong password, or no such account
        )"""
    )


def _add_briefings(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE briefings (
            name TEXT PRIMARY KEY,        -- the file's name in briefings/, without .yaml
            review TEXT,                  -- "awaiting sign-off", "returned", or NULL (neither)
            comment TEXT,                 -- the approver's comment when returned
            change TEXT,                  -- for a correction: what changed, as the author said it
            last_editor TEXT,             -- the email of whoever saved it last in the hub
            last_edited TEXT              -- UTC
        )"""
    )
    db.execute("ALTER TABLE audit ADD COLUMN briefing TEXT")  # the briefing it concerns, if any


def _add_arrivals(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE arrivals (
            id INTEGER PRIMARY KEY,       -- the receipt's number
            at TEXT NOT NULL,             -- UTC
            address TEXT NOT NULL,        -- where it came from
            record_id TEXT NOT NULL,
            slug TEXT NOT NULL,           -- the briefing it is about
            team TEXT NOT NULL,
            session_date TEXT NOT NULL,
            attending INTEGER NOT NULL,
            actions INTEGER NOT NULL,
            state TEXT NOT NULL,          -- counted, held (a briefing the hub does not have), set aside
            outcome TEXT NOT NULL,        -- what the evidence database said: added, already, updated...
            reason TEXT,                  -- why it was set aside
            record_json TEXT NOT NULL     -- the record as it came
        )"""
    )


def _create(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE people (
            email TEXT PRIMARY KEY,       -- lowercased
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,  -- Argon2id, with its salt and parameters
            added_at TEXT NOT NULL        -- UTC
        )"""
    )
    db.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,             -- UTC
            who TEXT NOT NULL,            -- who did it: an email, or "command line"
            action TEXT NOT NULL,         -- "person added", "person removed", ...
            what TEXT NOT NULL            -- what it was done to
        )"""
    )


class People:
    """The hub's people, in its database (made when first needed)."""

    def __init__(self, path: Path = DATABASE):
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            db.close()
            raise BriefingError(
                f"{display_path(self.path)} was made by a newer version of the kit; update the kit to use it"
            )
        if version < SCHEMA_VERSION:
            with db:
                if version < 1:
                    _create(db)
                if version < 2:
                    _add_attempts(db)
                if version < 3:
                    _add_briefings(db)
                _add_arrivals(db)  # version 4
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return db

    def add(self, email: str, role: str, password: str, *, name: str = "", by: str = COMMAND_LINE) -> Person:
        """Add a person; refuses an address already added, a role the hub does not have, or a
        password too short to be safe."""
        email = email.strip().lower()
        if not EMAIL.fullmatch(email):
            raise BriefingError(f"“{email}” is not an email address; give one like sam.jones@example.org")
        if role not in ROLES:
            raise BriefingError(f"there is no role “{role}”; the roles are {', '.join(ROLES)}")
        if len(password) < PASSWORD_LEAST:
            raise BriefingError(
                f"the password is {len(password)} characters long; give one of at least {PASSWORD_LEAST} "
                "(three random words make a good one)"
            )
        person = Person(email, name.strip() or email.split("@")[0], role, _today())
        with closing(self._connect()) as db, db:
            try:
                db.execute(
                    "INSERT INTO people (email, name, role, password_hash, added_at) VALUES (?, ?, ?, ?, ?)",
                    (email, person.name, role, _hasher().hash(password), _now()),
                )
            except sqlite3.IntegrityError:
                raise BriefingError(f"{email} is already one of the hub's people") from None
            write_audit(db, by, "person added", f"{email} as {role}")
        return person

    def remove(self, email: str, *, by: str = COMMAND_LINE) -> None:
        email = email.strip().lower()
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM sessions WHERE email = ?", (email,))  # signed out everywhere
            if not db.execute("DELETE FROM people WHERE email = ?", (email,)).rowcount:
                raise BriefingError(
                    f"{email} is not one of the hub's people; `python build.py hub user list` lists them"
                )
            write_audit(db, by, "person removed", email)

    def everyone(self) -> list[Person]:
        with closing(self._connect()) as db:
            rows = db.execute(f"SELECT {_PERSON} FROM people ORDER BY role, email")
            return [Person(*row) for row in rows]

    def signs_in(self, email: str, password: str) -> Person | None:
        """The person whose password this is, or None: the same answer, after the same work,
        for an address no account has."""
        email = email.strip().lower()
        with closing(self._connect()) as db:
            row = db.execute(
                f"SELECT {_PERSON}, password_hash FROM people WHERE email = ?",
                (email,),
            ).fetchone()
        try:
            _hasher().verify(row[4] if row else _stand_in(), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return Person(*row[:4]) if row else None

    def sign_in(self, email: str, password: str, address: str) -> Person | None:
        """Sign-in as the hub's page does it: refused (None) after TRIES wrong passwords for the
        account or from the address within LOCKED_FOR, even with the right one; each try noted,
        and written to the audit log."""
        email = email.strip().lower()
        if self.locked(email, address):
            self._note(email, address, False, "sign-in refused: too many tries")
            return None
        person = self.signs_in(email, password)
        self._note(email, address, person is not None, "signed in" if person else "sign-in failed")
        return person

    def locked(self, email: str, address: str) -> bool:
        since = (datetime.datetime.now(datetime.UTC) - LOCKED_FOR).isoformat(timespec="seconds")
        with closing(self._connect()) as db:
            last_ok = db.execute(
                "SELECT max(at) FROM attempts WHERE email = ? AND ok = 1", (email,)
            ).fetchone()[0]
            account = db.execute(
                "SELECT count(*) FROM attempts WHERE email = ? AND ok = 0 AND at > ?",
                (email, max(since, last_ok or "")),
            ).fetchone()[0]
            place = db.execute(
                "SELECT count(*) FROM attempts WHERE address = ? AND ok = 0 AND at > ?", (address, since)
            ).fetchone()[0]
        return account >= TRIES or place >= TRIES

    def _note(self, email: str, address: str, ok: bool, action: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO attempts (at, email, address, ok) VALUES (?, ?, ?, ?)",
                (_now(), email, address, int(ok)),
            )
            write_audit(db, email, action, f"from {address}")

    def open_session(self, person: Person) -> str:
        """A new session for `person`; its id, for the (signed) cookie."""
        session = secrets.token_urlsafe(32)
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO sessions (id, email, seen) VALUES (?, ?, ?)", (session, person.email, _now())
            )
        return session

    def in_session(self, session: str) -> Person | None:
        """Who this session is, or None when it has ended (signed out, unused for IDLE, or the
        person removed); a session in use is kept alive."""
        idle_since = (datetime.datetime.now(datetime.UTC) - IDLE).isoformat(timespec="seconds")
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM sessions WHERE seen < ?", (idle_since,))
            row = db.execute(
                f"SELECT {_PERSON} FROM sessions "
                "JOIN people ON people.email = sessions.email WHERE sessions.id = ?",
                (session,),
            ).fetchone()
            if row:
                db.execute("UPDATE sessions SET seen = ? WHERE id = ?", (_now(), session))
        return Person(*row) if row else None

    def close_session(self, session: str) -> None:
        """Sign out: the session ends, and the audit log says so."""
        with closing(self._connect()) as db, db:
            row = db.execute("SELECT email FROM sessions WHERE id = ?", (session,)).fetchone()
            if row and db.execute("DELETE FROM sessions WHERE id = ?", (session,)).rowcount:
                write_audit(db, row[0], "signed out", "")

    def audit(self, briefing: str | None = None) -> list[tuple[str, str, str, str]]:
        """The audit log, oldest first: (when, who, action, what); only what concerns
        `briefing`, when given."""
        with closing(self._connect()) as db:
            if briefing is None:
                return list(db.execute("SELECT at, who, action, what FROM audit ORDER BY id"))
            return list(
                db.execute(
                    "SELECT at, who, action, what FROM audit WHERE briefing = ? ORDER BY id", (briefing,)
                )
            )

    def database(self) -> sqlite3.Connection:
        """A connection to the hub's database (made and brought up to date when needed)."""
        return self._connect()


def write_audit(
    db: sqlite3.Connection, who: str, action: str, what: str, briefing: str | None = None
) -> None:
    db.execute(
        "INSERT INTO audit (at, who, action, what, briefing) VALUES (?, ?, ?, ?, ?)",
        (_now(), who, action, what, briefing),
    )


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _today() -> str:
    return _now()[:10]
