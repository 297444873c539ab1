"""Office files made from a handout, beside its web page and PDF: PowerPoint slides to deliver it
from and a Word handout a communications team can edit and restyle."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..enrich.handout import Handout

OFFICE_FORMATS = ("pptx", "docx")
STEADY_TIME = (2000, 1, 1, 0, 0, 0)  # every file inside the package: the same bytes from the same source


def office_files(env, handout: Handout, assets: Path, formats: str) -> dict[str, bytes]:
    """The slides and the Word file `formats` asks for, made but not yet written; the logo is
    the one stored in `assets`."""
    wanted = [kind for kind in OFFICE_FORMATS if formats in (kind, "all")]
    return {kind: steady(_write(kind, env, handout, assets)) for kind in wanted}


def _write(kind: str, env, handout: Handout, assets: Path) -> bytes:
    from .logo import logo_png

    settings = env.globals["site"]
    stored = env.globals.get("logo")
    shown = stored is not None and settings.logo_words(handout.briefing.partnership) is not None
    logo = logo_png(assets / stored.name) if shown else None
    if kind == "pptx":
        from .slides import write_slides

        data = write_slides(handout, settings, logo)
    else:
        from .wordfile import write_word

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
