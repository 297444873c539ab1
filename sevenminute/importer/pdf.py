"""Read a PDF: its text layer, with each page's lines joined back into Markdown-like paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import BriefingError, Problem
from .text import row_label


def pdf_text(path: Path) -> str:
    """The text layer of a PDF, read with PDFium (pypdfium2: some 30 times faster than a
    pure-Python reader on a 20-page review), with the lines of each paragraph joined again."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise BriefingError(
                Problem(path, 1, 1, "this PDF is password-protected; save an unprotected copy and try again")
            ) from None
        raise BriefingError(
            Problem(path, 1, 1, "this PDF cannot be read (it may be damaged); open it and save it again")
        ) from None
    try:
        pages = [_page_lines(document[index]) for index in range(len(document))]
    finally:
        document.close()
    repeated = _running(pages)
    pages = _carried([[line for line in page if _plain(line.text) not in repeated] for page in pages])
    pages = [_paragraphs(page) for page in pages]
    text = ""
    for page in pages:  # a sentence carried over to the next page is one paragraph again
        text += (" " if _runs_on(text.split("\n"), page) else "\n\n") + page if text else page
    if len(text.split()) < 5 * max(1, len(pages)):
        raise BriefingError(
            Problem(
                path, 1, 1,
                "this PDF has little or no text layer (it may be a scan); save the review as Word or "
                "text, or run it through text recognition (OCR) first",
            )
        )  # fmt: skip
    return text


@dataclass
class _Line:
    left: float
    bottom: float
    right: float
    top: float
    text: str
    size: float = 0.0  # the type size of its first letter
    bold: bool = False  # its first letter is in a bold face
    margin: bool = False  # in the band at the top or bottom of the page, where running heads sit
    cells: list = field(default_factory=list)  # (left, text) of each run of type far from the next
    carried: bool = False  # a table row whose cell goes on at the top of the next column or page

    @property
    def height(self) -> float:
        return self.top - self.bottom


BULLET = re.compile("[\u2022\u25aa\u25cf\u25e6\u2219\u00b7\uf0a7\uf0b7\uf076\uf0d8\uf0fc-]")
SENTENCE_END = (".", "?", "!", ":")
MARGIN = 0.07  # the top and bottom 7% of a page: running headers, footers and page numbers
PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?$", re.I)


BOLD_FACE = re.compile(r"bold|black|heavy|demi", re.I)


