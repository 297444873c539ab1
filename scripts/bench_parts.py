"""The kit's measures beyond the build (scripts/bench.py runs them): the live preview and the
editor, import, the evidence database and report, and the slides and Word file."""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sevenminute.pipeline.enrich.handout import enrich  # noqa: E402
from sevenminute.pipeline.sources import find_sources  # noqa: E402
from sevenminute.pipeline.validate import read_briefing  # noqa: E402


def timed(function, repeat: int) -> float:
    function()  # warm
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def chromium_timer(html: str, page: Path, repeat: int) -> float | None:
    """Median warm time for headless Chromium (Debian's) to print the same HTML to PDF."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page()
        page.write_text(html, encoding="utf-8")

        def once():
            tab.goto(page.as_uri())
            tab.pdf(format="A4", print_background=True)

        seconds = timed(once, repeat)
        browser.close()
    return seconds


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextlib.contextmanager
def serving():
    """`python build.py serve` on a copy of the shipped briefings: (the project, its port)."""
    from sevenminute.preview.server import free_port

    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        shutil.copytree(ROOT / "briefings", project / "briefings")
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        server.stdout.readline()
        try:
            yield project, port
        finally:
            server.terminate()
            server.wait()


def time_preview(repeat: int) -> float | None:
    """Median seconds from saving a briefing to the preview page showing the change."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None

    samples = []
    with serving() as (project, port), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/family-a/index.html")
        source = project / "briefings" / "family-a.yaml"
        original = source.read_text()
        for number in range(repeat + 1):
            marker = f"Saved edit number {number}"
            started = time.perf_counter()
            source.write_text(original.replace("A sound assessment", marker, 1))
            page.get_by_text(marker).wait_for(timeout=30_000)
            samples.append(time.perf_counter() - started)
        browser.close()
    return statistics.median(samples[1:])


