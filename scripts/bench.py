#!/usr/bin/env python3
"""Measure the kit: builds at scale, and each PDF against the engines.

    make bench     (or: .venv/bin/python scripts/bench.py [--briefings 200] [--repeat 5] [--only evidence])

Builds a synthetic corpus (default 200 briefings, made from the shipped five): a full
build, a rebuild with nothing changed, and a rebuild after one briefing changed, each as a
whole process, with the peak memory of the full build's process tree. Then, for each
shipped briefing, the median warm PDF time, against bare WeasyPrint on the same HTML and
stylesheets (the floor for our PDF path) and a warm headless Chromium printing the page.
Last, evidence of learning: adding 10,000 session records to a new database, and writing
the board's report (web page and PDF) from them, each as a whole command.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
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

from pypdf import PdfReader  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402

from sevenminute.authoring.lint import lint  # noqa: E402
from sevenminute.pipeline.bank import question_bank  # noqa: E402
from sevenminute.pipeline.enrich.handout import enrich, reflection_questions  # noqa: E402
from sevenminute.pipeline.enrich.themes import detect_themes  # noqa: E402
from sevenminute.pipeline.kit import PDF_STYLESHEET, STYLESHEET  # noqa: E402
from sevenminute.pipeline.load import load  # noqa: E402
from sevenminute.pipeline.model import DEFAULT_THEME_QUESTIONS  # noqa: E402
from sevenminute.pipeline.printing import PDF_VARIANT, print_pdf  # noqa: E402
from sevenminute.pipeline.render import environment, render_handout  # noqa: E402
from sevenminute.pipeline.sources import find_sources  # noqa: E402
from sevenminute.pipeline.validate import read_briefing, validate  # noqa: E402
from sevenminute.site.branding import publish_assets  # noqa: E402


def timed(function, repeat: int) -> float:
    function()  # warm
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def themes_for_all(briefings) -> None:
    """Theme detection and question selection, as a build does it, for every briefing."""
    bank = question_bank()
    for briefing in briefings:
        reflection_questions(briefing, tuple(detect_themes(briefing, bank)), DEFAULT_THEME_QUESTIONS)


def time_themes(repeat: int) -> tuple[float, float, float]:
    """Milliseconds for all five: loading the bank (once a process), the first detection and
    selection in a process, and the warm median."""
    briefings = [read_briefing(source) for source in find_sources([], Path("briefings"))]
    question_bank.cache_clear()
    started = time.perf_counter()
    question_bank()
    loaded = time.perf_counter()
    themes_for_all(briefings)
    first = time.perf_counter()
    warm = timed(lambda: themes_for_all(briefings), repeat)
    return (loaded - started) * 1000, (first - loaded) * 1000, warm * 1000


def time_lint(repeat: int) -> float:
    """Milliseconds to lint all five, warm (sources already loaded)."""
    loaded = [load(source) for source in find_sources([], Path("briefings"))]
    pairs = [(source, validate(source)) for source in loaded]
    return timed(lambda: [lint(source, briefing) for source, briefing in pairs], repeat) * 1000


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


def time_preview(repeat: int) -> float | None:
    """Median seconds from saving a briefing to the preview page showing the change."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    from sevenminute.preview.server import free_port

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
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
        samples = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
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
        finally:
            server.terminate()
            server.wait()
    return statistics.median(samples[1:])


