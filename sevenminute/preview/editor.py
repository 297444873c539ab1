"""The editor: a form for one briefing at /edit/<name>, its feedback as the author types, and
saving it back into the author's own file; "New briefing" and "Import a review" on the library.

Saving writes the form's answers into the file's text (authoring.form: comments, key order
and block style kept), atomically, and only over the version the form was loaded from: if
the file changed on disk since, the author is asked which to keep.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import hashlib
import json
import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..authoring.form import FormError, read_form
from ..authoring.scaffold import STRUCTURES, Draft, settings_partnership, structure_for, write_draft
from ..authoring.timing import timing_of
from ..authoring.translation import start_version
from ..files import replace_file
from ..pipeline.model import REVIEW_KIND_NAMES, STATUS_NAMES
from ..pipeline.sources import (
    LANGUAGES,
    LARGE_PRINT,
    SOURCE_SUFFIXES,
    english_of,
    find_sources,
    language_of,
    slugify,
    versions_of,
)
from ..problems import BriefingError, display_path
from .drafting import Drafts, timing_shown
from .importing import UPLOAD_LIMIT, import_report, import_routes
from .responses import HEADERS, Session, file_response, not_found, page_response, refused, resolve

NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}(\.cy)?")  # a briefing, or its Welsh version (family-a.cy)
STATIC = Path(__file__).parent / "static"


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("sevenminute.preview", "templates"), autoescape=select_autoescape()
    )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def briefing_file(briefings: Path, name: str) -> Path | None:
    """The source file for `name`, only a briefing file directly inside briefings/."""
    if not NAME.fullmatch(name):
        return None
    for suffix in SOURCE_SUFFIXES:
        path = briefings / f"{name}{suffix}"
        if path.is_file() and path.resolve().parent == briefings.resolve():
            return path
    return None


def save_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all: a temporary file beside it, then a rename."""
    replace_file(path, text, suffix=".saving")


def _english_and_version(path: Path) -> tuple[dict | None, str | None]:
    """For a Welsh version, its English briefing's form, to show beside each field; for a
    briefing, the name of its Welsh version when it has one (else None)."""
    if language_of(path):
        with contextlib.suppress(FormError, OSError, UnicodeDecodeError):
            return read_form(english_of(path).read_text(encoding="utf-8-sig")), None
        return None, None
    version = versions_of(path).get("cy")
    return None, (version.name.removesuffix(version.suffix) if version else None)


def workspace_panel(session: Session, request: Request) -> str:
    """The library page's workspace: new briefing, import, and every briefing to edit."""
    briefings = session.preview.briefings
    items = []
    for path in find_sources([], briefings) if briefings.is_dir() else []:
        title = path.stem
        with contextlib.suppress(FormError, OSError, UnicodeDecodeError):
            title = read_form(path.read_text(encoding="utf-8-sig"))["title"] or title
        items.append({"name": path.stem, "title": title, "file": f"briefings/{path.name}"})
    return (
        _templates()
        .get_template("workspace.html")
        .render(
            token=session.token_for(request),
            kinds=REVIEW_KIND_NAMES,
            briefings=items,
            limit_mb=UPLOAD_LIMIT // 2**20,
            partnership=settings_partnership(session.preview.project),
        )  # fmt: skip
    )


def _json_script(value) -> Markup:
    return Markup(json.dumps(value, ensure_ascii=False).replace("<", "\\u003c"))


