"""What the workspace serves: the project built into a temporary folder and kept current
(`Preview`), each PDF printed when first asked for, and the banner a page carries while a
briefing has an error. The server (server.py) runs it; the application (app.py) reads it."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline.settings import load_settings
from ..pipeline.sources import Outputs, find_sources, outputs_of
from ..problems import BriefingError, Problem
from ..site.build import build


@dataclass
class Preview:
    """The state of a preview: where it builds, what is wrong now, and a counter of rebuilds."""

    project: Path
    work: Path  # the temporary folder: the built site in `out`, the editor's drafts beside it
    problems: list[Problem] = field(default_factory=list)
    generation: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)
    pdf_digests: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    log: Callable[[str], None] = print
    stopping: bool = False

    @property
    def out(self) -> Path:
        return self.work / "site"

    @property
    def briefings(self) -> Path:
        return self.project / "briefings"

    def settings(self):
        try:
            return load_settings(self.project)
        except BriefingError:
            return None, None

    def rebuild(self) -> None:
        """Build the web pages of every briefing (only what changed), then tell open pages."""
        with self.lock:
            started = time.perf_counter()
            problems: list[Problem] = []
            try:
                settings, logo = load_settings(self.project)
            except BriefingError as error:
                problems += error.problems
                settings, logo = None, None
            sources = find_sources([], self.briefings) if self.briefings.is_dir() else []
            report = build(
                sources, self.out, formats="html", briefings_dir=self.briefings, settings=settings,
                logo=logo, drafts=True, jobs=1,
            )  # fmt: skip
            problems += report.problems
            self.problems = problems
            for problem in problems:
                self.log(str(problem))
            self.log(
                f"Rebuilt in {time.perf_counter() - started:.2f} s: {len(report.built)} built, "
                f"{len(report.skipped)} up to date, {len(report.failed)} with errors"
            )
        self.tell()

    def tell(self) -> None:
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def pdf(self, slug: str) -> Path | None:
        """The PDF of `slug`, printed now if its source changed since it was last printed."""
        source = next((s for s in find_sources([], self.briefings) if s.stem == slug), None)
        if source is None:
            return None
        target = self.out / Outputs(slug).pdf
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        with self.lock:
            if self.pdf_digests.get(slug) != digest or not target.is_file():
                printed = print_one(source, self.work / "pdf", self.briefings, self.settings())
                if printed is None:
                    return None
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(printed, target)
                self.pdf_digests[slug] = digest
        return target


def print_one(source: Path, out: Path, briefings: Path, settings, kind: str = "pdf") -> Path | None:
    """Print one briefing's handout ("pdf") or large-print handout ("large-print") into `out`;
    None when it cannot be built."""
    report = build(
        [source], out, formats=kind, briefings_dir=briefings, settings=settings[0], logo=settings[1],
        jobs=1,
    )  # fmt: skip
    printed = out / outputs_of(source).download(kind)
    return None if report.failed or not printed.is_file() else printed


def _edit_links(problems: list[Problem]) -> str:
    """The way to the editor's form of each briefing with a problem: it says what to do there
    in the form's words."""
    names = []
    for problem in problems:
        path = Path(problem.path)
        editable = re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,99}", path.stem) and path.suffix in (".yaml", ".yml")
        if path.parent.name == "briefings" and editable and path.stem not in names:
            names.append(path.stem)
    links = [f'<a href="/edit/{name}" style="color:#6b0f00">Open {name} in the editor</a>' for name in names]
    return f"<p>{' · '.join(links)}: the form says what to do, at each field.</p>" if links else ""


def banner(problems: list[Problem], *, in_editor: bool = False) -> str:
    """The red banner a page carries while a briefing has an error: on the site, each at its
    file, line and column, with the way to the editor; in the editor's preview, only what is
    wrong. It scrolls itself into view when the page loads, since a reload keeps the scroll
    position and could leave it above."""
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return ""
    items = "".join(
        f"<li><code>{html.escape(p.text)}</code></li>"
        if in_editor
        else f"<li><code>{html.escape(str(p))}</code></li>"
        for p in errors
    )
    return (
        '<div role="alert" id="sevenminute-problems" tabindex="-1" style="background:#fdecea;'
        "color:#6b0f00;border:4px solid #8a1c00;padding:1rem;margin:0;font:1rem/1.5 sans-serif;"
        'position:sticky;top:0;z-index:100;max-height:50vh;overflow:auto">'
        "<strong>The preview is out of date: fix this and save to see your change.</strong>"
        f"<ul>{items}</ul>{'' if in_editor else _edit_links(errors)}</div>"
        "<script>addEventListener('load',function(){"
        "document.getElementById('sevenminute-problems').scrollIntoView({block:'start'});});</script>"
    )
