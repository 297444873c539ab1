"""One briefing's office files in its output folder: the slides (.pptx) and the Word handout
(.docx), made by pipeline/office, written when the build asks for them, and their sizes for
the links to them."""

from __future__ import annotations

from pathlib import Path

from ..pipeline.office import OFFICE_FORMATS
from ..pipeline.sources import Outputs
from .output import write_if_changed


def publish_office(
    out: Path, outputs: Outputs, made: dict[str, bytes]
) -> tuple[dict[str, int | None], list[Path]]:
    """Write the office files `made`; return the size of each that is in the briefing's folder
    (built now or before), and the files written."""
    sizes: dict[str, int | None] = {}
    written = []
    for kind in OFFICE_FORMATS:
        path = out / outputs.download(kind)
        if kind in made:
            written.append(write_if_changed(path, made[kind]))
            sizes[kind] = len(made[kind])
        else:
            sizes[kind] = path.stat().st_size if path.is_file() else None
    return sizes, written