def editor_routes(session: Session) -> list[Route]:
    preview = session.preview
    drafts = Drafts(preview)

    def choice_page(request: Request, existing: Path, upload: str) -> str:
        title = existing.stem
        with contextlib.suppress(FormError, OSError, UnicodeDecodeError):
            title = read_form(existing.read_text(encoding="utf-8-sig"))["title"] or title
        return _templates().get_template("import-exists.html").render(
            name=existing.stem, title=title, file=f"briefings/{existing.name}", suggested=f"{title} (2)",
            upload=upload, token=session.token_for(request), home=session.home,
        )  # fmt: skip

    async def edit(request: Request) -> Response:
        name = request.path_params["name"]
        path = briefing_file(preview.briefings, name)
        if path is None:
            return not_found()
        data = path.read_bytes()
        try:
            form = read_form(data.decode("utf-8-sig"))
        except (FormError, UnicodeDecodeError) as error:
            return page_response(
                422,
                f"{display_path(path)} cannot be shown as a form",
                f"{error}. Open it in a text editor and fix it; `python build.py check {name}` says where.",
            )
        english, version = _english_and_version(path)
        page = _templates().get_template("editor.html").render(
            name=name, file=f"briefings/{path.name}", title=form["title"] or name,
            english=english, version=version, preview_root=drafts.preview_root(name),
            token=session.token_for(request), home=session.home,
            state=_json_script({"name": name, "form": form, "digest": digest(data)}), form=form,
            timing=timing_shown(timing_of([(part["title"], part["body"]) for part in form["sections"]])),
            kinds=REVIEW_KIND_NAMES, statuses=STATUS_NAMES, report=import_report(preview.work, name),
        )  # fmt: skip
        return Response(page, media_type="text/html; charset=utf-8", headers=HEADERS)

    def briefing_asked(request: Request) -> Path | Response:
        """The briefing a state-changing request names, or the refusal to send: never a file
        without the session's token."""
        path = briefing_file(preview.briefings, request.path_params["name"])
        if not session.allowed(request, request.headers.get("x-sevenminute-token")):
            return refused()
        return not_found() if path is None else path

    async def check(request: Request) -> Response:
        name = request.path_params["name"]
        path = briefing_asked(request)
        if isinstance(path, Response):
            return path
        form = await request.json()
        original = path.read_text(encoding="utf-8-sig")
        result = await asyncio.to_thread(drafts.check, name, original, form)
        return JSONResponse(result, headers=HEADERS)

    async def save(request: Request) -> Response:
        path = briefing_asked(request)
        if isinstance(path, Response):
            return path
        body = await request.json()
        data = path.read_bytes()
        if body.get("digest") != digest(data):
            return JSONResponse(
                {
                    "conflict": True,
                    "disk": digest(data),
                    "message": f"{display_path(path)} was changed on disk since this page loaded it, "
                    "perhaps in a text editor. Which version do you want to keep?",
                },
                status_code=409,
                headers=HEADERS,
            )
        from ..authoring.form import apply_form

        try:
            text = apply_form(data.decode("utf-8-sig"), body.get("form") or {})
        except FormError as error:
            return JSONResponse({"message": f"Not saved: {error}"}, status_code=422, headers=HEADERS)
        if ((body.get("form") or {}).get("status") or "published") == "published":  # said before it is saved
            stopping = await asyncio.to_thread(drafts.stops_publishing, path.stem, text)
            if stopping:
                return JSONResponse(
                    {"unpublishable": True, "findings": stopping, "message": "Not saved yet: it cannot be "
                     "published as it stands. Save it as a draft, or keep editing."},
                    status_code=422, headers=HEADERS,
                )  # fmt: skip
        save_atomically(path, text)
        saved = datetime.datetime.now().strftime("%H:%M")
        return JSONResponse(
            {"digest": digest(text.encode("utf-8")), "message": f"Saved {display_path(path)} at {saved}."},
            headers=HEADERS,
        )

    async def draft_files(request: Request) -> Response:
        path = request.path_params["path"]
        target = resolve(drafts.site, path)
        match = re.fullmatch(r"(cy/)?([a-z0-9][a-z0-9_-]*)/\2(-large-print)?\.pdf", path)
        if target is None and match:
            kind = LARGE_PRINT if match.group(3) else "pdf"
            target = await asyncio.to_thread(
                drafts.pdf, match.group(2) + (".cy" if match.group(1) else ""), kind
            )
        if target is None:
            return not_found()
        first, _, rest = path.partition("/")
        name = f"{rest.split('/', 1)[0]}.{first}" if first in LANGUAGES else first
        return file_response(target, drafts.problems.get(name, []), in_editor=True)

    async def static(request: Request) -> Response:
        target = resolve(STATIC, request.path_params["file"])
        return file_response(target, []) if target else not_found()

    async def start_welsh(request: Request) -> Response:
        """The Welsh version of the briefing, started from it (`new --welsh`), opened in the form."""
        form = await request.form(max_files=0, max_fields=2)
        if not session.allowed(request, form.get("token")):
            return refused()
        name = request.path_params["name"]
        path = briefing_file(preview.briefings, name)
        if path is None or language_of(path):
            return not_found()
        if not briefing_file(preview.briefings, f"{name}.cy"):
            try:
                start_version(path, "cy")
            except BriefingError as error:
                return page_response(409, "Not made", error.problems[0].message)
        return RedirectResponse(f"/edit/{name}.cy", status_code=303)

    async def new(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=6)
        if not session.allowed(request, form.get("token")):
            return refused()
        title = " ".join(str(form.get("title", "")).split())
        partnership = " ".join(str(form.get("partnership", "")).split())
        kind = str(form.get("kind", ""))
        if not title or not partnership or kind not in REVIEW_KIND_NAMES:
            return page_response(
                400,
                "Not made",
                "Give the new briefing a title and its partnership, and choose the kind of source.",
            )
        slug = slugify(title)
        target = preview.briefings / f"{slug}.yaml"
        try:
            draft = Draft(title, partnership, datetime.date.today(), kind,
                          STRUCTURES[structure_for(kind)].parts)  # fmt: skip
            write_draft(target, draft)
        except BriefingError as error:
            return page_response(409, "Not made", error.problems[0].message)
        return RedirectResponse(f"/edit/{slug}", status_code=303)

    return [
        Route("/edit/{name}", edit),
        Route("/edit/{name}/check", check, methods=["POST"]),
        Route("/edit/{name}/save", save, methods=["POST"]),
        Route("/new", new, methods=["POST"]),
        Route("/edit/{name}/welsh", start_welsh, methods=["POST"]),
        *import_routes(session, choice_page),
        Route("/__draft/{path:path}", draft_files),
        Route("/__sevenminute/{file}", static),
    ]
