"""A page's language in the templates: their `_()` in the language of the page being rendered,
the addresses of the same page in the other languages (hreflang and the Cymraeg / English
switch), and the words the facilitator page's scripts say, read from the scripts.

The render stage gives these to every template; `make messages` reads the scripts with
`extract_said`, as the build does."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .dates import ENGLISH
from .kit import kit_assets
from .language import HTML_LANG, OWN_NAME, translations

FACILITATOR_SCRIPTS = ("facilitate.js", "facilitate-record.js")  # in the assets, inlined in this order


@pass_context
def template_gettext(context: Context, message: str) -> str:
    """A template's `_()`: the message in the language of the page being rendered."""
    return translations(context["language"]).gettext(message)


@pass_context
def template_ngettext(context: Context, singular: str, plural: str, number: int) -> str:
    return translations(context["language"]).ngettext(singular, plural, number)


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string, safe inside a <style> element (a page footer's words)."""
    plain = re.sub(r"[\x00-\x1f<>]", "", str(text)).replace("\\", "\\\\").replace('"', '\\"')
    return Markup(f'"{plain}"')


def language_folder(language: str) -> str:
    """Where a language's library is, in the output folder: English at the top, Welsh in cy/."""
    return "" if language == ENGLISH else f"{language}/"


@pass_context
def absolute_address(context: Context, path: str) -> str | None:
    """`path`, in the library of the page's language, as an absolute address (None when the
    site's address is not known)."""
    return context["site"].absolute(language_folder(context["language"]) + path)


@pass_context
def twin_links(
    context: Context, path: str, twins: Sequence[str] | None = None, root: str | None = None
) -> list[dict]:
    """The page at `path` in each language it is published in (`twins`: by default, the page's),
    Welsh before English (as the Welsh Language Standards ask of bilingual items): its code,
    `hreflang`, name in its own words, address from this page (at `root` from its library, by
    default the page's), and absolute address."""
    here, site = context["language"], context["site"]
    twins = context["twins"] if twins is None else twins
    root = context["root"] if root is None else root
    top = root + ("" if here == ENGLISH else "../")  # the English library's folder
    if not twins:
        return []
    return [
        {
            "language": code,
            "hreflang": HTML_LANG[code],
            "name": OWN_NAME[code],
            "here": code == here,
            "href": top + language_folder(code) + path,
            "absolute": site.absolute(language_folder(code) + path),
        }
        for code in sorted((here, *twins), key=lambda code: code == ENGLISH)  # Welsh read first
    ]


SAID = re.compile(r'\bsay\(\s*"((?:[^"\\\n]|\\.)*)"')  # a script's say("..."): its message


def said(text: str) -> list[tuple[int, str]]:
    """Each message a script of the facilitator page says, say("..."), with its line. (Babel's
    own JavaScript reader loses its place at the record's regular expressions.)"""
    return [
        (text.count("\n", 0, found.start()) + 1, json.loads(f'"{found[1]}"')) for found in SAID.finditer(text)
    ]


def extract_said(fileobj, keywords, comment_tags, options):  # noqa: ANN001 (Babel's extraction method)
    """Babel's extraction method for the facilitator page's scripts, for `make messages`."""
    for line, message in said(fileobj.read().decode("utf-8")):
        yield line, "say", message, []


@cache
def script_messages() -> tuple[str, ...]:
    """The messages the facilitator page's scripts say, as `make messages` gathers them."""
    found = [
        message
        for name in FACILITATOR_SCRIPTS
        for _, message in said((kit_assets() / name).read_text("utf-8"))
    ]
    return tuple(dict.fromkeys(found))
