"""The hub's sign-off: who may do what to a briefing, and each step written to the audit log.

    draft ──Submit for sign-off──▶ awaiting sign-off ──Sign off──▶ published
                  ▲                     │                               │
                  └──Return with a comment┘        an edit after it: submit again
                                                            ──Withdraw (a reason)──▶ withdrawn

The briefing's file stays the source of truth: a sign-off and a withdrawal are written into
it (authoring.signing), as `python build.py sign-off` writes them. What only the hub knows (a
submission waiting, a return's comment, who saved it last) is kept in its database.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from ..authoring.signing import write_sign_off, write_withdrawal
from ..pipeline.briefing import prepare
from ..pipeline.settings import load_settings
from ..pipeline.signoff import changed_since
from ..problems import BriefingError
from .people import ROLES, People, Person, _now, write_audit

EDITORS = frozenset({"author", "approver"})  # write, import and submit
APPROVERS = frozenset({"approver"})  # also sign off, return and withdraw
AWAITING, RETURNED = "awaiting sign-off", "returned"


class Refused(Exception):
    """A step this person may not take, or that cannot be taken now: said in plain words."""


@dataclass(frozen=True)
class Standing:
    """Where a briefing stands: its status in its file, and in the hub's sign-off."""

    name: str
    title: str
    status: str  # draft, published, withdrawn; "cannot be read"
    review: str | None  # AWAITING, RETURNED or None
    comment: str | None  # the approver's, when returned
    change: str | None  # for a correction: what changed, as its author said it
    last_editor: str | None
    signed: str | None  # "Sam Patel, approver, on 2026-12-07", when signed off
    changed: list[str] | None  # what changed since the sign-off (None: never signed off)

    @property
    def described(self) -> str:
        if self.review:
            return self.review
        if self.status == "published" and self.changed is None:
            return "published in its file, but not signed off: not in the library"
        if self.status == "published" and self.changed:
            return "published; changed since its sign-off, so the library keeps the version signed off"
        return self.status


