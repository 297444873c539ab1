"""What the commands share: the project's folders, common options, and how problems print."""

from __future__ import annotations

from pathlib import Path

import click

from ..pipeline.model import DEFAULT_THEME_QUESTIONS, LEAD_QUESTIONS
from ..pipeline.sources import find_sources
from ..problems import BriefingError, Problem

BRIEFINGS = Path("briefings")
OUTPUT = Path("output")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def clock(seconds: float) -> str:
    """Minutes and seconds, as a clock shows them: 6:55."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def echo_problems(problems: list[Problem], *, codes: bool = False) -> None:
    """Each problem as `file:line:col: message`; warnings labelled; with `codes`, `[code]` after."""
    for problem in problems:
        label = {"warning": "warning: ", "info": "note: "}.get(problem.severity, "")
        text = str(problem).replace(": ", f": {label}", 1) if label else str(problem)
        click.echo(text + (f" [{problem.code}]" if codes else ""), err=True)


def format_option(help_text: str):  # noqa: ANN201 (a click decorator)
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help_text,
    )


theme_questions_option = click.option(
    "--theme-questions",
    "theme_questions",
    type=click.IntRange(0, 12),
    default=DEFAULT_THEME_QUESTIONS,
    help="How many questions to add from each briefing's themes (default: enough to lead with "
    f"{LEAD_QUESTIONS}, counting the briefing's own; a briefing's theme_questions setting wins).",
)


def output_folder_option(help_text: str):  # noqa: ANN201 (a click decorator)
    """The `--out` folder option that `build` and `clean` share."""
    return click.option(
        "--out",
        "out",
        type=click.Path(file_okay=False, path_type=Path),
        default=OUTPUT,
        show_default=True,
        help=help_text,
    )


def sources(names: tuple[str, ...]) -> list[Path]:
    """The briefing files the user named (all in briefings/ when none), or a usage error."""
    try:
        return find_sources(names, BRIEFINGS)
    except BriefingError as error:
        raise click.UsageError(error.text) from None
