"""The library: the page listing every briefing, a page per theme, and (with the site's
address) the Atom feed and sitemap."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..pipeline.language import translate, translate_plural
from ..pipeline.localise import language_folder
from ..pipeline.sources import Outputs
from .cards import Card, ThemeCount
from .incremental import digest
from .output import read_register, write_if_changed

if TYPE_CHECKING:
    from jinja2 import Environment


WITHDRAWN_PAGE = "withdrawn.html"


def publish_library(
    env: Environment,
    cards: list[Card],
    out: Path,
    *,
    drafts: bool = False,
    salt: str = "",
    before: dict[str, str] | None = None,
) -> dict[str, str]:
    """The library page, a page per theme, the withdrawals page and (with a base URL) the
    feed and sitemap. Only published briefings are listed or fed; with `drafts`, the library
    page lists drafts too, apart. Returns each file written, relative to `out`, with a digest
    of what it was made from (and `salt`: the kit and the site's settings). A page whose digest
    is in `before` and whose file is there is not made again: an edit to one briefing
    re-renders only the pages that list it."""
    published = [card for card in cards if card.status == "published"]
    withdrawn = sorted(
        (card for card in cards if card.status == "withdrawn"),
        key=lambda card: (card.withdrawn_on or "", card.title),
        reverse=True,
    )
    draft_cards = [card for card in cards if card.status == "draft"] if drafts else []
    counts: dict[str, ThemeCount] = {}
    for card in published:
        for theme in card.themes:
            before_count = counts.get(theme.key, ThemeCount(theme.key, theme.name, 0))
            counts[theme.key] = ThemeCount(theme.key, theme.name, before_count.count + 1)
    themes = sorted(counts.values(), key=lambda t: t.name.lower())
    env.globals["has_withdrawn"] = bool(withdrawn)
    shared = [salt, [[t.key, t.name, t.count] for t in themes], bool(withdrawn), env.globals["has_feed"]]
    pages: dict[str, tuple[list, Callable[[], str]]] = {
        "index.html": (
            [published, draft_cards],
            lambda: render_index(env, published, themes, drafts=_newest_first(draft_cards)),
        )
    }
    for theme in themes:
        listed = [card for card in published if theme.key in card.theme_keys]
        pages[f"themes/{theme.key}.html"] = (
            [listed, theme.key],
            lambda theme=theme: render_index(env, published, themes, theme),
        )
    if withdrawn:
        pages[WITHDRAWN_PAGE] = ([withdrawn], lambda: render_withdrawn(env, withdrawn))
    if env.globals["has_feed"]:
        pages["feed.xml"] = ([published], lambda: render_feed(env, published))
        pages["sitemap.xml"] = (
            [published, withdrawn],
            lambda: render_sitemap(
                env, _site_pages(themes, published, withdrawn, env.globals["library_twins"])
            ),
        )
    made = {path.resolve() for path in read_register(out)}
    for name in ("feed.xml", "sitemap.xml", WITHDRAWN_PAGE):  # no longer wanted
        if name not in pages and (out / name).resolve() in made:
            (out / name).unlink(missing_ok=True)
    themes_dir = out / "themes"
    if themes_dir.is_dir():  # a theme no briefing has any more
        for page in themes_dir.glob("*.html"):
            if f"themes/{page.name}" not in pages and page.resolve() in made:
                page.unlink()
    before = before or {}
    said = {card.slug: json.dumps(card.to_json(), sort_keys=True) for card in cards}  # once a card
    common = json.dumps(shared, sort_keys=True)
    written = {}
    for path, (inputs, render) in pages.items():
        parts = [common, path] + [
            "\n".join(said[card.slug] for card in item) if isinstance(item, list) else str(item)
            for item in inputs
        ]
        key = digest("\0".join(parts))
        if before.get(path) != key or not (out / path).is_file():
            write_if_changed(out / path, render().encode())
        written[path] = key
    return written


def _site_pages(
    themes: Sequence[ThemeCount], published: Sequence[Card], withdrawn: Sequence[Card], twins: Sequence[str]
):
    """Each page of the library for the sitemap: its path, when it last changed (or None), and
    the languages it is also published in."""
    pages = [("index.html", None, tuple(twins))] + [(f"themes/{t.key}.html", None, ()) for t in themes]
    if withdrawn:
        pages.append((WITHDRAWN_PAGE, max(card.withdrawn_on or "" for card in withdrawn) or None, ()))
    for card in published:
        outputs = Outputs(card.slug)
        pages += [
            (outputs.page, card.last_modified, card.twins),
            (outputs.facilitator, card.last_modified, ()),
        ]
    return pages


def old_addresses(card: Card) -> list[str]:
    """Where a withdrawn briefing used to be, for a web host told to answer "gone" (410)."""
    return Outputs(card.slug).every


def render_withdrawn(env: Environment, cards: Sequence[Card]) -> str:
    """The withdrawals page: each withdrawn briefing's name, date and reason, and its old
    addresses; none of its content."""
    site, language = env.globals["site"], env.globals["language"]
    entries = [
        {
            "card": card,
            "addresses": [
                site.absolute(language_folder(language) + path) or path for path in old_addresses(card)
            ],
        }
        for card in cards
    ]
    return env.get_template("withdrawn.html").render(
        entries=entries,
        heading=translate(language, "Withdrawn briefings"),
        description=translate(
            language,
            "Briefings that have been taken down, when and why. Their content is no longer published.",
        ),
        page_path=WITHDRAWN_PAGE,
        root="",
        switch_twins=env.globals["library_twins"],
        switch_path="index.html",
        for_print=False,
    )


def render_index(
    env: Environment,
    cards: Sequence[Card],
    themes: Sequence[ThemeCount],
    theme: ThemeCount | None = None,
    *,
    drafts: Sequence[Card] = (),
) -> str:
    """The library page (or, with `theme`, the page for one theme), newest first; `drafts`
    are listed apart, on a library built for review."""
    site, language = env.globals["site"], env.globals["language"]
    ordered = _newest_first(cards)
    if theme is None:
        heading = site.library_title_in(language)
        description = translate(
            language,
            "Short learning briefings for a team to read together in about seven minutes, then discuss.",
        )
        page_path, root = "index.html", ""
    else:
        heading = translate(language, "Briefings on %(theme)s", theme=theme.name.lower())
        description = translate_plural(
            language,
            "%(num)s seven-minute briefing on this theme.",
            "%(num)s seven-minute briefings on this theme.",
            theme.count,
        )
        page_path, root = f"themes/{theme.key}.html", "../"
    return env.get_template("index.html").render(
        cards=[card for card in ordered if theme is None or theme.key in card.theme_keys],
        drafts=drafts,
        themes=themes,
        theme=theme,
        heading=heading,
        description=description,
        page_path=page_path,
        root=root,
        twins=env.globals["library_twins"] if theme is None else (),
        switch_twins=env.globals["library_twins"],
        switch_path="index.html",
        for_print=False,
    )


def _newest_first(cards: Sequence[Card]) -> list[Card]:
    """Newest first ("2022-06" before "2022", which may be any month of it), then by title."""
    by_title = sorted(cards, key=lambda c: c.title.lower())
    return sorted(by_title, key=lambda c: c.published_iso, reverse=True)


def render_feed(env: Environment, cards: Sequence[Card]) -> str:
    """The Atom feed, the most recently changed entry first (the order of `updated`, which a
    briefing with no stated date takes from its source file, not from the review)."""
    ordered = sorted(_newest_first(cards), key=lambda card: card.updated_stamp, reverse=True)
    updated = max((card.updated_stamp for card in ordered), default="2000-01-01T00:00:00Z")
    return env.get_template("feed.xml").render(cards=ordered, updated=updated)


def render_sitemap(env: Environment, pages: Sequence[tuple[str, str | None]]) -> str:
    return env.get_template("sitemap.xml").render(pages=pages)
