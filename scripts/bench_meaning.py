"""The kit's measures of themes by meaning (scripts/bench.py runs them; `--only meaning` alone):
the sentence model's speed, and builds and the editor with an empty cache and a warm one.

"Empty cache" is a user's first run: no vectors kept in the cache folder (XDG_CACHE_HOME points
at a new folder), though the vectors of the bank's own sentences ship with the kit. "Warm" is
the same again, with the vectors the first run kept.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "themes"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LIMIT = 200  # sentences a second a core: ~100 GFLOPS single precision over ~0.5 GFLOP a sentence
PARTS = 7
DISTINCT = 150

# One process embedding distinct sentences, as a build's worker does (its share of the cores
# given by the argument, "alone" for a process by itself); prints sentences a second and tokens.
_RATE = """
import json, sys, time
from sevenminute.pipeline.enrich import meaning
sentences = json.load(open(sys.argv[1]))
if sys.argv[2] != "alone":
    meaning.share_cores(int(sys.argv[2]))
model = meaning._model()
meaning.embed(sentences[:64])  # warm
started = time.perf_counter()
meaning.embed(sentences)
seconds = time.perf_counter() - started
tokens = sum(sum(e.attention_mask) for e in model.tokenizer.encode_batch(sentences)) / len(sentences)
print(json.dumps({"rate": len(sentences) / seconds, "tokens": tokens}))
"""


def corpus_sentences(count: int = 1200) -> list[str]:
    """Distinct sentences of the labelled corpus's sections, as the kit splits them."""
    from sevenminute.pipeline.enrich.themes import _SENTENCE_BREAK

    seen: dict[str, None] = {}
    for path in sorted(CORPUS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in data.get("sections") or []:
            for sentence in _SENTENCE_BREAK.split(section["body"]):
                sentence = " ".join(sentence.strip(" -*\n").split())
                if len(sentence.split()) >= 5:
                    seen[sentence] = None
    return list(seen)[:count]


def sentence_rates() -> dict[str, float]:
    """Sentences a second: one process alone, and each of two at once with one core each."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as scratch:
        sentences = corpus_sentences()
        half = len(sentences) // 2
        files = []
        for number, chunk in enumerate((sentences, sentences[:half], sentences[half:])):
            files.append(Path(scratch) / f"sentences-{number}.json")
            files[-1].write_text(json.dumps(chunk), encoding="utf-8")

        def start(path: Path, share: str) -> subprocess.Popen:
            return subprocess.Popen([sys.executable, "-c", _RATE, str(path), share], env=env,
                                    stdout=subprocess.PIPE, text=True)  # fmt: skip

        alone = json.loads(start(files[0], "alone").communicate()[0])
        pair = [start(path, "2") for path in files[1:]]
        both = [json.loads(process.communicate()[0]) for process in pair]
    return {
        "sentences": len(sentences),
        "tokens": alone["tokens"],
        "alone": alone["rate"],
        "each of two": min(result["rate"] for result in both),
    }


def distinct_corpus(project: Path) -> None:
    """DISTINCT briefings of distinct text: the labelled corpus's sections, each used once,
    PARTS to a briefing, each with the summary of the file its first part came from."""
    from sevenminute.pipeline.readiness import PLACEHOLDER

    sections, summaries = [], []
    for path in sorted(CORPUS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in data.get("sections") or []:
            # A published briefing may not say "TBC": the corpus's few placeholders are filled in.
            body = PLACEHOLDER.sub("to be confirmed", section["body"])
            sections.append({"title": section["title"], "body": body})
            summaries.append(data["summary"])
    if len(sections) < DISTINCT * PARTS:
        raise SystemExit(f"the corpus has {len(sections)} sections; {DISTINCT * PARTS} are needed")
    (project / "briefings").mkdir(parents=True)
    for number in range(DISTINCT):
        first = number * PARTS
        briefing = {
            "title": f"Learning brief {number + 1}",
            "partnership": "Anytown Safeguarding Children Partnership",
            "published": "2025-03-01",
            "review": {"kind": "CSPR"},
            "summary": summaries[first],
            "sections": sections[first : first + PARTS],
        }
        path = project / "briefings" / f"brief-{number + 1:03d}.yaml"
        path.write_text(yaml.safe_dump(briefing, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copy(ROOT / "partnership.yaml", project / "partnership.yaml")
    shutil.copytree(ROOT / "assets", project / "assets")


def build(project: Path, cache: Path, *args: str) -> tuple[float, str]:
    """Seconds and last line of one whole `build.py build` with this cache folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", *args], cwd=project,
                          env=env, capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stdout}{done.stderr}")
    return seconds, done.stdout.strip().splitlines()[-1]


