"""A briefing file as the editor's form sees it, and the form's answers written back into it.

The file is read and written with ruamel.yaml's round-trip mode, and only the values the
author changed are replaced, so comments, key order, quoting and block style stay as they
were: a file edited in the browser stays readable in a text editor, and the other way round.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from ..pipeline.model import SECTION_COUNT

# Optional keys the form may leave empty: an empty answer removes the key from the file.
OPTIONAL = ("subtitle", "audience")
# Where a key goes when the form adds it: the order of the format's documentation.
ORDER = (
    "title", "subtitle", "partnership", "status", "signed_off", "published", "review", "kind", "url",
    "audience", "summary", "themes", "exclude_themes", "themes_confirmed", "pseudonyms", "allow", "value",
    "reason", "sections", "label", "body", "notes", "questions", "resources",
)  # fmt: skip
TOP_TEXT = ("title", "subtitle", "partnership", "status", "audience", "summary")


class FormError(ValueError):
    """The file cannot be shown as a form (it is not a briefing's `key: value` lines)."""


def round_trip(text: str) -> tuple[YAML, Any]:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the author's long lines
    mapping = re.search(r"^\w+:[ \t]*(?:#[^\n]*)?\n( +)\w+:", text, re.M)
    sequence = re.search(r"^\w+:[ \t]*(?:#[^\n]*)?\n( *)- ", text, re.M)
    offset = len(sequence.group(1)) if sequence else 2
    yaml.indent(mapping=len(mapping.group(1)) if mapping else 2, sequence=offset + 2, offset=offset)
    try:
        data = yaml.load(text)
    except Exception as error:  # ruamel raises many kinds; all mean the same to an author
        raise FormError(f"the file is not valid YAML ({error})") from None
    if not isinstance(data, CommentedMap):
        raise FormError("the file is not a set of `key: value` lines")
    return yaml, data


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).rstrip("\n")


def read_form(text: str) -> dict:
    """The briefing's values as the form shows them: plain text, seven parts, lists."""
    _, data = round_trip(text)
    review = data.get("review") if isinstance(data.get("review"), dict) else {}
    sections = data.get("sections") if isinstance(data.get("sections"), list) else []
    parts = []
    for index in range(SECTION_COUNT):
        section = sections[index] if index < len(sections) and isinstance(sections[index], dict) else {}
        parts.append(
            {
                "origin": index if index < len(sections) else None,
                "title": _text(section.get("title")),
                "label": _text(section.get("label")),
                "body": _text(section.get("body")),
                "notes": _text(section.get("notes")),
            }
        )
    resources = [
        {"title": _text(item.get("title")), "url": _text(item.get("url"))}
        for item in data.get("resources") or []
        if isinstance(item, dict)
    ]
    allow = [
        {"value": _text(item.get("value")), "reason": _text(item.get("reason"))}
        for item in data.get("allow") or []
        if isinstance(item, dict)
    ]
    return {
        **{key: _text(data.get(key)) for key in TOP_TEXT},
        "status": _text(data.get("status")) or "published",
        "published": _text(data.get("published")),
        "review": {"kind": _text(review.get("kind")), "url": _text(review.get("url"))},
        "sections": parts,
        "questions": [_text(question) for question in data.get("questions") or []],
        "resources": resources,
        "allow": allow,
        "themes": None,
    }


def apply_form(text: str, form: dict, today: datetime.date | None = None) -> str:
    """`text` with the form's answers written in; what the author did not change stays
    byte for byte as it was."""
    yaml, data = round_trip(text)
    if "status" not in data and form.get("status") == "published":
        form = {key: value for key, value in form.items() if key != "status"}  # the default
    for key in TOP_TEXT:
        if key in form:
            _set(data, key, form[key], optional=key in OPTIONAL, block=key == "summary" and "\n" in form[key])
    if "published" in form:
        _set_published(data, form["published"])
    if isinstance(form.get("review"), dict):
        review = data.setdefault("review", CommentedMap())
        _set(review, "kind", form["review"].get("kind", ""))
        _set(review, "url", form["review"].get("url", ""), optional=True)
    if isinstance(form.get("sections"), list):
        _set_sections(data, form["sections"])
    if isinstance(form.get("questions"), list):
        _set_list(data, "questions", [q.strip() for q in form["questions"] if q.strip()])
    if isinstance(form.get("resources"), list):
        _set_pairs(data, "resources", ("title", "url"), form["resources"])
    if isinstance(form.get("allow"), list):
        _set_pairs(data, "allow", ("value", "reason"), allowed(form["allow"]))
    if isinstance(form.get("themes"), dict):
        kept, dropped = form["themes"].get("kept", []), form["themes"].get("dropped", [])
        _set_list(data, "themes", list(kept), flow=True)
        _set_list(data, "exclude_themes", list(dropped), flow=True)
        day = today or datetime.date.today()
        if "themes_confirmed" in data:
            data["themes_confirmed"] = day
        else:
            add_key(data, "themes_confirmed", day)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _same(old: Any, new: str) -> bool:
    return _text(old).strip() == new.strip()


def _scalar(old: Any, new: str, block: bool) -> Any:
    """The new value in the old value's style: a `|` or `>` block stays one."""
    new = new.strip().replace("\r\n", "\n")
    if isinstance(old, FoldedScalarString) and "\n\n" not in new:
        return FoldedScalarString(new + "\n")
    if isinstance(old, LiteralScalarString | FoldedScalarString) or block:
        return LiteralScalarString(new + "\n")
    return new


