"""Running the hub: its secret, the published library built for everyone, and the web server."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..files import replace_file
from ..pipeline.briefing import prepare
from ..pipeline.settings import Settings, load_settings
from ..pipeline.sources import find_sources
from ..site.build import build
from .app import hub_app
from .people import DATABASE, People

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


def briefings(project: Path) -> list[tuple[str, str, str]]:
    """Each briefing in the project: its title, file and status (as the signed-in page lists them)."""
    rows = []
    for source in find_sources([], project / BRIEFINGS) if (project / BRIEFINGS).is_dir() else []:
        briefing = prepare(source, ready=False).briefing
        file = f"{BRIEFINGS}/{source.name}"
        rows.append(
            (briefing.title, file, briefing.status) if briefing else (source.stem, file, "cannot be read")
        )
    return rows


def build_library(project: Path, settings: Settings, logo: Path | None) -> Path:
    """The library everyone may read: the published (and withdrawn) briefings alone, so no
    draft is anywhere in it."""
    out = project / LIBRARY
    sources = find_sources([], project / BRIEFINGS) if (project / BRIEFINGS).is_dir() else []
    public = [
        s for s in sources if (b := prepare(s, ready=False).briefing) is not None and b.status != "draft"
    ]
    build(public, out, briefings_dir=project / BRIEFINGS, settings=settings, logo=logo)
    return out


def serve_hub(
    project: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    https: bool = False,
    ready: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Serve the hub for `project` until `stop` is set, or Ctrl-C."""
    import uvicorn

    settings, logo = load_settings(project)
    library = build_library(project, settings, logo)
    app = hub_app(
        People(project / DATABASE), library, secret=secret_key(project), https=https,
        partnership=settings.name or "The partnership's", briefings=lambda: briefings(project),
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
