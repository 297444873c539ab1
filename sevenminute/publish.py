"""Stage 6, publish: build handouts into the output folder, every file written atomically.

One bad briefing never stops the others: its problems are collected and the rest build.
"""

from __future__ import annotations

import base64
import copy
import fcntl
import hashlib
import json
import os
import re
import signal
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

from . import __version__
from .cards import DEFAULT_THEME_QUESTIONS, Card, Logo, ThemeCount, kit_assets, kit_templates, slugify
from .problems import BriefingError, Problem, display_path
from .settings import LOGO_TYPES, Settings

if TYPE_CHECKING:
    from .enrich import Handout
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

    built: list[Card] = field(default_factory=list)  # built this run, in source order
    skipped: list[Card] = field(default_factory=list)  # up to date: nothing to do
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
        root = os.path.abspath(out)
        known = {os.path.relpath(path, root) for path in read_manifest(out)}
        known |= {os.path.relpath(os.path.abspath(path), root) for path in written}
        lines = sorted(
            line for line in known if not line.startswith("..") and os.path.isfile(os.path.join(root, line))
        )
        _write_if_changed(out / MANIFEST, ("\n".join(lines) + "\n").encode())


def read_manifest(out: Path) -> list[Path]:
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8")
    except OSError:
        return []
    root = os.path.abspath(out)
    paths = [os.path.normpath(os.path.join(root, line)) for line in text.splitlines() if line.strip()]
    return [Path(path) for path in paths if path.startswith(root + os.sep)]


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
    jobs: int | None = None,
    force: bool = False,
    progress: Callable[[Path], None] | None = None,
) -> BuildReport:
    """Build each source into `out/<slug>/`, then the library. Never raises for bad sources.

    `settings` brand every page and PDF (`logo` is the logo file's full path); with
    `self_contained`, each web page carries its stylesheet, script, fonts and logo inside it.
    Briefings whose inputs are unchanged since the last build are skipped (unless `force`);
    the rest are built on `jobs` worker processes (default: one a core)."""
    context = _Context(out.resolve(), formats, theme_questions, settings or Settings(), logo, self_contained)
    _worker_env.clear()  # templates or assets may have changed since an earlier build in this process
    with output_lock(out), _recording(out):
        return _build(list(sources), context, briefings_dir, jobs, force, progress)


@dataclass(frozen=True)
class _Context:
    """Everything a worker needs to build one briefing, the same for every briefing in a build."""

    out: Path
    formats: str
    theme_questions: int
    settings: Settings
    logo: Path | None
    self_contained: bool


@dataclass
class _Result:
    source: Path
    card: Card | None
    problems: list[Problem]
    outputs: list[str]  # paths written, relative to the output folder
    pdf_seconds: float | None = None


def _build(
    sources: list[Path], context: _Context, briefings_dir: Path, jobs: int | None, force: bool, progress
) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    out = context.out
    kit = kit_fingerprint(context)
    manifest = BuildManifest.read(out)
    before = copy.deepcopy(manifest.as_json())
    if force or manifest.kit != kit:
        manifest = BuildManifest(kit=kit)
    todo: list[tuple[Path, str]] = []
    slugs: dict[str, Path] = {}
    for source in sources:
        slug = slugify(source.stem)
        if slug in slugs:
            report.failed.append(source)
            report.problems.append(
                Problem(
                    source,
                    1,
                    1,
                    f"this briefing would be published as '{slug}', like "
                    f"{display_path(slugs[slug])}; rename one of the files",
                )  # fmt: skip
            )
            _tick(progress, source)
            continue
        slugs[slug] = source
        digest = _input_digest(source, kit)
        entry = manifest.briefings.get(slug)
        if entry and entry["input"] == digest and all((out / path).is_file() for path in entry["outputs"]):
            card = Card.from_json(entry["card"])
            report.skipped.append(card)
            report.problems += [Problem(source, *_problem_fields(p)) for p in entry.get("warnings", [])]
            for path in entry["outputs"]:
                _note(out / path)
            _tick(progress, source)
        else:
            todo.append((source, digest))
    if todo or not (out / "index.html").is_file():
        publish_assets(out)
        if context.logo is not None:
            _store_logo(context.logo, out / "assets")
    else:
        for path in manifest.assets:
            _note(out / path)
    results = _run(todo, context, jobs, progress)
    for (source, digest), result in zip(todo, results, strict=True):
        for path in result.outputs:
            _note(out / path)
        report.problems += result.problems
        if result.pdf_seconds is not None:
            report.pdf_seconds.append(result.pdf_seconds)
        if result.card is None:
            report.failed.append(source)
            manifest.briefings.pop(slugify(source.stem), None)
            continue
        report.built.append(result.card)
        manifest.briefings[result.card.slug] = {
            "source": str(source),
            "input": digest,
            "outputs": result.outputs,
            "card": result.card.to_json(),
            "warnings": [_problem_json(p) for p in result.problems if p.severity == "warning"],
        }
    if context.formats in ("html", "all"):
        cards = _library_cards(manifest, out, briefings_dir, {c.slug for c in report.built + report.skipped})
        library = _digest(json.dumps([c.to_json() for c in cards], sort_keys=True) + kit)
        if library != manifest.library or not (out / "index.html").is_file():
            env = _environment(context)
            manifest.library_outputs = _publish_library(env, cards, out)
            manifest.library = library
        for path in manifest.library_outputs:
            _note(out / path)
    manifest.assets = sorted(
        str(p.relative_to(out)) for p in (out / "assets").rglob("*") if p.is_file()
    ) if (out / "assets").is_dir() else []  # fmt: skip
    manifest.write(out, before)
    report.seconds = time.perf_counter() - started
    return report


