"""The hub's web application (Starlette): the published library for everyone, read only; for
the partnership's signed-in people the workspace (the editor, New briefing, Import a review
and the live preview), the sign-off, people and the audit log. Defended with well-kept parts,
each tested by attack:

- Passwords: Argon2id (people.py); five wrong tries for an account, or from an address, and
  sign-in is refused for fifteen minutes, right password or not.
- Sessions: a random id kept on the server, carried in a cookie signed by Starlette's
  SessionMiddleware (itsdangerous): HttpOnly, SameSite=Lax, Secure when the hub is reached over
  HTTPS; ended by signing out, by thirty minutes unused, or by the person's removal.
- Forms: every request that changes anything carries the session's CSRF token, and an Origin,
  when the browser sends one, of this server.
- Roles: each step checks the person's role (workflow.py), whatever the page showed them.
- The library: StaticFiles over a folder built from signed-off briefings alone, so no draft
  is anywhere in it.
"""

from __future__ import annotations

import asyncio
import csv
import importlib.resources
import io
import re
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..authoring.scaffold import settings_partnership
from ..pipeline.model import REVIEW_KIND_NAMES
from ..preview.editor import editor_routes
from ..preview.importing import UPLOAD_LIMIT
from ..preview.responses import Session
from ..preview.workspace import Preview
from ..problems import BriefingError
from .evidence_pages import evidence_routes
from .intake import Intake
from .pages import HEADERS, Pages, csrf, token_matches
from .people import ROLES, People, Person
from .workflow import APPROVERS, EDITORS, Desk, Refused

COOKIE = "hub_session"
DONE = {  # what the briefing's page says after each step (?done=...)
    "submitted": "Submitted for sign-off.",
    "returned": "Returned to its author with your comment.",
    "signed-off": "Signed off and published: it is in the library.",
    "withdrawn": "Withdrawn: it is taken down from the library.",
}
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")


class HubSession(Session):
    """The editor's routes in the hub: each person's page carries their own session's token."""

    home = ("/workspace", "Back to your hub")

    def __init__(self, preview: Preview):
        self.preview = preview

    def token_for(self, request: Request) -> str:
        return csrf(request)

    def allowed(self, request: Request, token: str | None) -> bool:
        return token_matches(request, token)


