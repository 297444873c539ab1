"""`serve`: a live preview that rebuilds and reloads as the author saves, shows errors, and stays safe."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import REPO

from sevenminute.preview.server import free_port


@pytest.fixture
def preview(project):
    """`python build.py serve` running on a free port in a scratch project."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port)],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    line = process.stdout.readline()
    assert line.startswith("Previewing at http://127.0.0.1:"), line + process.stderr.read()
    yield process, port
    if process.poll() is None:
        process.kill()
        process.wait()


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def test_the_page_reloads_with_the_change_then_shows_and_clears_an_error(preview, project, browser):
    _, port = preview
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/family-a/index.html")
        source = project / "briefings" / "family-a.yaml"
        original = source.read_text()
        source.write_text(original.replace("A sound assessment needs", "A live preview shows", 1))
        page.get_by_text("A live preview shows").wait_for(timeout=15_000)  # no reload by hand

        source.write_text(original.replace("sections:", "sectoins:", 1))
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=15_000)
        assert "briefings/family-a.yaml:" in alert.inner_text() and "sectoins" in alert.inner_text()

        source.write_text(original)
        alert.wait_for(state="detached", timeout=15_000)
        assert page.get_by_role("heading", name="Family A", level=1).is_visible()
        assert "A sound assessment needs" in page.content()
    finally:
        page.close()


def test_a_pdf_is_made_when_first_asked_for(preview):
    _, port = preview
    status, body = _get(port, "/family-a/family-a.pdf")
    assert status == 200 and body.startswith(b"%PDF")


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/family-a/..%2f..%2f..%2f..%2fetc/passwd",
        "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "//etc/passwd",
        "/family-a/%00index.html",
        "/..\\..\\etc\\passwd",
        "/.sevenminute-build.json",
        "/no-such-page.html",
    ],
)
def test_traversal_and_unknown_paths_get_a_404_page(preview, path):
    _, port = preview
    status, body = _get(port, path)
    assert status == 404
    assert b"<h1>Not found</h1>" in body and b"root:" not in body


def test_it_listens_on_loopback_and_warns_otherwise(project):
    from sevenminute.preview.server import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0")


def test_ctrl_c_stops_it_cleanly(preview):
    process, port = preview
    assert _get(port, "/index.html")[0] == 200
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "Stopped the preview." in out
    assert "Traceback" not in err
    time.sleep(0.2)
    with pytest.raises(OSError):
        _get(port, "/index.html")
