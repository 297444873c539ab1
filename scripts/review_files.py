#!/usr/bin/env python3
"""Write each review of the import corpus (tests/data/reviews/*.yaml) as the files reviews
really come in: Markdown, plain text, Word (.docx) and PDF.

    .venv/bin/python scripts/review_files.py OUT_FOLDER

- **Word**: written with python-docx. Headings use Word's heading styles in half the files and
  are bold-only paragraphs in the rest; bullets use the List Bullet style; numbered
  recommendations use a real decimal list, lettered ones a real lower-letter list (a
  numbering definition added to the document), and the table style a three-column table.
- **PDF**: printed by WeasyPrint with a running header (the partnership and title), a footer
  with "Page N of M", a footnote in the introduction, and every third review in two columns.
- **PDF from Word** (`.word.pdf`): the Word file printed by LibreOffice (`soffice`, which
  `make test` installs from Debian), as a partnership that writes in Word and publishes a
  PDF would make it.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "reviews"
KINDS = ("md", "txt", "docx", "pdf", "word.pdf")  # word.pdf: the Word file printed by LibreOffice


def load(folder: Path = CORPUS) -> list[dict]:
    reviews = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["name"] = path.stem
        reviews.append(data)
    return reviews


def heading_text(review: dict, index: int, heading: str) -> str:
    """The heading as the document writes it: plain, numbered, capitals or both."""
    style = review.get("heading_style", "plain")
    text = heading.upper() if "caps" in style else heading
    numbered = style.startswith("numbered") and not re.match(r"\d+\.", text)  # some labels carry it
    return f"{index}. {text}" if numbered else text


def rec_lines(review: dict, section: dict) -> list[str]:
    style = review.get("recommendations_style", "numbered")
    lines = []
    for rec in section.get("recommendations") or []:
        number, text = rec["number"], rec["text"]
        if style == "lettered":
            lines.append(f"{number}) {text}")
        elif style == "lines":
            lines.append(f"Recommendation {number}: {text}")
        elif style == "table":
            lines.append(f"{number}\t{text}\t{rec.get('lead', '')}")
        else:
            lines.append(f"{number}. {text}")
    return lines


def markdown(review: dict) -> str:
    out = [f"# {review['document_title']}", "", review["partnership"], "", review["date_text"], ""]
    for index, section in enumerate(review["sections"], 1):
        out += [f"## {heading_text(review, index, section['heading'])}", ""]
        for paragraph in section.get("paragraphs") or []:
            out += [paragraph, ""]
        out += [f"- {bullet}" for bullet in section.get("bullets") or []]
        if section.get("bullets"):
            out.append("")
        if section.get("recommendations"):
            if review.get("recommendations_style") == "table":
                out += ["| No. | Recommendation | Lead agency |", "| --- | --- | --- |"]
                out += [
                    f"| {r['number']} | {r['text']} | {r.get('lead', '')} |"
                    for r in section["recommendations"]
                ]
            else:
                out += rec_lines(review, section)
            out.append("")
    return "\n".join(out)


def plain_text(review: dict) -> str:
    out = [review["document_title"], review["partnership"], review["date_text"], ""]
    for index, section in enumerate(review["sections"], 1):
        out += [heading_text(review, index, section["heading"]), ""]
        for paragraph in section.get("paragraphs") or []:
            out += [paragraph, ""]
        out += [f"• {bullet}" for bullet in section.get("bullets") or []]
        if section.get("bullets"):
            out.append("")
        if section.get("recommendations"):
            out += rec_lines(review, section) + [""]
    return "\n".join(out)


def word(review: dict, path: Path, number: int) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    document.add_paragraph(review["document_title"], style="Title")
    document.add_paragraph(review["partnership"])
    document.add_paragraph(review["date_text"])
    styled_headings = number % 2 == 0
    lettered_id = None
    if review.get("recommendations_style") == "lettered":
        numbering = document.part.numbering_part.element
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
            '<w:lvlText w:val="%1)"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
        )
        numbering.insert(0, abstract)
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
        )
        lettered_id = "90"
    for index, section in enumerate(review["sections"], 1):
        text = heading_text(review, index, section["heading"])
        if styled_headings:
            document.add_heading(text, level=1)
        else:
            document.add_paragraph().add_run(text).bold = True
        for paragraph in section.get("paragraphs") or []:
            document.add_paragraph(paragraph)
        for bullet in section.get("bullets") or []:
            document.add_paragraph(bullet, style="List Bullet")
        recs = section.get("recommendations") or []
        style = review.get("recommendations_style")
        if recs and style == "table":
            table = document.add_table(rows=1, cols=3)
            for cell, label in zip(
                table.rows[0].cells, ("No.", "Recommendation", "Lead agency"), strict=True
            ):
                cell.text = label
            for rec in recs:
                cells = table.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = rec["number"], rec["text"], rec.get("lead", "")
        elif recs and style == "lettered":
            for rec in recs:
                item = document.add_paragraph(rec["text"], style="List Paragraph")
                properties = item._p.get_or_add_pPr()
                properties.append(
                    parse_xml(
                        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                        f'<w:numId w:val="{lettered_id}"/></w:numPr>'
                    )
                )
        elif recs and style == "lines":
            for rec in recs:
                document.add_paragraph(f"Recommendation {rec['number']}: {rec['text']}")
        elif recs:
            for rec in recs:
                document.add_paragraph(rec["text"], style="List Number")
    document.save(path)


def pdf(review: dict, path: Path, number: int) -> None:
    from weasyprint import HTML

    header = html.escape(f"{review['partnership']} – {review['title']}")
    columns = "column-count: 2; column-gap: 1.2em;" if number % 3 == 0 else ""
    body = [
        f"<h1>{html.escape(review['document_title'])}</h1>",
        f"<p class='meta'>{html.escape(review['partnership'])}</p>",
        f"<p class='meta'>{html.escape(review['date_text'])}</p>",
        f"<div class='text' style='{columns}'>",
    ]
    footnote_done = False
    for index, section in enumerate(review["sections"], 1):
        body.append(f"<h2>{html.escape(heading_text(review, index, section['heading']))}</h2>")
        for paragraph in section.get("paragraphs") or []:
            text = html.escape(paragraph)
            if not footnote_done:
                text = re.sub(
                    r"\.$",
                    "<span class='fn'>The full report is published on the partnership's website.</span>.",
                    text,
                    count=1,
                )
                footnote_done = True
            body.append(f"<p>{text}</p>")
        if section.get("bullets"):
            body.append("<ul>" + "".join(f"<li>{html.escape(b)}</li>" for b in section["bullets"]) + "</ul>")
        recs = section.get("recommendations") or []
        style = review.get("recommendations_style")
        if recs and style == "table":
            rows = "".join(
                f"<tr><td>{html.escape(r['number'])}</td><td>{html.escape(r['text'])}</td>"
                f"<td>{html.escape(r.get('lead', ''))}</td></tr>"
                for r in recs
            )
            body.append(
                f"<table><tr><th>No.</th><th>Recommendation</th><th>Lead agency</th></tr>{rows}</table>"
            )
        elif recs and style == "lines":
            body += [
                f"<p>Recommendation {html.escape(r['number'])}: {html.escape(r['text'])}</p>" for r in recs
            ]
        elif recs:
            kind = "lower-alpha" if style == "lettered" else "decimal"
            items = "".join(f"<li>{html.escape(r['text'])}</li>" for r in recs)
            body.append(f"<ol style='list-style-type: {kind}'>{items}</ol>")
    body.append("</div>")
    css = f"""
    @page {{ size: A4; margin: 2.2cm 2cm;
      @top-center {{ content: "{header}"; font-size: 8pt; color: #555; }}
      @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }} }}
    body {{ font-family: serif; font-size: 10.5pt; line-height: 1.35; }}
    h1 {{ font-size: 18pt; }} h2 {{ font-size: 13pt; margin-top: 1.1em; }}
    .fn {{ float: footnote; font-size: 8pt; }}
    table {{ border-collapse: collapse; }}
    td, th {{ border: 1px solid #999; padding: 3pt; vertical-align: top; }}
    """
    HTML(string=f"<html><head><style>{css}</style></head><body>{''.join(body)}</body></html>").write_pdf(path)


def write_all(out: Path, reviews: list[dict] | None = None, start: int = 1) -> list[tuple[dict, str, Path]]:
    """Every review in every file type: (review, type, path). The review's place in the list,
    from `start`, sets its Word headings (styles or bold) and its PDF (two columns every third)."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for number, review in enumerate(reviews or load(), start):
        for kind in KINDS:
            path = out / f"{review['name']}.{kind}"
            if kind == "md":
                path.write_text(markdown(review), encoding="utf-8")
            elif kind == "txt":
                path.write_text(plain_text(review), encoding="utf-8")
            elif kind == "docx":
                word(review, path, number)
            elif kind == "pdf":
                pdf(review, path, number)
            made.append((review, kind, path))
    print_word_files([path for _, kind, path in made if kind == "word.pdf"])
    return made


def print_word_files(targets: list[Path]) -> None:
    """Each `.word.pdf` printed from the `.docx` beside it by LibreOffice, in one run."""
    if not targets:
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to print the Word files: `make test` installs it.")
    with tempfile.TemporaryDirectory() as scratch:
        sources = [str(target.with_suffix("").with_suffix(".docx")) for target in targets]
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{scratch}/profile", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", scratch, *sources],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        for target in targets:
            shutil.move(Path(scratch) / f"{target.name[: -len('.word.pdf')]}.pdf", target)


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "review-files")
    print(f"Wrote {len(write_all(folder))} files to {folder}")