def _bold(textpage, index: int) -> bool:  # noqa: ANN001 (a pypdfium2 PdfTextPage)
    """Whether the character at `index` is in a bold face: by its weight, or, where the PDF
    gives none (LibreOffice's), by its font's name ("DejaVuSerif-Bold")."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    if pdfium_c.FPDFText_GetFontWeight(textpage.raw, index) >= 600:
        return True
    name = ctypes.create_string_buffer(128)
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, len(name), None)
    return bool(BOLD_FACE.search(name.value.decode("latin-1")))


def _page_lines(page) -> list[_Line]:  # noqa: ANN001 (a pypdfium2 PdfPage)
    """A page's lines of text in reading order, without page numbers, footnotes and
    footnote marks: pieces of type on one line (a list's marker and its item) are joined,
    and a page in two columns is read column by column."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    width, height = page.get_width(), page.get_height()
    pieces = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = (
            textpage.get_text_bounded(left, bottom, right, top).replace("\r", " ").replace("\n", " ").strip()
        )
        if text:
            first = textpage.get_index(left + 1, (bottom + top) / 2, 2, 2)
            size = (
                pdfium_c.FPDFText_GetFontSize(textpage.raw, first) if first is not None and first >= 0 else 0
            )
            bold = first is not None and first >= 0 and _bold(textpage, first)
            pieces.append(_Line(left, bottom, right, top, text, size or top - bottom, bold=bold))
    if not pieces:
        return []
    body = sorted(piece.height for piece in pieces)[len(pieces) // 2]
    type_size = sorted(piece.size for piece in pieces)[len(pieces) // 2]
    kept = []
    for piece in pieces:
        in_margin = piece.top > height * (1 - MARGIN) or piece.bottom < height * MARGIN
        if PAGE_NUMBER.match(piece.text) and (in_margin or piece.size < 0.8 * type_size):
            continue  # a page number, or a footnote's mark in the text
        if piece.size < 0.85 * type_size and piece.bottom < height * 0.25 and not in_margin:
            continue  # a footnote at the foot of the page, in smaller type
        piece.margin = in_margin
        kept.append(piece)
    middle = width / 2
    left_side = sum(1 for p in kept if p.right < middle + 5)
    right_side = sum(1 for p in kept if p.left > middle - 5)
    columns = left_side > 0.25 * len(kept) and right_side > 0.25 * len(kept)
    top_of_columns = max((p.top for p in kept if columns and p.left > middle - 5), default=height)

    def column(piece: _Line) -> int:
        if not columns or piece.top > top_of_columns + body:
            return 0  # above the columns (the title), or a page in one column
        return 1 if piece.left > middle - 5 else 0

    ordered = sorted(
        kept, key=lambda p: (p.top <= top_of_columns + body and columns, column(p), -(p.top + p.bottom) / 2)
    )
    groups: list[list[_Line]] = []
    for piece in ordered:
        last = groups[-1] if groups else None
        if (
            last
            and column(last[0]) == column(piece)
            and abs((last[0].top + last[0].bottom) - (piece.top + piece.bottom)) < body
        ):
            last.append(piece)
        else:
            groups.append([piece])
    lines = []
    for group in groups:
        group.sort(key=lambda p: p.left)
        cells: list[list] = []  # [left, text] of each cell: pieces far apart are a table's cells
        previous_right = 0.0
        hanging = len(group) > 1 and group[1].left - group[0].right < 0.5 * body  # a marker hangs by its item
        marker = re.fullmatch(r"\S?\s*([a-z]|[0-9]{1,2})([.)])", group[0].text) if hanging else None
        if marker:  # a list's marker, on its own: PDFium can report a stray glyph before it ("Ac.")
            group[0].text = marker.group(1) + marker.group(2)
        if len(group) > 1 and BULLET.fullmatch(group[0].text):
            group[0].text = "•"  # a bullet in a symbol font (Word's and LibreOffice's lists)
        for index, piece in enumerate(group):
            item = index == 1 and (group[0].text == "•" or marker) and piece.left - previous_right < 4 * body
            if cells and (piece.left - previous_right <= 0.6 * body or item):  # wider than a space: a cell
                cells[-1][1] += (
                    "" if piece.text[:1] in ".,;:" else " "
                ) + piece.text  # "injury." after a note
            else:
                cells.append([piece.left, piece.text])
            previous_right = piece.right
        first = group[0]
        lines.append(
            _Line(
                first.left, min(p.bottom for p in group), max(p.right for p in group),
                max(p.top for p in group), " ".join(text for _, text in cells), first.size, first.bold,
                first.margin, [(left, text) for left, text in cells],
            )
        )  # fmt: skip
    return _table_rows(lines, body)


def _table_rows(lines: list[_Line], body: float) -> list[_Line]:
    """A table's rows as one line each. A line of cells far apart starts a row; the lines
    below it whose text sits in its cells carry on those cells, until a line starts a new row
    in the first column. A row led by a number or letter (a recommendations table: number,
    recommendation, lead agency) reads "1. recommendation — lead agency"."""
    out: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if len(line.cells) < 2:
            out.append(line)
            continue
        head = line
        starts = [left for left, _ in line.cells]
        row = [[text] for _, text in line.cells]
        while index < len(lines):
            nearest = [
                min(range(len(starts)), key=lambda n: abs(starts[n] - left)) for left, _ in lines[index].cells
            ]
            aligned = all(
                abs(starts[n] - left) < body for n, (left, _) in zip(nearest, lines[index].cells, strict=True)
            )
            close = line.bottom - lines[index].top < 0.8 * body  # the next line of the same cells
            new_row = 0 in nearest and (row_label(row[0][0]) is not None or not close)
            if not aligned or new_row or line.bottom - lines[index].top > 3 * body:
                break
            for n, (_, text) in zip(nearest, lines[index].cells, strict=True):
                row[n].append(text)
            line = lines[index]
            index += 1
        cells = [" ".join(texts) for texts in row]
        label = row_label(cells[0])
        text = _row_text(cells)
        if label and out and _header_above(out[-1]):
            out.pop()  # the header row of a numbered table ("No. | Recommendation | Lead agency")
        out.append(
            _Line(head.left, line.bottom, head.right, head.top, text, head.size, head.bold, head.margin,
                  list(zip(starts, cells, strict=True)))
        )  # fmt: skip
    return out


def _row_text(cells: list[str]) -> str:
    label = row_label(cells[0])
    return f"{label}. {' — '.join(cells[1:])}" if label else " — ".join(cells)


def _carried(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Table rows broken at the foot of a column or page joined again: a row's number left
    alone at the foot goes with the row that starts the next column or page, and lines at the
    top of the next column that carry on a row's unfinished cell go back into that cell."""
    flat = [(number, line) for number, page in enumerate(pages) for line in page]
    kept: list[tuple[int, _Line]] = []
    for number, line in flat:
        if not kept:
            kept.append((number, line))
            continue
        page, before = kept[-1]
        broken = number != page or line.top > before.top + before.height  # to the next page or column
        lone = len(before.cells) <= 1 and row_label(before.text) is not None
        if broken and lone and len(line.cells) >= 2 and row_label(line.cells[0][1]) is None:
            line.cells = [(before.left, before.text), *line.cells]
            line.text = _row_text([text for _, text in line.cells])
            kept[-1] = (number, line)
            continue
        unfinished = [
            n for n, (_, text) in enumerate(before.cells) if not text.rstrip().endswith(SENTENCE_END)
        ]
        row = len(before.cells) >= 2 and row_label(before.cells[0][1]) is not None
        if (
            row
            and unfinished
            and len(line.cells) <= 1
            and line.text[:1].islower()
            and (broken or before.carried)
        ):
            at = max(unfinished, key=lambda n: len(before.cells[n][1]))  # the recommendation, not its lead
            before.cells[at] = (before.cells[at][0], f"{before.cells[at][1]} {line.text}")
            before.text = _row_text([text for _, text in before.cells])
            before.carried = True  # the lines after it carry on the same cell
            continue
        kept.append((number, line))
    return [[line for number, line in kept if number == page] for page in range(len(pages))]


def _header_above(line: _Line) -> bool:
    """Whether `line` is a table's header row: two or more short cells, and not itself a
    numbered row. (A short line on its own, "agencies.", ends the paragraph above a list.)"""
    first, _, rest = line.text.partition(" ")
    numbered = bool(rest) and row_label(first) is not None  # "1. …", "a) …"
    return len(line.cells) >= 2 and all(len(cell.split()) <= 3 for _, cell in line.cells) and not numbered


def _runs_on(out: list[str], text: str) -> bool:
    """Whether `text` carries on the sentence the last line of `out` left unfinished."""
    last = next((line for line in reversed(out) if line.strip()), "")
    return (
        bool(last)
        and not last.startswith("#")
        and not last.rstrip().endswith((".", ":", "?", "!", "”", '"'))
        and text[:1].islower()
    )


def _plain(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _running(pages: list[list[_Line]]) -> set[str]:
    """Lines in the margins that repeat on half the pages or more (page numbers counted as
    one): running headers and footers. A one-page PDF's margin lines in small type count too."""
    seen: dict[str, int] = {}
    for page in pages:
        for text in {_plain(line.text) for line in page if line.margin}:
            seen[text] = seen.get(text, 0) + 1
    if len(pages) == 1:
        size = sorted(line.size for line in pages[0])[len(pages[0]) // 2] if pages[0] else 0
        return {_plain(line.text) for line in pages[0] if line.margin and line.size < 0.9 * size}
    return {text for text, count in seen.items() if count >= max(2, len(pages) / 2)}


def _after_heading(before: _Line | None, line: _Line) -> bool:
    """Whether `before` is a short line in capitals or bold over a line that is not: a heading."""
    if before is None or len(before.text.split()) > 10 or before.text.endswith("."):
        return False
    return (before.text.isupper() and not line.text.isupper()) or (before.bold and not line.bold)


def _paragraphs(lines: list[_Line]) -> str:
    """Lines as Markdown-like paragraphs: lines closer together than 1.3 times the page's own
    line pitch belong to one paragraph and are joined; a wider gap starts a new paragraph. A
    line in larger type than the body, and short, is a heading."""
    if not lines:
        return ""
    heights = sorted(line.height for line in lines)
    body = heights[len(heights) // 2]
    type_size = sorted(line.size for line in lines)[len(lines) // 2]
    # The distance from one line to the next within a paragraph: the commonest short step down.
    steps = sorted(
        a.top - b.top
        for a, b in zip(lines, lines[1:], strict=False)
        if 0.8 * body < a.top - b.top < 2.2 * body
    )
    pitch = steps[len(steps) // 4] if steps else 1.2 * body
    out: list[str] = []
    before: _Line | None = None  # the line before
    for line in lines:
        text = line.text
        heading = line.size > 1.15 * type_size and len(text.split()) <= 12
        step = before.top - line.top if before else 0.0
        gap = before is None or step > 1.3 * pitch or step < 0
        if gap and before is not None and step < 0 and _runs_on(out, text):
            gap = False  # a sentence carried over to the top of the next column
        if out and out[-1] and _after_heading(before, line):
            gap = True  # a line in bold or capitals on its own is a heading, whatever the spacing
        starts_item = re.match(r"^(?:[-*•]|\d+[.)]|\(?[a-z][.)])\s", text)
        runs_on = (
            before is not None
            and abs(line.size - before.size) < 0.5
            and step < 2 * max(line.height, before.height)
        )
        if heading and len(out) >= 2 and out[-2].startswith("# ") and not out[-1] and runs_on:
            out[-2] += f" {text}"  # a heading that runs onto a second line
        elif heading:
            out += ["", f"# {text}", ""]
        elif gap or starts_item or not out or not out[-1]:
            out += ["", text]
        else:
            word_broken = out[-1].endswith("-") and not out[-1].endswith(" -") and text[:1].islower()
            out[-1] += ("" if word_broken else " ") + text
        before = line
    return "\n".join(out).strip()
