"""What a sign-off covers: a digest of everything a briefing publishes, and of each piece of it.

An approver signs off a briefing as it stands; its file then records who, when, and these
digests (`signed_off: {by, on, hash, parts}`). With `sign_off: required` in partnership.yaml
the build publishes a briefing only while its content still has the digest signed off, and a
refusal names the pieces that changed ("part 3 text changed since it was signed off by … on …").

The digest covers what is published: the text of every part, the questions and what chooses
them (themes), contacts, helplines, resources, dates and the review. It leaves out status,
the sign-off itself, the withdrawal's record (a withdrawal is a decision of its own), and what
only the authoring checks read (allowances, pseudonyms, when themes were confirmed). Comments
are not in the model, so never in the digest.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from ..problems import Problem, Remedy
from .load import Source
from .model import Briefing, SignedOff

NOT_COVERED = frozenset(
    {"status", "signed_off", "withdrawn_on", "withdrawn_reason", "themes_confirmed", "allow", "pseudonyms"}
)
# Pieces named as an author knows them; a field of the format not named here is still covered,
# under "the other details" (tests/test_signoff.py holds every field to one or the other).
GROUPS: dict[str, tuple[str, ...]] = {
    "the title": ("title", "subtitle"),
    "the partnership": ("partnership",),
    "the dates": ("published", "published_certainty", "updated", "changes"),
    "the review": ("review",),
    "the audience": ("audience",),
    "the summary": ("summary",),
    "the questions": ("questions", "themes", "exclude_themes", "theme_questions", "briefing_questions"),
    "the contacts": ("contacts", "helplines"),
    "the resources": ("resources",),
}
OTHER = "the other details"


def _short(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:8]


def pieces(briefing: Briefing) -> dict[str, object]:
    """Everything the sign-off covers, piece by piece, as plain values."""
    data = briefing.model_dump(mode="json")
    out: dict[str, object] = {name: {key: data[key] for key in keys} for name, keys in GROUPS.items()}
    for number, section in enumerate(data["sections"], start=1):
        out[f"part {number} title"] = {"title": section["title"], "label": section["label"]}
        out[f"part {number} text"] = section["body"]
        out[f"part {number} notes"] = section["notes"]
    named = {key for keys in GROUPS.values() for key in keys} | NOT_COVERED | {"sections"}
    out[OTHER] = {key: value for key, value in data.items() if key not in named}
    return out


def content_hash(briefing: Briefing) -> str:
    """The digest of everything published, as `signed_off: hash` records it."""
    text = json.dumps(pieces(briefing), sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def sign_off(briefing: Briefing, by: str, on: datetime.date) -> SignedOff:
    """The sign-off of `briefing` as it stands, by `by` on `on`."""
    parts = {name: _short(value) for name, value in pieces(briefing).items()}
    return SignedOff(by=by, on=on, hash=content_hash(briefing), parts=parts)


def changed_since(briefing: Briefing) -> list[str] | None:
    """The pieces changed since the briefing was signed off (empty when it is as signed off;
    ["its content"] when its digest differs and its record cannot name a piece); None when it
    was never signed off."""
    record = briefing.signed_off
    if record is None:
        return None
    if record.hash == content_hash(briefing):
        return []
    now = {name: _short(value) for name, value in pieces(briefing).items()}
    named = [name for name, digest in now.items() if record.parts.get(name) not in (None, digest)]
    return named or ["its content"]


def said(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def sign_off_problems(source: Source, briefing: Briefing, *, required: bool) -> list[Problem]:
    """With the sign-off `required`, an error for a published briefing that was not signed off,
    or whose content changed since; without, a warning for the change alone."""
    if briefing.status != "published":
        return []
    changed = changed_since(briefing)
    if changed is None:
        if not required:
            return []
        return [
            source.problem(
                ("status",), "this briefing is published, and the partnership's settings (partnership.yaml) "
                "require a sign-off before publication; it has none", code="sign-off",
                remedy=Remedy("sign-off", source.path.stem),
            )
        ]  # fmt: skip
    if not changed:
        return []
    record = briefing.signed_off
    assert record is not None
    return [
        source.problem(
            ("signed_off",), f"{said(changed)} changed since it was signed off by {record.by}, on "
            f"{record.on:%-d %B %Y}", code="sign-off", severity="error" if required else "warning",
            remedy=Remedy("sign-off", source.path.stem),
        )
    ]  # fmt: skip
