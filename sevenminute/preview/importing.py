""" "Import a review" in the workspace: the upload read by `import` into a new draft, the report
of how it was read kept to show beside the draft in the editor, and, when a briefing of that
name is already there, a choice between opening it and importing under a new name.

An upload is kept in the preview's temporary folder only until it is imported (or the server
stops), under a random name the choice page carries; never beside the briefings.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..pipeline.sources import slugify
from ..problems import BriefingError
from .responses import HEADERS, Session, page_response, refused

UPLOAD_LIMIT = 20 * 1024 * 1024  # a long review as a PDF is a few megabytes
REVIEW_SUFFIXES = (".pdf", ".docx", ".md", ".markdown", ".txt")
UPLOAD_NAME = re.compile(r"[0-9a-f]{32}(\.[a-z]+)")


def report_blocks(lines: list[str]) -> list[dict]:
    """`import`'s report as the page shows it: each line a paragraph, with the indented lines
    after it as its list."""
    blocks: list[dict] = []
    for line in lines:
        if line.startswith("  ") and blocks:
            blocks[-1]["list"].append(line.strip())
        else:
            blocks.append({"text": line.strip(), "list": []})
    return blocks


def import_report(work: Path, name: str) -> list[dict]:
    """The report of the review imported as `name` in this session, if it was."""
    try:
        return report_blocks(json.loads((work / "reports" / f"{name}.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return []


def free_name(briefings: Path, slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`...: the first no briefing has."""
    taken = {path.stem for path in briefings.glob("*.y*ml")}
    number = 2
    name = slug
    while name in taken:
        name, number = f"{slug}-{number}", number + 1
    return name


def import_routes(session: Session, choice_page) -> list[Route]:
    """The route for "Import a review"; `choice_page(request, existing, upload)` draws the page that
    offers the existing draft or a new title, in the editor's style."""
    preview = session.preview
    uploads = preview.work / "uploads"

    async def import_upload(request: Request) -> Response:
        length = request.headers.get("content-length")
        if length is None or not length.isdigit() or int(length) > UPLOAD_LIMIT:
            return page_response(
                413, "Not imported", f"The review must be a file of at most {UPLOAD_LIMIT // 2**20} MB."
            )
        form = await request.form(max_files=1, max_fields=5)
        if not session.allowed(request, form.get("token")):
            return refused()
        uploads.mkdir(exist_ok=True)
        kept = UPLOAD_NAME.fullmatch(str(form.get("upload", "")))
        upload = form.get("review")
        title = " ".join(str(form.get("title", "")).split()) or None
        if kept and (uploads / kept.group(0)).is_file():  # the second step: a new title chosen
            scratch = uploads / kept.group(0)
            slug = free_name(preview.briefings, slugify(title or "") or "review")
        else:
            suffix = Path(getattr(upload, "filename", "") or "").suffix.lower()
            if upload is None or isinstance(upload, str) or suffix not in REVIEW_SUFFIXES:
                return page_response(
                    400,
                    "Not imported",
                    "Choose a review to import: a PDF, a Word .docx, Markdown or text file.",
                )
            scratch = uploads / f"{secrets.token_hex(16)}{suffix}"
            scratch.write_bytes(await upload.read())
            slug = slugify(Path(upload.filename).stem) or "review"
        target = preview.briefings / f"{slug}.yaml"
        if target.exists():
            page = choice_page(request, target, scratch.name)
            return Response(page, 409, media_type="text/html; charset=utf-8", headers=HEADERS)
        try:
            report = await asyncio.to_thread(_import, scratch, target, title)
        except BriefingError as error:
            scratch.unlink(missing_ok=True)
            return page_response(422, "Not imported", "; ".join(p.text for p in error.problems))
        scratch.unlink(missing_ok=True)
        reports = preview.work / "reports"
        reports.mkdir(exist_ok=True)
        (reports / f"{slug}.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
        return RedirectResponse(f"/edit/{slug}", status_code=303)

    return [Route("/import", import_upload, methods=["POST"])]


def _import(review: Path, target: Path, title: str | None) -> list[str]:
    from ..importer.draft import import_review

    return import_review(review, target, title=title).report
