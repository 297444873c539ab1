"""An approver's decisions written into a briefing's file: a sign-off (who, when, and the digest
of what they signed, with the status set to published) and a withdrawal (when and why).

The file is edited in ruamel.yaml's round-trip mode, as the editor's form is, so comments and
layout stay as they were. Both are refused, in plain words, for a briefing that could not go out.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..files import replace_file
from ..pipeline.briefing import Briefing, prepare
from ..pipeline.model import Change
from ..pipeline.signoff import changed_since, sign_off
from ..problems import BriefingError, display_path
from .form import add_key, round_trip


def _written(path: Path, changes: dict, *, correction: Change | None = None) -> str:
    """The file's text with the top-level `changes` made, and `correction` added to its
    `changes:` list; comments and layout kept (round trip)."""
    yaml, data = round_trip(path.read_text(encoding="utf-8-sig"))
    if correction is not None:
        listed = data.get("changes") or CommentedSeq()
        listed.append(CommentedMap([("date", correction.date), ("note", correction.note)]))
        changes = {**changes, "changes": listed}
    for key, value in changes.items():
        if key in data:
            data[key] = value
        else:
            add_key(data, key, value)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _readable(path: Path) -> Briefing:
    prepared = prepare(path, ready=False)
    if prepared.briefing is None:
        raise BriefingError(prepared.problems)
    return prepared.briefing


def write_sign_off(
    path: Path, by: str, on: datetime.date | None = None, change: str | None = None
) -> Briefing:
    """Sign off the briefing at `path` as it stands, by `by`, and publish it: its file gets
    `signed_off: {by, on, hash, parts}` and `status: published`. A correction of a briefing
    published as signed off needs `change`, what changed in words fit to publish: it is added
    to its `changes:` (printed on the briefing) and signed off with it. Refused for a briefing
    that is withdrawn, or that could not be published for another reason (its problems are
    raised); the file is then untouched."""
    by = " ".join(by.split())
    if not by:
        raise BriefingError('Say who signs it off, with their role: --by "Sam Patel, chair".')
    briefing = _readable(path)
    if briefing.status == "withdrawn":
        raise BriefingError(
            f"{display_path(path)} is withdrawn, so it cannot be signed off. To publish it again, set "
            "`status: draft`, correct it, and then sign it off."
        )
    day = on or datetime.date.today()
    note = " ".join((change or "").split())
    correcting = briefing.status == "published" and bool(changed_since(briefing))
    if correcting and not note:
        record = briefing.signed_off
        assert record is not None
        raise BriefingError(
            f"{display_path(path)} was published as signed off by {record.by}, on {record.on:%-d %B %Y}; "
            "this sign-off corrects it, so say what changed, in a few words fit to publish: "
            '--change "Corrected the timeline in part 2"'
        )
    _publishable(path, briefing)
    correction = Change(date=day, note=note) if note else None
    if correction is not None:  # signed off with the correction's own line
        briefing = briefing.model_copy(update={"changes": [*briefing.changes, correction]})
    record = sign_off(briefing, by, day)
    # "on" in quotes: YAML 1.1 readers (PyYAML's safe_load among them) take a bare on: for true.
    signed = CommentedMap(
        [("by", record.by), (DoubleQuotedScalarString("on"), record.on), ("hash", record.hash),
         ("parts", CommentedMap(record.parts))]
    )  # fmt: skip
    replace_file(path, _written(path, {"status": "published", "signed_off": signed}, correction=correction))
    return briefing


def _publishable(path: Path, briefing: Briefing) -> None:
    """Raise what would stop the briefing being published (text still to be written, above
    all), at its lines in the real file: it is judged as published, as a sign-off makes it."""
    if briefing.status == "published":
        stops = prepare(path).stops
    else:  # the same file with `status: published` in place of `status: draft`: the same lines
        trial = path.with_name(f".{path.stem}.signing{path.suffix}")
        try:
            trial.write_text(_written(path, {"status": "published"}), encoding="utf-8")
            stops = [dataclasses.replace(problem, path=path) for problem in prepare(trial).stops]
        finally:
            trial.unlink(missing_ok=True)
    if stops:
        raise BriefingError(stops)


def write_withdrawal(path: Path, reason: str, on: datetime.date | None = None) -> Briefing:
    """Withdraw the published briefing at `path`, for `reason` (fit to publish)."""
    reason = " ".join(reason.split())
    if not reason:
        raise BriefingError("Give the reason for withdrawing it, in words fit to publish.")
    briefing = _readable(path)
    day = on or datetime.date.today()
    text = _written(path, {"status": "withdrawn", "withdrawn_on": day, "withdrawn_reason": reason})
    replace_file(path, text)
    return briefing
