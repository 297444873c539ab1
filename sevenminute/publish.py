"""Stage 6, publish: build handouts into the output folder, every file written atomically.

One bad briefing never stops the others: its problems are collected and the rest build.
"""

from __future__ import annotations

import base64
import fcntl
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import fontpkg_atkinson_hyperlegible as atkinson
from markupsafe import Markup

from .enrich import Handout, enrich, slugify
from .problems import BriefingError, Problem, display_path
from .render import (
    Card,
    Logo,
    ThemeCount,
    environment,
    kit_assets,
    render_facilitator,
    render_feed,
    render_handout,
    render_index,
    render_sitemap,
)
from .settings import LOGO_TYPES, Settings
from .themes import DEFAULT_THEME_QUESTIONS
from .validate import read_briefing

if TYPE_CHECKING:
    from .printing import PrintedPDF

FORMATS = ("html", "pdf", "all")
FACILITATOR_PAGE = "facilitate.html"
STYLESHEET = "briefing.css"  # in the assets folder: screen and print rules together
PDF_STYLESHEET = "pdf.css"  # rules only WeasyPrint understands (running footers)
HANDOUT_PAGES = 2  # one A4 sheet, printed on both sides
SOURCE_SUFFIXES = (".yaml", ".yml")


@dataclass
class BuildReport:
    """What a build did: briefings built, files that failed, and every problem found."""

    built: list[Handout] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    pdf_seconds: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def is_briefing_file(path: Path) -> bool:
    """Briefing sources are YAML files; names starting with `_` are settings, not briefings."""
    return path.suffix.lower() in SOURCE_SUFFIXES and not path.name.startswith(("_", "."))


def find_sources(names: Sequence[str], briefings_dir: Path) -> list[Path]:
    """The source files for `names` (paths, or briefing names in `briefings_dir`); all when empty."""
    if not names:
        if not briefings_dir.is_dir():
            raise BriefingError(
                f"There is no {briefings_dir}/ folder here. Run the kit from the "
                "project folder, or name the briefing files to build."
            )
        return sorted(path for path in briefings_dir.iterdir() if path.is_file() and is_briefing_file(path))
    found: list[Path] = []
    for name in names:
        path = Path(name)
        candidates = [path, briefings_dir / name, *(briefings_dir / f"{name}{s}" for s in SOURCE_SUFFIXES)]
        match = next((candidate for candidate in candidates if candidate.is_file()), None)
        if match is None:
            known = (
                ", ".join(p.stem for p in find_sources([], briefings_dir)) if briefings_dir.is_dir() else ""
            )
            hint = f" The briefings in {briefings_dir}/ are: {known}." if known else ""
            raise BriefingError(f"There is no briefing called '{name}'.{hint}")
        found.append(match)
    return found


_written: ContextVar[set[Path] | None] = ContextVar("written", default=None)
LOCK_FILE = ".sevenminute.lock"
MANIFEST = ".sevenminute-files"  # every file the kit wrote into the output folder, one a line


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, then rename: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _note(path)


def _note(path: Path) -> None:
    """Count `path` as the kit's own, for `clean`."""
    if (written := _written.get()) is not None:
        written.add(path)


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        _note(path)
    else:
        write_atomic(path, data)


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for one build (or clean) at a time; the second is told, not made to wait.

    The lock is the operating system's (flock), so a build that is killed releases it."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BriefingError(
                f"Another build is writing to {display_path(out)}/ right now. Wait for it to finish, "
                "then run this again."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _recording(out: Path) -> Iterator[None]:
    """Note every file written into `out`, so `clean` removes only what the kit made."""
    for stale in out.rglob(".*.part"):  # left by a build that was killed mid-write
        stale.unlink(missing_ok=True)
    written: set[Path] = set()
    token = _written.set(written)
    try:
        yield
    finally:
        _written.reset(token)
        known = set(read_manifest(out)) | {path.resolve() for path in written}
        lines = sorted(str(path.relative_to(out.resolve())) for path in known if path.is_file())
        write_atomic(out / MANIFEST, "\n".join(lines) + "\n")


def read_manifest(out: Path) -> list[Path]:
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8")
    except OSError:
        return []
    root = out.resolve()
    paths = [(root / line).resolve() for line in text.splitlines() if line.strip()]
    return [path for path in paths if path.is_relative_to(root)]


