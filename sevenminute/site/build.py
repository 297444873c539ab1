"""Stage 6, publish: build briefings into the output folder, then the library.

One bad briefing never stops the others: its problems are collected and the rest build.
Briefings whose inputs have not changed since the last build are skipped.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline.briefing import pair_problems, prepare
from ..pipeline.dates import ENGLISH
from ..pipeline.model import DEFAULT_THEME_QUESTIONS
from ..pipeline.settings import Settings
from ..pipeline.sources import LANGUAGES, Outputs, language_of, same_titles, slug_of, versions_of
from ..pipeline.versions import status_of
from ..problems import Problem, display_path
from .branding import asset_files, publish_assets, store_logo
from .cards import Card
from .incremental import BuildManifest, digest, input_digest, kit_fingerprint, problem_from_json, problem_json
from .options import BuildOptions
from .output import Register, output_lock, read_register, recording, take_down
from .workers import environment, forget_environments, run, sharing


@dataclass
class BuildReport:
    """What a build did: briefings built, files that failed, and every problem found."""

    built: list[Card] = field(default_factory=list)  # built this run, in source order
    skipped: list[Card] = field(default_factory=list)  # up to date: nothing to do
    failed: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    removed: list[tuple[Path, str]] = field(default_factory=list)  # folders taken down, and why
    pdf_seconds: list[float] = field(default_factory=list)
    seconds: float = 0.0
    versions_built: list[Card] = field(default_factory=list)  # versions in other languages (output/cy/)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def build(
    sources: Iterable[Path],
    out: Path,
    *,
    formats: str = "all",
    briefings_dir: Path = Path("briefings"),
    theme_questions: int | None = DEFAULT_THEME_QUESTIONS,
    settings: Settings | None = None,
    logo: Path | None = None,
    self_contained: bool = False,
    drafts: bool = False,
    jobs: int | None = None,
    force: bool = False,
    progress: Callable[[Path], None] | None = None,
) -> BuildReport:
    """Build each source into `out/<slug>/`, then the library. Never raises for bad sources.

    `settings` brand every page and PDF (`logo` is the logo file's full path); with
    `self_contained`, each web page carries its stylesheet, script, fonts and logo inside it;
    with `drafts`, the library lists drafts too (a local library, for review).
    Briefings whose inputs are unchanged since the last build are skipped (unless `force`);
    the rest are built on `jobs` worker processes (default: one a core). The library always
    lists every published briefing, built this time or before; a briefing whose source is
    gone, or that is withdrawn, has its files taken down."""
    settings = settings or Settings()
    options = BuildOptions(out.resolve(), formats, theme_questions, settings, logo, self_contained, drafts)
    forget_environments()
    started = time.perf_counter()
    progress = progress or (lambda _source: None)
    sources = list(sources)
    pairs = {source: versions_of(source) for source in sources}  # each briefing's versions, by language
    with output_lock(out), recording(out) as register, sharing():
        held = _held_back(pairs, sign_off=settings.sign_off == "required")
        languages = tuple(
            language
            for language in LANGUAGES
            if any(
                status_of(versions[language]) != "draft"
                for source, versions in pairs.items()
                if language in versions and source not in held
            )
            or (options.out / language / BuildManifest.FILE).is_file()
        )
        english = dataclasses.replace(options, twins=languages)
        report = _build(
            [s for s in sources if s not in held], english, briefings_dir, jobs, force, progress, register
        )
        for source, problems in held.items():
            report.failed.append(source)
            report.problems += problems
            progress(source)
        for language in languages:  # each language's library in its own folder: output/cy/
            versions = [
                version
                for source, found in pairs.items()
                if source not in report.failed and (version := found.get(language))
            ]
            own = dataclasses.replace(
                options, out=options.out / language, language=language, twins=(ENGLISH,)
            )
            _merge(report, _build(versions, own, briefings_dir, jobs, force, lambda _source: None, register))
        report.seconds = time.perf_counter() - started  # both languages' passes
        return report


def _held_back(pairs: dict[Path, dict[str, Path]], *, sign_off: bool) -> dict[Path, list[Problem]]:
    """The briefings not to publish because a version of theirs in another language cannot be
    (a pair is published together, or not at all), each with its versions' problems. A version
    being translated (a draft) leaves its briefing published alone."""
    held = {}
    for source, versions in pairs.items():
        if all(status_of(version) == "draft" for version in versions.values()):  # none, or drafts
            continue
        problems = pair_problems(source, prepare(source, ready=False).loaded, sign_off=sign_off)
        errors = [problem for problem in problems if problem.severity == "error"]
        if errors:
            names = " and ".join(sorted({LANGUAGES[language_of(p.path)] for p in errors}))
            said = Problem(
                source, 1, 1,
                f"not published: its {names} version has errors (below), and a briefing and its "
                "versions are published together; fix them and build again",
            )  # fmt: skip
            held[source] = [said, *problems]
    return held


def _merge(report: BuildReport, versions: BuildReport) -> None:
    """A language's build added to the English build's report (its briefings counted apart)."""
    report.versions_built += versions.built
    report.failed += versions.failed
    report.problems += versions.problems
    report.removed += versions.removed
    report.pdf_seconds += versions.pdf_seconds


def _build(
    sources: list[Path],
    options: BuildOptions,
    briefings_dir: Path,
    jobs: int | None,
    force: bool,
    progress: Callable[[Path], None],
    register: Register,
) -> BuildReport:
    """The build itself; every file it writes, or keeps as it was, goes into `register`."""
    started = time.perf_counter()
    report = BuildReport()
    out = options.out
    kit = kit_fingerprint(options)
    manifest = BuildManifest.read(out)
    before = copy.deepcopy(manifest.as_json())
    # Never forget the other briefings: a changed kit or --force rebuilds what this run
    # names, and every other card stays listed until its own next build.
    if force or manifest.kit != kit:
        manifest.library = ""
    manifest.kit = kit
    todo: list[tuple[Path, str]] = []
    slugs: dict[str, Path] = {}
    for source in sources:
        slug = slug_of(source)
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
            progress(source)
            continue
        slugs[slug] = source
        source_digest = input_digest(source, kit)
        entry = manifest.briefings.get(slug)
        if (
            not force
            and entry
            and entry["input"] == source_digest
            and all((out / path).is_file() for path in entry["outputs"])
        ):
            card = Card.from_json(entry["card"])
            report.skipped.append(card)
            report.problems += [problem_from_json(source, p) for p in entry.get("warnings", [])]
            register.add(*(out / path for path in entry["outputs"]))
            progress(source)
        else:
            todo.append((source, source_digest))
    if todo or not (out / "index.html").is_file():
        publish_assets(out)
        register.add(*asset_files(out))
        if options.logo is not None:
            register.add(store_logo(options.logo, options.assets))
    else:
        register.add(*(out / path for path in manifest.assets))
    results = run([source for source, _ in todo], options, jobs, progress)
    for (source, source_digest), result in zip(todo, results, strict=True):
        register.add(*(out / path for path in result.outputs))
        report.problems += result.problems
        if result.pdf_seconds is not None:
            report.pdf_seconds.append(result.pdf_seconds)
        if result.card is None:  # a version built before, if any, stays as it was
            report.failed.append(source)
            continue
        report.built.append(result.card)
        manifest.briefings[result.card.slug] = {
            "source": str(source),
            "input": source_digest,
            "outputs": result.outputs,
            "card": result.card.to_json(),
            "warnings": [problem_json(p) for p in result.problems if p.severity == "warning"],
        }
    _take_down(manifest, out, set(slugs), report)
    if options.web:
        listed = {c.slug for c in report.built + report.skipped}
        cards = _library_cards(manifest, out, briefings_dir, listed)
        report.problems += _same_titles(manifest, cards)
        library = digest(json.dumps([[c.to_json() for c in cards], options.drafts], sort_keys=True) + kit)
        if library != manifest.library or not (out / "index.html").is_file():
            from .library import publish_library  # loads the template engine: only when there is work

            manifest.library_pages = publish_library(
                environment(options),
                cards,
                out,
                drafts=options.drafts,
                salt=kit,
                before=manifest.library_pages,
            )
            manifest.library = library
        register.add(*(out / path for path in manifest.library_pages))
    manifest.assets = sorted(
        str(p.relative_to(out)) for p in options.assets.rglob("*") if p.is_file()
    ) if options.assets.is_dir() else []  # fmt: skip
    register.add(manifest.write(out, before))
    report.seconds = time.perf_counter() - started
    return report


def _same_titles(manifest: BuildManifest, cards: list[Card]) -> list[Problem]:
    """A warning for each briefing the library lists under another's title and subtitle."""
    sources = {
        card.slug: Path(manifest.briefings[card.slug]["source"])
        for card in cards
        if card.slug in manifest.briefings
    }
    twins = same_titles(
        [
            (sources[card.slug], card.title, card.subtitle)
            for card in cards
            if card.slug in sources and card.status != "withdrawn"
        ]
    )
    return [
        Problem(
            path,
            1,
            1,
            f"{display_path(others[0])} has the same title; the library would list two briefings nobody "
            "can tell apart. Give one a different title or a subtitle",
            severity="warning",
            code="same-title",
        )
        for path, others in twins.items()
    ]


def _take_down(manifest: BuildManifest, out: Path, current: set[str], report: BuildReport) -> None:
    """Remove the files of every withdrawn briefing, and of every briefing whose source is gone.

    Only files the kit made go (its register says which); a withdrawn briefing stays in the
    manifest, for the withdrawals page. The register is read only when there is something to
    take down, and then once."""
    register: list[Path] | None = None
    for slug, entry in list(manifest.briefings.items()):
        withdrawn = entry["card"].get("status") == "withdrawn"
        gone = slug not in current and not Path(entry["source"]).is_file()
        if gone:
            del manifest.briefings[slug]
        if not (withdrawn or gone):
            continue
        if register is None:
            register = read_register(out)
        if take_down(out, slug, register, entry["outputs"]):
            why = "its source is gone" if gone else "the briefing is withdrawn"
            report.removed.append((out / slug, why))
        if withdrawn:
            entry["outputs"] = []


def _library_cards(manifest: BuildManifest, out: Path, briefings_dir: Path, current: set[str]) -> list[Card]:
    """Every briefing the library should know: this run's, and others already built from
    `briefings_dir` whose source still exists (published, draft or withdrawn)."""
    cards = []
    for slug, entry in manifest.briefings.items():
        source = Path(entry["source"])
        listed = slug in current or (source.is_file() and source.parent.resolve() == briefings_dir.resolve())
        card = Card.from_json(entry["card"])
        if listed and (card.status == "withdrawn" or (out / Outputs(slug).page).is_file()):
            cards.append(card)
    return cards