def builds() -> dict[str, tuple[float, str]]:
    """The five shipped briefings and DISTINCT briefings of distinct text, each built with an
    empty cache and then a warm one (a fresh output folder each time: every briefing built);
    then one sentence edited and built again."""
    figures = {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        shipped = scratch / "shipped"
        (shipped / "briefings").mkdir(parents=True)
        for path in (ROOT / "briefings").glob("*.yaml"):
            shutil.copy(path, shipped / "briefings")
        shutil.copy(ROOT / "partnership.yaml", shipped / "partnership.yaml")
        shutil.copytree(ROOT / "assets", shipped / "assets")
        distinct = scratch / "distinct"
        distinct_corpus(distinct)
        for name, project in (("shipped", shipped), ("distinct", distinct)):
            cache = scratch / f"cache-{name}"
            figures[f"{name} empty"] = build(project, cache)
            shutil.rmtree(project / "output")
            figures[f"{name} warm"] = build(project, cache)
        edited = distinct / "briefings" / "brief-001.yaml"
        original = edited.read_text(encoding="utf-8")
        sentence = re.search(r"[A-Z][^.\n]{20,}\.", original.split("sections:", 1)[1]).group(0)
        edits = []
        for count, ending in enumerate(EDIT_ENDINGS, 1):  # a new sentence each time: never kept before
            changed = original.replace(sentence, f"{sentence[:-1]}, {ending} ({count}).", 1)
            edited.write_text(changed, encoding="utf-8")
            edits.append(build(distinct, scratch / "cache-distinct"))
        figures["one edited sentence"] = sorted(edits)[len(edits) // 2]  # the median
        figures["edits"] = [seconds for seconds, _ in edits]
    return figures


# One sentence edited five times over, each time differently: the median is the figure (this
# machine's timings vary by a fifth from one run to the next).
EDIT_ENDINGS = (
    "as the review found",
    "as the panel said",
    "which the family confirmed",
    "as agencies agreed",
    "as the chronology shows",
)


@contextlib.contextmanager
def serving(project: Path, cache: Path):
    """`python build.py serve` on `project`, with this cache folder: yields its port."""
    from sevenminute.preview.server import free_port

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "XDG_CACHE_HOME": str(cache)}
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)  # fmt: skip
    server.stdout.readline()
    try:
        yield port
    finally:
        server.terminate()
        server.wait()


def review_file(folder: Path) -> Path:
    """A labelled review of the import corpus, written as Markdown, to import in the editor."""
    from review_files import load, markdown

    path = folder / "review.md"
    path.write_text(markdown(load()[0]), encoding="utf-8")
    return path


def editor_first_previews() -> dict[str, float]:
    """Seconds from opening the editor on a briefing not seen before to its preview showing:
    a New briefing, and a review just imported (its import included), each with an empty
    cache and a warm one; and a keystroke to the preview showing it, in the new briefing."""
    from playwright.sync_api import sync_playwright

    figures = {}
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as p:
        scratch = Path(scratch)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for state in ("empty", "warm"):
            project = scratch / state
            (project / "briefings").mkdir(parents=True)
            for path in (ROOT / "briefings").glob("*.yaml"):
                shutil.copy(path, project / "briefings")
            shutil.copy(ROOT / "partnership.yaml", project)
            shutil.copytree(ROOT / "assets", project / "assets")
            with serving(project, scratch / "cache") as port:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                page.get_by_label("Title of the new briefing").fill(f"Child Q, {state} cache")
                # The shipped settings are an example, so no partnership is offered: type one.
                page.locator("#new-partnership").fill("Example Safeguarding Partnership")
                started = time.perf_counter()
                page.get_by_role("button", name="New briefing").click()
                page.wait_for_function("(window.sevenminutePreviewed || 0) > 0", timeout=60_000)
                figures[f"new {state}"] = time.perf_counter() - started
                field = page.get_by_label("Part 1 text", exact=True)
                field.focus()
                shown = page.evaluate("window.sevenminutePreviewed")
                started = time.perf_counter()
                page.keyboard.type(" The child was not seen alone on any visit.")
                page.wait_for_function(
                    f"window.sevenminutePreviewed > {shown} && document.getElementById('preview')"
                    ".contentDocument.body.innerText.includes('not seen alone on any visit')",
                    timeout=60_000,
                )
                figures[f"keystroke {state}"] = time.perf_counter() - started
                page.goto(f"http://127.0.0.1:{port}/")
                started = time.perf_counter()
                page.get_by_label("A review to import").set_input_files(str(review_file(scratch)))
                page.get_by_role("button", name="Import a review").click()
                page.wait_for_function("(window.sevenminutePreviewed || 0) > 0", timeout=60_000)
                figures[f"import {state}"] = time.perf_counter() - started
                page.close()
        browser.close()
    return figures


def print_meaning() -> None:
    rates = sentence_rates()
    print(
        f"Sentence model, {rates['sentences']} distinct sentences of the corpus ({rates['tokens']:.0f} "
        f"tokens each on average): {rates['alone']:.0f} a second in one process alone; "
        f"{rates['each of two']:.0f} a second in each of two at once (one core each; limit about {LIMIT})"
    )
    figures = builds()
    for name, label in (("shipped", "The five shipped briefings"),
                        ("distinct", f"{DISTINCT} briefings of distinct text")):  # fmt: skip
        empty, warm = figures[f"{name} empty"], figures[f"{name} warm"]
        print(f"{label}, whole build: empty cache {empty[0]:.1f} s, warm {warm[0]:.1f} s  [{empty[1]}]")
    edited = figures["one edited sentence"]
    runs = ", ".join(f"{seconds:.2f}" for seconds in sorted(figures["edits"]))
    print(
        f"After that, one edited sentence rebuilt: {edited[0]:.2f} s, median of five ({runs})  [{edited[1]}]"
    )
    editor = editor_first_previews()
    print(
        f"Editor, first preview of a New briefing: empty cache {editor['new empty']:.2f} s, warm "
        f"{editor['new warm']:.2f} s; of an imported review (import included): "
        f"{editor['import empty']:.2f} s, warm {editor['import warm']:.2f} s; keystroke to preview "
        f"{editor['keystroke empty']:.2f} s, warm {editor['keystroke warm']:.2f} s"
    )
