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
