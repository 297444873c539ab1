"""`build`: briefings into web pages and printable PDF handouts, then the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..pipeline.settings import SETTINGS_FILE, load_settings
from ..problems import BriefingError, display_path
from ..site.build import BuildReport
from ..site.build import build as build_briefings
from ..site.options import FORMATS
from .common import (
    BRIEFINGS,
    echo_problems,
    output_folder_option,
    plural,
    sources,
    stop,
    theme_questions_option,
)


@click.command()
@click.argument("briefings", nargs=-1, metavar="[PATH_OR_NAME]...")
@output_folder_option("Folder to write the pages and PDFs into.")
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    default="all",
    show_default=True,
    help="Build web pages, PDF handouts, PowerPoint slides (pptx), Word handouts (docx), or all of them.",
)
@theme_questions_option
@click.option(
    "--self-contained",
    is_flag=True,
    help="Put each web page's stylesheet, script, fonts and logo inside it, so one file can be "
    "emailed or uploaded on its own.",
)
@click.option(
    "--drafts",
    is_flag=True,
    help="List drafts in the library too, apart, for reviewing them locally. Never upload a "
    "library built with this.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 256),
    default=None,
    help="How many briefings to build at once (default: one for each processor core).",
)
@click.option("--force", is_flag=True, help="Rebuild everything, even what has not changed.")
def build(
    briefings: tuple[str, ...],
    out: Path,
    formats: str,
    theme_questions: int | None,
    self_contained: bool,
    drafts: bool,
    jobs: int | None,
    force: bool,
) -> None:
    """Build briefings into web pages and printable PDF handouts.

    Name briefings by file name (family-a) or by path (briefings/family-a.yaml,
    or a file anywhere else). With no names, builds every briefing in briefings/.

    \b
    Examples:
      python build.py build
      python build.py build family-a mark-and-lloyd --format pdf
      python build.py build family-a --format pptx
      python build.py build ~/Downloads/new-brief.yaml --out preview
      python build.py build --self-contained --out single-files
      python build.py build --drafts --out review

    A briefing's status decides what is published: a draft is built (with a "Draft – not
    for circulation" band) but never listed or fed; a published briefing must have no
    TODO left; a withdrawn one has its files taken down and is listed on withdrawn.html.
    """
    found = sources(briefings)
    if not found:
        click.echo(f"There are no briefings in {BRIEFINGS}/ yet. Add a .yaml file there and build again.")
        return
    try:
        settings, logo = load_settings()
    except BriefingError as error:
        echo_problems(error.problems)
        click.echo(f"Nothing built: fix {SETTINGS_FILE} first.")
        stop()
    with click.progressbar(
        length=len(found),
        label="Building",
        file=sys.stderr,
        item_show_func=lambda name: name,
        show_pos=True,
    ) as bar:
        report = build_briefings(
            found,
            out,
            formats=formats,
            briefings_dir=BRIEFINGS,
            theme_questions=theme_questions,
            settings=settings,
            logo=logo,
            self_contained=self_contained,
            drafts=drafts,
            jobs=jobs,
            force=force,
            progress=lambda source: bar.update(1, source.stem),
        )
    _report(report, out)


def _report(report: BuildReport, out: Path) -> None:
    echo_problems(report.problems)
    for folder, why in report.removed:
        click.echo(f"Removed {display_path(folder)}/: {why}")
    built, failed = len(report.built), len(report.failed)
    warnings = f", {plural(len(report.warnings), 'warning')}" if report.warnings else ""
    skipped = f", {len(report.skipped)} up to date" if report.skipped else ""
    versions = len(report.versions_built)
    welsh = f"; {plural(versions, 'Welsh version')} in {out}/cy/" if versions else ""
    click.echo(
        f"{plural(built, 'briefing')} built{skipped}, {failed} failed{warnings}, in {report.seconds:.1f} s"
        f" (output in {out}/{welsh})"
    )
    if failed:
        stop()
