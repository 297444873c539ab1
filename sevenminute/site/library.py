"""The library: the page listing every briefing, a page per theme, and (with the site's
address) the Atom feed and sitemap."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .cards import Card, ThemeCount
from .handouts import FACILITATOR_PAGE
from .output import write_if_changed

if TYPE_CHECKING:
    from jinja2 import Environment


def publish_library(env: Environment, cards: list[Card], out: Path) -> list[str]:
    """The library page, a page per theme, and (with a base URL) the feed and sitemap.
    Returns the files written, relative to `out`."""
    counts: dict[str, ThemeCount] = {}
    for card in cards:
        for theme in card.themes:
            before = counts.get(theme.key, ThemeCount(theme.key, theme.name, 0))
            counts[theme.key] = ThemeCount(theme.key, theme.name, before.count + 1)
    themes = sorted(counts.values(), key=lambda t: t.name.lower())
    written = {"index.html": render_index(env, cards, themes)}
    for theme in themes:
        written[f"themes/{theme.key}.html"] = render_index(env, cards, themes, theme)
    if env.globals["has_feed"]:
        written["feed.xml"] = render_feed(env, cards)
        pages = [("index.html", None)] + [(f"themes/{t.key}.html", None) for t in themes]
        for card in cards:
            pages += [(f"{card.slug}/index.html", card.published_iso)]
            pages += [(f"{card.slug}/{FACILITATOR_PAGE}", card.published_iso)]
        written["sitemap.xml"] = render_sitemap(env, pages)
    themes_dir = out / "themes"
    if themes_dir.is_dir():  # a theme no briefing has any more
        for page in themes_dir.glob("*.html"):
            if f"themes/{page.name}" not in written:
                page.unlink()
    for path, text in written.items():
        write_if_changed(out / path, text.encode())
    return sorted(written)


def render_index(
    env: Environment, cards: Sequence[Card], themes: Sequence[ThemeCount], theme: ThemeCount | None = None
) -> str:
    """The library page (or, with `theme`, the page for one theme), newest first."""
    site = env.globals["site"]
    ordered = _newest_first(cards)
    if theme is None:
        heading = site.library_title
        description = (
            "Short learning briefings for a team to read together in about seven minutes, then discuss."
        )
        page_path, root = "index.html", ""
    else:
        heading = f"Briefings on {theme.name.lower()}"
        description = f"{theme.count} seven-minute briefing{'s' if theme.count != 1 else ''} on this theme."
        page_path, root = f"themes/{theme.key}.html", "../"
    return env.get_template("index.html").render(
        cards=[card for card in ordered if theme is None or theme.key in card.theme_keys],
        themes=themes,
        theme=theme,
        heading=heading,
        description=description,
        page_path=page_path,
        root=root,
        for_print=False,
    )


def _newest_first(cards: Sequence[Card]) -> list[Card]:
    return sorted(cards, key=lambda c: (c.published_iso, c.title), reverse=True)


def render_feed(env: Environment, cards: Sequence[Card]) -> str:
    ordered = _newest_first(cards)
    newest = ordered[0].published_iso if ordered else "2000-01-01"
    return env.get_template("feed.xml").render(cards=ordered, updated=f"{newest}T00:00:00Z")


def render_sitemap(env: Environment, pages: Sequence[tuple[str, str | None]]) -> str:
    return env.get_template("sitemap.xml").render(pages=pages)
