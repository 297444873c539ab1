"""The hub's people: each an email address, a name, a role, and a password kept only as an
Argon2 hash (argon2-cffi, with its recommended parameters), in the hub's database: an SQLite
file in the project (hub/hub.sqlite), or the partnership's PostgreSQL (sevenminute.database).
Every change to people is written to the audit log with who made it.

Roles: an author writes, imports and submits for sign-off; an approver also signs off,
returns with a comment or withdraws; the board reads the evidence and reports; an admin
manages people.
"""

from __future__ import annotations

import datetime
import re
import secrets
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .. import database
from ..pipeline.settings import load_settings
from ..problems import BriefingError

DATABASE = Path("hub") / "hub.sqlite"
ROLES = {
    "admin": "manages people",
    "author": "writes, imports and submits briefings for sign-off",
    "approver": "also signs off, returns with a comment, or withdraws",
    "board": "reads the evidence and the reports",
}
PASSWORD_LEAST = 12  # characters; a long passphrase is the advice (NCSC: three random words)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
CHAIN = "hub"
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


def address(project: Path = Path(".")) -> str:
    """Where `project`'s hub keeps its data: SEVENMINUTE_DATABASE_URL, else partnership.yaml's
    database_url, else hub/hub.sqlite in the project."""
    return database.address(project / DATABASE, lambda: load_settings(project)[0].database_url)


class People:
    """The hub's people, in its database (made when first needed): `where` is the SQLite file,
    or a database URL."""

    def __init__(self, where: Path | str | None = None):
        self.where = str(where) if where is not None else address()

    def writing(self) -> AbstractContextManager[sa.Connection]:
        """A transaction on the hub's database that may write (see sevenminute.database)."""
        return database.writing(self.where, CHAIN)

    def reading(self) -> AbstractContextManager[sa.Connection]:
        return database.reading(self.where, CHAIN)

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
        try:
            with self.writing() as db:
                _run(
                    db,
                    "INSERT INTO people (email, name, role, password_hash, added_at) "
                    "VALUES (:email, :name, :role, :hash, :at)",
                    email=email, name=person.name, role=role, hash=_hasher().hash(password), at=_now(),
                )  # fmt: skip
                write_audit(db, by, "person added", f"{email} as {role}")
        except sa.exc.IntegrityError:
            raise BriefingError(f"{email} is already one of the hub's people") from None
        return person

    def remove(self, email: str, *, by: str = COMMAND_LINE) -> None:
        email = email.strip().lower()
        with self.writing() as db:
            _run(db, "DELETE FROM sessions WHERE email = :email", email=email)  # signed out everywhere
            if not _run(db, "DELETE FROM people WHERE email = :email", email=email).rowcount:
                raise BriefingError(
                    f"{email} is not one of the hub's people; `python build.py hub user list` lists them"
                )
            write_audit(db, by, "person removed", email)

    def everyone(self) -> list[Person]:
        with self.reading() as db:
            return [Person(*row) for row in _run(db, f"SELECT {_PERSON} FROM people ORDER BY role, email")]

    def signs_in(self, email: str, password: str) -> Person | None:
        """The person whose password this is, or None: the same answer, after the same work,
        for an address no account has."""
        email = email.strip().lower()
        with self.reading() as db:
            row = _run(
                db, f"SELECT {_PERSON}, password_hash FROM people WHERE email = :email", email=email
            ).first()
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
        with self.reading() as db:
            last_ok = _run(
                db, "SELECT max(at) FROM attempts WHERE email = :email AND ok = 1", email=email
            ).scalar()
            account = _run(
                db,
                "SELECT count(*) FROM attempts WHERE email = :email AND ok = 0 AND at > :since",
                email=email,
                since=max(since, last_ok or ""),
            ).scalar()
            place = _run(
                db,
                "SELECT count(*) FROM attempts WHERE address = :address AND ok = 0 AND at > :since",
                address=address,
                since=since,
            ).scalar()
        return account >= TRIES or place >= TRIES

    def _note(self, email: str, address: str, ok: bool, action: str) -> None:
        with self.writing() as db:
            _run(
                db,
                "INSERT INTO attempts (at, email, address, ok) VALUES (:at, :email, :address, :ok)",
                at=_now(), email=email, address=address, ok=int(ok),
            )  # fmt: skip
            write_audit(db, email, action, f"from {address}")

    def open_session(self, person: Person) -> str:
        """A new session for `person`; its id, for the (signed) cookie."""
        session = secrets.token_urlsafe(32)
        with self.writing() as db:
            _run(
                db,
                "INSERT INTO sessions (id, email, seen) VALUES (:id, :email, :seen)",
                id=session, email=person.email, seen=_now(),
            )  # fmt: skip
        return session

    def in_session(self, session: str) -> Person | None:
        """Who this session is, or None when it has ended (signed out, unused for IDLE, or the
        person removed); a session in use is kept alive."""
        idle_since = (datetime.datetime.now(datetime.UTC) - IDLE).isoformat(timespec="seconds")
        with self.writing() as db:
            _run(db, "DELETE FROM sessions WHERE seen < :since", since=idle_since)
            row = _run(
                db,
                f"SELECT {_PERSON} FROM sessions "
                "JOIN people ON people.email = sessions.email WHERE sessions.id = :id",
                id=session,
            ).first()
            if row:
                _run(db, "UPDATE sessions SET seen = :seen WHERE id = :id", seen=_now(), id=session)
        return Person(*row) if row else None

    def close_session(self, session: str) -> None:
        """Sign out: the session ends, and the audit log says so."""
        with self.writing() as db:
            row = _run(db, "SELECT email FROM sessions WHERE id = :id", id=session).first()
            if row and _run(db, "DELETE FROM sessions WHERE id = :id", id=session).rowcount:
                write_audit(db, row[0], "signed out", "")

    def audit(self, briefing: str | None = None) -> list[tuple[str, str, str, str]]:
        """The audit log, oldest first: (when, who, action, what); only what concerns
        `briefing`, when given."""
        with self.reading() as db:
            if briefing is None:
                rows = _run(db, "SELECT at, who, action, what FROM audit ORDER BY id")
            else:
                rows = _run(
                    db, "SELECT at, who, action, what FROM audit WHERE briefing = :b ORDER BY id", b=briefing
                )
            return [tuple(row) for row in rows]


def write_audit(db: sa.Connection, who: str, action: str, what: str, briefing: str | None = None) -> None:
    _run(
        db,
        "INSERT INTO audit (at, who, action, what, briefing) VALUES (:at, :who, :action, :what, :briefing)",
        at=_now(), who=who, action=action, what=what, briefing=briefing,
    )  # fmt: skip


def _run(db: sa.Connection, sql: str, **values: object) -> sa.CursorResult:
    return db.execute(sa.text(sql), values)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _today() -> str:
    return _now()[:10]