def _tick(progress, source: Path) -> None:
    if progress:
        progress(source)


def _library_cards(manifest: BuildManifest, out: Path, briefings_dir: Path, current: set[str]) -> list[Card]:
    """Every briefing the library should list: this run's, and others already published from
    `briefings_dir` whose source still exists."""
    cards = []
    for slug, entry in manifest.briefings.items():
        source = Path(entry["source"])
        listed = slug in current or (source.is_file() and source.parent.resolve() == briefings_dir.resolve())
        if listed and (out / slug / "index.html").is_file():
            cards.append(Card.from_json(entry["card"]))
    return cards


def _run(todo: list[tuple[Path, str]], context: _Context, jobs: int | None, progress) -> list[_Result]:
    """Build `todo` in this process, or on worker processes when there is more than one job."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    if jobs == 1:
        results = []
        for source, _ in todo:
            results.append(_build_one(source, context))
            _tick(progress, source)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_worker,
        initargs=(context,),
    )  # fmt: skip
    with pool:
        futures = [pool.submit(_build_one, source, context) for source, _ in todo]
        for (source, _), future in zip(todo, futures, strict=True):
            future.add_done_callback(lambda _f, source=source: _tick(progress, source))
        return [future.result() for future in futures]


_worker_env: dict[_Context, object] = {}


def _environment(context: _Context):
    """A Jinja environment branded for this build, made once a process."""
    if context not in _worker_env:
        from .render import environment

        env = environment()
        _brand(env, context.settings, context.logo, context.out / "assets", context.self_contained)
        _worker_env[context] = env
    return _worker_env[context]


def _warm_worker(context: _Context) -> None:
    """Load WeasyPrint and parse the stylesheets once, before the first briefing arrives.

    Workers are started fresh ("spawn", not "fork": WeasyPrint's font libraries are not safe
    to use in a forked copy of a process that has used them), inherit no open files, so
    never the build's lock, and die with the build, so a killed build leaves nothing running."""
    _die_with_parent()
    _environment(context)
    if context.formats in ("pdf", "all"):
        from .printing import warm

        assets = context.out / "assets"
        warm([assets / STYLESHEET, assets / PDF_STYLESHEET])


def _die_with_parent() -> None:
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the build died before we asked
        os._exit(1)


def _build_one(source: Path, context: _Context) -> _Result:
    """Read, check, enrich, render and print one briefing. Never raises for a bad source."""
    from .enrich import enrich
    from .validate import read_briefing

    written: set[Path] = set()
    token = _written.set(written)
    try:
        handout = enrich(read_briefing(source), source, theme_questions=context.theme_questions)
        env = _environment(context)
        problems, pdf_bytes, seconds = _publish_handout(env, handout, context.out, context.formats)
        card = Card.from_handout(handout, pdf_bytes)
    except BriefingError as error:
        return _Result(source, None, error.problems, [])
    finally:
        _written.reset(token)
    outputs = sorted(str(path.resolve().relative_to(context.out.resolve())) for path in written)
    return _Result(source, card, problems, outputs, seconds)


def _input_digest(source: Path, kit: str) -> str:
    try:
        data = source.read_bytes()
    except OSError:
        data = b""
    return _digest(data + kit.encode())


