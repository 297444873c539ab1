"""The workspace's web application (Starlette): the built site with its reload script and error
banner, the library's workspace panel, and the editor's routes; defended as a server that
writes files must be.

- Only the server's own host names are answered (no DNS rebinding): TrustedHostMiddleware.
- Every request that changes anything carries the session's token (no request forged from
  another site's page) and, when the browser sends one, an Origin of this server.
- Nothing is served from outside the build folder; anything else is a "Not found" page.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from .editor import editor_routes, workspace_panel
from .responses import HEADERS, RELOAD_PATH, Session, file_response, not_found, resolve
from .workspace import Preview


def site_routes(session: Session, editing: bool = True) -> list[Route]:
    preview = session.preview

    async def site(request: Request) -> Response:
        shown = preview.generation  # before the file is read: a newer build reloads the page
        path = request.url.path
        target = resolve(preview.out, path)
        if target is None and path.endswith(".pdf"):
            slug = Path(unquote(path)).stem
            if re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
                target = await asyncio.to_thread(preview.pdf, slug)
        if target is None:
            return not_found()
        extra = ""
        if editing and target == (preview.out / "index.html").resolve():
            extra = workspace_panel(session, request)
        return file_response(target, preview.problems, extra, generation=shown)

    async def events(request: Request) -> Response:
        since = request.query_params.get("since", "")
        seen = int(since) if since.isdigit() else preview.generation

        async def stream():
            yield b": connected\n\n"
            waited = 0.0
            while not preview.stopping:
                await asyncio.sleep(0.05)
                waited += 0.05
                if preview.generation != seen:
                    yield b"event: rebuilt\ndata: " + str(preview.generation).encode() + b"\n\n"
                    return
                if waited >= 15:
                    waited = 0.0
                    yield b": still here\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream", headers=HEADERS)

    return [Route(RELOAD_PATH, events), Route("/{path:path}", site)]


def workspace_app(preview: Preview, host: str, port: int, *, editing: bool = True) -> Starlette:
    """The workspace; without `editing` (a preview other computers can reach), the preview alone:
    no editor, no New briefing, no import, nothing that writes."""
    session = Session(preview, host, port)
    events, site = site_routes(session, editing)
    routes = [events, *(editor_routes(session) if editing else []), site]
    app = Starlette(
        routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=session.hosts)]
    )
    app.state.session = session
    return app
