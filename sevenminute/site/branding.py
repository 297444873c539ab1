"""The partnership's brand on every page: the shared assets (stylesheets, scripts, fonts),
the logo, the settings, and for single files the assets inlined into each page."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

from ..pipeline.kit import STYLESHEET, kit_assets
from ..pipeline.settings import LOGO_TYPES, Branding, Logo, Settings
from .output import write_if_changed


def _asset_copies(out: Path) -> list[tuple[Path, Path]]:
    """Each of the kit's assets (stylesheets, scripts, fonts and their licence), and where it
    goes in `out/assets/`."""
    assets = out / "assets"
    files = [(f, assets / f.relative_to(kit_assets())) for f in kit_assets().rglob("*") if f.is_file()]
    files += [(font, assets / "fonts" / font.name) for font in (atkinson.ROOT / "files").glob("*.ttf")]
    files.append((atkinson.ROOT / "LICENSE", assets / "fonts" / "OFL.txt"))
    return files


def publish_assets(out: Path) -> Path:
    """Copy the stylesheet and fonts into `out/assets/`; return that folder."""
    for source, target in _asset_copies(out):
        write_if_changed(target, source.read_bytes())
    return out / "assets"


def asset_files(out: Path) -> list[Path]:
    """The files `publish_assets` writes."""
    return [target for _, target in _asset_copies(out)]


def store_logo(logo: Path, assets: Path) -> Path:
    return write_if_changed(assets / ("logo" + logo.suffix.lower()), logo.read_bytes())


def branding(settings: Settings, logo: Path | None, assets: Path, self_contained: bool) -> Branding:
    """How this build's pages look: the partnership's settings, its logo and (for single files)
    the assets inside each page."""
    stored = None
    if logo is not None:
        kind = LOGO_TYPES[logo.suffix.lower()]
        data = logo.read_bytes()
        uri = f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}" if self_contained else None
        stored = Logo("logo" + logo.suffix.lower(), kind, uri)
    if not self_contained:
        return Branding(settings, stored)
    script = (assets / "library.js").read_text(encoding="utf-8")
    return Branding(settings, stored, _inline_stylesheet(assets), script)


def _inline_stylesheet(assets: Path) -> str:
    """The stylesheet with its fonts as data URLs, for a page that stands alone."""

    from ..pipeline.render import font_data_url

    def font(match: re.Match[str]) -> str:
        return f"url({font_data_url(Path(match.group(1)).name)})"  # the copy in assets/ is the same file

    css = (assets / STYLESHEET).read_text(encoding="utf-8")
    css = re.sub(r"url\((fonts/[\w.-]+\.ttf)\)", font, css)
    if "</" in css:
        raise ValueError("the stylesheet must not contain '</'")
    return css
