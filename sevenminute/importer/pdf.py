"""Read a PDF: its text layer, with each page's lines joined back into Markdown-like paragraphs."""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import BriefingError, Problem


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
        pages = [_page_text(document[index].get_textpage()) for index in range(len(document))]
    finally:
        document.close()
    text = "\n\n".join(pages)
    if len(text.split()) < 5 * max(1, len(pages)):
        raise BriefingError(
            Problem(
                path, 1, 1,
                "this PDF has little or no text layer (it may be a scan); save the review as Word or "
                "text, or run it through text recognition (OCR) first",
            )
        )  # fmt: skip
    return text


def _page_text(textpage) -> str:  # noqa: ANN001 (a pypdfium2 PdfTextPage)
    """A PDF page's text as Markdown-like paragraphs, from where its lines sit on the page.

    Lines closer together than one and a half line heights belong to one paragraph and are
    joined; a wider gap starts a new paragraph. A line in larger type than the body, and
    short, is a heading.
    """
    lines: list[list] = []  # [bottom, top, text] for each line, top of the page first
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", " ").replace("\n", " ")
        if not text.strip():
            continue
        if lines and abs(lines[-1][0] - bottom) < 2:  # another run of type on the same line
            lines[-1][2] = f"{lines[-1][2]} {text.strip()}"
        else:
            lines.append([bottom, top, text.strip()])
    if not lines:
        return ""
    heights = sorted(top - bottom for bottom, top, _ in lines)
    body = heights[len(heights) // 2]
    out: list[str] = []
    previous = None
    for bottom, top, text in lines:
        heading = (top - bottom) > 1.2 * body and len(text.split()) <= 12
        gap = previous is None or (previous - bottom) > 1.5 * body or (previous - bottom) < 0
        starts_item = re.match(r"^(?:[-*•]|\d+[.)]|\(?[a-z][.)])\s", text)
        if heading:
            out += ["", f"# {text}", ""]
        elif gap or starts_item or not out or not out[-1]:
            out += ["", text]
        else:
            word_broken = out[-1].endswith("-") and not out[-1].endswith(" -") and text[:1].islower()
            out[-1] += ("" if word_broken else " ") + text
        previous = bottom
    return "\n".join(out).strip()
