"""Gather every word the kit prints itself into its message catalogue, and bring each
language's catalogue up to date with it: `make messages`.

    sevenminute/data/messages.pot       every message, from the templates and the code
    sevenminute/data/messages.<code>.po each language's translations, for a translator to fill in

Babel reads the templates with Jinja's own extractor (`_()`, `ngettext()` and `{% trans %}`),
the facilitator page's scripts for `say(message)`, and the code for `translate(language,
message)`, `translate_plural(language, singular, plural, n)` and `N_(message)`. A message new
to a language's catalogue, or whose English changed, arrives untranslated, for the translator.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sevenminute.pipeline.language import kit_catalogue  # noqa: E402
from sevenminute.pipeline.sources import LANGUAGES  # noqa: E402

TEMPLATE = ROOT / "sevenminute" / "data" / "messages.pot"
JINJA = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
SOURCES = {  # folder: (Babel's method for each kind of file, its options)
    ROOT / "templates": ([("**.html", "jinja2"), ("**.xml", "jinja2")], {"**.html": JINJA, "**.xml": JINJA}),
    ROOT / "templates" / "assets": ([("**.js", "sevenminute.pipeline.localise:extract_said")], {}),
    ROOT / "sevenminute": ([("**.py", "python")], {}),
}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "translate": (2,),
    "translate_plural": (2, 3),
    "N_": None,
    "say": None,  # the facilitator page's scripts
}


def template() -> Catalog:
    """Every message the kit prints itself, with where each is used: the templates' and the
    code's, and the national helplines' names and notes (sevenminute/data/helplines.yaml)."""
    catalog = Catalog(project="Seven-minute briefing kit", msgid_bugs_address="", fuzzy=False)
    helplines = ROOT / "sevenminute" / "data" / "helplines.yaml"
    where = str(helplines.relative_to(ROOT))
    for key, helpline in yaml.safe_load(helplines.read_text(encoding="utf-8")).items():
        for field in ("name", "note"):
            if helpline.get(field):
                catalog.add(helpline[field], None, [(where, 0)], auto_comments=[f"{key}: its {field}"])
    for folder, (methods, options) in SOURCES.items():
        for name, line, message, comments, context in extract_from_dir(
            folder, methods, options, KEYWORDS, strip_comment_tags=True
        ):
            where = (str((folder / name).relative_to(ROOT)), line)
            catalog.add(message, None, [where], auto_comments=comments, context=context)
    return catalog


def _write(path: Path, catalog: Catalog, **options) -> None:
    """Write `catalog` to `path` only when a message or translation changed, not the date it
    was made (the kit's build is remade when any of its data files changes)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, **options)
    dated = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*$', re.MULTILINE)
    old = path.read_bytes() if path.is_file() else b""
    if dated.sub(b"", old) != dated.sub(b"", buffer.getvalue()):
        path.write_bytes(buffer.getvalue())


def main() -> None:
    messages = template()
    _write(TEMPLATE, messages, omit_header=False, sort_output=False)
    print(f"{len(messages)} messages in {TEMPLATE.relative_to(ROOT)}")
    for code, name in LANGUAGES.items():
        path = kit_catalogue(code)
        if path.is_file():
            with path.open("rb") as file:
                catalog = read_po(file, locale=code)
        else:
            catalog = Catalog(locale=code, project="Seven-minute briefing kit")
        # No guessing from a similar message: a guess is used (fuzzy messages are), and its
        # places (%(name)s) may not be the new message's.
        catalog.update(messages, no_fuzzy_matching=True, update_header_comment=False)
        _write(path, catalog, ignore_obsolete=True)
        waiting = sum(1 for message in catalog if message.id and not message.string)
        fuzzy = sum(1 for message in catalog if message.id and message.fuzzy)
        print(f"{name}: {path.relative_to(ROOT)}, {waiting} to translate, {fuzzy} to review")


if __name__ == "__main__":
    main()
