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
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402

from sevenminute.authoring.lint import lint  # noqa: E402
from sevenminute.pipeline.bank import question_bank  # noqa: E402
from sevenminute.pipeline.briefing import prepare  # noqa: E402
from sevenminute.pipeline.enrich.handout import enrich, reflection_questions  # noqa: E402
from sevenminute.pipeline.enrich.themes import detect_themes  # noqa: E402
from sevenminute.pipeline.kit import PDF_STYLESHEET, STYLESHEET  # noqa: E402
from sevenminute.pipeline.model import LEAD_QUESTIONS  # noqa: E402
from sevenminute.pipeline.printing import PDF_VARIANT, print_pdf  # noqa: E402
from sevenminute.pipeline.render import environment, render_handout  # noqa: E402
from sevenminute.pipeline.sources import find_sources  # noqa: E402
from sevenminute.pipeline.validate import read_briefing  # noqa: E402
from sevenminute.site.branding import publish_assets  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from bench_hub import print_hub  # noqa: E402
from bench_meaning import print_meaning  # noqa: E402
from bench_parts import (  # noqa: E402
    chromium_timer,
    print_evidence,
    print_office,
    time_editor,
    time_import,
    time_preview,
    timed,
    tree_rss,
)
from kill_intake import print_intake, print_intake_on_postgresql  # noqa: E402


def themes_for_all(briefings) -> None:
    """Theme detection and question selection, as a build does it, for every briefing."""
    bank = question_bank()
    for briefing in briefings:
        count = max(0, LEAD_QUESTIONS - len(briefing.questions))  # as enrich chooses, by default
        reflection_questions(briefing, tuple(detect_themes(briefing, bank)), count)


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
    """Milliseconds to lint all five, warm (sources already read and judged ready)."""
    prepared = [prepare(source) for source in find_sources([], Path("briefings"))]
    return timed(lambda: [lint(each) for each in prepared], repeat) * 1000


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="renders for each median (default 5)")
    parser.add_argument(
        "--briefings", type=int, default=200, help="size of the synthetic corpus (default 200)"
    )
    parser.add_argument(
        "--only", choices=["evidence", "office", "meaning", "hub"], help="measure only this part"
    )
    args = parser.parse_args()
    os.chdir(ROOT)
    if args.only == "evidence":
        print_evidence()
        return
    if args.only == "office":
        print_office(args.repeat)
        return
    if args.only == "meaning":
        print_meaning()
        return
    if args.only == "hub":
        print_hub()
        print_intake()
        print_intake_on_postgresql()
        return
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; corpus of {args.briefings} briefings"
    )
    print_meaning()
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
    print_hub()
    print_intake()
    print_intake_on_postgresql()


if __name__ == "__main__":
    main()
