"""Stage 4, render: Markdown and Jinja templates turn handouts into HTML pages.

Every template autoescapes. Markdown is CommonMark with raw HTML off; links keep
markdown-it's refusal of javascript:, vbscript:, file: and data: addresses, and images
become their alt text, so a page never loads anything a briefing names.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from . import __version__
from .enrich import Handout
from .figure import seven_point_figure

HEADING_OFFSET = 2  # a "# heading" inside a section sits below the section's own h2


def kit_templates() -> Path:
    """The kit's own templates folder (the project's `templates/`, installed with the package)."""
    return Path(str(importlib.resources.files("sevenminute.templates")))


def kit_assets() -> Path:
    return kit_templates() / "assets"


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["replacements", "smartquotes"])

    def heading_open(renderer, tokens, index, options, env):
        token = tokens[index]
        level = min(int(token.tag[1]) + HEADING_OFFSET, 6)
        return f"<h{level}>"

    def heading_close(renderer, tokens, index, options, env):
        level = min(int(tokens[index].tag[1]) + HEADING_OFFSET, 6)
        return f"</h{level}>\n"

    def image(renderer, tokens, index, options, env):
        alt = "".join(child.content for child in tokens[index].children or [])
        return f'<span class="image-alt">[{escape(alt or "image")}]</span>'

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    md.add_render_rule("image", image)
    return md


def markdown(text: str) -> Markup:
    """Author's Markdown as safe HTML."""
    return Markup(_markdown().render(text))


def environment(extra_template_dirs: Sequence[Path] = ()) -> Environment:
    """A Jinja environment; templates in `extra_template_dirs` override the kit's own by name."""
    loader = ChoiceLoader(
        [
            FileSystemLoader([str(path) for path in extra_template_dirs]),
            FileSystemLoader(str(kit_templates())),
        ]
    )
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown
    env.globals["kit_version"] = __version__
    return env


def render_handout(
    env: Environment, handout: Handout, *, for_print: bool = False, pdf_size: int | None = None
) -> str:
    """The handout page; `for_print` gives the version WeasyPrint prints to the PDF.

    The print version leaves out what only a screen uses (links to other formats, the skip
    link, the stylesheet link: the printer is handed the stylesheet already parsed) and draws
    the seven-point figure as SVG.
    """
    return env.get_template("handout.html").render(
        handout=handout,
        briefing=handout.briefing,
        root="../",
        for_print=for_print,
        figure=seven_point_figure(handout) if for_print else None,
        pdf_name=f"{handout.slug}.pdf",
        pdf_size=_size(pdf_size) if pdf_size else None,
    )


def render_index(env: Environment, handouts: Sequence[Handout]) -> str:
    """The library page listing every briefing, newest first."""
    ordered = sorted(handouts, key=lambda h: (h.briefing.published, h.briefing.title), reverse=True)
    return env.get_template("index.html").render(handouts=ordered, root="", for_print=False)


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"
