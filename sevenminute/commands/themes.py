"""`themes`: the themes found in briefings, the evidence for each, and the questions added."""

from __future__ import annotations

import json
import sys

import click

from ..pipeline.enrich.handout import Handout, enrich
from ..pipeline.enrich.themes import MIN_PLACES, MIN_SCORE, DetectedTheme
from ..pipeline.validate import read_briefing
from ..problems import BriefingError, Problem
from .common import echo_problems, format_option, sources, theme_questions_option


@click.command()
@click.argument("briefings", nargs=-1, metavar="[PATH_OR_NAME]...")
@format_option("Text for reading, or JSON for other tools.")
@theme_questions_option
def themes(briefings: tuple[str, ...], output_format: str, theme_questions: int | None) -> None:
    """Show the themes found in briefings, the evidence for each, and the questions added.

    A theme is found when its terms appear in the briefing often enough: a score of
    {min_score} from at least {min_places} mentions in different places, where a match counts
    3 in the title, 2 in the summary or a section title, and 1 in a section's text. Pin a theme
    with themes: in the briefing; drop a wrong one with exclude_themes:.

    JSON output is one list of the themes found, each with the briefing's path.

    \b
    Examples:
      python build.py themes family-a
      python build.py themes --format json > themes.json
    """
    problems: list[Problem] = []
    report: list[dict] = []
    for source in sources(briefings):
        try:
            handout = enrich(read_briefing(source), source, theme_questions=theme_questions)
        except BriefingError as error:
            problems += error.problems
            continue
        if output_format == "json":
            report += _theme_json(handout)
        else:
            _echo_themes(handout)
    if output_format == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    echo_problems(problems)
    if problems:
        sys.exit(1)


themes.help = (themes.help or "").format(min_places=MIN_PLACES, min_score=MIN_SCORE)


def _theme_json(handout: Handout) -> list[dict]:
    added: dict[str, list[str]] = {}
    for question in handout.questions:
        if question.theme is not None:
            added.setdefault(question.theme.key, []).append(question.text)
    return [
        {
            "path": str(handout.source),
            "key": theme.key,
            "name": theme.name,
            "score": theme.score,
            "pinned": theme.pinned,
            "evidence": [
                {"term": item.term, "where": item.where, "count": item.count} for item in theme.evidence
            ],
            "questions": added.get(theme.key, []),
        }
        for theme in handout.themes
    ]


def _evidence_lines(theme: DetectedTheme) -> list[str]:
    places: dict[str, list[str]] = {}
    for item in theme.evidence:
        places.setdefault(item.where, []).append(
            f"“{item.term}”" + (f" ×{item.count}" if item.count > 1 else "")
        )
    return [f"      {where}: {', '.join(terms)}" for where, terms in places.items()]


def _echo_themes(handout: Handout) -> None:
    click.echo(f"{handout.source}: {handout.briefing.title}")
    if not handout.themes:
        click.echo(
            "  No theme from the question bank found. The handout gets the briefing's own "
            "questions and the three standard ones.\n"
            "  To add a theme anyway, name it under themes: in the briefing "
            "(see python build.py questions)."
        )
    for number, theme in enumerate(handout.themes, 1):
        why = "pinned by the briefing" if theme.pinned else f"score {theme.score}"
        click.echo(f"  {number}. {theme.name} [{theme.key}], {why}")
        for line in _evidence_lines(theme):
            click.echo(line)
    click.echo("  Questions for reflection, in order:")
    labels = {"author": "the briefing's own", "standard": "standard"}
    for number, question in enumerate(handout.questions, 1):
        label = question.theme.name if question.theme else labels[question.origin]
        click.echo(f"    {number}. {question.text} ({label})")
    click.echo("")
