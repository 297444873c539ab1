"""The hub's web application (Starlette): the published library for everyone, read only, and
sign-in for the partnership's people. Defended with well-kept parts, each tested by attack:

- Passwords: Argon2id (people.py); five wrong tries for an account, or from an address, and
  sign-in is refused for fifteen minutes, right password or not.
- Sessions: a random id kept on the server, carried in a cookie signed by Starlette's
  SessionMiddleware (itsdangerous): HttpOnly, SameSite=Lax, Secure when the hub is reached over
  HTTPS; ended by signing out, by thirty minutes unused, or by the person's removal.
- Forms: every request that changes anything carries the session's CSRF token, and an Origin,
  when the browser sends one, of this server.
- The library: StaticFiles over a folder built from the published briefings alone, so no draft
  is anywhere in it.
"""

from __future__ import annotations

import importlib.resources
import secrets
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .people import ROLES, People, Person

COOKIE = "hub_session"
HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


@cache
def _pages() -> Environment:
    return Environment(loader=PackageLoader("sevenminute.hub", "templates"), autoescape=select_autoescape())


def hub_app(
    people: People, library: Path, *, secret: str, https: bool, partnership: str, briefings
) -> Starlette:
    """The hub over `library` (the built published library), for `people`. `briefings()` lists
    the project's briefings as (title, file, status) for the signed-in page."""

    def page(name: str, status: int = 200, **values) -> Response:
        html = _pages().get_template(name).render(partnership=partnership, **values)
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def csrf(request: Request) -> str:
        if "csrf" not in request.session:
            request.session["csrf"] = secrets.token_urlsafe(32)
        return request.session["csrf"]

    async def allowed(request: Request) -> bool:
        """A change comes from this hub's own page: its CSRF token, and its own origin."""
        origin = request.headers.get("origin")
        if origin is not None and origin.split("://", 1)[-1] != request.headers.get("host"):
            return False
        sent = (await request.form()).get("csrf")
        token = request.session.get("csrf")
        return isinstance(sent, str) and token is not None and secrets.compare_digest(sent, token)

    def signed_in(request: Request) -> Person | None:
        session = request.session.get("session")
        return people.in_session(session) if isinstance(session, str) else None

    def refused() -> Response:
        return page(
            "message.html", 403, title="Not allowed",
            text="This request did not come from the hub's own page, so nothing was changed. "
            "Go back, reload the page and try again.",
        )  # fmt: skip

    async def sign_in_page(request: Request) -> Response:
        if signed_in(request):
            return RedirectResponse("/workspace", status_code=303)
        return page("sign-in.html", title="Sign in", csrf=csrf(request), email="", message="")

    async def sign_in(request: Request) -> Response:
        if not await allowed(request):
            return refused()
        form = await request.form()
        email, password = str(form.get("email", "")), str(form.get("password", ""))
        person = people.sign_in(email, password, request.client.host if request.client else "unknown")
        if person is None:  # the same words whether the account exists, the password is wrong, or locked
            return page(
                "sign-in.html", 401, title="Sign in", csrf=csrf(request), email=email,
                message="That email and password do not sign in. Check them and try again; after five "
                "wrong tries, sign-in waits fifteen minutes.",
            )  # fmt: skip
        request.session.clear()  # a new session and token: none from before sign-in carries over
        request.session["session"] = people.open_session(person)
        csrf(request)
        return RedirectResponse("/workspace", status_code=303)

    async def sign_out(request: Request) -> Response:
        if not await allowed(request):
            return refused()
        if isinstance(session := request.session.get("session"), str):
            people.close_session(session)
        request.session.clear()
        return RedirectResponse("/sign-in", status_code=303)

    async def workspace(request: Request) -> Response:
        person = signed_in(request)
        if person is None:
            return RedirectResponse("/sign-in", status_code=303)
        rows = [{"title": title, "file": file, "status": status} for title, file, status in briefings()]
        return page(
            "workspace.html", title="Your hub", person=person, role_text=ROLES[person.role], briefings=rows,
            csrf=csrf(request),
        )  # fmt: skip

    async def stylesheet(request: Request) -> Response:
        css = (importlib.resources.files("sevenminute.hub") / "templates" / "hub.css").read_text(
            encoding="utf-8"
        )
        return Response(css, media_type="text/css; charset=utf-8")

    routes = [
        Route("/__hub/hub.css", stylesheet, methods=["GET"]),
        Route("/sign-in", sign_in_page, methods=["GET"]),
        Route("/sign-in", sign_in, methods=["POST"]),
        Route("/sign-out", sign_out, methods=["POST"]),
        Route("/workspace", workspace, methods=["GET"]),
        Mount("/", app=StaticFiles(directory=library, html=True)),
    ]
    session = Middleware(
        SessionMiddleware, secret_key=secret, session_cookie=COOKIE, max_age=None, same_site="lax",
        https_only=https,
    )  # fmt: skip
    return Starlette(routes=routes, middleware=[session])
