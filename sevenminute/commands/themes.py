"""`themes`: the themes found in briefings, the evidence for each, and the questions added."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..authoring.confirm import confirm, evidence_lines
from ..pipeline.briefing import read_handout
from ..pipeline.enrich.handout import Handout
from ..pipeline.enrich.themes import DetectedTheme
from ..problems import BriefingError, Problem, display_path
from .common import echo_problems, format_option, sources, stop, theme_questions_option


@click.command()
@click.argument("briefings", nargs=-1, metavar="[PATH_OR_NAME]...")
@format_option("Text for reading, or JSON for other tools.")
@theme_questions_option
@click.option(
    "--confirm",
    is_flag=True,
    help="Ask, theme by theme, whether to keep it; write the answer into the briefing "
    "(themes:, exclude_themes: and themes_confirmed:).",
)
def themes(
    briefings: tuple[str, ...], output_format: str, theme_questions: int | None, confirm: bool
) -> None:
    """Show the themes found in briefings, the evidence for each, and the questions added.

    The evidence for a theme: its terms (4 in the title, 3 in the summary or a section title,
    2 in a section's text; together its score), each sentence that says it in other words
    (shown as "by meaning", adding 1), and whether the briefing as a whole reads like those
    the theme is named for. A theme is found when a heading names it or the evidence, weighed
    together, makes it likely a practitioner would name it. Pin a theme with themes: in the
    briefing; drop a wrong one with exclude_themes:.

    JSON output is one list of the themes found, each with the briefing's path.

    With --confirm, each theme found is shown with its evidence and you keep or drop it;
    the answers go into the briefing, so its questions come only from themes you chose.

    \b
    Examples:
      python build.py themes family-a
      python build.py themes --format json > themes.json
      python build.py themes family-a --confirm
    """
    problems: list[Problem] = []
    report: list[dict] = []
    for source in sources(briefings):
        try:
            handout = read_handout(source, theme_questions=theme_questions)
        except BriefingError as error:
            problems += error.problems
            continue
        if confirm:
            confirm_themes(source, handout)
        elif output_format == "json":
            report += _theme_json(handout)
        else:
            _echo_themes(handout)
    if output_format == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    echo_problems(problems)
    if problems:
        stop()


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
                {"term": item.term, "where": item.where, "count": item.count, "meaning": item.meaning}
                for item in theme.evidence
            ],
            "reads_like": None if theme.reads_like is None else round(theme.reads_like, 3),
            "questions": added.get(theme.key, []),
        }
        for theme in handout.themes
    ]


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
        for line in evidence_lines(theme):
            click.echo(f"      {line}")
    click.echo("  Questions for reflection, in order:")
    labels = {"author": "the author's own", "briefing": "from the briefing itself", "standard": "standard"}
    for number, question in enumerate(handout.questions, 1):
        label = question.theme.name if question.theme else labels[question.origin]
        click.echo(f"    {number}. {question.text} ({label})")
    click.echo("")


def confirm_themes(source: Path, handout: Handout) -> None:
    """Show each theme found in `source` with its evidence; keep or drop it as the author says."""
    click.echo(f"{display_path(source)}: {handout.briefing.title}")
    if not handout.themes:
        click.echo("  No theme from the question bank found; nothing to confirm.")

    def keep(theme: DetectedTheme) -> bool:
        click.echo(f"  {theme.name} [{theme.key}]")
        for line in evidence_lines(theme) or ["named by the briefing's themes:"]:
            click.echo(f"      {line}")
        return click.confirm("  Keep this theme?", default=True)

    kept, dropped = confirm(source, handout.themes, keep)
    click.echo(
        f"Wrote {display_path(source)}: {len(kept)} kept"
        + (f", {len(dropped)} dropped ({', '.join(dropped)})" if dropped else "")
        + "."
    )
