"""The command line: a thin layer over the pipeline. The only place problems become exit codes.

Exit codes: 0 success, 1 a briefing has problems, 2 the command was used wrongly.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .enrich import WORDS_PER_MINUTE, enrich
from .model import briefing_schema
from .problems import BriefingError, Problem
from .publish import FORMATS, find_sources, write_atomic
from .publish import build as build_briefings
from .validate import read_briefing

BRIEFINGS = Path("briefings")
OUTPUT = Path("output")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _echo_problems(problems: list[Problem]) -> None:
    for problem in problems:
        label = "warning: " if problem.severity == "warning" else ""
        click.echo(str(problem).replace(": ", f": {label}", 1) if label else str(problem), err=True)


def _sources(names: tuple[str, ...]) -> list[Path]:
    try:
        return find_sources(names, BRIEFINGS)
    except BriefingError as error:
        raise click.UsageError(error.text) from None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seven-minute briefing kit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Make seven-minute safeguarding briefings from YAML sources.

    With no command, builds every briefing in briefings/ into output/: a web page
    and a printable A4 handout (PDF) for each, and a page listing them all.

    \b
    Examples:
      python build.py                      build everything
      python build.py build family-a       build one briefing
      python build.py check                check every briefing without building
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@cli.command()
@click.argument("briefings", nargs=-1, metavar="[PATH_OR_NAME]...")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=OUTPUT,
    show_default=True,
    help="Folder to write the pages and PDFs into.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    default="all",
    show_default=True,
    help="Build web pages, PDF handouts, or both.",
)
def build(briefings: tuple[str, ...], out: Path, formats: str) -> None:
    """Build briefings into web pages and printable PDF handouts.

    Name briefings by file name (family-a) or by path (briefings/family-a.yaml,
    or a file anywhere else). With no names, builds every briefing in briefings/.

    \b
    Examples:
      python build.py build
      python build.py build family-a mark-and-lloyd --format pdf
      python build.py build ~/Downloads/new-brief.yaml --out preview
    """
    sources = _sources(briefings)
    if not sources:
        click.echo(f"There are no briefings in {BRIEFINGS}/ yet. Add a .yaml file there and build again.")
        return
    with click.progressbar(
        length=len(sources),
        label="Building",
        file=sys.stderr,
        item_show_func=lambda name: name,
        show_pos=True,
    ) as bar:
        report = build_briefings(
            sources,
            out,
            formats=formats,
            briefings_dir=BRIEFINGS,
            progress=lambda source: bar.update(1, source.stem),
        )
    _echo_problems(report.problems)
    built, failed = len(report.built), len(report.failed)
    warnings = f", {_plural(len(report.warnings), 'warning')}" if report.warnings else ""
    click.echo(
        f"{_plural(built, 'briefing')} built, {failed} failed{warnings}, in {report.seconds:.1f} s"
        f" (output in {out}/)"
    )
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("briefings", nargs=-1, metavar="[PATH]...")
def check(briefings: tuple[str, ...]) -> None:
    """Check briefings for problems without building anything.

    Exit status 0 when every briefing is valid, 1 when any has a problem.

    \b
    Examples:
      python build.py check
      python build.py check briefings/family-a.yaml
    """
    sources = _sources(briefings)
    problems: list[Problem] = []
    for source in sources:
        try:
            handout = enrich(read_briefing(source), source)
        except BriefingError as error:
            problems += error.problems
            continue
        click.echo(
            f"{source}: valid, 7 sections, {handout.words} words, about "
            f"{handout.minutes:.1f} minutes at {WORDS_PER_MINUTE} words a minute"
        )
    _echo_problems(problems)
    bad = len({problem.path for problem in problems})
    click.echo(
        f"{_plural(len(sources), 'briefing')} checked: {len(sources) - bad} valid, {bad} with problems"
    )
    if bad:
        sys.exit(1)


@cli.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file instead of printing it.",
)
def schema(out: Path | None) -> None:
    """Print the JSON schema of the briefing format, for editors that check YAML as you type.

    Briefings name it on their first line, so editors such as VS Code (with the YAML
    extension) underline mistakes and suggest keys:

    \b
      # yaml-language-server: $schema=../schema/briefing.schema.json

    \b
    Examples:
      python build.py schema --out schema/briefing.schema.json
    """
    text = briefing_schema()
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text)
        click.echo(f"Wrote {out}")


def main() -> None:
    """Console entry point: no traceback ever reaches an author."""
    try:
        cli.main(prog_name="python build.py", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("\nStopped. Files already written are complete; nothing is half-written.", err=True)
        sys.exit(130)
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        click.echo(
            f"Could not read or write{where}: {error.strerror or error}. Check the folder exists "
            "and you may write to it, and that the disk is not full.",
            err=True,
        )
        sys.exit(1)
    except Exception as error:  # a bug in the kit: say so plainly
        click.echo(
            f"The kit stopped on an unexpected problem ({type(error).__name__}: {error}). "
            "This is a fault in the kit, not in your briefing; please report it with this message.",
            err=True,
        )
        sys.exit(1)
