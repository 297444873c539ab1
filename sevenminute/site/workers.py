"""Building briefings in parallel: one briefing read, checked, enriched, rendered and printed
in a worker process, with a branded template environment made once a process."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..pipeline.briefing import Fitting, prepare, print_to_fit, warm
from ..problems import BriefingError, Problem
from .branding import branding
from .cards import Card
from .handouts import publish_handout
from .options import BuildOptions


@dataclass
class Result:
    """What building one briefing gave: its card (None when it failed), problems and files."""

    source: Path
    card: Card | None
    problems: list[Problem]
    outputs: list[str]  # paths written, relative to the output folder
    pdf_seconds: float | None = None


def default_jobs() -> int:
    """One job for each core this process may run on (fewer than the machine has, in a
    container or under `taskset`)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_shared: list = []  # the pool a build's passes share (see `sharing`), once one has started it
_sharing: list[bool] = []  # non-empty within `sharing`


@contextlib.contextmanager
def sharing():
    """Within this, the worker processes one pass of a build starts (the English library) are
    kept for the next (the Welsh library, output/cy/), which would otherwise load WeasyPrint
    again in this process, most of a second; they stop when it ends."""
    _sharing.append(True)
    try:
        yield
    finally:
        _sharing.pop()
        while _shared:
            _shared.pop().shutdown()


def _sharing_wanted() -> bool:
    return bool(_sharing)


def run(
    todo: list[Path], options: BuildOptions, jobs: int | None, done: Callable[[Path], None]
) -> list[Result]:
    """Build `todo` in this process, or on worker processes when there is more than one job
    (or when an earlier pass of this build left its workers to share); `done` is told of each
    source as it finishes."""
    jobs = max(1, min(jobs or default_jobs(), len(todo)))
    if _shared and todo:
        return _on(_shared[0], todo, options, done)
    if jobs == 1:
        results = []
        with _printer(options, len(todo)) as fit:
            for source in todo:
                results.append(build_one(source, options, fit))
                done(source)
        return results
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_worker,
        initargs=(options, jobs),
    )  # fmt: skip
    if _sharing_wanted():
        _shared.append(pool)
        return _on(pool, todo, options, done)
    with pool:
        return _on(pool, todo, options, done)


def _on(pool, todo: list[Path], options: BuildOptions, done: Callable[[Path], None]) -> list[Result]:
    futures = [pool.submit(build_one, source, options) for source in todo]
    for source, future in zip(todo, futures, strict=True):
        future.add_done_callback(lambda _f, source=source: done(source))
    return [future.result() for future in futures]


_environments: dict[BuildOptions, object] = {}


def forget_environments() -> None:
    """Templates or assets may have changed since an earlier build in this process."""
    _environments.clear()


def environment(options: BuildOptions):
    """A Jinja environment branded for this build, made once a process."""
    if options not in _environments:
        from ..pipeline.render import environment as kit_environment

        _environments[options] = kit_environment(
            branding(options.settings, options.logo, options.assets, options.self_contained)
        )
        _environments[options].globals.update(language=options.language, library_twins=options.twins)
    return _environments[options]


def _warm_worker(options: BuildOptions, jobs: int) -> None:
    """Load WeasyPrint and parse the stylesheets once, before the first briefing arrives, and
    take this worker's share of the cores for the sentence model.

    Workers are started fresh ("spawn", not "fork": WeasyPrint's font libraries are not safe
    to use in a forked copy of a process that has used them), inherit no open files, so
    never the build's lock, and die with the build, so a killed build leaves nothing running."""
    _die_with_parent()
    environment(options)
    warm(options.assets, printing=options.pdf, workers=jobs)


def _die_with_parent() -> None:
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the build died before we asked
        os._exit(1)


@contextlib.contextmanager
def _printer(options: BuildOptions, count: int):
    """Where one briefing built here prints: in a helper process, forked now so that it loads
    WeasyPrint (most of a second) while this one reads, checks and enriches the briefing and
    makes its office files; else (None) here.

    Only for a single briefing, with a core to spare, in a process with one thread that has
    not loaded WeasyPrint: a fork then copies no font library and no lock another thread holds.
    The helper takes nothing but handouts to print and gives back the PDF: it writes no file."""
    if not (
        count == 1
        and options.pdf
        and default_jobs() > 1
        and "weasyprint" not in sys.modules
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    ):
        yield None
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("fork"), initializer=_warm_printer,
        initargs=(options,),
    )  # fmt: skip
    # What both processes have now is left out of their garbage collection: a collection
    # would touch every object and so copy every page the fork shares (half a second).
    gc.freeze()
    try:
        pool.submit(int)  # start it now, not at the first handout
        with pool:
            yield lambda handout, html, page, assets: pool.submit(_fit, options, handout, html, page, assets)
    finally:
        gc.unfreeze()


def _warm_printer(options: BuildOptions) -> None:
    _die_with_parent()
    warm(options.assets)


def _fit(options: BuildOptions, handout, html: str, page: Path, assets: Path):
    return print_to_fit(environment(options), handout, page, assets, html)


def build_one(source: Path, options: BuildOptions, fit: Fitting | None = None) -> Result:
    """Read, check, enrich, render and print one briefing. Never raises for a bad source.

    A published briefing with text still to be written is refused; a withdrawn one makes no
    files (the build takes its old ones down)."""
    prepared = prepare(source, sign_off=options.settings.sign_off == "required")
    if prepared.stops:
        return Result(source, None, prepared.stops, [])
    briefing, checked = prepared.briefing, prepared.problems
    if briefing.status == "withdrawn":
        return Result(source, Card.withdrawn(prepared.outputs.slug, briefing), checked, [])
    try:
        handout = prepared.handout(options.theme_questions)
        published = publish_handout(environment(options), handout, options.out, options.formats, fit)
        sizes = published.sizes
        card = Card.from_handout(handout, sizes["pdf"], sizes["pptx"], sizes["docx"], sizes["large-print"])
    except BriefingError as error:
        return Result(source, None, error.problems, [])
    outputs = sorted({str(path.resolve().relative_to(options.out.resolve())) for path in published.files})
    return Result(source, card, checked + published.problems, outputs, published.seconds)
