"""The workspace's responses: pages from the build folder with the reload script and the error
banner, plain pages for what is refused or not found, and what every route shares (`Session`:
the preview, the session's token, and this server's own origins)."""

from __future__ import annotations

import html
import re
import secrets
from pathlib import Path
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response

from .workspace import Preview, banner

RELOAD_PATH = "/__sevenminute/events"
# The page names the build it shows, so a rebuild that lands while it loads still reloads it.
# A page an author has typed into is not reloaded under them (what they typed would be lost):
# sending its form loads the next page anyway.
RELOAD_SCRIPT = (
    "<script>(function(){var typed=false;"
    "document.addEventListener('input',function(){typed=true;},true);"
    "var s=new EventSource('" + RELOAD_PATH + "?since={generation}');"
    "s.addEventListener('rebuilt',function(){if(typed){s.close();}else{location.reload();}});})();</script>"
)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".ttf": "font/ttf",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


class Session:
    """What every route shares: the preview, the session's token, and this server's origins."""

    def __init__(self, preview: Preview, host: str, port: int):
        self.preview = preview
        self.token = secrets.token_urlsafe(32)
        names = {host, "127.0.0.1", "localhost", "::1", "[::1]"}
        self.hosts = sorted(names)
        self.origins = {f"http://{name}:{port}" for name in names}

    home = ("/index.html", "Back to the library")  # where the editor's pages lead back to

    def token_for(self, request: Request) -> str:
        """The token a page for `request` carries (the workspace's one; the hub's, each signed-in
        person's own)."""
        return self.token

    def allowed(self, request: Request, token: str | None) -> bool:
        """A state-changing request is this session's: its token, and its own origin."""
        origin = request.headers.get("origin")
        if origin is not None and origin not in self.origins:
            return False
        return token is not None and secrets.compare_digest(token, self.token_for(request))


def refused() -> Response:
    return page_response(
        403,
        "Not allowed",
        "This request did not come from the workspace page, so nothing was changed. "
        "Reload the page and try again.",
    )


def page_response(status: int, title: str, text: str, link: bool = True) -> Response:
    """A short page of the workspace's own (refused, not found, not made), in the editor's style."""
    back = ' <a href="/index.html">Go to the library</a>.' if link else ""
    body = (
        f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="/assets/briefing.css">'
        '<link rel="stylesheet" href="/__sevenminute/editor.css">'
        '</head><body><main id="main" class="editor editor-single">'
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}{back}</p></main></body></html>"
    )
    return Response(body, status, media_type="text/html; charset=utf-8", headers=HEADERS)


def not_found() -> Response:
    return page_response(404, "Not found", "There is no such page in this preview.")


def resolve(root: Path, path: str) -> Path | None:
    """The file for `path`, only if it is inside `root`; never anything else."""
    decoded = unquote(path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part]
    if any(part in (".", "..") or part.startswith(".") for part in parts):
        return None
    root = root.resolve()
    candidate = root.joinpath(*parts) if parts else root
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


def file_response(
    target: Path, problems, extra: str = "", *, generation: int | None = None, in_editor: bool = False
) -> Response:
    """A file of the build; a web page with the error banner (the editor's preview's without
    file, line and column), and, given the `generation` of the build it comes from, the script
    that reloads it when a newer build is ready."""
    data = target.read_bytes()
    kind = TYPES.get(target.suffix.lower(), "application/octet-stream")
    if target.suffix == ".html" and target.name != "facilitate.html":
        text = data.decode("utf-8")
        text = text.replace("<body>", "<body>" + banner(problems, in_editor=in_editor), 1)
        if extra:
            text = re.sub(r'(<main id="main"[^>]*>)', lambda m: m.group(1) + extra, text, count=1)
        if generation is not None:
            text = text.replace(
                "</body>", RELOAD_SCRIPT.replace("{generation}", str(generation)) + "</body>", 1
            )
        data = text.encode("utf-8")
    return Response(data, media_type=kind, headers=HEADERS)
