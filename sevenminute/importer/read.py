"""Read a review: its text from a PDF, Word .docx, Markdown or text file, or a plain reason why not.

PDFs are read by `pdf`, Word files by `word`; other files are taken as UTF-8 text. Files that
cannot be read (old Word, binary, another encoding) raise a `BriefingError` that says what to do.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import BriefingError, Problem
from .pdf import pdf_text
from .word import docx_text


def read_review(path: Path) -> str:
    """The review's text, from a .pdf, .docx, .md or .txt file."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return pdf_text(path)
        if suffix == ".docx":
            return docx_text(path)
        if suffix in (".doc", ".odt", ".rtf", ".pages"):
            raise BriefingError(
                Problem(path, 1, 1, f"{suffix} files cannot be read; save the review as .docx, PDF or text")
            )
        data = path.read_bytes()
        if b"\x00" in data[:4096]:
            raise BriefingError(
                Problem(path, 1, 1, "this is not a text file; give a PDF, a Word .docx, Markdown or text")
            )
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BriefingError(
            Problem(path, 1, 1, "this is not UTF-8 text; save it as UTF-8 and try again")
        ) from None
    except OSError as error:
        raise BriefingError(Problem(path, 1, 1, f"the file cannot be read ({error.strerror})")) from None