def clean(out: Path) -> tuple[int, list[Path]]:
    """Remove the files the kit made in `out` (and folders left empty); return how many it
    removed and the files it left because it did not make them."""
    if not out.is_dir():
        return 0, []
    with output_lock(out):
        made = read_manifest(out)
        removed = 0
        for path in made:
            if path.is_file():
                path.unlink()
                removed += 1
        for stale in out.rglob(".*.part"):
            stale.unlink(missing_ok=True)
        (out / MANIFEST).unlink(missing_ok=True)
        for folder in sorted((p for p in out.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            if not any(folder.iterdir()):
                folder.rmdir()
        left = [p for p in out.rglob("*") if p.is_file() and p.name != LOCK_FILE]
    (out / LOCK_FILE).unlink(missing_ok=True)
    if not left and not any(out.iterdir()):
        out.rmdir()
    return removed, left


def publish_assets(out: Path) -> Path:
    """Copy the stylesheet and fonts into `out/assets/`; return that folder."""
    assets = out / "assets"
    files = [(f, assets / f.relative_to(kit_assets())) for f in kit_assets().rglob("*") if f.is_file()]
    files += [(font, assets / "fonts" / font.name) for font in (atkinson.ROOT / "files").glob("*.ttf")]
    files.append((atkinson.ROOT / "LICENSE", assets / "fonts" / "OFL.txt"))
    for source, target in files:
        _write_if_changed(target, source.read_bytes())
    return assets


def build(
    sources: Iterable[Path],
    out: Path,
    *,
    formats: str = "all",
    briefings_dir: Path = Path("briefings"),
    theme_questions: int = DEFAULT_THEME_QUESTIONS,
    settings: Settings | None = None,
    logo: Path | None = None,
    self_contained: bool = False,
    progress: Callable[[Path], None] | None = None,
) -> BuildReport:
    """Build each source into `out/<slug>/`, then the library. Never raises for bad sources.

    `settings` brand every page and PDF (`logo` is the logo file's full path); with
    `self_contained`, each web page carries its stylesheet, script, fonts and logo inside it."""
    with output_lock(out), _recording(out):
        return _build(
            sources, out, formats, briefings_dir, theme_questions, settings, logo, self_contained, progress
        )


def _build(
    sources, out, formats, briefings_dir, theme_questions, settings, logo, self_contained, progress
) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    env = environment()
    assets = publish_assets(out)
    _brand(env, settings or Settings(), logo, assets, self_contained)
    slugs: dict[str, Path] = {}
    for source in sources:
        try:
            handout = enrich(read_briefing(source), source, theme_questions=theme_questions)
            if handout.slug in slugs:
                raise BriefingError(
                    Problem(
                        source,
                        1,
                        1,
                        f"this briefing would be published as "
                        f"'{handout.slug}', like {slugs[handout.slug]}; rename one of the files",
                    )
                )
            slugs[handout.slug] = source
            report.problems += _publish_handout(env, handout, out, assets, formats, report)
            report.built.append(handout)
        except BriefingError as error:
            report.failed.append(source)
            report.problems += error.problems
        finally:
            if progress:
                progress(source)
    if formats in ("html", "all"):
        _publish_library(env, _library(report.built, out, briefings_dir), out)
    report.seconds = time.perf_counter() - started
    return report


def _brand(env, settings: Settings, logo: Path | None, assets: Path, self_contained: bool) -> None:
    """Put the partnership's settings, logo and (for single files) inline assets into `env`."""
    env.globals["site"] = settings
    env.globals["has_feed"] = settings.base_url is not None
    if logo is not None:
        kind = LOGO_TYPES[logo.suffix.lower()]
        name = "logo" + logo.suffix.lower()
        data = logo.read_bytes()
        _write_if_changed(assets / name, data)
        uri = f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}" if self_contained else None
        env.globals["logo"] = Logo(name, kind, uri)
    if self_contained:
        env.globals["inline_css"] = Markup(_inline_stylesheet(assets))
        env.globals["inline_js"] = Markup((assets / "library.js").read_text(encoding="utf-8"))


def _inline_stylesheet(assets: Path) -> str:
    """The stylesheet with its fonts as data URLs, for a page that stands alone."""

    def font(match: re.Match[str]) -> str:
        data = (assets / match.group(1)).read_bytes()
        return f"url(data:font/ttf;base64,{base64.b64encode(data).decode('ascii')})"

    css = (assets / STYLESHEET).read_text(encoding="utf-8")
    css = re.sub(r"url\((fonts/[\w.-]+\.ttf)\)", font, css)
    if "</" in css:
        raise ValueError("the stylesheet must not contain '</'")
    return css


def _publish_library(env, handouts: list[Handout], out: Path) -> None:
    """The library page, a page per theme, and (with a base URL) the feed and sitemap."""
    cards = []
    for handout in handouts:
        pdf = out / handout.slug / f"{handout.slug}.pdf"
        themes = tuple(ThemeCount(t.key, t.name, 0) for t in handout.question_themes)
        cards.append(Card(handout, themes, pdf.stat().st_size if pdf.is_file() else None))
    counts: dict[str, ThemeCount] = {}
    for card in cards:
        for theme in card.themes:
            before = counts.get(theme.key, ThemeCount(theme.key, theme.name, 0))
            counts[theme.key] = ThemeCount(theme.key, theme.name, before.count + 1)
    themes = sorted(counts.values(), key=lambda t: t.name.lower())
    write_atomic(out / "index.html", render_index(env, cards, themes))
    for theme in themes:
        write_atomic(out / "themes" / f"{theme.key}.html", render_index(env, cards, themes, theme))
    if env.globals["has_feed"]:
        write_atomic(out / "feed.xml", render_feed(env, cards))
        pages = [("index.html", None)] + [(f"themes/{t.key}.html", None) for t in themes]
        for card in cards:
            day = card.handout.briefing.published.isoformat()
            slug = card.handout.slug
            pages += [(f"{slug}/index.html", day), (f"{slug}/{FACILITATOR_PAGE}", day)]
        write_atomic(out / "sitemap.xml", render_sitemap(env, pages))


def _publish_handout(
    env, handout: Handout, out: Path, assets: Path, formats: str, report: BuildReport
) -> list[Problem]:
    folder = out / handout.slug
    page = folder / "index.html"
    problems: list[Problem] = []
    pdf_size = None
    if formats in ("pdf", "all"):
        started = time.perf_counter()
        handout, printed, dropped = _print_to_fit(env, handout, page, assets)
        report.pdf_seconds.append(time.perf_counter() - started)
        write_atomic(folder / f"{handout.slug}.pdf", printed.data)
        pdf_size = len(printed.data)
        problems += [_refused(handout.source, url) for url in printed.refused]
        if dropped:
            problems.append(
                Problem(
                    handout.source,
                    1,
                    1,
                    f"{dropped} of the questions from this briefing's themes "
                    f"{'was' if dropped == 1 else 'were'} left off the handout so that it fits on "
                    f"one sheet ({HANDOUT_PAGES} pages). To keep them, shorten the longest sections; "
                    f"to silence this, set theme_questions: {handout.theme_question_count}",
                    severity="warning",
                )
            )
        if printed.pages > HANDOUT_PAGES:
            problems.append(
                Problem(
                    handout.source,
                    1,
                    1,
                    f"the printed handout runs to {printed.pages} "
                    f"pages; it should fit on one sheet ({HANDOUT_PAGES} pages). Shorten "
                    "the longest sections",
                    severity="warning",
                )
            )
    elif (folder / f"{handout.slug}.pdf").is_file():
        pdf_size = (folder / f"{handout.slug}.pdf").stat().st_size
    if formats in ("html", "all"):
        write_atomic(page, render_handout(env, handout, pdf_size=pdf_size))
        write_atomic(folder / FACILITATOR_PAGE, render_facilitator(env, handout))
    return problems


def _print_to_fit(env, handout: Handout, page: Path, assets: Path) -> tuple[Handout, PrintedPDF, int]:
    """Print the handout; if it runs past one sheet, leave off theme questions, weakest
    first, until it fits. Returns the handout as printed, the PDF, and how many were left off.
    The author's own questions and the standard ones are never left off."""

    from .printing import print_pdf  # WeasyPrint takes most of a second to import: only when printing

    def printed(version: Handout) -> PrintedPDF:
        html = render_handout(env, version, for_print=True)
        return print_pdf(html, page, [assets], [assets / STYLESHEET, assets / PDF_STYLESHEET])

    first = printed(handout)
    themed = handout.theme_question_count
    if first.pages <= HANDOUT_PAGES or not themed:
        return handout, first, 0
    bare = handout.without_theme_questions(themed)
    fewest = printed(bare)
    if fewest.pages > HANDOUT_PAGES:
        return handout, first, 0  # the sections themselves are too long: keep every question
    best = (bare, fewest, themed)
    for drop in range(themed - 1, 0, -1):
        version = handout.without_theme_questions(drop)
        attempt = printed(version)
        if attempt.pages > HANDOUT_PAGES:
            break
        best = (version, attempt, drop)
    return best


def _refused(source: Path, url: str) -> Problem:
    """A warning at the line of the source that names `url` (or line 1 when none does)."""
    try:
        lines = source.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    needle = url.removeprefix("file://")
    line = next((n for n, text in enumerate(lines, 1) if needle and needle in text), 1)
    return Problem(
        source,
        line,
        1,
        f"the handout points to {url}, which the kit does not fetch; it was left out of the PDF",
        severity="warning",
    )


def _library(built: list[Handout], out: Path, briefings_dir: Path) -> list[Handout]:
    """This run's handouts, plus other valid briefings in `briefings_dir` already published in `out`."""
    library = {handout.slug: handout for handout in built}
    if briefings_dir.is_dir():
        for source in sorted(briefings_dir.iterdir()):
            slug = slugify(source.stem)
            if is_briefing_file(source) and slug not in library and (out / slug / "index.html").is_file():
                try:
                    library[slug] = enrich(read_briefing(source), source)
                except BriefingError:
                    continue
    return list(library.values())
