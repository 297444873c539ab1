"""`serve`: a live preview that rebuilds and reloads as the author saves, shows errors, and stays safe."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import REPO

from sevenminute.preview.server import free_port


@pytest.fixture
def scratch_tmp(tmp_path):
    """The temporary folder the preview is given (TMPDIR): nothing may be left in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    yield folder
    assert not list(folder.glob("sevenminute-preview-*")), "the preview left its temporary copy"


def _start(project, scratch_tmp, port):
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", "TMPDIR": str(scratch_tmp)}
    return subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port)],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.fixture
def preview(project, scratch_tmp):
    """`python build.py serve` running on a free port in a scratch project; stopped as a
    service manager stops it (SIGTERM), which must leave nothing behind."""
    port = free_port()
    process = _start(project, scratch_tmp, port)
    line = process.stdout.readline()
    assert line.startswith("Previewing at http://127.0.0.1:"), line + process.stderr.read()
    yield process, port
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def shared_preview(tmp_path_factory):
    """One preview as `preview` starts it, for the tests that only ask it for pages (no edits,
    no signals), so it is started once for them all; stopped as `preview` is, and it too must
    leave nothing behind."""
    root = tmp_path_factory.mktemp("shared-preview")
    shutil.copytree(REPO / "briefings", root / "project" / "briefings")
    scratch = root / "tmp"
    scratch.mkdir()
    port = free_port()
    process = _start(root / "project", scratch, port)
    line = process.stdout.readline()
    assert line.startswith("Previewing at http://127.0.0.1:"), line + process.stderr.read()
    yield process, port
    process.terminate()
    process.wait(timeout=20)
    assert not list(scratch.glob("sevenminute-preview-*")), "the preview left its temporary copy"


def _get(port: int, path: str, method: str = "GET") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path)
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


def test_a_pdf_is_made_when_first_asked_for(shared_preview):
    _, port = shared_preview
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
def test_traversal_and_unknown_paths_get_a_404_page(shared_preview, path):
    _, port = shared_preview
    status, body = _get(port, path)
    assert status == 404
    assert b"<h1>Not found</h1>" in body and b"root:" not in body


def test_it_listens_on_loopback_and_warns_otherwise(project):
    from sevenminute.preview.server import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0")


def test_a_preview_other_computers_can_reach_has_no_editor_and_points_to_the_hub(project, scratch_tmp):
    """Issue 32: `serve --host` shows the preview to the network, but nothing that writes."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", "TMPDIR": str(scratch_tmp)}
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--host", "0.0.0.0", "--port", str(port)],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = process.stdout.readline()
        assert line.startswith(f"Previewing at http://0.0.0.0:{port}/"), line
        status, library = _get(port, "/index.html")
        assert status == 200 and b"Family A" in library and b"New briefing" not in library
        assert _get(port, "/edit/family-a")[0] == 404
        before = (project / "briefings" / "family-a.yaml").read_bytes()
        assert _get(port, "/edit/family-a/save", "POST")[0] in (404, 405)
        assert (project / "briefings" / "family-a.yaml").read_bytes() == before
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "The editor is off" in err and "python build.py hub" in err


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


def test_after_an_automatic_reload_the_error_banner_is_in_view(preview, project, browser):
    _, port = preview
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    try:
        page.goto(f"http://127.0.0.1:{port}/family-a/index.html")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
        assert page.evaluate("window.scrollY") > 500
        source = project / "briefings" / "family-a.yaml"
        source.write_text(source.read_text().replace("sections:", "sectoins:", 1))
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=15_000)
        page.wait_for_load_state("load")
        page.wait_for_function(
            "(() => { const r = document.querySelector('[role=alert]').getBoundingClientRect();"
            " return r.top >= 0 && r.top < innerHeight; })()",
            timeout=5_000,
        )
        box = alert.bounding_box()
        assert 0 <= box["y"] < 700 and "sectoins" in alert.inner_text()
    finally:
        page.close()


def test_sigterm_stops_it_and_removes_its_temporary_copy(preview, scratch_tmp):
    process, port = preview
    assert _get(port, "/index.html")[0] == 200
    assert list(scratch_tmp.glob("sevenminute-preview-*"))  # its copy, while it runs
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0 and "Traceback" not in err
    assert not list(scratch_tmp.glob("sevenminute-preview-*"))


def test_a_busy_port_is_said_first_with_how_to_choose_another_and_nothing_is_left(project, scratch_tmp):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        process = _start(project, scratch_tmp, port)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert f"port {port} on 127.0.0.1 is busy" in err and "--port 8080" in err
    assert "Rebuilt" not in err and "Traceback" not in err  # refused before building anything
    assert not list(scratch_tmp.glob("sevenminute-preview-*"))


def test_head_requests_are_answered(shared_preview):
    _, port = shared_preview
    status, body = _get(port, "/family-a/index.html", method="HEAD")
    assert status == 200 and body == b""
    assert _get(port, "/no-such-page.html", method="HEAD")[0] == 404
