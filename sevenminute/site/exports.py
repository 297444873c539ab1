"""One briefing's office files in its output folder: the slides (.pptx) and the Word handout
(.docx), written when the build asks for them, and their sizes for the links to them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..pipeline.sources import Outputs
from .output import write_if_changed

if TYPE_CHECKING:
    from ..pipeline.enrich.handout import Handout

OFFICE_FORMATS = ("pptx", "docx")
STEADY_TIME = (2000, 1, 1, 0, 0, 0)  # every file inside the package: the same bytes from the same source


def office_files(env, handout: Handout, out: Path, formats: str) -> dict[str, bytes]:
    """The slides and the Word file `formats` asks for, made but not yet written."""
    wanted = [kind for kind in OFFICE_FORMATS if formats in (kind, "all")]
    return {kind: steady(_write(kind, env, handout, out)) for kind in wanted}


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


def _write(kind: str, env, handout: Handout, out: Path) -> bytes:
    from ..pipeline.office.logo import logo_png

    settings = env.globals["site"]
    stored = env.globals.get("logo")
    logo = logo_png(out / "assets" / stored.name) if stored is not None else None
    if kind == "pptx":
        from ..pipeline.office.slides import write_slides

        data = write_slides(handout, settings, logo)
    else:
        from ..pipeline.office.wordfile import write_word

        data = write_word(handout, settings, logo)
    return data


def steady(package: bytes) -> bytes:
    """An Office file (a zip) with every entry dated alike, so an unchanged briefing gives the
    same bytes and the build leaves the file alone."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, STEADY_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
