"""The author's workspace: build into a temporary folder, serve it, rebuild when a source
changes and reload the open page; and the editor beside it. Like `mkdocs serve`, for
briefing authors.

The web pages are rebuilt incrementally on every change (only what the change touches); a
PDF is printed when first asked for and kept until its source changes. The port is taken
before anything is built, so a busy port costs nothing and leaves nothing behind; the
temporary folder goes when the server stops, by Ctrl-C or by SIGTERM.
"""

from __future__ import annotations

import ipaddress
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..pipeline.kit import kit_templates
from ..pipeline.settings import SETTINGS_FILE
from .workspace import Preview

TEMP_PREFIX = "sevenminute-preview-"


class PortBusy(OSError):
    """The port is taken (or may not be used): said before anything is built."""


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


def take_port(host: str, port: int) -> socket.socket:
    """The listening socket, taken first: a busy port is said before anything is built."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise PortBusy(error.errno, error.strerror) from None
    return sock


def serve(
    project: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    ready: Callable[[str], None] | None = None,
    log: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Serve the workspace for `project` until `stop` is set, or Ctrl-C or SIGTERM."""
    import uvicorn
    from watchfiles import watch

    from .app import workspace_app

    sock = take_port(host, port)
    address = f"http://{host if ':' not in host else f'[{host}]'}:{sock.getsockname()[1]}/"
    previous = signal.getsignal(signal.SIGTERM)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
    work = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
    preview = Preview(project, work, log=log)
    server = None
    try:
        preview.rebuild()
        app = workspace_app(preview, host, sock.getsockname()[1], editing=is_loopback(host))
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=1
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started and thread.is_alive():
            time.sleep(0.01)
        if ready:
            ready(address)
        stop = stop or threading.Event()
        for _changes in watch(*watched(project), stop_event=stop, debounce=50, step=20, rust_timeout=200):
            preview.rebuild()
    finally:
        preview.stopping = True
        preview.tell()
        if server is not None:
            server.should_exit = True
            thread.join(timeout=5)
        sock.close()
        shutil.rmtree(work, ignore_errors=True)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt  # the same clean stop as Ctrl-C: the temporary folder goes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
