"""Read a Word .docx file: its paragraphs as Markdown-like text, with headings and lists marked."""

from __future__ import annotations

from pathlib import Path

from ..problems import BriefingError, Problem


def docx_text(path: Path) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import OpcError

    try:
        document = docx.Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError):
        raise BriefingError(
            Problem(
                path, 1, 1, "this is not a Word .docx file that can be read; open it in Word and save again"
            )
        ) from None
    lines: list[str] = []
    number = 0  # Word keeps a numbered list's numbers in its styles, not in the text
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        runs = [run for run in paragraph.runs if run.text.strip()]
        if text and (style.startswith("heading") or style == "title"):
            lines += ["", f"# {text}", ""]
            number = 0
        elif text and style.startswith("list number"):
            number += 1
            lines.append(f"{number}. {text}")
        elif text and style.startswith("list"):
            lines.append(f"- {text}")
        elif text and runs and all(run.bold for run in runs) and len(text.split()) <= 10:
            lines += ["", f"**{text}**", ""]
        else:
            lines.append(text)
    return "\n".join(lines)