def time_editor(repeat: int) -> tuple[float, float] | None:
    """Median seconds in the editor (`serve`, /edit/family-a): from a keystroke to the preview
    beside the form showing it (the pause before checking included), and from Save to saved."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    from sevenminute.preview.server import free_port

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    typed, saved = [], []
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
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
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
        finally:
            server.terminate()
            server.wait()
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


def make_corpus(project: Path, count: int) -> None:
    """A project of `count` briefings made from the shipped ones, each with its own title."""
    (project / "briefings").mkdir(parents=True)
    shipped = find_sources([], ROOT / "briefings")
    for number in range(count):
        source = shipped[number % len(shipped)]
        text = source.read_text(encoding="utf-8")
        title = re.search(r"^title: (.*)$", text, re.M).group(1).strip().strip('"')
        text = re.sub(r"^title: .*$", f'title: "{title}, example {number + 1}"', text, count=1, flags=re.M)
        (project / "briefings" / f"{source.stem}-{number + 1:04d}.yaml").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "partnership.yaml", project / "partnership.yaml")
    shutil.copytree(ROOT / "assets", project / "assets")


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


def run_build(project: Path, *args: str, watch_memory: bool = False) -> tuple[float, int, str]:
    """Seconds, peak memory (bytes, the whole process tree; only when `watch_memory`, which
    costs a little time) and the last line of output of one `build.py` run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not watch_memory:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "build", *args],
            cwd=project, env=env, capture_output=True, text=True,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"build failed:\n{done.stdout}{done.stderr}")
        return seconds, 0, done.stdout.strip().splitlines()[-1]
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "build", *args],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.25)
    seconds = time.perf_counter() - started
    output = process.stdout.read()
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{output}")
    return seconds, peak, output.strip().splitlines()[-1]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="renders for each median (default 5)")
    parser.add_argument(
        "--briefings", type=int, default=200, help="size of the synthetic corpus (default 200)"
    )
    parser.add_argument("--only", choices=["evidence", "office"], help="measure only this part")
    args = parser.parse_args()
    os.chdir(ROOT)
    if args.only == "evidence":
        print_evidence()
        return
    if args.only == "office":
        print_office(args.repeat)
        return
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; corpus of {args.briefings} briefings"
    )
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "corpus"
        make_corpus(project, args.briefings)
        full, full_peak, full_line = run_build(project, watch_memory=True)
        unchanged, _, unchanged_line = run_build(project)
        changed_source = sorted((project / "briefings").glob("*.yaml"))[0]
        changed_source.write_text(changed_source.read_text().replace("summary: ", "summary: Updated. ", 1))
        one, _, one_line = run_build(project)
    print(f"Full build, {args.briefings} briefings (HTML, PDF, library, feed): {full:.1f} s  [{full_line}]")
    print(f"Peak memory of that build (all processes): {full_peak / 1024 / 1024:.0f} MB")
    print(f"Rebuild with nothing changed, whole process: {unchanged:.2f} s  [{unchanged_line}]")
    print(f"Rebuild after one briefing changed, whole process: {one:.2f} s  [{one_line}]")

    preview = time_preview(args.repeat)
    if preview is not None:
        print(
            f"Live preview, from saving a briefing to the page showing the change: {preview:.2f} s (median)"
        )
    editor = time_editor(args.repeat)
    if editor is not None:
        print(
            f"Editor: keystroke to the preview beside the form showing it {editor[0]:.2f} s (median, "
            f"target under 1 s); Save to saved {editor[1]:.3f} s (median, target under 0.3 s)"
        )
    imported = time_import(args.repeat)
    print(
        f"Import of a {imported['characters']:,.0f}-character review into a draft (median): "
        f"{imported['markdown']:.3f} s from Markdown, {imported['pdf']:.3f} s from a "
        f"{imported['pdf pages']:.0f}-page PDF, {imported['command']:.2f} s for the whole PDF command"
    )
    bank_ms, themes_first_ms, themes_warm_ms = time_themes(max(args.repeat, 20))
    lint_ms = time_lint(max(args.repeat, 20))
    env = environment()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        assets = publish_assets(out)
        rows = []
        for source in find_sources([], Path("briefings")):
            handout = enrich(read_briefing(source), source)
            html = render_handout(env, handout, for_print=True)
            css = [assets / STYLESHEET, assets / PDF_STYLESHEET]
            page = out / handout.slug / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            ours = timed(lambda: print_pdf(html, page, [assets], css), args.repeat)  # noqa: B023
            # Bare WeasyPrint: the same HTML and stylesheets, no fetcher, nothing of ours around it.
            sheets = [CSS(filename=str(path)) for path in css]
            bare = timed(
                lambda: HTML(string=html, base_url=page.as_uri()).write_pdf(  # noqa: B023
                    stylesheets=sheets,  # noqa: B023
                    pdf_variant=PDF_VARIANT,
                ),
                args.repeat,
            )
            # The same page as a browser prints it (the web page, which links the stylesheet).
            screen = render_handout(env, handout).replace('href="../assets/', f'href="{assets.as_uri()}/')
            chrome = chromium_timer(screen, page, args.repeat)
            pdf = out / "x.pdf"
            pdf.write_bytes(print_pdf(html, page, [assets], css).data)
            rows.append(
                (
                    handout.slug,
                    handout.words,
                    len(PdfReader(pdf).pages),
                    pdf.stat().st_size,
                    ours,
                    bare,
                    chrome,
                )
            )
        check_runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "build.py", "check"], check=True, capture_output=True)
            check_runs.append(time.perf_counter() - started)
        check_wall = statistics.median(check_runs)

    print(
        f"{'briefing':34} {'words':>5} {'pages':>5} {'PDF KB':>6} {'ours s':>7} {'bare s':>7} "
        f"{'chromium s':>10}"
    )
    for slug, words, pages, size, ours, bare, chrome in rows:
        chrome_text = f"{chrome:10.3f}" if chrome is not None else f"{'n/a':>10}"
        print(f"{slug:34} {words:5d} {pages:5d} {size / 1024:6.0f} {ours:7.3f} {bare:7.3f} {chrome_text}")
    ours_median = statistics.median(row[4] for row in rows)
    bare_median = statistics.median(row[5] for row in rows)
    print(f"Median warm PDF render: ours {ours_median:.3f} s; bare WeasyPrint {bare_median:.3f} s "
          f"(ours / bare = {ours_median / bare_median:.2f})")  # fmt: skip
    chromes = [row[6] for row in rows if row[6] is not None]
    if chromes:
        chrome_median = statistics.median(chromes)
        print(f"Warm headless Chromium printing the same page: {chrome_median:.3f} s "
              f"(ours / Chromium = {ours_median / chrome_median:.2f})")  # fmt: skip
    print(f"Largest shipped PDF: {max(row[3] for row in rows) / 1024:.0f} KB (fonts subset and embedded)")
    print(
        f"python build.py check on all {len(rows)} briefings: {check_wall:.2f} s from the command line "
        f"(starting Python included); linting alone {lint_ms:.1f} ms"
    )
    print(
        f"Theme detection and question selection, all {len(rows)} briefings together: "
        f"{themes_first_ms:.1f} ms the first time in a process, {themes_warm_ms:.1f} ms warm; "
        f"loading the question bank, once a process: {bank_ms:.1f} ms"
    )
    print_evidence()
    print_office(args.repeat)


if __name__ == "__main__":
    main()
