"""An author edits one briefing and builds again from the command line: that one briefing is
printed in a helper process while the rest of it is made, and what comes out is exactly what a
build made all in one process makes. Only the library pages that list it are made again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from conftest import REPO, write_yaml
from pypdf import PdfReader

from sevenminute.pipeline.sources import find_sources
from sevenminute.site.build import build


def _cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", *args], cwd=project, env=env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def _files(out: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(out)): path.read_bytes()
        for path in out.rglob("*")
        if path.is_file() and not path.name.startswith(".sevenminute")
    }


def _made_here(project: Path, out: str) -> Path:
    """Every briefing built in this process (which has printed before: no helper), from scratch."""
    build(find_sources([], project / "briefings"), project / out, briefings_dir=project / "briefings", jobs=1)
    return project / out


def test_one_briefing_edited_twice_and_rebuilt_alone_matches_a_build_made_all_at_once(project):
    """First a new title: only the library pages that list the briefing are made again. Then
    the briefing grows too long for one sheet, so printing to fit leaves theme questions off:
    the Word file and slides made meanwhile for the longer handout are made again, and every
    file matches a build of all five made in one process."""
    assert _cli(project).returncode == 0
    out = project / "output"
    themes_before = {page.name: page.stat().st_mtime_ns for page in (out / "themes").glob("*.html")}
    listing = {
        page.name for page in (out / "themes").glob("*.html") if "family-a/index.html" in page.read_text()
    }
    assert listing and len(listing) < len(themes_before)  # some theme pages list it, some do not
    path = project / "briefings" / "family-a.yaml"
    path.write_text(path.read_text().replace("title: Family A", "title: Family A (revised)", 1))
    time.sleep(0.01)
    done = _cli(project)
    assert done.returncode == 0 and "1 briefing built, 4 up to date" in done.stdout, done.stdout + done.stderr
    for page in (out / "themes").glob("*.html"):
        changed = page.stat().st_mtime_ns != themes_before[page.name]
        assert changed == (page.name in listing), page.name
        assert ("Family A (revised)" in page.read_text()) == (page.name in listing), page.name
    assert "Family A (revised)" in (out / "index.html").read_text()

    data = yaml.safe_load(path.read_text())
    data["theme_questions"] = 4
    extra = "Keep a short note of what the team agreed, who will act on it, and by when it will be done."
    for added in range(1, 30):  # lengthen it until printing to fit leaves a question off
        data["sections"][6]["body"] += f"\n- {extra} ({added})\n"
        write_yaml(path, data)
        probe = build([path], project / "probe", formats="pdf")
        if any("left off the handout" in problem.message for problem in probe.problems):
            break
    shutil.rmtree(project / "probe")
    done = _cli(project)
    assert done.returncode == 0, done.stderr
    assert "1 briefing built, 4 up to date" in done.stdout
    assert "left off the handout so that it fits on one sheet" in done.stdout + done.stderr
    assert len(PdfReader(out / "family-a" / "family-a.pdf").pages) == 2
    ours, theirs = _files(out), _files(_made_here(project, "reference"))
    assert sorted(ours) == sorted(theirs)
    for name in ours:
        assert ours[name] == theirs[name], name


def test_a_one_briefing_build_killed_leaves_no_helper_behind(project):
    """The printing helper dies with the build: nothing holds the output folder after a kill."""
    assert _cli(project).returncode == 0
    path = project / "briefings" / "family-a.yaml"
    path.write_text(path.read_text().replace("summary: ", "summary: Again. ", 1))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "build"], cwd=project, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    helpers: list[int] = []
    while not helpers and time.monotonic() < deadline and started.poll() is None:
        helpers = _children(started.pid)
        time.sleep(0.02)
    assert helpers, "the build finished before its printing helper was seen"
    started.send_signal(signal.SIGKILL)
    started.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in helpers)
    done = _cli(project)
    assert done.returncode == 0, done.stdout + done.stderr


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_logo_is_drawn_once_and_kept_for_the_office_files(tmp_path):
    """Drawing an SVG logo needs WeasyPrint; a later build's office files take the kept picture."""
    from sevenminute.pipeline.office.logo import logo_png

    logo = tmp_path / "logo.svg"
    shutil.copy(REPO / "assets" / "logo.svg", logo)
    logo_png.cache_clear()
    drawn = logo_png(logo)
    assert drawn and drawn.startswith(b"\x89PNG")
    probe = (
        "import sys; from pathlib import Path; from sevenminute.pipeline.office.logo import logo_png; "
        f"data = logo_png(Path({str(logo)!r})); "
        "print(len(data), 'weasyprint' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    kept = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert kept.stdout.split() == [str(len(drawn)), "False"], kept.stderr
    logo.write_text(logo.read_text().replace("</svg>", '<rect width="1" height="1"/></svg>'))
    logo_png.cache_clear()
    changed = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert changed.stdout.split()[1] == "True", changed.stderr  # a new logo is drawn afresh
