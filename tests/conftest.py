"""Shared set-up: a scratch project with the shipped briefings, and one build of them all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sevenminute.cli import cli
from sevenminute.pipeline.sources import find_sources
from sevenminute.site.build import build

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted((REPO / "briefings").glob("*.yaml"))


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder holding copies of the shipped briefings, as the current folder."""
    shutil.copytree(REPO / "briefings", tmp_path / "briefings")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def run():
    """Run the command line as an author would, returning (exit code, stdout, stderr)."""

    def invoke(*args: str, input: str | None = None):  # noqa: A002 (click's own name for it)
        result = CliRunner().invoke(cli, list(args), prog_name="python build.py", input=input)
        return result.exit_code, result.stdout, result.stderr

    return invoke


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every shipped briefing built once into a scratch output folder."""
    out = tmp_path_factory.mktemp("output")
    here = os.getcwd()
    os.chdir(REPO)
    try:
        report = build(find_sources([], Path("briefings")), out)
    finally:
        os.chdir(here)
    return out, report


def valid_briefing(**changes) -> dict:
    """A small valid briefing as data, with `changes` applied (None removes a key)."""
    data = {
        "title": "Child Z",
        "partnership": "Anytown Safeguarding Children Partnership",
        "published": "2024-03-01",
        "review": {"kind": "rapid-review"},
        "summary": "What a rapid review about Child Z asks of every practitioner.",
        "sections": [{"title": f"Part {n}", "body": f"Learning point number {n}."} for n in range(1, 8)],
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_text(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


# A real headless Chromium (Debian's), for the browser tests.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, built):
    out, _ = built
    contexts = []

    def open_(path: str, width: int = 1280, clock: bool = False):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        if clock:  # Playwright's clock: time moves only when the test says so
            page.clock.install()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto((out / path).as_uri())
        page.wait_for_load_state("load")
        return page, requests

    yield open_
    for context in contexts:
        context.close()


def script(name: str, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """One of the project's scripts (scripts/NAME), run as `make` runs it, from the project folder."""
    return subprocess.run(
        [sys.executable, f"scripts/{name}", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout
    )


from evidence_records import records  # noqa: E402, F401 (the evidence tests' folder of session records)