def _set(mapping: CommentedMap, key: str, value: str, *, optional: bool = False, block: bool = False) -> None:
    value = (value or "").strip()
    if key in mapping and _same(mapping[key], value):
        return
    if not value and optional:
        mapping.pop(key, None)
        return
    if key in mapping:
        mapping[key] = _scalar(mapping[key], value, block)
    else:
        add_key(mapping, key, _scalar(None, value, block))


_BLOCKS = (LiteralScalarString, FoldedScalarString, CommentedMap, CommentedSeq)


def add_key(mapping: CommentedMap, key: str, value: Any) -> None:
    """Add `key` where the format puts it; a new last key takes over the comment lines that
    followed the old last one, less the commented-out example of itself (`# notes: |`)."""
    keys = list(mapping)
    if key in ORDER:
        later = [k for k in keys if k in ORDER and ORDER.index(k) > ORDER.index(key)]
        if later:
            mapping.insert(keys.index(later[0]), key, value)
            return
    mapping[key] = value
    if not keys or keys[-1] not in mapping.ca.items or mapping.ca.items[keys[-1]][2] is None:
        return
    token = mapping.ca.items[keys[-1]][2]
    lines = token.value.split("\n")
    keep = 0 if isinstance(mapping[keys[-1]], _BLOCKS) else 1  # an end-of-line comment stays put
    rest, skipping = [], False
    for line in lines[keep:]:
        if re.match(rf"\s*#\s*{re.escape(key)}:", line):
            skipping = True
            continue
        if skipping and re.match(r"\s*#\s{2,}", line):
            continue
        skipping = False
        rest.append(line)
    token.value = "\n".join(lines[:keep]) + "\n" if keep else "\n"
    if keep == 0:
        del mapping.ca.items[keys[-1]]
    if any(line.strip() for line in rest):
        prefix = "" if isinstance(value, _BLOCKS) else "\n"
        mapping.ca.items[key] = [None, None, CommentToken(prefix + "\n".join(rest), CommentMark(0)), None]


def _set_published(data: CommentedMap, value: str) -> None:
    value = value.strip()
    if _same(data.get("published"), value):
        return
    if re.fullmatch(r"\d{4}", value):
        data["published"] = int(value)
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            data["published"] = datetime.date.fromisoformat(value)
        except ValueError:
            data["published"] = value  # validation says what is wrong with it, at its line
    else:
        data["published"] = value


def _set_sections(data: CommentedMap, parts: list[dict]) -> None:
    old = data.get("sections")
    old = old if isinstance(old, CommentedSeq) else CommentedSeq()
    new = []
    for part in parts:
        origin = part.get("origin")
        section = old[origin] if isinstance(origin, int) and 0 <= origin < len(old) else None
        section = section if isinstance(section, CommentedMap) else CommentedMap()
        _set(section, "title", part.get("title", ""))
        _set(section, "label", part.get("label", ""), optional=True)
        _set(section, "body", part.get("body", ""), block=True)
        _set(section, "notes", part.get("notes", ""), optional=True, block=True)
        new.append(section)
    if [id(item) for item in new] == [id(item) for item in old]:
        return
    if "sections" in data and isinstance(data["sections"], CommentedSeq):
        del old[:]
        old.extend(new)
    else:
        seq = CommentedSeq(new)
        data["sections"] = seq


def _set_list(data: CommentedMap, key: str, values: list[str], *, flow: bool = False) -> None:
    old = data.get(key)
    if isinstance(old, list) and [_text(v) for v in old] == values:
        return
    if not values and key not in data:
        return
    seq = old if isinstance(old, CommentedSeq) else CommentedSeq()
    del seq[:]
    seq.extend(values)
    if values and not flow:
        seq.fa.set_block_style()
    elif flow:
        seq.fa.set_flow_style()
    if key in data:
        data[key] = seq
    else:
        add_key(data, key, seq)


def allowed(entries: list[dict]) -> list[dict]:
    """The form's "allowed on purpose" rows that may go into `allow:`: each needs its reason
    (the editor asks for one until it has it)."""
    return [
        entry
        for entry in entries
        if (entry.get("value") or "").strip() and (entry.get("reason") or "").strip()
    ]


def _set_pairs(data: CommentedMap, key: str, names: tuple[str, str], rows: list[dict]) -> None:
    """A list of two-key items (`resources`: title, url; `allow`: value, reason); the second
    key may be left out of a resource."""
    first, second = names
    wanted = [
        {first: (r.get(first) or "").strip(), second: (r.get(second) or "").strip()}
        for r in rows
        if (r.get(first) or "").strip() or (r.get(second) or "").strip()
    ]
    old = data.get(key)
    old_items = [item for item in old if isinstance(item, CommentedMap)] if isinstance(old, list) else []
    if [{first: _text(i.get(first)), second: _text(i.get(second))} for i in old_items] == wanted:
        return
    if not wanted and key not in data:
        return
    items = []
    for index, row in enumerate(wanted):
        item = old_items[index] if index < len(old_items) else CommentedMap()
        _set(item, first, row[first])
        _set(item, second, row[second], optional=True)
        items.append(item)
    seq = old if isinstance(old, CommentedSeq) else CommentedSeq()
    del seq[:]
    seq.extend(items)
    seq.fa.set_block_style()
    if key in data:
        data[key] = seq
    else:
        add_key(data, key, seq)