def _digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def kit_fingerprint(context: _Context) -> str:
    """A hash of everything besides the source that shapes a briefing's outputs: the kit's
    version and code, its templates, assets and data, the settings and logo, and the options."""
    parts = [__version__, context.formats, str(context.theme_questions), str(context.self_contained)]
    parts.append(context.settings.model_dump_json())
    files = sorted(kit_templates().rglob("*")) + sorted(Path(__file__).parent.rglob("*.py"))
    files += sorted((Path(__file__).parent / "data").glob("*"))
    if context.logo is not None:
        files.append(context.logo)
    digest = hashlib.sha256("\0".join(parts).encode())
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class BuildManifest:
    """What the last build made, and from what, kept in `output/.sevenminute-build.json`.

    It is written after the outputs it lists, so it never claims a file a build did not finish."""

    kit: str = ""
    briefings: dict[str, dict] = field(default_factory=dict)
    library: str = ""
    library_outputs: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)

    FILE = ".sevenminute-build.json"

    @classmethod
    def read(cls, out: Path) -> BuildManifest:
        try:
            data = json.loads((out / cls.FILE).read_text(encoding="utf-8"))
            keys = ("kit", "briefings", "library", "library_outputs", "assets")
            return cls(**{key: data[key] for key in keys})
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def as_json(self) -> dict:
        keys = ("kit", "briefings", "library", "library_outputs", "assets")
        return {key: getattr(self, key) for key in keys}

    def write(self, out: Path, before: dict | None = None) -> None:
        """Write the manifest, unless it says what `before` (as read) already said."""
        data = self.as_json()
        if data == before and (out / self.FILE).is_file():
            _note(out / self.FILE)
            return
        _write_if_changed(out / self.FILE, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())


def _problem_json(problem: Problem) -> list:
    return [problem.line, problem.column, problem.message, problem.severity, problem.code]


def _problem_fields(data: list) -> tuple:
    return tuple(data)


def _store_logo(logo: Path, assets: Path) -> None:
    _write_if_changed(assets / ("logo" + logo.suffix.lower()), logo.read_bytes())


def _brand(env, settings: Settings, logo: Path | None, assets: Path, self_contained: bool) -> None:
    """Put the partnership's settings, logo and (for single files) inline assets into `env`."""
    env.globals["site"] = settings
    env.globals["has_feed"] = settings.base_url is not None
    if logo is not None:
        kind = LOGO_TYPES[logo.suffix.lower()]
        name = "logo" + logo.suffix.lower()
        data = logo.read_bytes()
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


def _publish_library(env, cards: list[Card], out: Path) -> list[str]:
    """The library page, a page per theme, and (with a base URL) the feed and sitemap.
    Returns the files written, relative to `out`."""
    from .render import render_feed, render_index, render_sitemap

    counts: dict[str, ThemeCount] = {}
    for card in cards:
        for theme in card.themes:
            before = counts.get(theme.key, ThemeCount(theme.key, theme.name, 0))
            counts[theme.key] = ThemeCount(theme.key, theme.name, before.count + 1)
    themes = sorted(counts.values(), key=lambda t: t.name.lower())
    written = {"index.html": render_index(env, cards, themes)}
    for theme in themes:
        written[f"themes/{theme.key}.html"] = render_index(env, cards, themes, theme)
    if env.globals["has_feed"]:
        written["feed.xml"] = render_feed(env, cards)
        pages = [("index.html", None)] + [(f"themes/{t.key}.html", None) for t in themes]
        for card in cards:
            pages += [(f"{card.slug}/index.html", card.published_iso)]
            pages += [(f"{card.slug}/{FACILITATOR_PAGE}", card.published_iso)]
        written["sitemap.xml"] = render_sitemap(env, pages)
    themes_dir = out / "themes"
    if themes_dir.is_dir():  # a theme no briefing has any more
        for page in themes_dir.glob("*.html"):
            if f"themes/{page.name}" not in written:
                page.unlink()
    for path, text in written.items():
        _write_if_changed(out / path, text.encode())
    return sorted(written)


def _publish_handout(
    env, handout: Handout, out: Path, formats: str
) -> tuple[list[Problem], int | None, float | None]:
    """Write one briefing's web page, facilitator page and PDF; return its problems, the
    PDF's size and how long printing took."""
    from .render import render_facilitator, render_handout

    folder = out / handout.slug
    page = folder / "index.html"
    assets = out / "assets"
    problems: list[Problem] = []
    pdf_size = None
    seconds = None
    if formats in ("pdf", "all"):
        started = time.perf_counter()
        handout, printed, dropped = _print_to_fit(env, handout, page, assets)
        seconds = time.perf_counter() - started
        _write_if_changed(folder / f"{handout.slug}.pdf", printed.data)
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
        _write_if_changed(page, render_handout(env, handout, pdf_size=pdf_size).encode())
        _write_if_changed(folder / FACILITATOR_PAGE, render_facilitator(env, handout).encode())
    return problems, pdf_size, seconds


def _print_to_fit(env, handout: Handout, page: Path, assets: Path) -> tuple[Handout, PrintedPDF, int]:
    """Print the handout; if it runs past one sheet, leave off theme questions, weakest
    first, until it fits. Returns the handout as printed, the PDF, and how many were left off.
    The author's own questions and the standard ones are never left off."""

    from .printing import print_pdf  # WeasyPrint takes most of a second to import: only when printing
    from .render import render_handout

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