def time_editor(repeat: int) -> tuple[float, float] | None:
    """Median seconds in the editor (`serve`, /edit/family-a): from a keystroke to the preview
    beside the form showing it (the pause before checking included), and from Save to saved."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None

    typed, saved = [], []
    with serving() as (project, port), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/edit/family-a")
        page.wait_for_function("(window.sevenminutePreviewed || 0) > 0", timeout=30_000)
        field = page.get_by_label("Part 1 text", exact=True)
        for number in range(repeat + 1):
            field.focus()
            page.keyboard.press("Control+End")
            shown = page.evaluate("window.sevenminutePreviewed")
            started = time.perf_counter()
            page.keyboard.type(f" Z{number}")
            page.wait_for_function(
                f"window.sevenminutePreviewed > {shown} && document.getElementById('preview')"
                f".contentDocument.body.innerText.includes('Z{number}')",
                timeout=30_000,
            )
            typed.append(time.perf_counter() - started)
            started = time.perf_counter()
            page.keyboard.press("Control+s")
            page.locator("#save-status").filter(has_text="Saved briefings").wait_for(timeout=30_000)
            saved.append(time.perf_counter() - started)
            page.evaluate("document.getElementById('save-status').textContent = ''")
        browser.close()
    return statistics.median(typed[1:]), statistics.median(saved[1:])


def time_import(repeat: int) -> dict[str, float]:
    """Seconds (median) to import a review of 35,000 characters, made from the shipped
    briefings with headings and 14 numbered recommendations: as Markdown in this process, as
    a text-layer PDF (WeasyPrint) in this process, and as the whole command, start-up included."""
    from pypdf import PdfReader
    from weasyprint import HTML

    from sevenminute.importer.draft import import_review

    chunks = []
    for source in find_sources([], ROOT / "briefings"):
        briefing = read_briefing(source)
        for section in briefing.sections:
            chunks.append(f"## {section.title}\n\n{section.body}\n")
    recommendations = "\n## Recommendations\n\n" + "\n".join(
        f"{n}. Agencies should act on point {n} of the review." for n in range(1, 15)
    )
    text = "# Child safeguarding practice review: Child R\n\n"
    while len(text) + len(recommendations) < 35_100:
        text += "\n".join(chunks)
    text = text[: 35_050 - len(recommendations)].rsplit(" ", 1)[0] + "\n" + recommendations
    html = "".join(
        f"<h2>{line[3:]}</h2>" if line.startswith("## ") else f"<p>{line}</p>" for line in text.splitlines()
    )
    figures: dict[str, float] = {"characters": len(text)}
    with tempfile.TemporaryDirectory() as scratch:
        review = Path(scratch) / "review.md"
        review.write_text(text, encoding="utf-8")
        pdf = Path(scratch) / "review.pdf"
        HTML(string=html).write_pdf(pdf)
        figures["pdf pages"] = len(PdfReader(pdf).pages)
        for name, path in (("markdown", review), ("pdf", pdf)):
            samples = []
            for number in range(repeat):
                out = Path(scratch) / f"draft-{name}-{number}.yaml"
                started = time.perf_counter()
                import_review(path, out)
                samples.append(time.perf_counter() - started)
            figures[name] = statistics.median(samples)
        samples = []
        for number in range(repeat):
            out = Path(scratch) / f"draft-command-{number}.yaml"
            command = [sys.executable, str(ROOT / "build.py"), "import", str(pdf), "--out", str(out)]
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=scratch)
            samples.append(time.perf_counter() - started)
        figures["command"] = statistics.median(samples)
    return figures


def make_records(folder: Path, count: int) -> None:
    """`count` session records, as facilitator pages export them: the shipped briefings, 400
    teams in 12 agencies, a year of dates, up to three actions each."""
    folder.mkdir(parents=True)
    slugs = [source.stem for source in find_sources([], ROOT / "briefings")]
    first = datetime.date(2025, 1, 1)
    for number in range(count):
        day = first + datetime.timedelta(days=number % 365)
        actions = [
            {"what": f"Action {n + 1} of session {number}", "who": "Team lead",
             "by": (day + datetime.timedelta(days=30 * (n + 1))).isoformat(), "done": (number + n) % 3 == 0}
            for n in range(number % 4)
        ]  # fmt: skip
        record = {
            "format": "seven-minute-session-record",
            "format_version": 1,
            "record_id": str(uuid.UUID(int=number + 1)),
            "kit_version": "bench",
            "exported_at": f"{day.isoformat()}T16:00:00Z",
            "briefing": {"slug": slugs[number % len(slugs)], "title": slugs[number % len(slugs)],
                         "content_hash": "sha256:0123456789abcdef"},
            "session": {
                "date": day.isoformat(), "team": f"Team {number % 400}", "agency": f"Agency {number % 12}",
                "facilitator": "A facilitator", "attending": 4 + number % 9,
                "reflections": f"What session {number} took from the briefing, in a sentence or two.",
                "actions": actions, "embedded": "We will ask at supervision.",
                "evaluation": {"usefulness": 1 + number % 5, "confidence_before": 1 + number % 3,
                               "confidence_after": 3 + number % 3, "will_do_differently": ["Ask more"]},
            },
        }  # fmt: skip
        (folder / f"{number:05d}.json").write_text(json.dumps(record), encoding="utf-8")


def time_evidence(count: int = 10_000) -> tuple[float, float, str, str]:
    """Seconds to add `count` records to a new database and to write the report from them,
    each a whole `build.py evidence` command, with each command's last line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        shutil.copytree(ROOT / "briefings", project / "briefings")
        make_records(project / "records", count)
        seconds, lines = [], []
        for args in (["add", "records"], ["report"]):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, str(ROOT / "build.py"), "evidence", *args],
                cwd=project, env=env, capture_output=True, text=True,
            )  # fmt: skip
            seconds.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(f"evidence {args[0]} failed:\n{done.stdout}{done.stderr}")
            lines.append(done.stdout.strip().splitlines()[-1])
    return seconds[0], seconds[1], lines[0], lines[1]


def print_evidence() -> None:
    add, report, add_line, report_line = time_evidence()
    print(
        f"Evidence: adding 10,000 session records to a new database, whole command: {add:.1f} s  [{add_line}]"
    )
    print(
        f"Evidence: the report (web page and PDF) from them, whole command: {report:.2f} s  [{report_line}]"
    )


def print_office(repeat: int) -> None:
    """Each shipped briefing's slides and Word handout, warm, as a build writes them."""
    from sevenminute.pipeline.office.slides import write_slides
    from sevenminute.pipeline.office.wordfile import write_word
    from sevenminute.pipeline.settings import Settings

    handouts = [enrich(read_briefing(path), path) for path in find_sources([], Path("briefings"))]
    settings = Settings()
    slides = statistics.median(timed(lambda h=h: write_slides(h, settings), repeat) for h in handouts)
    word = statistics.median(timed(lambda h=h: write_word(h, settings), repeat) for h in handouts)
    sizes = [len(write_slides(h, settings)) for h in handouts]
    print(f"Slides (.pptx) per briefing, warm, median: {slides:.3f} s ({min(sizes) / 1024:.0f} to "
          f"{max(sizes) / 1024:.0f} KB); Word handout (.docx): {word:.3f} s")  # fmt: skip


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
        todo += children.get(current, [])
    return total