class Desk:
    """The sign-off for the briefings in `briefings`; `published()` rebuilds the public library
    after a sign-off or a withdrawal."""

    def __init__(self, people: People, briefings: Path, published: Callable[[], None]):
        self.people = people
        self.briefings = briefings
        self.published = published

    def path(self, name: str) -> Path:
        path = self.briefings / f"{name}.yaml"
        if not path.is_file():
            raise Refused(f"There is no briefing called {name}.")
        return path

    def standing(self, name: str) -> Standing:
        path = self.path(name)
        briefing = prepare(path, ready=False).briefing
        with self.people.reading() as db:
            row = db.execute(
                sa.text("SELECT review, comment, change, last_editor FROM briefings WHERE name = :name"),
                {"name": name},
            ).first()
        review, comment, change, editor = row or (None, None, None, None)
        if briefing is None:
            return Standing(name, name, "cannot be read", review, comment, change, editor, None, None)
        record = briefing.signed_off
        signed = f"{record.by}, on {record.on:%-d %B %Y}" if record else None
        return Standing(
            name,
            briefing.title,
            briefing.status,
            review,
            comment,
            change,
            editor,
            signed,
            changed_since(briefing),
        )

    def everything(self) -> list[Standing]:
        names = sorted(path.stem for path in self.briefings.glob("*.yaml")) if self.briefings.is_dir() else []
        return [self.standing(name) for name in names]

    def handout(self, name: str, folder: Path) -> Path | None:
        """The handout as it stands, printed for an approver to read before signing it off
        (None when it cannot be printed). Printed whatever its sign-off: that is being decided."""
        from ..preview.workspace import print_one

        settings, logo = load_settings(self.briefings.parent)
        return print_one(
            self.path(name),
            folder,
            self.briefings,
            (settings.model_copy(update={"sign_off": "optional"}), logo),
        )

    # The steps -----------------------------------------------------------------------------

    def _set(self, name: str, who: str, action: str, what: str, **columns) -> None:
        with self.people.writing() as db:
            db.execute(
                sa.text("INSERT INTO briefings (name) VALUES (:name) ON CONFLICT (name) DO NOTHING"),
                {"name": name},
            )
            for column, value in columns.items():  # the names are this module's own
                db.execute(
                    sa.text(f"UPDATE briefings SET {column} = :value WHERE name = :name"),
                    {"value": value, "name": name},
                )
            write_audit(db, who, action, what, name)

    def created(self, person: Person, name: str, how: str) -> None:
        self._set(name, person.email, how, name, last_editor=person.email, last_edited=_now())

    def saved(self, person: Person, name: str) -> None:
        """An edit in the hub: it is now this person's last edit (an approver may not sign off
        their own), and a returned briefing stays returned until it is submitted again."""
        self._set(name, person.email, "saved", name, last_editor=person.email, last_edited=_now())

    def submit(self, person: Person, name: str, change: str = "") -> None:
        """Submit `name` for sign-off; a correction of a published briefing says what changed."""
        _must(person, EDITORS, "submit briefings for sign-off")
        standing = self.standing(name)
        if standing.status == "withdrawn":
            raise Refused("This briefing is withdrawn. Set it to a draft in the editor and correct it first.")
        if standing.review == AWAITING:
            raise Refused("This briefing is already awaiting sign-off.")
        if standing.status == "published" and standing.changed == []:
            raise Refused("This briefing is published as it was signed off; there is nothing to sign off.")
        prepared = prepare(self.path(name), ready=False)
        if prepared.briefing is None:
            raise Refused("This briefing has errors; fix them in the editor, then submit it.")
        change = " ".join(change.split())
        correcting = standing.status == "published" and bool(standing.changed)
        if correcting and not change:
            raise Refused(
                "This corrects a published briefing: say what changed, in a few words fit to publish "
                "(it is printed on the briefing)."
            )
        self._set(
            name, person.email, "submitted for sign-off", change or name, review=AWAITING, comment=None,
            change=change or None,
        )  # fmt: skip

    def give_back(self, person: Person, name: str, comment: str) -> None:
        _must(person, APPROVERS, "return briefings")
        comment = " ".join(comment.split())
        if not comment:
            raise Refused("Say what needs to change: a return needs a comment.")
        self._awaiting(name)
        self._set(name, person.email, "returned with a comment", comment, review=RETURNED, comment=comment)

    def sign_off(self, person: Person, name: str) -> None:
        _must(person, APPROVERS, "sign off briefings")
        standing = self._awaiting(name)
        if standing.last_editor == person.email:
            raise Refused(
                "You made the last edit to this briefing, so another approver must sign it off: a "
                "sign-off is a second pair of eyes."
            )
        try:
            write_sign_off(self.path(name), f"{person.name}, approver", change=standing.change)
        except BriefingError as error:
            raise Refused(f"It cannot be signed off as it stands: {_first(error)}") from None
        self._set(
            name, person.email, "signed off and published", name, review=None, comment=None, change=None
        )
        self.published()

    def withdraw(self, person: Person, name: str, reason: str) -> None:
        _must(person, APPROVERS, "withdraw briefings")
        if self.standing(name).status != "published":
            raise Refused("Only a published briefing can be withdrawn.")
        try:
            write_withdrawal(self.path(name), reason)
        except BriefingError as error:
            raise Refused(_first(error)) from None
        self._set(name, person.email, "withdrawn", " ".join(reason.split()), review=None, comment=None)
        self.published()

    def _awaiting(self, name: str) -> Standing:
        standing = self.standing(name)
        if standing.review != AWAITING:
            raise Refused("This briefing is not awaiting sign-off: its author submits it first.")
        return standing


def _must(person: Person, roles: frozenset[str], doing: str) -> None:
    if person.role not in roles:
        raise Refused(f"Your role is {person.role} ({ROLES[person.role]}); it does not {doing}.")


def _first(error: BriefingError) -> str:
    with contextlib.suppress(IndexError):
        return error.problems[0].text
    return error.text
