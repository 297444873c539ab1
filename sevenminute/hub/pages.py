"""What every page of the hub shares: its templates (the hub's own, with the workspace's), the
session's CSRF token and the same-origin check, who is signed in, and the refusal page."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from functools import cache

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from .people import ROLES, People, Person
from .workflow import Refused

HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


@cache
def templates() -> Environment:
    loader = ChoiceLoader(
        [PackageLoader("sevenminute.hub", "templates"), PackageLoader("sevenminute.preview", "templates")]
    )
    return Environment(loader=loader, autoescape=select_autoescape())


def csrf(request: Request) -> str:
    """The signed-in session's CSRF token (made with the session)."""
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or origin.split("://", 1)[-1] == request.headers.get("host")


def token_matches(request: Request, sent: object) -> bool:
    """`sent` is this session's CSRF token, from this hub's own origin."""
    kept = request.session.get("csrf")
    return (
        same_origin(request)
        and isinstance(sent, str)
        and kept is not None
        and secrets.compare_digest(sent, kept)
    )


class Pages:
    """The hub's pages for `people`, under the partnership's name."""

    def __init__(self, people: People, partnership: str):
        self.people = people
        self.partnership = partnership

    def page(self, name: str, status: int = 200, **values) -> Response:
        html = templates().get_template(name).render(partnership=self.partnership, **values)
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    async def allowed(self, request: Request) -> bool:
        """A change comes from this hub's own page: its CSRF token, and its own origin."""
        return token_matches(request, (await request.form()).get("csrf"))

    def signed_in(self, request: Request) -> Person | None:
        session = request.session.get("session")
        return self.people.in_session(session) if isinstance(session, str) else None

    def refused(self, text: str | None = None, status: int = 403) -> Response:
        return self.page(
            "message.html", status, title="Not allowed",
            text=text or "This request did not come from the hub's own page, so nothing was changed. "
            "Go back, reload the page and try again.",
        )  # fmt: skip

    @staticmethod
    def to_sign_in() -> Response:
        return RedirectResponse("/sign-in", status_code=303)

    def signed_in_page(self, handler: Callable[[Request, Person], Awaitable[Response]]):
        """An endpoint for signed-in people only; a change also needs the session's token. A
        step refused (workflow.Refused) is said on the refusal page."""

        async def endpoint(request: Request) -> Response:
            person = self.signed_in(request)
            if person is None:
                return self.to_sign_in() if request.method == "GET" else self.refused()
            if request.method != "GET" and not await self.allowed(request):
                return self.refused()
            try:
                return await handler(request, person)
            except Refused as refusal:
                return self.refused(str(refusal))

        return endpoint

    @staticmethod
    def common(request: Request, person: Person) -> dict:
        return {"person": person, "role_text": ROLES[person.role], "csrf": csrf(request)}
