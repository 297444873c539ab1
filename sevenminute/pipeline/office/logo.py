"""The partnership's logo as a PNG picture, which PowerPoint and Word files can carry everywhere
(an SVG logo is drawn by WeasyPrint and PDFium, both already in the kit; nothing is fetched).

A logo is drawn once and kept in the user's cache, by its bytes and the engines' versions:
loading WeasyPrint to draw it again would cost a one-briefing build most of a second."""

from __future__ import annotations

import contextlib
import hashlib
import io
from functools import cache
from importlib.metadata import version
from pathlib import Path

from ...files import replace_file
from ..kit import user_cache

HEIGHT = 256  # pixels: sharp at the sizes the slides and the Word header show it


@cache
def logo_png(path: Path) -> bytes | None:
    """The logo at `path` (.png or .svg) as PNG bytes, or None when it cannot be drawn."""
    if path.suffix.lower() == ".png":
        return path.read_bytes()
    try:
        svg = path.read_bytes()
    except OSError:
        return None
    engines = f"{HEIGHT} {version('weasyprint')} {version('pypdfium2')} {version('pillow')}"
    kept = user_cache("logos") / f"{hashlib.sha256(svg + engines.encode()).hexdigest()}.png"
    try:
        return kept.read_bytes()
    except OSError:
        pass
    try:
        drawn = _svg_to_png(svg)
    except Exception:  # a logo the engines cannot draw leaves the files without it, never the build
        return None
    with contextlib.suppress(OSError):  # no cache: drawn again next time
        replace_file(kept, drawn)
    return drawn


def _svg_to_png(svg: bytes) -> bytes:
    import base64

    import pypdfium2
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    html = (
        f"<style>@page {{ size: {HEIGHT * 8}px {HEIGHT}px; margin: 0 }} body {{ margin: 0 }}"
        f"img {{ display: block; height: {HEIGHT}px }}</style><img src='{uri}' alt=''>"
    )
    # The logo comes in as a data: address; anything it names itself is refused.
    only_data = URLFetcher(timeout=2, allowed_protocols={"data"}, allow_redirects=False)
    pdf = HTML(string=html, url_fetcher=only_data).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    # CSS pixels are 0.75 pt, so 4/3 gives the logo back its height in pixels.
    bitmap = document[0].render(scale=4 / 3, fill_color=(255, 255, 255, 0), may_draw_forms=False)
    image = bitmap.to_pil()
    box = image.getbbox()
    if box is None:
        raise ValueError("the logo draws nothing")
    out = io.BytesIO()
    image.crop(box).save(out, format="PNG")
    return out.getvalue()
