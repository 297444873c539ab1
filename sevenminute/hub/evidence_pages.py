"""The hub's evidence: the public intake that facilitator pages send records to, the learning
team's page of records as they arrive, and the board's report for a period (`/board`)."""

from __future__ import annotations

import asyncio
import datetime
import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from ..pipeline.dates import ENGLISH
from ..pipeline.language import N_, translate
from ..pipeline.sources import LANGUAGES
from .board import LEARNING_TEAM, READERS, board_report
from .intake import COUNTED, LIMIT_BYTES, SET_ASIDE, Intake
from .pages import HEADERS, Pages, templates
from .people import Person
from .workflow import Refused

TOO_LARGE = N_("A session record is never that large; nothing was kept.")
TOO_MANY = N_("Too many records from here at once; the page tries again later.")
NOT_JSON = N_("Send the record as JSON (application/json).")


def _language(request: Request) -> str:
    """The language the page sending a record reads in: a Welsh facilitator page asks for
    Welsh (Accept-Language: cy), so the answer it shows is Welsh too."""
    wanted = request.headers.get("accept-language", "").split(",")[0].split(";")[0].strip().lower()
    return wanted.split("-")[0] if wanted.split("-")[0] in LANGUAGES else ENGLISH


def _said(request: Request, message: str, status: int, **more) -> JSONResponse:
    return JSONResponse({"message": translate(_language(request), message), **more}, status)


def evidence_routes(pages: Pages, intake: Intake, project: Path, origins: list[str]) -> list[BaseRoute]:
    """The routes of the hub's evidence for `project`; facilitator pages at `origins` may send records."""

    async def board(request: Request, person: Person) -> Response:
        if person.role not in READERS:
            raise Refused(f"Your role ({person.role}) does not read the board's report; the board does.")
        start, end = _day(request.query_params.get("from")), _day(request.query_params.get("to"))
        if start and end and start > end:
            start, end = end, start
        wanted = request.url.path.endswith(".pdf")
        made = await asyncio.to_thread(board_report, project, start, end, pdf=wanted)
        period = {"start": start.isoformat() if start else "", "end": end.isoformat() if end else ""}
        if made is None:
            return pages.page(
                "board-empty.html", title="The board's report", period=period, **pages.common(request, person)
            )
        if wanted:
            return Response(made, media_type="application/pdf", headers=HEADERS)
        chooser = templates().get_template("board-period.html").render(period=period)
        html = re.sub(r'(<main id="main"[^>]*>)', lambda m: m.group(1) + chooser, made, count=1)
        return HTMLResponse(html, headers=HEADERS)

    async def receive(request: Request) -> Response:
        address = request.client.host if request.client else "unknown"
        if not intake.allowed(address):
            answer = _said(request, TOO_MANY, 429)
            answer.headers["Retry-After"] = "60"
            return answer
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            return _said(request, NOT_JSON, 415)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > LIMIT_BYTES):
            return _said(request, TOO_LARGE, 413)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > LIMIT_BYTES:
                return _said(request, TOO_LARGE, 413)
        answer = await asyncio.to_thread(intake.receive, body, address)
        if answer.status < 400:  # an arrival, in the page's language (a refusal's reasons are English)
            return _said(
                request,
                answer.body["message"],
                answer.status,
                **{k: v for k, v in answer.body.items() if k != "message"},
            )
        return JSONResponse(answer.body, answer.status)

    def learning_team(person: Person) -> None:
        if person.role not in LEARNING_TEAM:
            raise Refused(f"Your role ({person.role}) does not look after session records; approvers do.")

    async def records_page(request: Request, person: Person) -> Response:
        learning_team(person)
        return pages.page(
            "records.html", title="Session records", arrivals=await asyncio.to_thread(intake.arrivals),
            counted=COUNTED, set_aside=SET_ASIDE, **pages.common(request, person),
        )  # fmt: skip

    async def record_step(request: Request, person: Person) -> Response:
        learning_team(person)
        form = await request.form()
        number = int(request.path_params["number"])
        try:
            if request.url.path.endswith("/accept"):
                await asyncio.to_thread(intake.accept, person, number)
            else:
                await asyncio.to_thread(intake.set_aside, person, number, str(form.get("reason", "")))
        except ValueError as error:
            raise Refused(str(error)) from None
        return RedirectResponse("/records", status_code=303)

    cors = Middleware(
        CORSMiddleware, allow_origins=origins, allow_methods=["POST"], allow_headers=["Content-Type"],
        max_age=600,
    )  # fmt: skip
    return [
        Route("/board", pages.signed_in_page(board), methods=["GET"]),
        Route("/board/report.pdf", pages.signed_in_page(board), methods=["GET"]),
        Route("/records", pages.signed_in_page(records_page), methods=["GET"]),
        Route("/records/{number:int}/set-aside", pages.signed_in_page(record_step), methods=["POST"]),
        Route("/records/{number:int}/accept", pages.signed_in_page(record_step), methods=["POST"]),
        Mount(
            "/api", app=Starlette(routes=[Route("/records", receive, methods=["POST"])], middleware=[cors])
        ),
    ]


def _day(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None
