"""Stage 5, print: WeasyPrint turns a handout page into a tagged A4 PDF.

WeasyPrint fetches every URL a document names unless told otherwise. Our fetcher serves
only files inside the folders it is given (the kit's assets) and refuses everything
else, `file://` elsewhere and every network address included, recording what it refused.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

# WeasyPrint reports refused or broken resources through logging; we report them ourselves.
logging.getLogger("weasyprint").addHandler(logging.NullHandler())
logging.getLogger("weasyprint").propagate = False

PDF_VARIANT = "pdf/ua-1"  # tagged for screen readers, with title and language in the metadata


class AssetFetcher(URLFetcher):
    """Serves files inside `allowed` folders; refuses and records every other URL."""

    def __init__(self, allowed: Sequence[Path]):
        super().__init__(timeout=2, allowed_protocols={"file"}, allow_redirects=False)
        self.allowed = [root.resolve() for root in allowed]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.allowed):
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"the kit does not fetch {url}")


@dataclass
class PrintedPDF:
    data: bytes
    pages: int
    refused: list[str] = field(default_factory=list)


class _Warm:
    """What a process keeps between PDFs: fonts, and stylesheets parsed once (with their fonts)."""

    fonts: FontConfiguration | None = None
    stylesheets: dict[tuple[Path, int, int], CSS] = {}

    @classmethod
    def stylesheet(cls, path: Path, fetcher: AssetFetcher) -> CSS:
        if cls.fonts is None:
            cls.fonts = FontConfiguration()
        stat = path.stat()
        key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
        if key not in cls.stylesheets:
            cls.stylesheets[key] = CSS(filename=str(path), url_fetcher=fetcher, font_config=cls.fonts)
        return cls.stylesheets[key]


def warm(stylesheets: Sequence[Path]) -> None:
    """Parse `stylesheets` (and load their fonts) now, so the first PDF does not wait for them."""
    fetcher = AssetFetcher([path.parent for path in stylesheets])
    for path in stylesheets:
        _Warm.stylesheet(path, fetcher)


@dataclass
class LaidOut:
    """A handout laid out in pages, not yet written as a PDF: enough to count its pages."""

    document: object  # weasyprint.Document
    refused: list[str]

    @property
    def pages(self) -> int:
        return len(self.document.pages)

    def printed(self) -> PrintedPDF:
        with _collector_paused():
            data = self.document.write_pdf(pdf_variant=PDF_VARIANT, finisher=header_scopes)
        return PrintedPDF(data, self.pages, self.refused)


def header_scopes(document, pdf) -> None:
    """Give each table header cell its /Scope, as PDF/UA asks (WeasyPrint tags a /TH but not
    whom it heads): a header in the table's head heads its column, any other heads its row.
    A WeasyPrint finisher: it edits the PDF's objects before they are written."""
    import pydyf

    def element(item):
        if isinstance(item, bytes) and item.endswith(b" 0 R"):
            item = pdf.objects[int(item.split()[0])]
        return item if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/StructElem" else None

    def mark(item, scope: str | None) -> None:
        node = element(item)
        if node is None:
            return
        kind = node.get("S")
        if kind == "/THead":
            scope = "/Column"
        elif kind == "/TH":
            attributes = node.get("A")
            if not isinstance(attributes, dict):
                attributes = node["A"] = pydyf.Dictionary({"O": "/Table"})
            attributes["Scope"] = scope or "/Row"
        children = node.get("K")
        for child in children if isinstance(children, list) else [children]:
            mark(child, scope)

    root = pdf.catalog.get("StructTreeRoot")
    if isinstance(root, bytes):
        root = pdf.objects[int(root.split()[0])]
    if isinstance(root, dict):
        children = root.get("K")
        for child in children if isinstance(children, list) else [children]:
            mark(child, None)


def lay_out(html: str, page_url: Path, allowed: Sequence[Path], stylesheets: Sequence[Path] = ()) -> LaidOut:
    """Lay out `html`, as if it were the file at `page_url`, with `stylesheets`, in pages."""
    fetcher = AssetFetcher(allowed)
    sheets = [_Warm.stylesheet(path, fetcher) for path in stylesheets]
    with _collector_paused():
        document = HTML(string=html, base_url=page_url.resolve().as_uri(), url_fetcher=fetcher)
        rendered = document.render(stylesheets=sheets, pdf_variant=PDF_VARIANT, font_config=_Warm.fonts)
    return LaidOut(rendered, fetcher.refused)


def print_together(
    pages: Sequence[tuple[str, str]],
    page_url: Path,
    allowed: Sequence[Path],
    stylesheets: Sequence[Path] = (),
) -> bytes:
    """Several pages, each (its HTML, its language), laid out on its own and printed one after
    another in one PDF, which takes its language and title from the first; what each of the
    others says is marked as in its own language, for a screen reader to speak it so."""
    laid = [lay_out(html, page_url, allowed, stylesheets) for html, _ in pages]
    first = laid[0].document
    together = first.copy([sheet for part in laid for sheet in part.document.pages])
    spoken = [language for (_, language), part in zip(pages, laid, strict=True) for _ in part.document.pages]

    def finish(document, pdf) -> None:
        header_scopes(document, pdf)
        in_languages(pdf, spoken)

    with _collector_paused():
        return together.write_pdf(pdf_variant=PDF_VARIANT, finisher=finish)


def in_languages(pdf, spoken: Sequence[str]) -> None:
    """Mark each part of the PDF's structure with the language of the page it is on (`spoken`,
    a language a page), where that is not the document's own (WeasyPrint gives one language for
    the whole document). Each part of the document's element names its page (/Pg)."""
    import pydyf

    def number(reference) -> int | None:  # an object's number, from a reference b"12 0 R"
        return int(reference.split()[0]) if isinstance(reference, bytes | str) else None

    kids = pdf.pages["Kids"]  # pydyf keeps each page as three items: its number, 0, R
    pages = {kids[at]: page for page, at in enumerate(range(0, len(kids), 3))}

    def node(item):
        return pdf.objects[number(item)] if number(item) is not None else item

    def children(item) -> list:
        kids = node(item).get("K") if isinstance(node(item), dict) else None
        return list(kids) if isinstance(kids, list) else [kids] if kids is not None else []

    root = node(pdf.catalog["StructTreeRoot"])
    parts = [part for document in children(root) for part in children(document)]
    for part in map(node, parts):
        if not isinstance(part, dict) or "Pg" not in part:
            continue
        page = pages.get(number(part["Pg"]))
        if page is not None and spoken[page] != spoken[0]:
            part["Lang"] = pydyf.String(spoken[page])


def print_pdf(
    html: str, page_url: Path, allowed: Sequence[Path], stylesheets: Sequence[Path] = ()
) -> PrintedPDF:
    """Render `html`, as if it were the file at `page_url`, with `stylesheets`, into PDF bytes."""
    return lay_out(html, page_url, allowed, stylesheets).printed()


@contextmanager
def _collector_paused():
    """WeasyPrint makes many short-lived objects; pausing the cycle collector for one render
    saves several per cent, and cycles are collected as usual once it is back on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
