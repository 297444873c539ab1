"""Read a Word .docx file: its paragraphs and tables, in order, as Markdown-like text, with
headings and lists marked.

Word keeps a list's numbers in its numbering definitions, not in the text: each numbered
paragraph's number is counted here in the list's own format (1., a), i.) so that lettered
recommendations keep their letters. A table's rows become lines: a row that starts with a
number or letter (a recommendations table: number, recommendation, lead agency) becomes
a numbered item.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import BriefingError, Problem
from .text import is_header, row_label

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def docx_text(path: Path) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import OpcError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError):
        raise BriefingError(
            Problem(
                path, 1, 1, "this is not a Word .docx file that can be read; open it in Word and save again"
            )
        ) from None
    formats = _list_formats(document)
    counters: dict[tuple[str, str], int] = {}
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}tbl":
            lines += ["", *_table_lines(Table(child, document)), ""]
        elif child.tag == f"{W}p":
            lines += _paragraph_lines(Paragraph(child, document), formats, counters)
    return "\n".join(lines)


def _paragraph_lines(paragraph, formats: dict, counters: dict) -> list[str]:  # noqa: ANN001
    text = paragraph.text.strip()
    if not text:
        return [""]
    style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    runs = [run for run in paragraph.runs if run.text.strip()]
    if style.startswith("heading") or style == "title":
        return ["", f"# {text}", ""]
    numbered = _numbering(paragraph)
    if numbered is not None:
        number_id, level = numbered
        kind, pattern = formats.get((number_id, level), ("decimal", "%1."))
        if kind == "bullet":
            return [f"- {text}"]
        count = counters[number_id, level] = counters.get((number_id, level), 0) + 1
        return [f"{pattern.replace('%' + str(int(level) + 1), _format(count, kind)).strip()} {text}"]
    if style.startswith("list number"):
        count = counters["style", "0"] = counters.get(("style", "0"), 0) + 1
        return [f"{count}. {text}"]
    if style.startswith("list"):
        return [f"- {text}"]
    if runs and all(run.bold for run in runs) and len(text.split()) <= 10:
        return ["", f"**{text}**", ""]
    return [text]


def _numbering(paragraph) -> tuple[str, str] | None:  # noqa: ANN001
    """(numbering id, level) of a paragraph in a numbered or bulleted list, set on the
    paragraph itself (not by a List style, which the style name already tells)."""
    properties = paragraph._p.pPr
    numbering = properties.find(f"{W}numPr") if properties is not None else None
    if numbering is None:
        return None
    number_id = numbering.find(f"{W}numId")
    level = numbering.find(f"{W}ilvl")
    if number_id is None or number_id.get(f"{W}val") in (None, "0"):
        return None
    return number_id.get(f"{W}val"), level.get(f"{W}val") if level is not None else "0"


def _list_formats(document) -> dict[tuple[str, str], tuple[str, str]]:  # noqa: ANN001
    """For each (numbering id, level): its number format (decimal, lowerLetter...) and text ("%1)")."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstracts = {}
    for abstract in numbering.findall(f"{W}abstractNum"):
        levels = {}
        for level in abstract.findall(f"{W}lvl"):
            kind = level.find(f"{W}numFmt")
            text = level.find(f"{W}lvlText")
            levels[level.get(f"{W}ilvl")] = (
                kind.get(f"{W}val") if kind is not None else "decimal",
                text.get(f"{W}val") if text is not None else "%1.",
            )
        abstracts[abstract.get(f"{W}abstractNumId")] = levels
    formats = {}
    for number in numbering.findall(f"{W}num"):
        abstract = number.find(f"{W}abstractNumId")
        if abstract is None:
            continue
        for level, found in abstracts.get(abstract.get(f"{W}val"), {}).items():
            formats[number.get(f"{W}numId"), level] = found
    return formats


def _format(count: int, kind: str) -> str:
    if kind == "lowerLetter":
        return chr(ord("a") + (count - 1) % 26)
    if kind == "upperLetter":
        return chr(ord("A") + (count - 1) % 26)
    if kind == "lowerRoman":
        return ROMAN[(count - 1) % len(ROMAN)]
    if kind == "upperRoman":
        return ROMAN[(count - 1) % len(ROMAN)].upper()
    return str(count)


def _table_lines(table) -> list[str]:  # noqa: ANN001
    """A table's rows as lines; a row led by a number or letter is a numbered item, and the
    header row above such rows is dropped."""
    lines: list[str] = []
    header: list[str] | None = None  # the first row's cells, until it is known not to be a header
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if not cells:
            continue
        label = row_label(cells[0])
        if label and len(cells) > 1:
            if header and is_header(header):
                lines.pop()
            lines.append(f"{label}. {cells[1]}")
        else:
            lines.append(" — ".join(cells))
        header = cells if header is None else []
    return lines
