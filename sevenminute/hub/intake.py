"""Session records arriving at the hub by themselves: the facilitator page posts each to
`POST /api/records`, with no sign-in (team leads from other agencies have no account).

The intake defends itself with well-kept parts and plain rules:

- a body over 256 KB is refused (413), and anything but JSON (415);
- more than RATE requests a minute from one address are refused (429): a moving window kept
  by `limits`, never a counter of our own;
- each record is checked against schema/session-record.schema.json (evidence.records), and a
  faulty one is refused with its reasons (422), keeping nothing;
- a record about a briefing the hub has is added to the evidence database as `evidence add`
  adds it: the same record twice changes nothing, and a later change to the session replaces
  it, judged by when it was changed on the page;
- a record about a briefing the hub does not know is kept apart, not counted, until the
  learning team accepts it;
- nothing a record says is ever shown as markup: the hub's pages autoescape it.

Every arrival is logged in the hub's database, and each step the learning team takes on one
goes into the audit log. Nothing is deleted without a trace: a record set aside stays in the
log with its reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from ..evidence.library import Library
from ..evidence.records import RecordFault, SessionRecord, check_record
from ..evidence.store import EvidenceStore
from ..evidence.store import address as evidence_address
from ..pipeline.language import N_
from .people import People, Person, _now, write_audit

LIMIT_BYTES = 256 * 1024
RATE = "120/minute"  # a team lead sends a handful; a flood from one address is refused
COUNTED, HELD, SET_ASIDE = "counted", "held: a briefing the hub does not have", "set aside"
_ARRIVE = sa.text(
    "INSERT INTO arrivals (at, address, record_id, slug, team, session_date, attending, actions, state, "
    "outcome, record_json) VALUES (:at, :address, :record_id, :slug, :team, :session_date, :attending, "
    ":actions, :state, :outcome, :record_json) RETURNING id"
)
_ARRIVAL = "id, at, record_id, slug, team, session_date, attending, actions, state, reason"  # an Arrival
SAID = {  # in English; each is in the catalogue, and said in the language the page asks for
    "added": N_("Arrived: added to the partnership's evidence."),
    "updated": N_("Arrived: it replaces the earlier copy of this session."),
    "filled-in": N_("Arrived: it replaces the earlier copy of this session."),
    "retyped": N_("Arrived: it replaces the earlier copy of this session."),
    "already": N_("Already arrived: the partnership has this record as it stands."),
    "older": N_("Arrived before: the partnership has a later copy of this session, and keeps it."),
    "same-time": N_("Arrived before: the partnership has a copy of this session changed at the same moment."),
    "undated": N_("Arrived before: the partnership keeps the copy it has, which says when it was changed."),
    HELD: N_(
        "Arrived, and kept apart: the partnership's hub does not have this briefing. The learning "
        "team will look at it."
    ),
}


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict


@dataclass(frozen=True)
class Arrival:
    """A record as the learning team sees it arrive."""

    number: int
    at: str
    record_id: str
    slug: str
    team: str
    date: str
    attending: int
    actions: int
    state: str
    reason: str | None


class Intake:
    """The public intake of session records for the project at `project`."""

    def __init__(self, project: Path, people: People):
        self.project = project
        self.people = people
        self.evidence = evidence_address(project)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.rate = parse(RATE)

    def allowed(self, address: str) -> bool:
        return self.limiter.hit(self.rate, "records", address)

    def receive(self, body: bytes, address: str) -> Answer:
        """Check and keep one record sent as `body` from `address`: what to answer."""
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return _refused(["the body is not a session record in JSON"])
        try:
            record = check_record(data, "the record sent")
        except RecordFault as fault:
            return _refused(fault.reasons)
        if Library(self.project / "briefings").has(record.slug):
            with EvidenceStore(self.evidence, create=True) as store:
                outcome = store.add(record)
            state = COUNTED
        else:
            outcome, state = HELD, HELD
        number = self._log(record, address, state, outcome)
        status = 201 if outcome in ("added", HELD) else 200
        return Answer(status, {"receipt": f"R{number:06d}", "outcome": outcome, "message": SAID[outcome]})

    def _log(self, record: SessionRecord, address: str, state: str, outcome: str) -> int:
        session = record.data["session"]
        with self.people.writing() as db:
            return db.execute(
                _ARRIVE,
                {
                    "at": _now(), "address": address, "record_id": record.record_id, "slug": record.slug,
                    "team": session["team"].strip(), "session_date": session["date"],
                    "attending": session["attending"], "actions": len(session.get("actions", [])),
                    "state": state, "outcome": outcome,
                    "record_json": json.dumps(record.data, ensure_ascii=False),
                },
            ).scalar_one()  # fmt: skip

    def arrivals(self, most: int = 200) -> list[Arrival]:
        """The latest arrivals, newest first."""
        with self.people.reading() as db:
            rows = db.execute(
                sa.text(f"SELECT {_ARRIVAL} FROM arrivals ORDER BY id DESC LIMIT :most"), {"most": most}
            )
            return [Arrival(*row) for row in rows]

    def set_aside(self, person: Person, number: int, reason: str) -> None:
        """Take a record out of the board's figures, with a reason: it stays in the log."""
        reason = " ".join(reason.split())
        if not reason:
            raise ValueError("Say why it is set aside.")
        arrival = self._arrival(number)
        if arrival.state == COUNTED:
            with EvidenceStore(self.evidence, create=True) as store:
                store.remove(arrival.record_id)
        self._state(number, SET_ASIDE, reason)
        with self.people.writing() as db:
            write_audit(
                db, person.email, "set a session record aside", f"R{number:06d} ({arrival.team}): {reason}"
            )

    def accept(self, person: Person, number: int) -> None:
        """Count a record kept apart (a briefing the hub does not have) after all."""
        arrival = self._arrival(number)
        if arrival.state == COUNTED:
            return
        with self.people.reading() as db:
            text = db.execute(
                sa.text("SELECT record_json FROM arrivals WHERE id = :id"), {"id": number}
            ).scalar_one()
        with EvidenceStore(self.evidence, create=True) as store:
            store.add(SessionRecord(json.loads(text), "the hub"))
        self._state(number, COUNTED, None)
        with self.people.writing() as db:
            write_audit(db, person.email, "accepted a session record", f"R{number:06d} ({arrival.team})")

    def _arrival(self, number: int) -> Arrival:
        with self.people.reading() as db:
            row = db.execute(
                sa.text(f"SELECT {_ARRIVAL} FROM arrivals WHERE id = :id"), {"id": number}
            ).first()
        if row is None:
            raise ValueError("There is no such record.")
        return Arrival(*row)

    def _state(self, number: int, state: str, reason: str | None) -> None:
        with self.people.writing() as db:
            db.execute(
                sa.text("UPDATE arrivals SET state = :state, reason = :reason WHERE id = :id"),
                {"state": state, "reason": reason, "id": number},
            )


def _refused(reasons: list[str]) -> Answer:
    return Answer(422, {"message": "Not added: " + "; ".join(reasons) + ".", "reasons": reasons})