def hub_app(
    people: People,
    desk: Desk,
    intake: Intake,
    library: Path,
    preview: Preview,
    *,
    secret: str,
    https: bool,
    partnership: str,
    origins: list[str],
) -> Starlette:
    """The hub over `library` (the built public library), `desk` (the sign-off) and `intake`
    (session records, posted from facilitator pages at `origins`), for `people`."""

    pages = Pages(people, partnership)
    page, allowed, signed_in, refused, to_sign_in = (
        pages.page,
        pages.allowed,
        pages.signed_in,
        pages.refused,
        pages.to_sign_in,
    )

    # Signing in and out ---------------------------------------------------------------------

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
        return to_sign_in()

    # Pages for the signed-in ------------------------------------------------------------------

    signed_in_page, common = pages.signed_in_page, pages.common

    async def workspace(request: Request, person: Person) -> Response:
        standings = await asyncio.to_thread(desk.everything)
        return page(
            "workspace.html", title="Your hub", briefings=standings, edits=person.role in EDITORS,
            token=csrf(request), kinds=REVIEW_KIND_NAMES, limit_mb=UPLOAD_LIMIT // 2**20,
            partnership_name=settings_partnership(desk.briefings.parent), **common(request, person),
        )  # fmt: skip

    def named(request: Request) -> str:
        name = request.path_params["name"]
        if not NAME.fullmatch(name):
            raise Refused("There is no such briefing.")
        return name

    async def briefing_page(request: Request, person: Person) -> Response:
        name = named(request)
        standing = await asyncio.to_thread(desk.standing, name)
        history = people.audit(briefing=name)
        return page(
            "briefing.html", title=standing.title, briefing=standing, history=history,
            edits=person.role in EDITORS, approves=person.role in APPROVERS, done=DONE.get(
                request.query_params.get("done", "")), **common(request, person),
        )  # fmt: skip

    async def handout(request: Request, person: Person) -> Response:
        name = named(request)
        pdf = await asyncio.to_thread(desk.handout, name, preview.work / "review")
        if pdf is None:
            raise Refused("Its handout cannot be printed as it stands; open it in the editor to see why.")
        return FileResponse(pdf, media_type="application/pdf", headers=HEADERS)

    def step(act: Callable[[Person, str, dict], None], done: str):
        async def handler(request: Request, person: Person) -> Response:
            name = named(request)
            form = dict(await request.form())
            await asyncio.to_thread(act, person, name, form)
            return RedirectResponse(f"/briefings/{name}?done={done}", status_code=303)

        return signed_in_page(handler)

    # People and the audit log, for admins ------------------------------------------------------

    def admin(person: Person) -> None:
        if person.role != "admin":
            raise Refused(f"Your role ({person.role}) does not manage people; an admin does.")

    async def people_page(request: Request, person: Person, message: str = "", status: int = 200) -> Response:
        admin(person)
        return page(
            "people.html", status, title="People", everyone=people.everyone(), roles=ROLES, message=message,
            **common(request, person),
        )  # fmt: skip

    async def add_person(request: Request, person: Person) -> Response:
        admin(person)
        form = await request.form()
        try:
            people.add(
                str(form.get("email", "")), str(form.get("role", "")), str(form.get("password", "")),
                name=str(form.get("name", "")), by=person.email,
            )  # fmt: skip
        except BriefingError as error:
            return await people_page(request, person, f"Not added: {error.text}.", 422)
        return RedirectResponse("/people", status_code=303)

    async def remove_person(request: Request, person: Person) -> Response:
        admin(person)
        email = str((await request.form()).get("email", ""))
        if email == person.email:
            return await people_page(request, person, "You cannot remove yourself; another admin can.", 422)
        try:
            people.remove(email, by=person.email)
        except BriefingError as error:
            return await people_page(request, person, f"Not removed: {error.text}.", 422)
        return RedirectResponse("/people", status_code=303)

    async def audit_page(request: Request, person: Person) -> Response:
        admin(person)
        rows = list(reversed(people.audit()))
        return page("audit.html", title="Audit log", rows=rows, **common(request, person))

    async def audit_csv(request: Request, person: Person) -> Response:
        admin(person)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["when (UTC)", "who", "action", "what"])
        writer.writerows(people.audit())
        return Response(
            out.getvalue(), media_type="text/csv; charset=utf-8",
            headers={**HEADERS, "Content-Disposition": 'attachment; filename="hub-audit-log.csv"'},
        )  # fmt: skip

    async def stylesheet(request: Request) -> Response:
        css = (importlib.resources.files("sevenminute.hub") / "templates" / "hub.css").read_text(
            encoding="utf-8"
        )
        return Response(css, media_type="text/css; charset=utf-8")

    # The editor's own routes, for people who write: signed in, their role, their token ---------

    session = HubSession(preview)

    def editing(route: Route) -> Route:
        inner = route.endpoint

        async def endpoint(request: Request) -> Response:
            person = signed_in(request)
            if person is None:
                return to_sign_in() if request.method == "GET" else refused()
            if person.role not in EDITORS:
                return refused(f"Your role ({person.role}: {ROLES[person.role]}) does not edit briefings.")
            response = await inner(request)
            name = request.path_params.get("name")
            if request.url.path.endswith("/save") and response.status_code == 200 and name:
                await asyncio.to_thread(desk.saved, person, name)
            elif request.method == "POST" and response.status_code == 303:  # New briefing, or an import
                made = response.headers.get("location", "").removeprefix("/edit/")
                if NAME.fullmatch(made):
                    how = "made a new briefing" if request.url.path == "/new" else "imported a review"
                    await asyncio.to_thread(desk.created, person, made, how)
            return response

        return Route(route.path, endpoint, methods=route.methods)

    steps = [  # the sign-off's steps: (path, (what it does, what the page says after: DONE))
        ("submit", (lambda p, n, f: desk.submit(p, n, str(f.get("change", ""))), "submitted")),
        ("return", (lambda p, n, f: desk.give_back(p, n, str(f.get("comment", ""))), "returned")),
        ("sign-off", (lambda p, n, f: desk.sign_off(p, n), "signed-off")),
        ("withdraw", (lambda p, n, f: desk.withdraw(p, n, str(f.get("reason", ""))), "withdrawn")),
    ]
    routes = [
        Route("/__hub/hub.css", stylesheet, methods=["GET"]),
        Route("/sign-in", sign_in_page, methods=["GET"]),
        Route("/sign-in", sign_in, methods=["POST"]),
        Route("/sign-out", sign_out, methods=["POST"]),
        Route("/workspace", signed_in_page(workspace), methods=["GET"]),
        Route("/briefings/{name}", signed_in_page(briefing_page), methods=["GET"]),
        Route("/briefings/{name}/handout.pdf", signed_in_page(handout), methods=["GET"]),
        *[
            Route(f"/briefings/{{name}}/{path}", step(act, done), methods=["POST"])
            for path, (act, done) in steps
        ],
        Route("/people", signed_in_page(people_page), methods=["GET"]),
        Route("/people/add", signed_in_page(add_person), methods=["POST"]),
        Route("/people/remove", signed_in_page(remove_person), methods=["POST"]),
        Route("/audit", signed_in_page(audit_page), methods=["GET"]),
        Route("/audit.csv", signed_in_page(audit_csv), methods=["GET"]),
        *evidence_routes(pages, intake, desk.briefings.parent, origins),
        *[editing(route) for route in editor_routes(session)],
        Mount("/", app=StaticFiles(directory=library, html=True)),
    ]
    middleware = Middleware(
        SessionMiddleware, secret_key=secret, session_cookie=COOKIE, max_age=None, same_site="lax",
        https_only=https,
    )  # fmt: skip

    async def not_found(request: Request, exc: Exception) -> Response:
        return page(
            "message.html", 404, title="Not found", person=signed_in(request), csrf=csrf(request),
            text="There is no such page in the hub. The library of published briefings is at its front page.",
        )  # fmt: skip

    return Starlette(routes=routes, middleware=[middleware], exception_handlers={404: not_found})
