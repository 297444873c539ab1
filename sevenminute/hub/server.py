"""Running the hub: its secret, the published library built for everyone, and the web server."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..files import replace_file
from ..pipeline.briefing import prepare
from ..pipeline.settings import Settings, load_settings
from ..pipeline.sources import find_sources
from ..preview.workspace import Preview
from ..site.build import build
from .app import hub_app
from .intake import Intake
from .people import People, address
from .workflow import Desk

SECRET = Path("hub") / "secret.key"  # signs the session cookies; made once, readable by the owner only
LIBRARY = Path("hub") / "library"  # the published library the hub serves
BRIEFINGS = Path("briefings")


def secret_key(project: Path) -> str:
    path = project / SECRET
    if not path.is_file():
        replace_file(
            path, secrets.token_urlsafe(48), new_mode=0o600
        )  # never readable by others, even briefly
    return path.read_text(encoding="utf-8").strip()


def build_library(project: Path) -> tuple[Path, list[str]]:
    """The library everyone may read: the published and withdrawn briefings alone, so no draft
    is anywhere in it, and a published one only as it was signed off (the hub requires a
    sign-off, whatever partnership.yaml says). A briefing refused keeps no page here, or the
    page it had when it was last signed off. Returns the folder and the briefings refused."""
    settings, logo = load_settings(project)
    out = project / LIBRARY
    sources = find_sources([], project / BRIEFINGS) if (project / BRIEFINGS).is_dir() else []
    public = [
        s for s in sources if (b := prepare(s, ready=False).briefing) is not None and b.status != "draft"
    ]
    required = settings.model_copy(update={"sign_off": "required"})
    report = build(public, out, briefings_dir=project / BRIEFINGS, settings=required, logo=logo)
    return out, [source.stem for source in report.failed]


def record_origins(settings: Settings) -> list[str]:
    """Where facilitator pages may send records from (CORS): the partnership's published library
    and its hub, and a page opened from a file or an email (whose origin is "null")."""
    origins = ["null"]
    for url in (settings.base_url, settings.hub_url):
        if url is not None:
            origins.append(
                f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port not in (None, 80, 443) else "")
            )
    return origins


def serve_hub(
    project: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    https: bool = False,
    ready: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    log: Callable[[str], None] | None = None,
) -> None:
    """Serve the hub for `project` until `stop` is set, or Ctrl-C."""
    import uvicorn

    settings, _logo = load_settings(project)
    library, left_out = build_library(project)
    if left_out and log:
        log(
            f"Not in the public library until an approver signs them off (each one's page in the hub "
            f"says why): {', '.join(left_out)}"
        )
    people = People(address(project))
    lock = threading.Lock()

    def publish() -> None:
        with lock:
            build_library(project)

    work = Path(tempfile.mkdtemp(prefix="sevenminute-hub-"))
    preview = Preview(project, work)
    app = hub_app(
        people, Desk(people, project / BRIEFINGS, publish), Intake(project, people), library, preview,
        secret=secret_key(project), https=https, partnership=settings.name or "The partnership's",
        origins=record_origins(settings),
    )  # fmt: skip
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.01)
    if ready:
        ready(f"http://{host}:{port}/")
    try:
        while thread.is_alive() and not (stop and stop.is_set()):
            time.sleep(0.1)
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        shutil.rmtree(work, ignore_errors=True)
