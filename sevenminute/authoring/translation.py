"""Start a briefing's version in another language (family-a.cy.yaml from family-a.yaml): the
same parts and lists, every piece of text to translate left as TODO with the English above it
as a comment, and everything that is not words (dates, the kind of review, addresses, phone
numbers, helplines) kept as it is.

The new version is a draft: its TODOs may not be published, and a draft version leaves its
English briefing published alone until the translation is done and the draft line removed."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..pipeline.sources import LANGUAGES
from ..problems import BriefingError, Problem, display_path

TO_WRITE = "TODO"
# The words of a briefing, by where they are: top-level keys, and each list's items' keys.
TOP = ("title", "subtitle", "audience", "summary")
ITEMS = {
    "sections": ("title", "label", "body", "notes"),
    "contacts": ("name", "note"),
    "resources": ("title",),
    "changes": ("note",),
}
LISTS_OF_WORDS = ("questions",)


def start_version(english: Path, language: str) -> Path:
    """Write `english`'s version in `language` beside it; never replaces a file."""
    target = english.with_name(f"{english.stem}.{language}{english.suffix}")
    yaml = YAML()  # round trip: keeps the English file's order, and its comments out
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(english.read_text(encoding="utf-8"))
    if not isinstance(data, CommentedMap):
        raise BriefingError(
            Problem(english, 1, 1, "the briefing could not be read; run python build.py check")
        )
    version = _to_translate(data)
    version.yaml_set_start_comment(
        f"{LANGUAGES[language]} version of {english.name}: translate each TODO from the English above it.\n"
        "A draft until it is translated: remove the status line then, and the pair is published together."
    )
    text = io.StringIO()
    yaml.dump(version, text)
    try:
        with target.open("x", encoding="utf-8") as file:
            file.write("# yaml-language-server: $schema=../schema/briefing.schema.json\n" + text.getvalue())
    except FileExistsError:
        raise BriefingError(
            Problem(target, 1, 1, f"{display_path(target)} already exists; `new` never overwrites a file")
        ) from None
    return target


def _to_translate(data: CommentedMap) -> CommentedMap:
    version = CommentedMap()
    for key, value in data.items():
        if key == "status":
            continue
        if key in TOP and isinstance(value, str):
            _blank(version, key, value)
        elif key == "review" and isinstance(value, dict):
            review = CommentedMap((name, part) for name, part in value.items() if name != "title")
            if value.get("title"):
                _blank(review, "title", value["title"], indent=2)
            version[key] = review
        elif key in ITEMS and isinstance(value, list):
            version[key] = CommentedSeq(_item(item, ITEMS[key]) for item in value)
        elif key in LISTS_OF_WORDS and isinstance(value, list):
            words = CommentedSeq()
            for index, question in enumerate(value):
                words.append(TO_WRITE)
                words.yaml_set_comment_before_after_key(index, before=_english(str(question)), indent=2)
            version[key] = words
        else:
            version[key] = value
        if key == "published" or (key == "title" and "published" not in data):
            version["status"] = "draft"
    if "status" not in version:
        version["status"] = "draft"
    return version


def _item(item: object, keys: tuple[str, ...]) -> object:
    if not isinstance(item, dict):
        return item
    copied = CommentedMap()
    for key, value in item.items():
        if key in keys and isinstance(value, str):
            _blank(copied, key, value, indent=4)
        else:
            copied[key] = value
    return copied


def _blank(into: CommentedMap, key: str, english: str, indent: int = 0) -> None:
    """`key` to be translated, with `english` above it as a comment."""
    into[key] = TO_WRITE
    into.yaml_set_comment_before_after_key(key, before=_english(english), indent=indent)


def _english(text: str) -> str:
    """The English as comment lines: its own lines, a long one wrapped."""
    lines = [wrapped for line in text.strip().splitlines() for wrapped in (textwrap.wrap(line, 90) or [""])]
    lines = lines or [""]
    return "\n".join([f"English: {lines[0]}", *(f"  {line}" for line in lines[1:])])
