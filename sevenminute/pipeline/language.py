"""The kit's own words in a briefing's language: gettext catalogues read with Babel (dates in
a language's own month names are `dates.format_day`'s).

English is the language the kit is written in, so it needs no catalogue. Every other language
has `sevenminute/data/messages.<code>.po`, made from the kit's templates and code by
`make messages` (Babel's extraction). A partnership may supply its own reviewed catalogue as
`locale/<code>.po` in its project; its messages take the place of the kit's.

A message the kit's translator has not had reviewed is marked fuzzy, as gettext marks it; it is
still used (a Welsh page with a word to review is better than a Welsh page in English);
`make messages` says how many are waiting for review. A translation that names a place
(%(name)s) its message does not have, or has a stray %, is left out when a catalogue is read,
so the English is printed in its place: for the templates (whose `_()` Jinja fills in) and the
code alike.
"""

from __future__ import annotations

import gettext as gettext_module
import io
import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .dates import ENGLISH
from .kit import kit_data

# The language of each page's `lang`, its PDF and its Open Graph locale.
HTML_LANG = {"en": "en-GB", "cy": "cy"}
OG_LOCALE = {"en": "en_GB", "cy": "cy_GB"}
# A language's name in its own words, for the switch between versions ("Cymraeg", "English").
OWN_NAME = {"en": "English", "cy": "Cymraeg"}
PLACE = re.compile(r"%\((\w+)\)s")  # a message's place for a value: %(name)s
PROJECT_CATALOGUES = Path("locale")  # in the project: a partnership's own reviewed catalogues


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for it)
    """Marks `message` for the catalogue where it is written (a table of names, say); it is
    translated where it is used."""
    return message


def kit_catalogue(language: str) -> Path:
    return kit_data(f"messages.{language}.po")


def read_catalogue(path: Path, language: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language)


def project_catalogue(language: str) -> Path | None:
    """A partnership's own catalogue for `language`, when its project has one."""
    path = PROJECT_CATALOGUES / f"{language}.po"
    return path if path.is_file() else None


def translations(language: str) -> gettext_module.NullTranslations:
    """The kit's words in `language`, the partnership's own catalogue before the kit's."""
    if language == ENGLISH:
        return gettext_module.NullTranslations()
    own = project_catalogue(language)
    stamp = own.stat().st_mtime_ns if own else None
    return _translations(language, own.resolve() if own else None, stamp)


@cache
def _translations(language: str, own: Path | None, _stamp: int | None) -> Translations:
    kit = _compiled(read_catalogue(kit_catalogue(language), language))
    if own is None:
        return kit
    theirs = _compiled(read_catalogue(own, language))
    theirs.add_fallback(kit)
    return theirs


def _compiled(catalog: Catalog) -> Translations:
    """A catalogue as gettext reads it, fuzzy messages included, and translations that could
    not be filled in left out (see the module's note)."""
    for message in catalog:
        if message.id and not _fillable(message):
            message.string = ("",) * len(message.string) if isinstance(message.id, tuple) else ""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=True)
    buffer.seek(0)
    return Translations(buffer)


def _fillable(message) -> bool:  # noqa: ANN001 (a Babel Message)
    """Whether each translation of `message` can be filled in with its message's places."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    places = {name: "" for name in PLACE.findall(ids[-1])} | {"num": ""}
    try:
        for text in strings:
            _ = text % places
    except (KeyError, ValueError, TypeError):
        return False
    return True


def translate(language: str, message: str, **values: object) -> str:
    """`message` in `language`, with `values` put in its %(name)s places."""
    text = translations(language).gettext(message)
    return text % values if values else text


def translate_plural(language: str, singular: str, plural: str, number: int, **values: object) -> str:
    """`singular` or `plural` in `language`, as `number` needs, with it in %(num)s."""
    return translations(language).ngettext(singular, plural, number) % {"num": number, **values}
