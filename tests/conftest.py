"""Shared set-up: a scratch project with the shipped briefings, and one build of them all."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

# The suite runs on pytest-xdist's workers, one a core (pyproject's addopts). Each worker, and
# every process it starts, gets its share of the cores for NumPy's and scikit-learn's matrix
# products, as a build's workers do (meaning.share_cores): OpenBLAS otherwise starts a thread
# per core in every process, and they spin against each other (the theme training took 118 s
# instead of 15 s on two busy cores). Set before the kit first imports NumPy; the kit's own
# limits (threadpoolctl) still apply where it sets them. Not in a run without workers.
_workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
_SHARE = max(1, (os.cpu_count() or 1) // int(_workers)) if _workers else None  # a worker's cores
if _SHARE:
    for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(_name, str(_SHARE))

import pytest  # noqa: E402
import yaml  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from filelock import FileLock  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from sevenminute.cli import cli  # noqa: E402
from sevenminute.pipeline.sources import find_sources, is_briefing_file  # noqa: E402
from sevenminute.site.build import build  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
# The shipped briefings; their versions in other languages (family-a.cy.yaml) are not briefings of their own.
SHIPPED = sorted(path for path in (REPO / "briefings").glob("*.yaml") if is_briefing_file(path))
WELSH = sorted((REPO / "briefings").glob("*.cy.yaml"))


@pytest.fixture(autouse=True, scope="session")
def _a_build_here_takes_this_workers_share():
    """A build made in a test worker's own process takes that worker's share of the cores as
    its default number of jobs (one, on two cores), as NumPy's threads do above: the other
    worker is already busy on the other core, and a pool of its own would only add the cost
    of starting it. Tests of parallel builds ask for their jobs; the command line is not
    changed."""
    if not _SHARE:
        yield
        return
    from sevenminute.site import workers

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workers, "default_jobs", lambda: _SHARE)
        yield


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder holding copies of the shipped briefings, as the current folder (their
    Welsh versions are left out: a test of Welsh brings its own, tests/test_welsh.py)."""
    shutil.copytree(REPO / "briefings", tmp_path / "briefings", ignore=shutil.ignore_patterns("*.cy.yaml"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str, input: str | None = None):  # noqa: A002 (click's own name for it)
    """Run the command line as an author would, in the current folder: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(cli, list(args), prog_name="python build.py", input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def run():
    """Run the command line as an author would, returning (exit code, stdout, stderr)."""
    return invoke


def run_folder(tmp_path_factory) -> Path:
    """This run's scratch folder, which every xdist worker shares (each has its own below it);
    without xdist, the session's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


_OWN = pytest.StashKey[tuple[Path, dict[str, str | None]]]()


def pytest_configure(config):
    """Each worker keeps its sentence vectors (the kit's cache, normally the user's
    ~/.cache/sevenminute) and Hypothesis its files (normally .hypothesis/ in the project) in a
    scratch folder of its own, from before the tests are collected (Hypothesis reads the
    project's modules then): nothing the tests do is written to the user's cache or the
    project, and no worker sees what another has kept. Processes the tests start inherit both."""
    scratch = Path(tempfile.mkdtemp(prefix="sevenminute-tests-"))
    names = {"XDG_CACHE_HOME": scratch / "cache", "HYPOTHESIS_STORAGE_DIRECTORY": scratch / "hypothesis"}
    config.stash[_OWN] = scratch, {name: os.environ.get(name) for name in names}
    for name, folder in names.items():
        os.environ[name] = str(folder)
    set_hypothesis_home_dir(names["HYPOTHESIS_STORAGE_DIRECTORY"])  # it may have read the variable


# The files that take longest, longest first (`pytest --durations=0`, 7 December 2026). xdist
# hands each worker whole files in the order they are collected, so with these first the
# two workers end together instead of one waiting for the other's last long file.
LONGEST_FIRST = (
    "test_editor.py",
    "test_eval.py",
    "test_incremental.py",
    "test_publishing.py",
    "test_facilitate.py",
    "test_hostile.py",
    "test_one_briefing_build.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order


def pytest_unconfigure(config):
    scratch, before = config.stash[_OWN]
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    set_hypothesis_home_dir(None)
    shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every shipped briefing built once into a scratch output folder, for tests that only read
    it: built by the first xdist worker to ask, under a lock, and read by the others from there."""
    folder = run_folder(tmp_path_factory)
    out, saved = folder / "built", folder / "built.report"
    with FileLock(str(folder / "built.lock")):
        if not saved.is_file():
            here = os.getcwd()
            os.chdir(REPO)
            try:
                report = build(find_sources([], Path("briefings")), out)
            finally:
                os.chdir(here)
            saved.write_bytes(pickle.dumps(report))
    return out, pickle.loads(saved.read_bytes())


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


@pytest.fixture(scope="session")
def browser():
    """One Chromium a worker; each test opens its own contexts (cookies, storage, viewport) in it."""
    with sync_playwright() as p:
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


@pytest.fixture(params=["sqlite", "postgresql"])
def stored(request, project, monkeypatch):
    """The project's evidence and hub data on each backend in turn: its SQLite files, then a
    PostgreSQL schema of the test's own (named as SEVENMINUTE_DATABASE_URL would name it)."""
    from databases import stored as kept

    with kept(request.param, project) as where:
        if where.url:
            monkeypatch.setenv("SEVENMINUTE_DATABASE_URL", where.url)
        yield where
