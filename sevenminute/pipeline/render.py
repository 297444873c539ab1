"""Stage 4, render: Markdown and Jinja templates turn handouts into HTML pages.

Every template autoescapes. Markdown is CommonMark with raw HTML off; links keep
markdown-it's refusal of javascript:, vbscript:, file: and data: addresses, and images
become their alt text, so a page never loads anything a briefing names.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .. import __version__
from .dates import ENGLISH
from .enrich.handout import Handout
from .figure import seven_point_figure
from .kit import kit_assets, kit_templates, user_cache
from .language import HTML_LANG, N_, OG_LOCALE, OWN_NAME, translate
from .localise import (
    FACILITATOR_SCRIPTS,
    absolute_address,
    css_string,
    language_folder,
    script_messages,
    template_gettext,
    template_ngettext,
    twin_links,
)
from .model import SESSION_MINUTES
from .settings import Branding, Settings

HEADING_OFFSET = 2  # a "# heading" inside a section sits below the section's own h2


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


def markdown_tokens(text: str) -> list:
    """Author's Markdown as markdown-it tokens, read the same way as for the pages (for the
    slides and the Word file)."""
    return _markdown().parse(text)


@cache
def _compiled_templates() -> BytecodeCache | None:
    """Templates compiled once and kept in the user's cache, so a build does not compile
    them again each run (Jinja checks each against its source). None when the cache cannot
    be made: templates are then compiled as before."""
    folder = user_cache("templates")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def environment(branding: Branding | None = None, extra_template_dirs: Sequence[Path] = ()) -> Environment:
    """A Jinja environment for pages branded as `branding` says (by default, plainly);
    templates in `extra_template_dirs` override the kit's own by name."""
    branding = branding or Branding()
    loader = ChoiceLoader(
        [
            FileSystemLoader([str(path) for path in extra_template_dirs]),
            FileSystemLoader(str(kit_templates())),
        ]
    )
    env = Environment(
        loader=loader,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_compiled_templates(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown
    env.filters["css_string"] = css_string
    env.install_gettext_callables(template_gettext, template_ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        language=ENGLISH,  # a page in another language is rendered with its own
        twins=(),  # the languages the page is also published in
        library_twins=(),  # the languages the library is also published in
        absolute=absolute_address,
        twin_links=twin_links,
        language_folder=language_folder,
        html_lang=HTML_LANG,
        og_locale=OG_LOCALE,
        own_name=OWN_NAME,
        kit_version=__version__,
        site=branding.site,
        logo=branding.logo,
        has_feed=branding.has_feed,
        has_withdrawn=False,
        inline_css=Markup(branding.inline_css) if branding.inline_css else None,
        inline_js=Markup(branding.inline_js) if branding.inline_js else None,
    )
    return env


def render_handout(
    env: Environment,
    handout: Handout,
    *,
    for_print: bool = False,
    large_print: bool = False,
    pdf_size: str | None = None,
    sizes: dict[str, str] | None = None,
) -> str:
    """The handout page; `for_print` gives the version WeasyPrint prints to the PDF, and
    `large_print` the large-print handout's (the figure a numbered list, no QR code).

    The print version leaves out what only a screen uses (links to other formats, the skip
    link, the stylesheet link: the printer is handed the stylesheet already parsed) and draws
    the seven-point figure as SVG. `pdf_size` is the PDF's size as the link to it shows it;
    `sizes` the same for each file built ("pptx", "docx"), which are linked only when built.
    """
    page_path = handout.outputs.page
    site = env.globals["site"]
    # A draft's page is never published, so its paper leads nowhere: no address, no QR code.
    for_print = for_print or large_print
    online = (
        site.absolute(language_folder(handout.language) + page_path)
        if for_print and not handout.draft
        else None
    )
    own_site = site.speaks_for(handout.briefing.partnership)
    return env.get_template("handout.html").render(
        language=handout.language,
        twins=() if for_print else handout.twins,
        handout=handout,
        briefing=handout.briefing,
        root="../",
        for_print=for_print,
        large_print=large_print,
        figure=seven_point_figure(handout) if for_print and not large_print else None,
        pdf_name=handout.outputs.name("pdf"),
        page_path=page_path,
        pdf_size=pdf_size,
        sizes=sizes or {},
        qr=qr_code(online) if online and not large_print else None,
        online_url=online,
        own_site=own_site,
        contacts=[*handout.briefing.contacts, *(site.contacts if own_site else ()), *handout.helplines],
    )


def qr_code(url: str) -> Markup:
    """A QR code for `url` as inline SVG (segno: drawn here, nothing fetched), labelled for
    screen readers, so a printed handout still leads to its web page."""
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True, svgclass="qr-code")
    label = escape(f"QR code: the address of this briefing's web page, {url}")
    # The title is what a PDF reader says for the figure (its /Alt); the label, a browser.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return Markup(re.sub(r"(<svg[^>]*>)", lambda m: f"{m.group(1)}<title>{label}</title>", svg, count=1))


SESSION_SECONDS = SESSION_MINUTES * 60
FONT_FILES = (("AtkinsonHyperlegible-Regular.ttf", 400), ("AtkinsonHyperlegible-Bold.ttf", 700))


def font_file(name: str) -> Path:
    """One of the typeface's files, as installed with the kit."""
    return atkinson.ROOT / "files" / name


@cache
def font_data_url(name: str) -> str:
    """One of the typeface's files as a data: URL, for a page that carries its own fonts: the
    one place the kit inlines a font."""
    return "data:font/ttf;base64," + base64.b64encode(font_file(name).read_bytes()).decode("ascii")


def render_facilitator(env: Environment, handout: Handout) -> str:
    """The facilitator page: one self-contained file with its CSS, JavaScript and fonts inlined,
    and a Content-Security-Policy that allows nothing but them."""
    total = sum(section.words for section in handout.sections) or 1
    sections = [
        {
            "number": section.number,
            "title": section.title,
            "body": section.body,
            "notes": section.notes,
            "target": round(SESSION_SECONDS * section.words / total, 1),
        }
        for section in handout.sections
    ]
    style, script = _facilitator_assets()
    site = env.globals["site"]
    colours = site.colours
    style += f":root {{ --brand: {colours.brand}; --brand-tint: {colours.tint}; }}\n"
    briefing = handout.briefing
    data = {
        "slug": handout.slug,
        "title": briefing.title,
        "partnership": briefing.partnership,
        "published": briefing.published.iso,
        "content_hash": content_hash(handout),
        "session_seconds": SESSION_SECONDS,
        "kit_version": __version__,
        "sections": [{key: s[key] for key in ("number", "title", "target")} for s in sections],
        "after_export": after_export(site, handout.language),
        "words": {message: translate(handout.language, message) for message in script_messages()},
    }
    endpoint = site.records_endpoint
    if endpoint:  # the hub's intake: only then does the page reach the network, and only there
        data["send"] = endpoint
    return env.get_template("facilitate.html").render(
        language=handout.language,
        twins=handout.twins,
        root="../",
        page_path=handout.outputs.facilitator,
        handout=handout,
        briefing=briefing,
        sections=sections,
        data=data,
        style=Markup(style),
        script=Markup(script),
        send_record=translate(handout.language, SEND_RECORD, to=site.records_go_to_in(handout.language)),
        style_hash=_csp_hash(style),
        script_hash=_csp_hash(script),
        connect_src=Markup(_origin(endpoint) if endpoint else "'none'"),
        for_print=False,
    )


# One file to send, so a team never wonders which: the JSON, the kit's session record format
# (schema/session-record.schema.json); the CSV is for the team's own spreadsheet.
SEND_RECORD = N_("When you have finished, Export JSON and send that one file %(to)s.")


def after_export(site: Settings, language: str = ENGLISH) -> dict[str, str]:
    """What the page says after each export: which file to send, where and how."""
    to = site.records_go_to_in(language)
    return {
        "json": translate(
            language,
            "Exported. Send this JSON file, and only this one, %(to)s. Keep a copy with your team's records.",
            to=to,
        ),
        "csv": translate(
            language,
            "Exported the CSV file, for your team's own spreadsheet. For the partnership, Export JSON and "
            "send that one file %(to)s.",
            to=to,
        ),
    }


def content_hash(handout: Handout) -> str:
    """A short fingerprint of the briefing's content, so a record names the version it used."""
    text = handout.briefing.model_dump_json()
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _origin(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@cache
def _facilitator_assets() -> tuple[str, str]:
    """The page's stylesheet (with the fonts as data URLs) and script, read once a process."""
    assets = kit_assets()
    faces = ""
    for name, weight in FONT_FILES:
        faces += (
            f'@font-face {{ font-family: "Atkinson Hyperlegible"; font-weight: {weight}; font-style: normal; '
            f'src: url({font_data_url(name)}) format("truetype"); }}\n'
        )
    style = faces + (assets / "facilitate.css").read_text(encoding="utf-8")
    # The session clock and the record, each a script of its own, inlined as one.
    script = "\n".join((assets / name).read_text(encoding="utf-8") for name in FACILITATOR_SCRIPTS)
    if "</" in script or "</" in style:  # would end the inline element early
        raise ValueError("inline assets must not contain '</'")
    return style, script
