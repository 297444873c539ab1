"""A section's Markdown as plain blocks of styled text, the shape both office files are written
from: paragraphs, list items (with their depth and number) and headings, each a run of words that
are bold, italic or a link."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from ..enrich.handout import Handout
from ..language import translate
from ..model import Contact
from ..render import markdown_tokens
from ..settings import Settings


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph", "bullet", "number" or "heading"
    runs: tuple[Run, ...]
    level: int = 0  # depth of a list item (0 the outermost), or a heading's level (1 the biggest)
    number: int | None = None  # a numbered item's number

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    def with_runs(self, runs: tuple[Run, ...]) -> Block:
        return replace(self, runs=runs)


def blocks(markdown: str) -> list[Block]:
    """The blocks of an author's Markdown, in order. Images become their alternative text in
    brackets, as on the web page; code and quotes become plain paragraphs."""
    result: list[Block] = []
    lists: list[list] = []  # open lists, innermost last: [kind, next number]
    heading = 0
    item_start = False  # the next text opens a list item (a second paragraph in one does not)
    for token in markdown_tokens(markdown):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            ordered = token.type == "ordered_list_open"
            lists.append(["number" if ordered else "bullet", int(token.attrGet("start") or 1)])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            item_start = True
        elif token.type == "heading_open":
            heading = int(token.tag[1])
        elif token.type == "heading_close":
            heading = 0
        elif token.type == "inline":
            runs = _runs(token.children or [])
            if not runs:
                continue
            if heading:
                result.append(Block("heading", runs, heading))
            elif lists and item_start:
                item_start = False
                kind, number = lists[-1]
                result.append(Block(kind, runs, len(lists) - 1, number if kind == "number" else None))
                lists[-1][1] += 1
            else:
                result.append(Block("paragraph", runs, len(lists)))
        elif token.type in ("code_block", "fence"):
            result.append(Block("paragraph", (Run(token.content.strip()),)))
    return result


def _runs(children) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = 0
    url: str | None = None
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            url = child.attrGet("href")
        elif kind == "link_close":
            url = None
        elif kind in ("text", "code_inline"):
            runs.append(Run(child.content, bold > 0, italic > 0, url))
        elif kind == "softbreak":
            runs.append(Run(" ", bold > 0, italic > 0, url))
        elif kind == "hardbreak":
            runs.append(Run("\n", bold > 0, italic > 0, url))
        elif kind == "image":
            alt = "".join(grandchild.content for grandchild in child.children or [])
            runs.append(Run(f"[{alt or 'image'}]", bold > 0, italic > 0))
    return tuple(_merged(runs))


def _merged(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].url) == (run.bold, run.italic, run.url):
            merged[-1] = replace(merged[-1], text=merged[-1].text + run.text)
        elif run.text:
            merged.append(run)
    return merged


def plain(markdown: str) -> str:
    """Markdown as plain text, a line a block, list items marked as a speaker would read them."""
    lines = []
    for block in blocks(markdown):
        indent = "  " * block.level
        if block.kind == "bullet":
            lines.append(f"{indent}• {block.text}")
        elif block.kind == "number":
            lines.append(f"{indent}{block.number}. {block.text}")
        else:
            lines.append(block.text)
    return "\n".join(lines)


def contacts(handout: Handout, settings: Settings) -> list[Contact]:
    """The contacts under "Get advice": the briefing's own, then the partnership's when the
    settings speak for the partnership that wrote it, then the national helplines it names (as
    on the web page)."""
    own = settings.speaks_for(handout.briefing.partnership)
    return [*handout.briefing.contacts, *(settings.contacts if own else ()), *handout.helplines]


def contact_runs(contact: Contact) -> tuple[Run, ...]:
    """A contact as one line: its name in bold, then its number, address and note."""
    runs = [Run(contact.name, bold=True)]
    if contact.phone:
        runs.append(Run(f": {contact.phone}"))
    if contact.url:
        runs += [Run(" · " if contact.phone else ": "), Run(str(contact.url), url=str(contact.url))]
    if contact.note:
        runs.append(Run(f" ({contact.note})"))
    return tuple(runs)


def review_runs(handout: Handout) -> tuple[Run, ...]:
    """The full review: its title, then its address, or who to ask when it has none."""
    review, language = handout.briefing.review, handout.language
    name = review.title or handout.review_kind
    if review.url:
        return (
            Run(translate(language, "Full review:") + " "),
            Run(name, bold=True),
            Run(" "),
            Run(str(review.url), url=str(review.url)),
        )
    return (
        Run(translate(language, "Full review:") + " "),
        Run(name, bold=True),
        Run(translate(language, ", from %(partnership)s", partnership=handout.briefing.partnership)),
    )


def resource_runs(handout: Handout) -> list[tuple[Run, ...]]:
    """Each resource with its address written out, so it can be read on a slide or on paper."""
    lines = []
    for resource in handout.briefing.resources:
        if resource.url:
            lines.append((Run(resource.title), Run(" "), Run(str(resource.url), url=str(resource.url))))
        else:
            lines.append((Run(resource.title),))
    return lines


def dated(handout: Handout) -> datetime.datetime:
    """When the briefing last changed, as the files' own dates: the same source, the same file."""
    briefing = handout.briefing
    if briefing.last_updated:
        day = briefing.last_updated
    else:
        year, month, date = (briefing.published.iso.split("-") + ["1", "1"])[:3]
        day = datetime.date(int(year), int(month), int(date))
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


OFFICE_LANGUAGES = {"en": "en-GB", "cy": "cy-GB"}  # each language as Office marks text in it
PROPERTY_CHARACTERS = 255  # the most Office's document properties hold


def describe(properties, handout: Handout) -> None:  # noqa: ANN001 (python-pptx's or python-docx's)
    """The file's document properties (title, author, subject...), each within Office's limit."""

    def fit(text: str) -> str:
        return text if len(text) <= PROPERTY_CHARACTERS else text[: PROPERTY_CHARACTERS - 1].rstrip() + "…"

    briefing = handout.briefing
    language = handout.language
    properties.title = fit(translate(language, "%(title)s: seven-minute briefing", title=briefing.title))
    properties.author = properties.last_modified_by = fit(briefing.partnership)
    properties.subject = fit(" ".join(briefing.summary.split()))
    properties.language = OFFICE_LANGUAGES[language]
    properties.keywords = (
        f"{translate(language, 'seven-minute briefing')}; {translate(language, 'safeguarding')}"
    )
    properties.created = properties.modified = dated(handout)
