"""Live preview: build into a temporary folder, serve it, rebuild when a source changes, and
reload the open page. Like `mkdocs serve`, for briefing authors.

The web pages are rebuilt incrementally on every change (only what the change touches);
a PDF is printed when first asked for and kept until its source changes. Pages are sent
with a small script that listens for rebuilds (server-sent events, from this server only)
and, while a briefing has a problem, a banner naming it.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..pipeline.kit import kit_templates
from ..pipeline.settings import SETTINGS_FILE, load_settings
from ..pipeline.sources import find_sources
from ..problems import BriefingError, Problem
from ..site.build import build

RELOAD_PATH = "/__sevenminute/events"
RELOAD_SCRIPT = (
    "<script>(function(){var s=new EventSource('" + RELOAD_PATH + "');"
    "s.addEventListener('rebuilt',function(){location.reload();});})();</script>"
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
}


@dataclass
class Preview:
    """The state of a preview: where it builds, what is wrong now, and a counter of rebuilds."""

    project: Path
    out: Path
    problems: list[Problem] = field(default_factory=list)
    generation: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)
    pdf_digests: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    log: Callable[[str], None] = print

    @property
    def briefings(self) -> Path:
        return self.project / "briefings"

    def rebuild(self) -> None:
        """Build the web pages of every briefing (only what changed), then tell open pages."""
        with self.lock:
            started = time.perf_counter()
            problems: list[Problem] = []
            try:
                settings, logo = load_settings(self.project)
            except BriefingError as error:
                problems += error.problems
                settings, logo = None, None
            sources = find_sources([], self.briefings) if self.briefings.is_dir() else []
            report = build(
                sources, self.out, formats="html", briefings_dir=self.briefings, settings=settings,
                logo=logo, drafts=True, jobs=1,
            )  # fmt: skip
            problems += report.problems
            self.problems = problems
            for problem in problems:
                self.log(str(problem))
            self.log(
                f"Rebuilt in {time.perf_counter() - started:.2f} s: {len(report.built)} built, "
                f"{len(report.skipped)} up to date, {len(report.failed)} with errors"
            )
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def pdf(self, slug: str) -> Path | None:
        """The PDF of `slug`, printed now if its source changed since it was last printed."""
        source = next((s for s in find_sources([], self.briefings) if s.stem == slug), None)
        if source is None:
            return None
        target = self.out / slug / f"{slug}.pdf"
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        with self.lock:
            if self.pdf_digests.get(slug) != digest or not target.is_file():
                settings, logo = load_settings(self.project)
                report = build(
                    [source], self.out / ".pdf", formats="pdf", briefings_dir=self.briefings,
                    settings=settings, logo=logo, jobs=1,
                )  # fmt: skip
                printed = self.out / ".pdf" / slug / f"{slug}.pdf"
                if report.failed or not printed.is_file():
                    return None
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(printed, target)
                self.pdf_digests[slug] = digest
        return target


def banner(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return ""
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in errors)
    return (
        '<div role="alert" style="background:#fdecea;color:#6b0f00;border:4px solid #8a1c00;'
        'padding:1rem;margin:0;font:1rem/1.5 sans-serif;position:relative;z-index:100">'
        "<strong>The preview is out of date: fix this and save to see your change.</strong>"
        f"<ul>{items}</ul></div>"
    )


class _Handler(BaseHTTPRequestHandler):
    preview: Preview
    server_version = "SevenMinutePreview"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        return  # requests are not news to an author

    def do_GET(self):  # noqa: N802 - the base class's name
        path = urlsplit(self.path).path
        if path == RELOAD_PATH:
            return self._events()
        target = self._resolve(path)
        if target is None and path.endswith(".pdf"):
            slug = Path(unquote(path)).stem
            target = self.preview.pdf(slug) if "/" not in slug and "\\" not in slug else None
        if target is None:
            return self._not_found()
        data = target.read_bytes()
        kind = TYPES.get(target.suffix.lower(), "application/octet-stream")
        if target.suffix == ".html" and target.name != "facilitate.html":
            text = data.decode("utf-8")
            text = text.replace("<body>", "<body>" + banner(self.preview.problems), 1)
            text = text.replace("</body>", RELOAD_SCRIPT + "</body>", 1)
            data = text.encode("utf-8")
        self._send(HTTPStatus.OK, kind, data)

    def _resolve(self, path: str) -> Path | None:
        """The file for `path`, only if it is inside the build folder; never anything else."""
        decoded = unquote(path)
        if "\x00" in decoded or "\\" in decoded:
            return None
        parts = [part for part in decoded.split("/") if part]
        if any(part in (".", "..") or part.startswith(".") for part in parts):
            return None
        root = self.preview.out.resolve()
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

    def _events(self):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview = self.preview
        with preview.changed:
            seen = preview.generation
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while not getattr(self.server, "stopping", False):
                with preview.changed:
                    preview.changed.wait_for(lambda: preview.generation != seen, timeout=15)
                    now = preview.generation
                if now != seen:
                    self.wfile.write(b"event: rebuilt\ndata: " + str(now).encode() + b"\n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _not_found(self):
        page = (
            '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Not found</title>'
            "</head><body><main><h1>Not found</h1><p>There is no such page in this preview. "
            '<a href="/index.html">Go to the library</a>.</p></main></body></html>'
        )
        self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page.encode())

    def _send(self, status: HTTPStatus, kind: str, data: bytes):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(data)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def watched(project: Path) -> list[Path]:
    paths = [project / "briefings", project / SETTINGS_FILE, kit_templates()]
    if (project / "assets").is_dir():
        paths.append(project / "assets")
    return [path for path in paths if path.exists()]


def serve(
    project: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    ready: Callable[[str], None] | None = None,
    log: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Serve a live preview of `project` until `stop` is set (or the process is interrupted)."""
    from watchfiles import watch

    out = Path(tempfile.mkdtemp(prefix="sevenminute-preview-"))
    preview = Preview(project, out, log=log)
    preview.rebuild()
    handler = type("Handler", (_Handler,), {"preview": preview})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    stop = stop or threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://{host}:{server.server_address[1]}/"
    if ready:
        ready(address)
    try:
        for _changes in watch(*watched(project), stop_event=stop, debounce=50, step=20, rust_timeout=200):
            preview.rebuild()
    finally:
        server.stopping = True
        with preview.changed:
            preview.generation += 1
            preview.changed.notify_all()
        server.shutdown()
        server.server_close()
        shutil.rmtree(out, ignore_errors=True)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
