"""`check`: briefings checked as a careful editor would, without building anything."""

from __future__ import annotations

import dataclasses
import json

import click

from ..authoring.lint import lint, lint_version
from ..authoring.timing import Timing, clock, timing
from ..pipeline.briefing import Briefing, Source, pair_problems, prepare
from ..pipeline.model import WORDS_PER_MINUTE
from ..pipeline.settings import load_settings
from ..pipeline.sources import find_sources, same_titles, versions_of
from ..problems import Problem, display_path
from .common import BRIEFINGS, echo_problems, format_option, plural, sources, stop


@click.command()
@click.argument("briefings", nargs=-1, metavar="[PATH_OR_NAME]...")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 1 when there are any).")
@format_option("Text for reading, or a JSON list of findings for other tools.")
@click.option(
    "--pace",
    type=click.IntRange(60, 250),
    default=WORDS_PER_MINUTE,
    show_default=True,
    help="Speaking pace, in words a minute, for the timing.",
)
def check(briefings: tuple[str, ...], strict: bool, output_format: str, pace: int) -> None:
    """Check briefings as a careful editor would, without building anything.

    Reports, each at its file, line and column: problems with the format (errors); and
    warnings for a briefing that runs past seven minutes, what looks like identifying
    detail (postcodes, phone numbers, email addresses, NHS and National Insurance
    numbers, dates of birth, street addresses, real names), acronyms used before they
    are spelled out, malformed links, unfinished text and repeated section titles.
    Prints each briefing's timing, section by section.

    A Welsh version beside a briefing (family-a.cy.yaml beside family-a.yaml) is checked
    with it: the format, the same parts and as many list items in each, questions,
    contacts, resources and helplines, and a note when one changed after the other.

    Exit status 0 when there are no errors, 1 when there are (with --strict, warnings
    count as errors).

    \b
    Examples:
      python build.py check
      python build.py check family-a --pace 110
      python build.py check --strict --format json > findings.json
    """
    found_sources = sources(briefings)
    findings: list[Problem] = []
    checked: list[tuple[Source, Briefing]] = []
    required = load_settings()[0].sign_off == "required"
    for source in found_sources:
        prepared = prepare(source, sign_off=required)
        if prepared.briefing is None:
            found = prepared.problems
        else:
            briefing = prepared.briefing
            found = lint(prepared, pace=pace)
            checked.append((prepared.loaded, briefing))
            if output_format == "text":
                times = timing(briefing, pace)
                click.echo(
                    f"{display_path(source)}: {times.words} words, about {clock(times.minutes * 60)} "
                    f"at {pace} words a minute"
                )
                for row in _timing_table(times):
                    click.echo(row)
        found += pair_problems(source, prepared.loaded)
        for version in versions_of(source).values():  # what holds in any language, in each version
            read = prepare(version, ready=False)
            if read.briefing is not None:
                found += lint_version(read, pace=pace)
        if strict:
            found = [
                dataclasses.replace(problem, severity="error") if problem.severity == "warning" else problem
                for problem in found
            ]
        findings += found
        if output_format == "text":
            echo_problems(found, codes=True)
    twins = _same_titles(checked)
    if output_format == "text":
        echo_problems(twins, codes=True)
    findings += twins
    errors = [problem for problem in findings if problem.severity == "error"]
    if output_format == "json":
        click.echo(json.dumps([problem.as_dict() for problem in findings], indent=2, ensure_ascii=False))
    else:
        warnings = sum(problem.severity == "warning" for problem in findings)
        notes = sum(problem.severity == "info" for problem in findings)
        bad = len({problem.path for problem in errors})
        click.echo(
            f"{plural(len(found_sources), 'briefing')} checked: {plural(len(errors), 'error')}, "
            f"{plural(warnings, 'warning')}"
            + (f", {plural(notes, 'note')}" if notes else "")
            + (f"; {bad} of them cannot be built until the errors are fixed" if bad and not strict else "")
        )
    if errors:
        stop()


def _same_titles(checked: list[tuple[Source, Briefing]]) -> list[Problem]:
    """A warning at the title of each checked briefing that another briefing (checked, or in
    briefings/) has the same title and subtitle."""
    titled = {source.path.resolve(): (source, briefing) for source, briefing in checked}
    others = []
    for path in find_sources([], BRIEFINGS) if BRIEFINGS.is_dir() else []:
        if path.resolve() not in titled:
            other = prepare(path, ready=False).briefing
            if other is not None:
                others.append((path.resolve(), other.title, other.subtitle))
    twins = same_titles([(path, b.title, b.subtitle) for path, (_, b) in titled.items()] + others)
    return [
        source.problem(
            ("title",),
            f"{display_path(twins[path][0])} has the same title, “{briefing.title}”; the library would list "
            "two briefings nobody can tell apart. Give one a different title or a subtitle",
            severity="warning",
            code="same-title",
        )
        for path, (source, briefing) in titled.items()
        if path in twins
    ]


def _timing_table(times: Timing) -> list[str]:
    rows = [f"  {'part':<4} {'title':<34} {'words':>5} {'time':>6}"]
    for section in times.sections:
        title = section.title if len(section.title) <= 34 else section.title[:33] + "…"
        rows.append(f"  {section.number:<4} {title:<34} {section.words:>5} {clock(section.seconds):>6}")
    rows.append(f"  {'':<4} {'total':<34} {times.words:>5} {clock(times.minutes * 60):>6}")
    return rows
