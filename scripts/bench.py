#!/usr/bin/env python3
"""Measure the kit: warm PDF render time, pages and words for each shipped briefing.

    make bench            (or: .venv/bin/python scripts/bench.py [--repeat N])

Renders each briefing once to warm the process (fonts, stylesheet), then N more times,
and prints the median. Also times bare WeasyPrint on the same HTML with no fetcher and
no kit code around it: the floor for our PDF path.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from sevenminute.bank import question_bank  # noqa: E402
from sevenminute.enrich import enrich, reflection_questions  # noqa: E402
from sevenminute.lint import lint  # noqa: E402
from sevenminute.load import load  # noqa: E402
from sevenminute.printing import PDF_VARIANT, print_pdf  # noqa: E402
from sevenminute.publish import PDF_STYLESHEET, STYLESHEET, find_sources, publish_assets  # noqa: E402
from sevenminute.render import environment, render_handout  # noqa: E402
from sevenminute.themes import DEFAULT_THEME_QUESTIONS, detect_themes  # noqa: E402
from sevenminute.validate import read_briefing, validate  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.chdir(ROOT)
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
            bare = timed(
                lambda: HTML(string=html, base_url=page.as_uri()).write_pdf(pdf_variant=PDF_VARIANT),  # noqa: B023
                args.repeat,
            )
            pdf = out / "x.pdf"
            pdf.write_bytes(print_pdf(html, page, [assets], css).data)
            rows.append(
                (handout.slug, handout.words, len(PdfReader(pdf).pages), pdf.stat().st_size, ours, bare)
            )
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "build.py", "build", "--out", str(out / "full")], check=True, capture_output=True
        )
        full = time.perf_counter() - started
        check_runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "build.py", "check"], check=True, capture_output=True)
            check_runs.append(time.perf_counter() - started)
        check_wall = statistics.median(check_runs)

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}"
    )
    print(f"{'briefing':34} {'words':>5} {'pages':>5} {'PDF KB':>6} {'ours s':>7} {'bare s':>7} {'ratio':>5}")
    for slug, words, pages, size, ours, bare in rows:
        print(
            f"{slug:34} {words:5d} {pages:5d} {size / 1024:6.0f} {ours:7.3f} {bare:7.3f} {ours / bare:5.2f}"
        )
    medians = [row[4] for row in rows]
    print(
        f"Median warm PDF render: {statistics.median(medians):.3f} s; "
        f"full build of {len(rows)} briefings from a cold start: {full:.1f} s"
    )
    print(
        f"python build.py check on all {len(rows)} briefings: {check_wall:.2f} s from the command line "
        f"(starting Python included); linting alone {lint_ms:.1f} ms"
    )
    print(
        f"Theme detection and question selection, all {len(rows)} briefings together: "
        f"{themes_first_ms:.1f} ms the first time in a process, {themes_warm_ms:.1f} ms warm; "
        f"loading the question bank, once a process: {bank_ms:.1f} ms"
    )


if __name__ == "__main__":
    main()
